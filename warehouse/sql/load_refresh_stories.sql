-- Recompute, from all their articles, the stories that the links in `batch` name: who broke each
-- (the earliest published article, ties by id), when, and how far it spread. Run right after the
-- links are inserted, in the same transaction.
INSERT OR REPLACE INTO stories BY NAME
WITH

touched AS (
    SELECT DISTINCT story_id FROM batch
),

members AS (
    SELECT
        links.story_id,
        articles.article_id,
        articles.source_id,
        articles.published_at,
        articles.title,
        articles.language
    FROM article_stories AS links
    JOIN articles USING (article_id)
    WHERE links.story_id IN (SELECT story_id FROM touched)
)

SELECT
    story_id,
    arg_min(article_id, (published_at, article_id)) AS first_article_id,
    arg_min(source_id, (published_at, article_id)) AS first_source_id,
    min(published_at) AS first_seen,
    max(published_at) AS last_seen,
    count(*) AS articles,
    count(DISTINCT source_id) AS outlets,
    coalesce(list_sort(list(DISTINCT language) FILTER (WHERE language IS NOT NULL)), [])
        AS languages,
    arg_min(title, (published_at, article_id)) FILTER (WHERE title <> '') AS headline
FROM members
GROUP BY story_id
