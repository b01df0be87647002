-- The largest stories of the report week: those with an article published from $week_start to
-- before $week_end (reporting time zone) that at least $min_outlets outlets ran, widest first
-- (outlets, then articles), at most $limit. Who broke each and when (the outlet, title and URL
-- of its first article, possibly before the week), how many outlets followed, and how fast:
-- hours from the first article until the second outlet ran it, and until the last new one did.
WITH

week AS (
    SELECT story_id, count(*) AS articles_in_week
    FROM int_story_articles
    WHERE day >= $week_start AND day < $week_end
    GROUP BY story_id
),

stories AS (
    SELECT story_id, headline, first_seen, articles, outlets, span_hours
    FROM stg_stories
    WHERE outlets >= $min_outlets AND story_id IN (SELECT story_id FROM week)
),

arrivals AS (
    SELECT
        story_id,
        arg_min(source_name, arrival) AS first_outlet,
        arg_min(url, arrival) AS url,
        min(hours_after_first) FILTER (WHERE arrival = 2) AS hours_to_second_outlet,
        max(hours_after_first) AS hours_to_last_outlet
    FROM story_outlets
    WHERE story_id IN (SELECT story_id FROM stories)
    GROUP BY story_id
)

SELECT
    stories.story_id,
    stories.headline,
    arrivals.url,
    arrivals.first_outlet,
    stories.first_seen,
    stories.articles,
    week.articles_in_week,
    stories.outlets,
    stories.outlets - 1 AS followers,
    arrivals.hours_to_second_outlet,
    arrivals.hours_to_last_outlet,
    stories.span_hours
FROM stories
JOIN week USING (story_id)
JOIN arrivals USING (story_id)
ORDER BY stories.outlets DESC, stories.articles DESC, stories.first_seen, stories.story_id
LIMIT $limit
