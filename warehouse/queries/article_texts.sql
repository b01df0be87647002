-- Stored text of the given articles, for enrichment without the network.
SELECT
    a.article_id, a.title, a.text, a.language, a.published_at, a.content_hash, a.url,
    a.source_id, s.name AS source_name
FROM articles AS a
LEFT JOIN sources AS s ON s.source_id = a.source_id
WHERE a.article_id IN (SELECT unnest($ids))
ORDER BY a.published_at, a.article_id
