-- Ingest runs of the report week (by their as-of time) and what they counted: failed runs, page
-- fetch failures, extraction attempts and failures.
WITH week_runs AS (
    SELECT run_id, status, counts
    FROM runs
    WHERE
        flow = 'daily-ingest'
        AND report_day(as_of) >= $week_start
        AND report_day(as_of) < $week_end
),

counted AS (
    SELECT r.run_id, k AS key, CAST(r.counts ->> k AS BIGINT) AS n
    FROM week_runs AS r, unnest(json_keys(r.counts)) AS t (k)
)

SELECT
    (SELECT count(*) FROM week_runs) AS runs,
    (SELECT count(*) FROM week_runs WHERE status IN ('failed', 'crashed')) AS runs_failed,
    (SELECT count(*) FROM week_runs WHERE status = 'completed_with_failures') AS runs_with_failures,
    coalesce(sum(n) FILTER (WHERE key = 'feeds_failed'), 0) AS feed_failures,
    coalesce(sum(n) FILTER (WHERE key = 'pages_fetched'), 0) AS pages_fetched,
    coalesce(sum(n) FILTER (
        WHERE key LIKE 'pages\_%' ESCAPE '\' AND key NOT IN ('pages_fetched', 'pages_retry_later')
    ), 0) AS pages_failed,
    coalesce(sum(n) FILTER (WHERE key LIKE 'extraction\_%' ESCAPE '\'), 0) AS extractions,
    coalesce(sum(n) FILTER (WHERE key = 'extraction_failed'), 0) AS extraction_failed
FROM counted
