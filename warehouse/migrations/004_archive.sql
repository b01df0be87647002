-- The raw archive's index: where each archived feed or page body sits in the gzipped WARC files
-- under the archive_dir setting (pipelines.archive), so re-extraction finds an article's page
-- without reading the files. Rebuildable from the files themselves; pruned with them.

CREATE TABLE archive_index (
    warc_path       VARCHAR NOT NULL,      -- relative to archive_dir: YYYY/MM/DD/mediawatch-….warc.gz
    record_offset   BIGINT NOT NULL,       -- byte offset of the record's gzip member
    record_length   BIGINT NOT NULL,       -- bytes of that member
    kind            VARCHAR NOT NULL,      -- feed, page
    url             VARCHAR NOT NULL,      -- as requested (the feed URL, the item's link)
    final_url       VARCHAR NOT NULL,      -- after redirects: the record's WARC-Target-URI
    canonical_url   VARCHAR NOT NULL,      -- joins articles.canonical_url
    source_id       VARCHAR,
    run_id          VARCHAR,               -- the ingest run that fetched it
    http_status     INTEGER,
    content_type    VARCHAR,
    fetched_at      TIMESTAMPTZ NOT NULL,  -- the record's WARC-Date (whole seconds)
    sha256          VARCHAR NOT NULL,      -- of the stored body
    payload_bytes   BIGINT NOT NULL,
    PRIMARY KEY (warc_path, record_offset)
);
