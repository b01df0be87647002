-- Articles that never went through duplicate detection, oldest first.
SELECT article_id, published_at, text
FROM articles
WHERE content_hash IS NULL
ORDER BY published_at, article_id
