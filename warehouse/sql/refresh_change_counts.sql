-- How many articles changed since the last refresh, and how many the ledger knows.
SELECT
    (SELECT count(*) FROM refresh_changes) AS changed,
    (SELECT count(*) FROM refresh_ledger) AS known
