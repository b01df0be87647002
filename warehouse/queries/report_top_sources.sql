-- Articles per source in the report week and the week before, unique stories, mean document tone.
WITH articles AS (
    SELECT article_id, source_id, story_id, doc_sentiment, day
    FROM stg_articles
    WHERE day >= $prev_start AND day < $week_end
)

SELECT
    s.source_id,
    s.source_name,
    count(a.article_id) FILTER (WHERE a.day >= $week_start) AS articles,
    count(a.article_id) FILTER (WHERE a.day < $week_start) AS articles_prev,
    count(DISTINCT a.story_id) FILTER (WHERE a.day >= $week_start) AS unique_stories,
    avg(a.doc_sentiment) FILTER (WHERE a.day >= $week_start) AS mean_doc_sentiment
FROM stg_sources AS s
LEFT JOIN articles AS a ON a.source_id = s.source_id
GROUP BY s.source_id, s.source_name
ORDER BY articles DESC, articles_prev DESC, s.source_name, s.source_id
