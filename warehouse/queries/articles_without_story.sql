-- How many articles are in no story (loaded before stories existed): `mediawatch reprocess`
-- then rebuilds every story.
SELECT count(*) AS articles
FROM articles
WHERE article_id NOT IN (SELECT article_id FROM article_stories)
