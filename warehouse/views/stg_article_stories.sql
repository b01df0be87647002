-- One row per article placed in a story: the story, and how the article joined it: start (it
-- began the story), similar (close enough to the story's articles; similarity says how close) or
-- copy (a syndicated copy of one of them).
SELECT
    article_id,
    story_id,
    joined,
    similarity
FROM article_stories
