-- One row per (story, day) with an article, days in the reporting time zone: articles that day,
-- outlets that ran one, new_outlets (outlets that had not run the story before), and the
-- running totals articles_so_far and outlets_so_far.
WITH

placed AS (
    SELECT story_id, day, source_id, new_outlet FROM int_story_articles
),

days AS (
    SELECT
        story_id,
        day,
        count(*) AS articles,
        count(DISTINCT source_id) AS outlets,
        count(*) FILTER (WHERE new_outlet) AS new_outlets
    FROM placed
    GROUP BY story_id, day
)

SELECT
    *,
    CAST(sum(articles) OVER so_far AS BIGINT) AS articles_so_far,
    CAST(sum(new_outlets) OVER so_far AS BIGINT) AS outlets_so_far
FROM days
WINDOW so_far AS (PARTITION BY story_id ORDER BY day ROWS UNBOUNDED PRECEDING)
