-- Articles per day mentioning each of $entity_ids from $start to $end (exclusive), zero-filled.
WITH days AS (
    SELECT CAST(range AS DATE) AS day
    FROM range(CAST($start AS DATE), CAST($end AS DATE), INTERVAL 1 DAY)
),

ids AS (
    SELECT unnest(CAST($entity_ids AS VARCHAR[])) AS entity_id
)

SELECT
    d.day,
    i.entity_id,
    coalesce(m.articles, 0) AS articles
FROM days AS d
CROSS JOIN ids AS i
LEFT JOIN mentions_daily AS m ON m.day = d.day AND m.entity_id = i.entity_id
ORDER BY i.entity_id, d.day
