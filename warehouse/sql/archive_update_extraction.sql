-- New text invalidates the duplicate fingerprint; new text, title or language the enrichment.
-- Both are recomputed by `mediawatch reprocess --stale-only` (NULL marks them stale).
UPDATE articles SET
    title = b.title, author = b.author, published_at = b.published_at,
    date_source = b.date_source, language = b.language, sitename = b.sitename,
    text = b.text, word_count = b.word_count, extraction_method = b.extraction_method,
    extraction_outcome = b.extraction_outcome, extraction_reason = b.extraction_reason,
    content_hash = CASE WHEN articles.text IS DISTINCT FROM b.text
                        THEN NULL ELSE articles.content_hash END,
    minhash = CASE WHEN articles.text IS DISTINCT FROM b.text
                   THEN NULL ELSE articles.minhash END,
    duplicate_of = CASE WHEN articles.text IS DISTINCT FROM b.text
                        THEN NULL ELSE articles.duplicate_of END,
    duplicate_kind = CASE WHEN articles.text IS DISTINCT FROM b.text
                          THEN NULL ELSE articles.duplicate_kind END,
    enrichment_version = CASE
        WHEN articles.text IS DISTINCT FROM b.text
          OR articles.title IS DISTINCT FROM b.title
          OR articles.language IS DISTINCT FROM b.language
        THEN NULL ELSE articles.enrichment_version END
FROM batch b
WHERE articles.article_id = b.article_id
RETURNING articles.article_id
