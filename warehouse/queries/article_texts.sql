-- Stored text of the given articles, for enrichment without the network.
SELECT article_id, title, text, language, published_at, content_hash, url, source_id
FROM articles
WHERE article_id IN (SELECT unnest($ids))
ORDER BY published_at, article_id
