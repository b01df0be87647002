-- One row per entity: watchlist entities, topics (type TOPIC, ids topic:<id>) and the ones named
-- entity recognition discovered. is_tracked: the user tracks it (the watchlist and the topics).
SELECT
    entity_id,
    name AS entity_name,
    type AS entity_type,
    origin,
    origin = 'watchlist' AS is_watchlist,
    origin IN ('watchlist', 'topic') AS is_tracked,
    first_seen_at
FROM entities
