-- The stories with an article in the ISO week starting $week_start (reporting time zone), or
-- only those with an article naming $entity_id that week when it is not NULL: who broke each
-- (first outlet, first seen: possibly before the week) and how far it spread: articles and
-- outlets in all, articles that week, hours from the first article until $reach outlets had run
-- it (NULL when fewer did) and from the first article to the last (span_hours). Widest first.
WITH

week_articles AS (
    SELECT story_id, count(*) AS articles_in_week
    FROM int_story_articles
    WHERE day >= CAST($week_start AS DATE) AND day < CAST($week_start AS DATE) + 7
    GROUP BY story_id
),

named AS (
    SELECT story_id
    FROM int_entity_story_weeks
    WHERE entity_id = CAST($entity_id AS VARCHAR) AND week_start = CAST($week_start AS DATE)
),

reached AS (
    SELECT story_id, hours_after_first AS hours_to_reach
    FROM story_outlets
    WHERE arrival = $reach
),

stories AS (
    SELECT story_id, headline, first_source_id, first_seen, articles, outlets, languages,
           span_hours
    FROM stg_stories
),

sources AS (
    SELECT source_id, source_name FROM stg_sources
)

SELECT
    stories.story_id,
    stories.first_seen,
    coalesce(sources.source_name, stories.first_source_id) AS first_outlet,
    stories.headline,
    stories.articles,
    week_articles.articles_in_week,
    stories.outlets,
    reached.hours_to_reach,
    stories.span_hours,
    stories.languages
FROM stories
JOIN week_articles USING (story_id)
LEFT JOIN reached USING (story_id)
LEFT JOIN sources ON sources.source_id = stories.first_source_id
WHERE CAST($entity_id AS VARCHAR) IS NULL OR stories.story_id IN (SELECT story_id FROM named)
ORDER BY stories.outlets DESC, stories.articles DESC, stories.first_seen, stories.story_id
LIMIT $limit
