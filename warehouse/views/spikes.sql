-- One row per (day, entity) from the entity's first mention to the last day with articles, days
-- without mentions included as zeros. mentions: placements that day. baseline_mean and
-- baseline_std (population): the entity's mentions on the 28 days before the day (fewer at the
-- start: baseline_days). z_score = (mentions - baseline_mean) / greatest(baseline_std,
-- sqrt(baseline_mean), 1): the floor keeps a quiet baseline from turning noise into a spike
-- (counts vary at least like Poisson counts). Spike rule: is_spike when mentions >= 5 and
-- z_score >= 3 and baseline_days >= 7.
WITH

entity_days AS (
    SELECT entity_id, day, articles AS mentions FROM int_entity_days
),

entities AS (
    SELECT entity_id, entity_name FROM stg_entities
),

last_day AS (
    SELECT report_day(max(published_at)) AS day FROM stg_articles
),

grid AS (
    SELECT
        first_days.entity_id,
        CAST(unnest(generate_series(first_days.day, last_day.day, INTERVAL 1 DAY)) AS DATE)
            AS day
    FROM (SELECT entity_id, min(day) AS day FROM entity_days GROUP BY entity_id) AS first_days
    CROSS JOIN last_day
),

dense AS (
    SELECT grid.entity_id, grid.day, coalesce(entity_days.mentions, 0) AS mentions
    FROM grid
    LEFT JOIN entity_days USING (entity_id, day)
),

baseline AS (
    SELECT
        *,
        avg(mentions) OVER trailing_28_days AS baseline_mean,
        stddev_pop(mentions) OVER trailing_28_days AS baseline_std,
        count(*) OVER trailing_28_days AS baseline_days
    FROM dense
    WINDOW trailing_28_days AS (
        PARTITION BY entity_id ORDER BY day ROWS BETWEEN 28 PRECEDING AND 1 PRECEDING
    )
),

scored AS (
    SELECT
        *,
        (mentions - baseline_mean) / greatest(baseline_std, sqrt(baseline_mean), 1.0) AS z_score
    FROM baseline
)

SELECT
    scored.day,
    scored.entity_id,
    entities.entity_name,
    scored.mentions,
    scored.baseline_mean,
    scored.baseline_std,
    scored.z_score,
    coalesce(scored.mentions >= 5 AND scored.z_score >= 3 AND scored.baseline_days >= 7, false)
        AS is_spike,
    scored.baseline_days
FROM scored
LEFT JOIN entities USING (entity_id)
