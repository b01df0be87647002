-- One row per (entity, ISO week, story) where an article of the story names the entity that
-- week: how many of the story's articles did (articles, copies included), and the target
-- sentiment sum over the n_sentiment mentions with one. Weeks start on Monday in the reporting
-- time zone; a story that runs over two weeks has a row in each.
WITH

mentions AS (
    SELECT article_id, entity_id, day, target_sentiment FROM int_entity_mentions
),

links AS (
    SELECT article_id, story_id FROM stg_article_stories
)

SELECT
    mentions.entity_id,
    CAST(date_trunc('week', mentions.day) AS DATE) AS week_start,
    links.story_id,
    count(*) AS articles,
    sum(mentions.target_sentiment) AS sum_sentiment,
    count(mentions.target_sentiment) AS n_sentiment
FROM mentions
JOIN links USING (article_id)
GROUP BY ALL
