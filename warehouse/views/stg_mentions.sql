-- One row per (article, entity) mention, with its sentiment label (neutral band in
-- warehouse_settings, as pipelines.sentiment.sentiment_label).
SELECT
    article_id,
    entity_id,
    surface,
    mention_count,
    in_title,
    in_lead,
    target_sentiment,
    sentiment_label(target_sentiment) AS sentiment_label,
    method
FROM mentions
