-- One row per entity: watchlist entities and the ones named entity recognition discovered.
SELECT
    entity_id,
    name AS entity_name,
    type AS entity_type,
    origin,
    origin = 'watchlist' AS is_watchlist,
    first_seen_at
FROM entities
