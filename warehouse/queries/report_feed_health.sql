-- Every feed's health as last checked, failing feeds first.
SELECT
    source_id,
    source_name,
    url,
    status,
    consecutive_failures,
    last_error,
    last_error_detail,
    last_success_at,
    last_checked_at,
    items_7d
FROM feed_health
ORDER BY status = 'ok', consecutive_failures DESC, source_name, source_id
