-- The most positive and the most negative mention in the report week of each entity in
-- $entity_ids, outside the neutral band (sentiment_label), with the sentence that carries the tone.
WITH ranked AS (
    SELECT
        entity_id,
        target_sentiment AS score,
        sentiment_label AS label,
        evidence,
        article_id,
        title,
        url,
        published_at,
        source_name,
        row_number() OVER (
            PARTITION BY entity_id ORDER BY target_sentiment DESC, published_at, article_id
        ) AS positive_rank,
        row_number() OVER (
            PARTITION BY entity_id ORDER BY target_sentiment ASC, published_at, article_id
        ) AS negative_rank
    FROM int_mention_articles
    WHERE
        list_contains(CAST($entity_ids AS VARCHAR[]), entity_id)
        AND target_sentiment IS NOT NULL
        AND day >= $week_start
        AND day < $week_end
)

SELECT
    'positive' AS tone,
    entity_id, score, label, evidence, article_id, title, url, published_at, source_name
FROM ranked
WHERE positive_rank = 1 AND label = 'positive'
UNION ALL
SELECT
    'negative' AS tone,
    entity_id, score, label, evidence, article_id, title, url, published_at, source_name
FROM ranked
WHERE negative_rank = 1 AND label = 'negative'
ORDER BY entity_id, tone DESC
