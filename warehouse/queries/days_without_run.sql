-- Days from $week_start to $week_end (exclusive) on which no daily ingest completed, by the
-- runs' as-of time in the reporting time zone. Only days from the first ingest the warehouse
-- records (before it nothing was being monitored) up to yesterday (today is not over). After
-- such days the next run catches up on what the feeds still list: their coverage may be short.
-- failed_runs: the day's runs that failed or crashed; last_error: the latest of their errors.
WITH

days AS (
    SELECT CAST(unnest(generate_series(
        CAST($week_start AS DATE), CAST($week_end AS DATE) - 1, INTERVAL 1 DAY
    )) AS DATE) AS day
),

ingests AS (
    SELECT report_day(as_of) AS day, status, error, started_at
    FROM runs
    WHERE flow = 'daily-ingest'
),

monitored AS (
    SELECT min(day) AS first_day, report_day(now()) AS today FROM ingests
)

SELECT
    d.day,
    count(i.status) FILTER (WHERE i.status IN ('failed', 'crashed')) AS failed_runs,
    arg_max(i.error, i.started_at) FILTER (WHERE i.status IN ('failed', 'crashed'))
        AS last_error
FROM days AS d
CROSS JOIN monitored AS m
LEFT JOIN ingests AS i ON i.day = d.day
WHERE d.day >= m.first_day AND d.day < m.today
GROUP BY d.day
HAVING count(i.status) FILTER (WHERE i.status IN ('completed', 'completed_with_failures')) = 0
ORDER BY d.day
