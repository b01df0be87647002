-- One row per pair of entities named in the same article (entity_a < entity_b): how many
-- articles (placements) name both, and the first and last day one did. Computed on every read
-- (every pair of every article): filter on entity_a or entity_b where you can.
WITH

dated AS (
    SELECT article_id, entity_id, day FROM int_entity_mentions
),

mentions AS (
    SELECT article_id, entity_id FROM stg_mentions
),

entities AS (
    SELECT entity_id, entity_name FROM stg_entities
),

pairs AS (
    SELECT
        dated.entity_id AS entity_a,
        mentions.entity_id AS entity_b,
        count(*) AS articles,
        min(dated.day) AS first_day,
        max(dated.day) AS last_day
    FROM dated
    JOIN mentions
        ON mentions.article_id = dated.article_id AND dated.entity_id < mentions.entity_id
    GROUP BY ALL
)

SELECT
    pairs.entity_a,
    pairs.entity_b,
    entity_a.entity_name AS name_a,
    entity_b.entity_name AS name_b,
    pairs.articles,
    pairs.first_day,
    pairs.last_day
FROM pairs
LEFT JOIN entities AS entity_a ON entity_a.entity_id = pairs.entity_a
LEFT JOIN entities AS entity_b ON entity_b.entity_id = pairs.entity_b
