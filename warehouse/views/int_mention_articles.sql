-- One row per (article, entity) mention, with what a reader of the report sees of it: the
-- article's title, URL and publication time, its source's name, whether the entity is in the
-- title, how often it is named and the sentence that carries the tone; placed in its day and
-- story as in int_entity_mentions. Mentions of articles from unknown sources are left out. The
-- report's story lists and tone extremes read this.
WITH

mentions AS (
    SELECT article_id, entity_id, day, story_id, source_id, target_sentiment, sentiment_label
    FROM int_entity_mentions
),

details AS (
    SELECT article_id, entity_id, in_title, mention_count, evidence FROM stg_mentions
),

articles AS (
    SELECT article_id, title, url, published_at FROM stg_articles
),

sources AS (
    SELECT source_id, source_name FROM stg_sources
)

SELECT
    mentions.article_id,
    mentions.entity_id,
    mentions.day,
    mentions.story_id,
    articles.title,
    articles.url,
    articles.published_at,
    sources.source_name,
    details.in_title,
    details.mention_count,
    mentions.target_sentiment,
    mentions.sentiment_label,
    details.evidence
FROM mentions
JOIN details USING (article_id, entity_id)
JOIN articles USING (article_id)
JOIN sources USING (source_id)
