-- Every article and every article of the ledger (deleted ones too): what an incremental refresh
-- compares when rows may have been deleted or rewritten since the last one.
CREATE OR REPLACE TEMP TABLE refresh_candidates AS
SELECT article_id FROM articles
UNION
SELECT article_id FROM refresh_ledger
