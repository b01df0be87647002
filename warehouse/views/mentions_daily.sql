-- One row per (day, entity) with at least one mention. articles: placements (every copy of a
-- story counts); unique_stories: distinct stories (duplicates counted once); sources: distinct
-- sources; mean_sentiment: mean target sentiment over the n_sentiment mentions that have one.
WITH

entity_days AS (
    SELECT * FROM int_entity_days
),

entities AS (
    SELECT entity_id, entity_name, entity_type, origin FROM stg_entities
)

SELECT
    entity_days.day,
    entity_days.entity_id,
    entities.entity_name,
    entities.entity_type,
    entities.origin,
    entity_days.articles,
    entity_days.unique_stories,
    entity_days.sources,
    entity_days.sum_sentiment / nullif(entity_days.n_sentiment, 0) AS mean_sentiment,
    entity_days.n_sentiment
FROM entity_days
LEFT JOIN entities USING (entity_id)
