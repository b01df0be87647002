-- Spikes of the report week (is_spike), and the tracked entities (watchlist, topics) that came
-- closest without
-- one ($near_misses of them, each on its highest z-score day), so a quiet week shows its peaks.
WITH week AS (
    SELECT
        s.day,
        s.entity_id,
        s.entity_name,
        e.origin,
        e.is_tracked,
        s.mentions,
        s.baseline_mean,
        s.baseline_std,
        s.z_score,
        s.is_spike
    FROM spikes AS s
    JOIN stg_entities AS e ON e.entity_id = s.entity_id
    WHERE s.day >= $week_start AND s.day < $week_end AND s.mentions > 0
),

nearest AS (
    SELECT *
    FROM week
    WHERE NOT is_spike AND is_tracked
    QUALIFY row_number() OVER (PARTITION BY entity_id ORDER BY z_score DESC, mentions DESC, day) = 1
    ORDER BY z_score DESC, mentions DESC, day, entity_id
    LIMIT $near_misses
)

SELECT * FROM week WHERE is_spike
UNION ALL
SELECT * FROM nearest
ORDER BY is_spike DESC, z_score DESC, mentions DESC, day, entity_id
