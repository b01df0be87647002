-- Health of every checked feed. Validators are written separately, only once the feed's items
-- are loaded, so that a run that dies mid-way re-reads the feed next time instead of a 304.
INSERT INTO feed_state (source_id, last_checked_at, last_status, last_http_status,
                        consecutive_failures, last_error, last_error_detail, last_error_at,
                        last_success_at, last_item_count)
SELECT source_id, checked_at, status, http_status,
       CASE WHEN status = 'failed' THEN 1 ELSE 0 END,
       error, detail,
       CASE WHEN status = 'failed' THEN checked_at END,
       CASE WHEN status <> 'failed' THEN checked_at END,
       item_count
FROM batch
ON CONFLICT (source_id) DO UPDATE SET
    last_checked_at = excluded.last_checked_at,
    last_status = excluded.last_status,
    last_http_status = excluded.last_http_status,
    consecutive_failures = CASE WHEN excluded.last_status = 'failed'
                                THEN feed_state.consecutive_failures + 1 ELSE 0 END,
    last_error = CASE WHEN excluded.last_status = 'failed'
                      THEN excluded.last_error ELSE feed_state.last_error END,
    last_error_detail = CASE WHEN excluded.last_status = 'failed'
                             THEN excluded.last_error_detail ELSE feed_state.last_error_detail END,
    last_error_at = coalesce(excluded.last_error_at, feed_state.last_error_at),
    last_success_at = coalesce(excluded.last_success_at, feed_state.last_success_at),
    last_item_count = coalesce(excluded.last_item_count, feed_state.last_item_count)
