-- The most positive and the most negative mention in the report week of each entity in
-- $entity_ids, outside the neutral band (sentiment_label), with the sentence that carries the tone.
WITH scored AS (
    SELECT
        im.entity_id,
        im.target_sentiment AS score,
        im.sentiment_label AS label,
        m.evidence,
        im.article_id,
        a.title,
        a.url,
        a.published_at,
        src.source_name
    FROM int_entity_mentions AS im
    JOIN mentions AS m ON m.article_id = im.article_id AND m.entity_id = im.entity_id
    JOIN articles AS a ON a.article_id = im.article_id
    JOIN stg_sources AS src ON src.source_id = im.source_id
    WHERE
        list_contains(CAST($entity_ids AS VARCHAR[]), im.entity_id)
        AND im.target_sentiment IS NOT NULL
        AND im.day >= $week_start
        AND im.day < $week_end
),

ranked AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY entity_id ORDER BY score DESC, published_at, article_id
        ) AS positive_rank,
        row_number() OVER (
            PARTITION BY entity_id ORDER BY score ASC, published_at, article_id
        ) AS negative_rank
    FROM scored
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
