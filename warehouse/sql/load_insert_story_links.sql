-- An article keeps the story it was first placed in: a re-run or a second placement adds nothing.
INSERT INTO article_stories BY NAME SELECT * FROM batch
ON CONFLICT (article_id) DO NOTHING
