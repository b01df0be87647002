-- One row per (day, entity, story) the entity is mentioned in, syndicated copies together: the
-- earliest copy's title and URL that day (first_published_at), how many copies (articles) and
-- outlets ran it (outlet_names, sorted), whether a copy names the entity in its title, and how
-- often the copies name it. Days are in the reporting time zone; the report's story lists read
-- this (a week's stories are its days' stories taken together).
WITH

mentions AS (
    SELECT day, entity_id, story_id, title, url, published_at, source_name, in_title, mention_count
    FROM int_mention_articles
)

SELECT
    day,
    entity_id,
    story_id,
    arg_min(title, published_at) AS title,
    arg_min(url, published_at) AS url,
    min(published_at) AS first_published_at,
    count(*) AS articles,
    count(DISTINCT source_name) AS outlets,
    list_sort(list(DISTINCT source_name)) AS outlet_names,
    bool_or(in_title) AS in_title,
    sum(mention_count) AS mention_count
FROM mentions
GROUP BY day, entity_id, story_id
