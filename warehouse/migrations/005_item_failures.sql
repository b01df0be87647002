-- Feed items that did not become complete articles: one row per item, with why, where and how
-- often. A run never stops over one article; what failed is kept here so that `mediawatch
-- status` and the weekly report can show it, and so that nothing is fetched again in vain.
CREATE TABLE item_failures (
    article_id       VARCHAR PRIMARY KEY,
    url              VARCHAR NOT NULL,
    source_id        VARCHAR,
    stage            VARCHAR NOT NULL,   -- page, extract, enrich, worker (pipelines.records.FailureStage)
    error            VARCHAR NOT NULL,   -- exception class, or an outcome: http_404, not_html, too_large, …
    message          VARCHAR,
    attempts         INTEGER NOT NULL,   -- failures in a row with the same feed entry
    entry_hash       VARCHAR,            -- the feed entry it failed with; a changed entry starts over
    retry            BOOLEAN NOT NULL,   -- false: not tried again until the entry changes or reprocess
    first_failed_at  TIMESTAMPTZ NOT NULL,
    last_failed_at   TIMESTAMPTZ NOT NULL,
    run_id           VARCHAR
);

-- Why an article's enrichment failed ("ValueError: …"); NULL when it did not.
ALTER TABLE articles ADD COLUMN enrichment_error VARCHAR;
