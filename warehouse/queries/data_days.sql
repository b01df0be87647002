-- The days of the first and the latest article and today, in the reporting time zone (NULL
-- days: no articles yet).
SELECT
    report_day(min(published_at)) AS first_day,
    report_day(max(published_at)) AS last_day,
    report_day(now()) AS today
FROM articles
