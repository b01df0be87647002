-- One row per article: its source, its story (a duplicate belongs to the story of the earliest
-- copy, `duplicate_of`), its calendar day in the reporting time zone, what a reader sees of it
-- (title, URL, language) and how it was extracted and dated. This story_id is the syndication
-- group, copies of one text, that every `unique_stories` counts; the events that group different
-- outlets' own pieces are the stories table's (event clustering).
SELECT
    article_id,
    source_id,
    coalesce(duplicate_of, article_id) AS story_id,
    duplicate_of IS NOT NULL AS is_duplicate,
    published_at,
    report_day(published_at) AS day,
    first_seen_at,
    title,
    url,
    language,
    extraction_outcome,
    date_source,
    doc_sentiment
FROM articles
