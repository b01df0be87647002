-- Articles a refresh must look at when mentions were only appended since the last one: new,
-- deleted, re-dated or re-storied articles (hash as in refresh_live.sql), and those with
-- mention rows after $last_rowid.
CREATE OR REPLACE TEMP TABLE refresh_candidates AS
WITH

articles AS (
    SELECT article_id, day, hash(story_id, source_id) AS article_hash FROM stg_articles
)

SELECT coalesce(articles.article_id, ledger.article_id) AS article_id
FROM articles
FULL OUTER JOIN refresh_ledger AS ledger USING (article_id)
WHERE
    articles.day IS DISTINCT FROM ledger.day
    OR articles.article_hash IS DISTINCT FROM ledger.article_hash
UNION
SELECT article_id FROM mentions WHERE rowid > $last_rowid
