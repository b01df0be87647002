-- What the full-text index keeps of articles: all of them ($ids NULL) or the given ones, oldest
-- first (the search/ package indexes and shows these).
SELECT
    a.article_id,
    a.title,
    a.text,
    s.name AS source_name,
    a.language,
    a.published_at,
    a.url
FROM articles AS a
LEFT JOIN sources AS s ON s.source_id = a.source_id
WHERE $ids IS NULL OR a.article_id IN (SELECT unnest($ids))
ORDER BY a.published_at, a.article_id
