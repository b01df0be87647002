-- The story $id names: a story id, or the id of any article in the story. Who broke it (the first
-- article's outlet, title and URL) and how far it spread.
WITH

chosen AS (
    SELECT story_id FROM stg_stories WHERE story_id = $id
    UNION
    SELECT story_id FROM stg_article_stories WHERE article_id = $id
),

stories AS (
    SELECT * FROM stg_stories WHERE story_id IN (SELECT story_id FROM chosen)
),

first_outlets AS (
    SELECT story_id, source_name, title, url FROM story_outlets WHERE arrival = 1
)

SELECT
    stories.story_id,
    stories.headline,
    stories.first_article_id,
    coalesce(first_outlets.source_name, stories.first_source_id) AS first_outlet,
    first_outlets.url AS first_url,
    stories.first_seen,
    stories.last_seen,
    stories.articles,
    stories.outlets,
    stories.languages,
    stories.span_hours
FROM stories
LEFT JOIN first_outlets USING (story_id)
