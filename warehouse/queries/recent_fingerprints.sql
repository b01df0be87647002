-- Fingerprints of recent articles, for near-duplicate detection of the next batches
-- (the fields of pipelines.dedupe.IndexedArticle).
SELECT article_id, published_at, content_hash, minhash AS signature, duplicate_of, word_count
FROM articles
WHERE published_at >= $since AND content_hash IS NOT NULL
