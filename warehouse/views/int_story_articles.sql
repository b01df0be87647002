-- One row per article of a story: its outlet, title and URL, when it was published (its day and
-- hour in the reporting time zone; hour is local time), hours_after_first (since the story's
-- first article), arrival (its place in the story, from 1, by published time then id),
-- new_outlet (its outlet's first article in the story) and outlets_so_far (outlets that had run
-- the story by then, this one included).
WITH

links AS (
    SELECT article_id, story_id, joined FROM stg_article_stories
),

articles AS (
    SELECT article_id, source_id, title, url, published_at, day, language FROM stg_articles
),

stories AS (
    SELECT story_id, first_seen FROM stg_stories
),

sources AS (
    SELECT source_id, source_name FROM stg_sources
),

placed AS (
    SELECT
        links.story_id,
        links.article_id,
        links.joined,
        articles.source_id,
        articles.title,
        articles.url,
        articles.language,
        articles.published_at,
        articles.day,
        date_trunc('hour', timezone(report_tz(), articles.published_at)) AS hour,
        date_diff('second', stories.first_seen, articles.published_at) / 3600.0
            AS hours_after_first,
        row_number() OVER (
            PARTITION BY links.story_id ORDER BY articles.published_at, links.article_id
        ) AS arrival,
        row_number() OVER (
            PARTITION BY links.story_id, articles.source_id
            ORDER BY articles.published_at, links.article_id
        ) = 1 AS new_outlet
    FROM links
    JOIN articles USING (article_id)
    JOIN stories USING (story_id)
)

SELECT
    placed.*,
    sources.source_name,
    CAST(sum(CAST(placed.new_outlet AS INTEGER)) OVER (
        PARTITION BY placed.story_id ORDER BY placed.arrival ROWS UNBOUNDED PRECEDING
    ) AS BIGINT) AS outlets_so_far
FROM placed
LEFT JOIN sources USING (source_id)
