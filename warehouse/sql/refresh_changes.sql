-- The candidates whose day or digest differ from the ledger's: one row per changed article with
-- its day before (old_day, NULL when new) and now (day, NULL when deleted).
CREATE OR REPLACE TEMP TABLE refresh_changes AS
WITH

ledger AS (
    SELECT * FROM refresh_ledger
    SEMI JOIN refresh_candidates USING (article_id)
)

SELECT
    coalesce(live.article_id, ledger.article_id) AS article_id,
    ledger.day AS old_day,
    live.day AS day,
    live.article_hash,
    live.digest
FROM refresh_live AS live
FULL OUTER JOIN ledger USING (article_id)
WHERE live.digest IS DISTINCT FROM ledger.digest OR live.day IS DISTINCT FROM ledger.day
