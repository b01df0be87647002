-- One row per (article, entity) mention, placed in time and in a story: the article's day in the
-- reporting time zone, its story and its source. Every trend view reads this.
WITH

mentions AS (
    SELECT article_id, entity_id, target_sentiment, sentiment_label FROM stg_mentions
),

articles AS (
    SELECT article_id, source_id, story_id, is_duplicate, day FROM stg_articles
)

SELECT
    mentions.article_id,
    mentions.entity_id,
    articles.day,
    articles.story_id,
    articles.is_duplicate,
    articles.source_id,
    mentions.target_sentiment,
    mentions.sentiment_label
FROM mentions
JOIN articles USING (article_id)
