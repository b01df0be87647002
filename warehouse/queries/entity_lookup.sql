-- Entities that $text (any case) names by id, name or alias: an exact id first, then watchlist
-- entities, then the most mentioned.
WITH

hits AS (
    SELECT entity_id, 0 AS rank FROM entities WHERE lower(entity_id) = lower($text)
    UNION ALL
    SELECT entity_id, 1 AS rank FROM entities WHERE lower(name) = lower($text)
    UNION ALL
    SELECT entity_id, 1 AS rank FROM entity_aliases WHERE lower(alias) = lower($text)
),

best AS (
    SELECT entity_id, min(rank) AS rank FROM hits GROUP BY entity_id
),

counts AS (
    SELECT entity_id, sum(articles) AS mentions
    FROM int_entity_days
    WHERE entity_id IN (SELECT entity_id FROM best)
    GROUP BY entity_id
)

SELECT
    entities.entity_id,
    entities.entity_name,
    entities.entity_type,
    entities.origin,
    coalesce(counts.mentions, 0) AS mentions
FROM best
JOIN stg_entities AS entities USING (entity_id)
LEFT JOIN counts USING (entity_id)
ORDER BY best.rank, entities.is_watchlist DESC, mentions DESC, entities.entity_id
