-- Stored articles with the archived bodies to rebuild them from: the page (from the run that
-- loaded the article, else the latest) and the feed body that run read the article's item from.
WITH wanted AS (
    SELECT * FROM articles WHERE article_id IN (SELECT unnest($ids))
),
pages AS (
    SELECT w.article_id, i.warc_path, i.record_offset, i.record_length, i.sha256
    FROM wanted w
    JOIN archive_index i ON i.kind = 'page' AND i.canonical_url = w.canonical_url
    QUALIFY row_number() OVER (
        PARTITION BY w.article_id
        ORDER BY coalesce(i.run_id = w.run_id, false) DESC, i.fetched_at DESC,
                 i.warc_path DESC, i.record_offset DESC
    ) = 1
),
feeds AS (
    SELECT w.article_id, i.warc_path, i.record_offset, i.record_length, i.sha256
    FROM wanted w
    JOIN archive_index i ON i.kind = 'feed' AND i.source_id = w.source_id AND i.run_id = w.run_id
    QUALIFY row_number() OVER (
        PARTITION BY w.article_id
        ORDER BY i.fetched_at DESC, i.warc_path DESC, i.record_offset DESC
    ) = 1
)
SELECT
    w.article_id, w.url, w.canonical_url, w.source_id, w.run_id, s.url AS feed_url,
    w.guid, w.title, w.author, w.published_at, w.date_source, w.published_raw,
    w.first_seen_at, w.fetched_at, w.language, w.sitename, w.text, w.word_count,
    w.extraction_method, w.extraction_outcome, w.extraction_reason,
    p.warc_path AS page_path, p.record_offset AS page_offset, p.record_length AS page_length,
    p.sha256 AS page_sha256,
    f.warc_path AS feed_path, f.record_offset AS feed_offset, f.record_length AS feed_length,
    f.sha256 AS feed_sha256
FROM wanted w
LEFT JOIN pages p USING (article_id)
LEFT JOIN feeds f USING (article_id)
LEFT JOIN sources s ON s.source_id = w.source_id
ORDER BY w.published_at, w.article_id
