-- Entities mentioned in the report week but not in the $lookback_days days before it.
WITH this_week AS (
    SELECT
        entity_id,
        any_value(entity_name) AS entity_name,
        any_value(entity_type) AS entity_type,
        any_value(origin) AS origin,
        sum(articles) AS articles,
        min(day) AS first_day
    FROM mentions_daily
    WHERE day >= $week_start AND day < $week_end
    GROUP BY entity_id
),

seen_before AS (
    SELECT DISTINCT entity_id
    FROM mentions_daily
    WHERE day >= CAST($week_start AS DATE) - CAST($lookback_days AS INTEGER) AND day < $week_start
)

SELECT
    w.*,
    count(*) OVER () AS new_entities
FROM this_week AS w
ANTI JOIN seen_before AS b ON b.entity_id = w.entity_id
ORDER BY w.articles DESC, w.entity_name, w.entity_id
LIMIT $limit
