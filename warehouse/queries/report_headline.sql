-- Report headline: articles, unique stories (syndicated copies once) and sources of the report
-- week and of the week before. Days are article days in the reporting time zone (stg_articles).
WITH periods AS (
    SELECT
        'week' AS period,
        CAST($week_start AS DATE) AS period_start,
        CAST($week_end AS DATE) AS period_end
    UNION ALL
    SELECT 'previous', CAST($prev_start AS DATE), CAST($week_start AS DATE)
),

articles AS (
    SELECT article_id, source_id, story_id, day FROM stg_articles
)

SELECT
    p.period,
    p.period_start,
    count(a.article_id) AS articles,
    count(DISTINCT a.story_id) AS unique_stories,
    count(DISTINCT a.source_id) AS sources
FROM periods AS p
LEFT JOIN articles AS a ON a.day >= p.period_start AND a.day < p.period_end
GROUP BY p.period, p.period_start
ORDER BY p.period_start DESC
