-- The ledger rows of the changed articles that still exist (their old rows are deleted first).
INSERT INTO refresh_ledger BY NAME
SELECT article_id, day, article_hash, digest
FROM refresh_changes
WHERE digest IS NOT NULL
