UPDATE articles SET doc_sentiment = batch.doc_sentiment, nlp_status = batch.nlp_status,
                    enrichment_version = batch.enrichment_version,
                    enrichment_error = batch.enrichment_error
FROM batch WHERE articles.article_id = batch.article_id
