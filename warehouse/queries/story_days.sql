-- Story $story_id day by day (reporting time zone), from its first day to its last, days without
-- an article as zeros: articles, outlets new to the story, running totals.
WITH

days AS (
    SELECT day, articles, new_outlets, articles_so_far, outlets_so_far
    FROM story_timeline_daily
    WHERE story_id = $story_id
),

span AS (
    SELECT CAST(unnest(generate_series(min(day), max(day), INTERVAL 1 DAY)) AS DATE) AS day
    FROM days
)

SELECT
    span.day,
    coalesce(days.articles, 0) AS articles,
    coalesce(days.new_outlets, 0) AS new_outlets
FROM span
LEFT JOIN days USING (day)
ORDER BY span.day
