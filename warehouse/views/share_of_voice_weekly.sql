-- One row per (ISO week, watchlist entity) with at least one mention that week. unique_stories:
-- distinct stories (duplicates once); placements: every copy; share: the entity's unique stories
-- over the sum of unique stories of all watchlist entities that week (an article naming two
-- entities counts for both); mean_sentiment over the n_sentiment mentions with a target
-- sentiment. Weeks run Monday to Sunday in the reporting time zone.
WITH

entity_weeks AS (
    SELECT * FROM int_entity_weeks
),

watchlist AS (
    SELECT entity_id, entity_name FROM stg_entities WHERE is_watchlist
),

voice AS (
    SELECT
        entity_weeks.*,
        watchlist.entity_name,
        entity_weeks.unique_stories
            / sum(entity_weeks.unique_stories) OVER (PARTITION BY entity_weeks.week_start)
            AS share
    FROM entity_weeks
    JOIN watchlist USING (entity_id)
)

SELECT
    strftime(week_start, '%G-W%V') AS week,
    week_start,
    entity_id,
    entity_name,
    unique_stories,
    placements,
    share,
    sum_sentiment / nullif(n_sentiment, 0) AS mean_sentiment,
    n_sentiment
FROM voice
