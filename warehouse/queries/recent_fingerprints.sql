-- Fingerprints of recent articles, for near-duplicate detection of the next batches.
SELECT article_id, published_at, content_hash, minhash, duplicate_of, word_count
FROM articles
WHERE published_at >= $since AND content_hash IS NOT NULL
