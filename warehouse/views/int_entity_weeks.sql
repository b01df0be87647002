-- One row per (entity, ISO week) with at least one mention: unique stories that week (a story
-- counts once however many copies and days it has), placements, and sentiment sums. Weeks start
-- on Monday in the reporting time zone.
-- materialized: table refreshed by week_start, ordered by entity_id, week_start
WITH

mentions AS (
    SELECT entity_id, day, story_id, target_sentiment FROM int_entity_mentions
)

SELECT
    entity_id,
    CAST(date_trunc('week', day) AS DATE) AS week_start,
    count(DISTINCT story_id) AS unique_stories,
    count(*) AS placements,
    sum(target_sentiment) AS sum_sentiment,
    count(target_sentiment) AS n_sentiment
FROM mentions
GROUP BY ALL
