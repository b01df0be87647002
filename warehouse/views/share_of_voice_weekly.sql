-- One row per (ISO week, tracked entity: watchlist entity or topic) with at least one mention
-- that week. unique_stories: distinct stories (duplicates once); placements: every copy; share:
-- the entity's unique stories over the sum of unique stories of all entities of its kind that
-- week (watchlist entities among the watchlist, topics among the topics; an article naming two
-- counts for both); mean_sentiment over the n_sentiment mentions with a target sentiment. Weeks
-- run Monday to Sunday in the reporting time zone.
WITH

entity_weeks AS (
    SELECT * FROM int_entity_weeks
),

tracked AS (
    SELECT entity_id, entity_name, origin FROM stg_entities WHERE is_tracked
),

voice AS (
    SELECT
        entity_weeks.*,
        tracked.entity_name,
        tracked.origin,
        entity_weeks.unique_stories
            / sum(entity_weeks.unique_stories)
                OVER (PARTITION BY entity_weeks.week_start, tracked.origin)
            AS share
    FROM entity_weeks
    JOIN tracked USING (entity_id)
)

SELECT
    strftime(week_start, '%G-W%V') AS week,
    week_start,
    entity_id,
    entity_name,
    origin,
    unique_stories,
    placements,
    share,
    sum_sentiment / nullif(n_sentiment, 0) AS mean_sentiment,
    n_sentiment
FROM voice
