-- Enrichment: who is mentioned, how prominently and in what tone; which articles are the same story.

ALTER TABLE articles ADD COLUMN content_hash VARCHAR;        -- hash of normalised text (exact duplicates)
ALTER TABLE articles ADD COLUMN minhash BLOB;                -- near-duplicate signature
ALTER TABLE articles ADD COLUMN duplicate_of VARCHAR;        -- earliest article of the same story, or NULL
ALTER TABLE articles ADD COLUMN duplicate_kind VARCHAR;      -- exact, near
ALTER TABLE articles ADD COLUMN doc_sentiment DOUBLE;        -- in [-1, 1]; NULL when skipped
ALTER TABLE articles ADD COLUMN nlp_status VARCHAR;          -- done, skipped_language
ALTER TABLE articles ADD COLUMN enrichment_version VARCHAR;  -- which enrichment produced the columns

CREATE TABLE entities (
    entity_id    VARCHAR PRIMARY KEY,     -- watchlist slug, or "{type}:{slug}" for discovered ones
    name         VARCHAR NOT NULL,
    type         VARCHAR NOT NULL,
    origin       VARCHAR NOT NULL,        -- watchlist, discovered
    first_seen_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE entity_aliases (
    entity_id       VARCHAR NOT NULL,
    alias           VARCHAR NOT NULL,
    case_sensitive  BOOLEAN NOT NULL,
    PRIMARY KEY (entity_id, alias)
);

-- One row per (article, entity).
CREATE TABLE mentions (
    article_id        VARCHAR NOT NULL,
    entity_id         VARCHAR NOT NULL,
    surface           VARCHAR NOT NULL,   -- the first surface form seen
    mention_count     INTEGER NOT NULL,
    in_title          BOOLEAN NOT NULL,
    in_lead           BOOLEAN NOT NULL,   -- in the first paragraph (or first 300 characters)
    first_offset      INTEGER NOT NULL,   -- character offset in the article text (-1: title only)
    target_sentiment  DOUBLE,             -- tone toward the entity, in [-1, 1]
    evidence          VARCHAR,            -- the sentence that carries the strongest tone toward it
    method            VARCHAR NOT NULL,   -- watchlist, ner
    PRIMARY KEY (article_id, entity_id)
);

CREATE INDEX mentions_entity ON mentions (entity_id);
