-- One entity day by day, $start to $end inclusive, days without mentions as zeros: placements,
-- unique stories, sources, mean and 7-day rolling sentiment, and the spike test of the day.
WITH

days AS (
    SELECT CAST(unnest(generate_series(CAST($start AS DATE), CAST($end AS DATE), INTERVAL 1 DAY))
        AS DATE) AS day
),

daily AS (
    SELECT day, articles, unique_stories, sources, mean_sentiment
    FROM mentions_daily
    WHERE entity_id = $entity_id AND day BETWEEN $start AND $end
),

sentiment AS (
    SELECT day, rolling_7d_sentiment
    FROM sentiment_daily
    WHERE entity_id = $entity_id
),

spiking AS (
    SELECT day, z_score, is_spike
    FROM spikes
    WHERE entity_id = $entity_id
)

SELECT
    days.day,
    coalesce(daily.articles, 0) AS mentions,
    coalesce(daily.unique_stories, 0) AS unique_stories,
    coalesce(daily.sources, 0) AS sources,
    daily.mean_sentiment,
    sentiment.rolling_7d_sentiment,
    spiking.z_score,
    coalesce(spiking.is_spike, false) AS is_spike
FROM days
LEFT JOIN daily USING (day)
LEFT JOIN sentiment USING (day)
LEFT JOIN spiking USING (day)
ORDER BY days.day
