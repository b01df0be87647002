-- The story of each article of $ids that is in one (the originals of a batch's syndicated copies).
SELECT article_id, story_id
FROM article_stories
WHERE article_id IN (SELECT unnest(CAST($ids AS VARCHAR[])))
ORDER BY article_id
