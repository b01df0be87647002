-- Items the pipeline failed on (an exception or a dead worker, not an answer of the web such as
-- a 404), most recent first: what `mediawatch status` lists.
SELECT
    f.stage,
    f.error,
    f.message,
    f.attempts,
    CASE WHEN f.retry THEN 'next run' ELSE 'after reprocess' END AS tried_again,
    strftime(f.last_failed_at, '%Y-%m-%d %H:%M') AS last_failed,
    coalesce(s.name, f.source_id) AS source,
    f.url
FROM item_failures AS f
LEFT JOIN sources AS s ON s.source_id = f.source_id
WHERE f.stage <> 'page'
ORDER BY f.last_failed_at DESC, f.url
LIMIT $limit
