-- One row per (day, entity) with at least one mention: mean target sentiment of the day, the
-- mention-weighted mean over the 7 calendar days ending that day (rolling_7d_sentiment), n
-- mentions with a sentiment, and how many of the day's mentions were positive, neutral or
-- negative (neutral band from warehouse_settings, as pipelines.sentiment.sentiment_label).
WITH

entity_days AS (
    SELECT entity_id, day, sum_sentiment, n_sentiment, positive, neutral, negative
    FROM int_entity_days
),

entities AS (
    SELECT entity_id, entity_name FROM stg_entities
),

rolling AS (
    SELECT
        *,
        sum(sum_sentiment) OVER last_7_days
            / nullif(sum(n_sentiment) OVER last_7_days, 0) AS rolling_7d_sentiment
    FROM entity_days
    WINDOW last_7_days AS (
        PARTITION BY entity_id ORDER BY day
        RANGE BETWEEN INTERVAL 6 DAYS PRECEDING AND CURRENT ROW
    )
)

SELECT
    rolling.day,
    rolling.entity_id,
    entities.entity_name,
    rolling.sum_sentiment / nullif(rolling.n_sentiment, 0) AS mean_sentiment,
    rolling.rolling_7d_sentiment,
    rolling.n_sentiment AS n,
    rolling.positive,
    rolling.neutral,
    rolling.negative
FROM rolling
LEFT JOIN entities USING (entity_id)
