-- The most recent flow runs, newest first, with their headline counts.
SELECT
    run_id,
    flow,
    strftime(started_at, '%Y-%m-%d %H:%M') AS started,
    round(epoch(finished_at) - epoch(started_at), 1) AS seconds,
    status,
    coalesce(CAST(counts ->> 'feeds_ok' AS INTEGER), 0) AS feeds_ok,
    coalesce(CAST(counts ->> 'feeds_not_modified' AS INTEGER), 0) AS not_modified,
    coalesce(CAST(counts ->> 'feeds_failed' AS INTEGER), 0) AS feeds_failed,
    coalesce(CAST(counts ->> 'items_new' AS INTEGER), 0) AS new_items,
    coalesce(CAST(counts ->> 'articles_loaded' AS INTEGER), 0) AS loaded
FROM runs
ORDER BY started_at DESC
LIMIT $limit
