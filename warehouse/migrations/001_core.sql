-- Core ingest tables: where articles come from, how each feed is doing, what each run did,
-- and the articles themselves. Timestamps are TIMESTAMPTZ, always written in UTC.

CREATE TABLE sources (
    source_id   VARCHAR PRIMARY KEY,          -- stable id derived from the feed URL
    name        VARCHAR NOT NULL,
    url         VARCHAR NOT NULL UNIQUE,      -- the feed URL
    site        VARCHAR,                      -- host of the feed URL
    tags        VARCHAR[],
    language    VARCHAR,
    country     VARCHAR,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- One row per source: conditional-GET validators and health.
CREATE TABLE feed_state (
    source_id            VARCHAR PRIMARY KEY,
    etag                 VARCHAR,
    last_modified        VARCHAR,
    body_hash            VARCHAR,              -- sha256 of the last body whose items were loaded
    last_checked_at      TIMESTAMPTZ,
    last_success_at      TIMESTAMPTZ,
    last_status          VARCHAR,              -- ok, not_modified, unchanged, failed, skipped
    last_http_status     INTEGER,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    last_error           VARCHAR,
    last_error_detail    VARCHAR,
    last_error_at        TIMESTAMPTZ,
    last_item_count      INTEGER
);

-- One row per flow run.
CREATE TABLE runs (
    run_id       VARCHAR PRIMARY KEY,
    flow         VARCHAR NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    as_of        TIMESTAMPTZ NOT NULL,         -- the run's "now" (the demo runs as of its end date)
    status       VARCHAR NOT NULL,             -- running, completed, completed_with_failures, failed, crashed
    counts       JSON,                         -- counts per stage
    failures     JSON,                         -- failing feeds and reasons
    error        VARCHAR
);

CREATE TABLE articles (
    article_id          VARCHAR PRIMARY KEY,   -- sha256(canonical_url)[:16]
    url                 VARCHAR NOT NULL,      -- the link as the feed gave it (absolute)
    canonical_url       VARCHAR NOT NULL,
    final_url           VARCHAR,               -- after redirects
    source_id           VARCHAR NOT NULL,
    guid                VARCHAR,
    title               VARCHAR,
    author              VARCHAR,
    published_at        TIMESTAMPTZ NOT NULL,
    date_source         VARCHAR NOT NULL,      -- feed, page, first_seen
    published_raw       VARCHAR,
    first_seen_at       TIMESTAMPTZ NOT NULL,
    fetched_at          TIMESTAMPTZ,
    language            VARCHAR,
    sitename            VARCHAR,
    text                VARCHAR NOT NULL,
    word_count          INTEGER NOT NULL,
    extraction_method   VARCHAR NOT NULL,      -- page, feed_content, feed_summary
    extraction_outcome  VARCHAR NOT NULL,      -- full, short, paywall_suspected, failed
    extraction_reason   VARCHAR,
    http_status         INTEGER,
    run_id              VARCHAR NOT NULL
);

-- Article pages that failed transiently: retried on later runs, loaded from the feed after a few tries.
CREATE TABLE page_attempts (
    article_id       VARCHAR PRIMARY KEY,
    url              VARCHAR NOT NULL,
    attempts         INTEGER NOT NULL,
    last_error       VARCHAR,
    last_attempt_at  TIMESTAMPTZ NOT NULL
);
