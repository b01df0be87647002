-- The tone toward the watchlist entities within each story of $story_ids, for the $per_story
-- entities most of the story's articles name (then by name): the mean target sentiment of the
-- entity's mentions in the story's articles (copies included, the whole story) over the n
-- mentions that have one, its label, and how many of the story's articles name it.
WITH

links AS (
    SELECT article_id, story_id
    FROM stg_article_stories
    WHERE list_contains(CAST($story_ids AS VARCHAR[]), story_id)
),

mentions AS (
    SELECT article_id, entity_id, target_sentiment FROM stg_mentions
),

watchlist AS (
    SELECT entity_id, entity_name FROM stg_entities WHERE is_watchlist
),

tones AS (
    SELECT
        links.story_id,
        mentions.entity_id,
        count(*) AS articles,
        avg(mentions.target_sentiment) AS mean_sentiment,
        count(mentions.target_sentiment) AS n
    FROM links
    JOIN mentions USING (article_id)
    JOIN watchlist USING (entity_id)
    GROUP BY ALL
)

SELECT
    tones.story_id,
    tones.entity_id,
    watchlist.entity_name,
    tones.articles,
    tones.mean_sentiment,
    sentiment_label(tones.mean_sentiment) AS sentiment_label,
    tones.n
FROM tones
JOIN watchlist USING (entity_id)
QUALIFY row_number() OVER (
    PARTITION BY tones.story_id
    ORDER BY tones.articles DESC, watchlist.entity_name, tones.entity_id
) <= $per_story
ORDER BY tones.story_id, tones.articles DESC, watchlist.entity_name, tones.entity_id
