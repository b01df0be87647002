-- One row per story: the articles of any outlets that report one event (event clustering,
-- pipelines/stories.py; syndicated copies included), with who broke it (the first article, its
-- source, when: first_seen, first_day in the reporting time zone) and how far it spread
-- (articles, outlets, languages, last_seen, span_hours from the first article to the last).
SELECT
    story_id,
    headline,
    first_article_id,
    first_source_id,
    first_seen,
    report_day(first_seen) AS first_day,
    last_seen,
    articles,
    outlets,
    languages,
    date_diff('second', first_seen, last_seen) / 3600.0 AS span_hours
FROM stories
