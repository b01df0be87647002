INSERT INTO mentions BY NAME SELECT * FROM batch
ON CONFLICT (article_id, entity_id) DO NOTHING
