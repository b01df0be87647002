-- Stories: the articles of any outlets that report one event, found by event clustering
-- (pipelines/stories.py) as the ingest loads each batch. Not syndication: copies of one text
-- (`articles.duplicate_of`, what the trend views count as `unique_stories`) are one story here
-- too, but so are different outlets' own pieces on the same event.

-- One row per article placed in a story. An article keeps its story: links are only inserted.
CREATE TABLE article_stories (
    article_id  VARCHAR PRIMARY KEY,
    story_id    VARCHAR NOT NULL,     -- stories.story_id
    joined      VARCHAR NOT NULL,     -- start (began the story), similar, copy (of a member)
    similarity  DOUBLE                -- to the story it joined; for a start, the best that fell short
);

-- One row per story: what its articles say, recomputed from article_stories and articles
-- whenever a batch adds to the story (sql/load_refresh_stories.sql).
CREATE TABLE stories (
    story_id          VARCHAR PRIMARY KEY,  -- the id of the article that started it
    first_article_id  VARCHAR NOT NULL,     -- the earliest published: who broke it
    first_source_id   VARCHAR NOT NULL,
    first_seen        TIMESTAMPTZ NOT NULL, -- published_at of the first article
    last_seen         TIMESTAMPTZ NOT NULL, -- published_at of the latest
    articles          INTEGER NOT NULL,     -- syndicated copies included
    outlets           INTEGER NOT NULL,     -- distinct sources
    languages         VARCHAR[] NOT NULL,   -- sorted
    headline          VARCHAR               -- the first article's title (the earliest with one)
);

-- One row per story the clustering may still extend: its term and entity vectors, so that the
-- next run resumes its open stories exactly (pipelines.stories.OpenStory). Rows of stories
-- closed before a run's window are deleted at its start; `mediawatch reprocess` rebuilds them.
CREATE TABLE story_vectors (
    story_id       VARCHAR PRIMARY KEY,
    terms          BLOB NOT NULL,         -- pipelines.stories.pack_terms
    entity_ids     VARCHAR[] NOT NULL,
    entity_counts  INTEGER[] NOT NULL,    -- articles of the story naming each entity
    updated_at     TIMESTAMPTZ NOT NULL
);
