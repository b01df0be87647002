-- One row per configured source: its last successful fetch, failures in a row, the last error,
-- articles first seen in the 7 days before the latest run's as_of (or now, before any run), and
-- a status: never_succeeded (no successful fetch yet), failing (the last fetch failed) or ok.
WITH

sources AS (
    SELECT source_id, source_name, url FROM stg_sources
),

feed_state AS (
    SELECT source_id, last_success_at, consecutive_failures, last_error, last_error_detail,
           last_checked_at
    FROM feed_state
),

as_of AS (
    SELECT coalesce((SELECT as_of FROM runs ORDER BY started_at DESC LIMIT 1), now()) AS ts
),

recent AS (
    SELECT articles.source_id, count(*) AS items_7d
    FROM articles, as_of
    WHERE articles.first_seen_at > as_of.ts - INTERVAL 7 DAYS
      AND articles.first_seen_at <= as_of.ts
    GROUP BY articles.source_id
)

SELECT
    sources.source_id,
    sources.source_name,
    sources.url,
    feed_state.last_success_at,
    coalesce(feed_state.consecutive_failures, 0) AS consecutive_failures,
    feed_state.last_error,
    feed_state.last_error_detail,
    feed_state.last_checked_at,
    coalesce(recent.items_7d, 0) AS items_7d,
    CASE
        WHEN feed_state.last_success_at IS NULL THEN 'never_succeeded'
        WHEN feed_state.consecutive_failures > 0 THEN 'failing'
        ELSE 'ok'
    END AS status
FROM sources
LEFT JOIN feed_state USING (source_id)
LEFT JOIN recent USING (source_id)
