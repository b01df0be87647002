-- One row per article of refresh_candidates (a TEMP table of article ids the refresh fills): its
-- day in the reporting time zone, a hash of what the materialized models read of the article
-- (story, source; as in refresh_candidates_appended.sql) and a digest of that and of its
-- mentions. A TEMP view: what the ledger should hold for those articles now.
CREATE OR REPLACE TEMP VIEW refresh_live AS
WITH

candidates AS (
    SELECT article_id FROM refresh_candidates
),

mention_digests AS (
    SELECT article_id, bit_xor(hash(entity_id, target_sentiment)) AS digest
    FROM mentions
    SEMI JOIN candidates USING (article_id)
    GROUP BY article_id
),

articles AS (
    SELECT article_id, day, hash(story_id, source_id) AS article_hash
    FROM stg_articles
    SEMI JOIN candidates USING (article_id)
)

SELECT
    articles.article_id,
    articles.day,
    articles.article_hash,
    xor(articles.article_hash, coalesce(mention_digests.digest, 0)) AS digest
FROM articles
LEFT JOIN mention_digests USING (article_id)
