-- One row per (story, outlet) that ran it, outlets in order of arrival (arrival, from 1): the
-- outlet's first article in the story (title, URL, first_published_at), how many hours after the
-- story's first article it came (hours_after_first) and how many articles the outlet ran in it.
WITH

placed AS (
    SELECT story_id, source_id, source_name, article_id, title, url, published_at,
           hours_after_first, arrival, new_outlet, outlets_so_far
    FROM int_story_articles
)

SELECT
    story_id,
    CAST(max(outlets_so_far) FILTER (WHERE new_outlet) AS BIGINT) AS arrival,
    source_id,
    any_value(source_name) AS source_name,
    arg_min(article_id, arrival) AS first_article_id,
    arg_min(title, arrival) AS title,
    arg_min(url, arrival) AS url,
    min(published_at) AS first_published_at,
    min(hours_after_first) AS hours_after_first,
    count(*) AS articles
FROM placed
GROUP BY story_id, source_id
