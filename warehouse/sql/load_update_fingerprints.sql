UPDATE articles SET content_hash = batch.content_hash, minhash = batch.minhash,
                    duplicate_of = batch.duplicate_of, duplicate_kind = batch.duplicate_kind
FROM batch WHERE articles.article_id = batch.article_id
