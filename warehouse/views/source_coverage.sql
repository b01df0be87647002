-- One row per (source, entity) the source has mentioned: articles (placements), mean target
-- sentiment over the n_sentiment mentions that have one, and the first and last day.
WITH

mentions AS (
    SELECT source_id, entity_id, day, target_sentiment FROM int_entity_mentions
),

sources AS (
    SELECT source_id, source_name FROM stg_sources
),

entities AS (
    SELECT entity_id, entity_name FROM stg_entities
),

coverage AS (
    SELECT
        source_id,
        entity_id,
        count(*) AS articles,
        avg(target_sentiment) AS mean_sentiment,
        count(target_sentiment) AS n_sentiment,
        min(day) AS first_day,
        max(day) AS last_day
    FROM mentions
    GROUP BY ALL
)

SELECT
    coverage.source_id,
    sources.source_name,
    coverage.entity_id,
    entities.entity_name,
    coverage.articles,
    coverage.mean_sentiment,
    coverage.n_sentiment,
    coverage.first_day,
    coverage.last_day
FROM coverage
LEFT JOIN sources USING (source_id)
LEFT JOIN entities USING (entity_id)
