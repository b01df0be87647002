-- What the warehouse covers: first and last article day (reporting time zone) and the latest
-- ingest run's "as of" time, so the report can say when a week lies outside the data.
SELECT
    (SELECT min(day) FROM stg_articles) AS first_day,
    (SELECT max(day) FROM stg_articles) AS last_day,
    (SELECT max(as_of) FROM runs WHERE flow = 'daily-ingest') AS last_ingest_as_of,
    (SELECT count(*) FROM stg_articles) AS articles_total,
    report_tz() AS timezone
