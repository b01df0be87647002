-- Stories whose article count is not the number of articles linked to them, and links to no
-- story: the loader recomputes a story whenever it links an article to it.
WITH

linked AS (
    SELECT story_id, count(*) AS articles FROM article_stories GROUP BY story_id
)

SELECT coalesce(stories.story_id, linked.story_id) AS story_id, stories.articles, linked.articles
FROM stories
FULL OUTER JOIN linked USING (story_id)
WHERE stories.articles IS DISTINCT FROM linked.articles
