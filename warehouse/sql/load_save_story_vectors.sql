-- The latest vectors of the open stories a batch changed (pipelines.stories.OpenStory).
INSERT OR REPLACE INTO story_vectors BY NAME SELECT * FROM batch
