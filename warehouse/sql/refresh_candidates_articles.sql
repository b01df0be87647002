-- Every article, for a full rebuild of the ledger (read by refresh_live.sql).
CREATE OR REPLACE TEMP TABLE refresh_candidates AS
SELECT article_id FROM articles
