-- Articles per source in the warehouse, with how their text was obtained.
SELECT
    s.name AS source,
    count(a.article_id) AS articles,
    count(a.article_id) FILTER (WHERE a.extraction_method = 'page') AS from_page,
    count(a.article_id) FILTER (WHERE a.extraction_method <> 'page') AS from_feed,
    strftime(min(a.published_at), '%Y-%m-%d') AS first,
    strftime(max(a.published_at), '%Y-%m-%d') AS last
FROM sources AS s
LEFT JOIN articles AS a USING (source_id)
GROUP BY s.name
ORDER BY articles DESC, s.name
