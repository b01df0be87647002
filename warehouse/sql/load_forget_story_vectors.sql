-- Stories whose last article is older than $before are closed for good: the clustering will not
-- extend them, so their vectors go (the stories and their links stay).
DELETE FROM story_vectors
WHERE story_id IN (SELECT story_id FROM stories WHERE last_seen < $before)
