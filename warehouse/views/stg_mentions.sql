-- One row per (article, entity) mention, with its sentiment label (neutral band in
-- warehouse_settings, as pipelines.sentiment.sentiment_label) and the sentence that carries the
-- strongest tone toward the entity (evidence).
SELECT
    article_id,
    entity_id,
    surface,
    mention_count,
    in_title,
    in_lead,
    target_sentiment,
    sentiment_label(target_sentiment) AS sentiment_label,
    evidence,
    method
FROM mentions
