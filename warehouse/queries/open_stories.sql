-- The stories whose last article was published at or after $since, with what event clustering
-- needs to resume them (pipelines.stories.OpenStory): dates, size, vectors and member articles.
-- Stories without stored vectors (closed before, or rebuilt when already closed) stay closed.
WITH

open_stories AS (
    SELECT story_id, first_seen, last_seen, articles
    FROM stories
    WHERE last_seen >= $since
),

members AS (
    SELECT
        links.story_id,
        list(links.article_id ORDER BY articles.published_at, links.article_id) AS article_ids
    FROM article_stories AS links
    JOIN articles USING (article_id)
    WHERE links.story_id IN (SELECT story_id FROM open_stories)
    GROUP BY links.story_id
)

SELECT
    open_stories.story_id,
    open_stories.first_seen,
    open_stories.last_seen,
    open_stories.articles AS article_count,
    vectors.terms,
    vectors.entity_ids,
    vectors.entity_counts,
    members.article_ids
FROM open_stories
JOIN story_vectors AS vectors USING (story_id)
JOIN members USING (story_id)
ORDER BY open_stories.story_id
