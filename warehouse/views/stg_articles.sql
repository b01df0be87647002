-- One row per article: its source, its story (a duplicate belongs to the story of the earliest
-- copy, `duplicate_of`) and its calendar day in the reporting time zone.
SELECT
    article_id,
    source_id,
    coalesce(duplicate_of, article_id) AS story_id,
    duplicate_of IS NOT NULL AS is_duplicate,
    published_at,
    report_day(published_at) AS day,
    first_seen_at,
    doc_sentiment
FROM articles
