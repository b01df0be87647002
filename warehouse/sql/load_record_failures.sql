-- A failure of the same item at the same stage with the same feed entry (or none known, as in
-- a re-enrichment) counts as one more attempt; a retriable item is tried again until it has
-- failed max_attempts times in a row.
INSERT INTO item_failures
SELECT article_id, url, source_id, stage, error, message, 1, entry_hash,
       retry AND 1 < $max_attempts, failed_at, failed_at, run_id
FROM batch
ON CONFLICT (article_id) DO UPDATE SET
    attempts = CASE WHEN item_failures.stage = excluded.stage AND (excluded.entry_hash IS NULL
                         OR item_failures.entry_hash IS NOT DISTINCT FROM excluded.entry_hash)
                    THEN item_failures.attempts + 1 ELSE 1 END,
    retry = excluded.retry AND $max_attempts >
            CASE WHEN item_failures.stage = excluded.stage AND (excluded.entry_hash IS NULL
                      OR item_failures.entry_hash IS NOT DISTINCT FROM excluded.entry_hash)
                 THEN item_failures.attempts + 1 ELSE 1 END,
    url = excluded.url, source_id = excluded.source_id, stage = excluded.stage,
    error = excluded.error, message = excluded.message,
    entry_hash = coalesce(excluded.entry_hash, item_failures.entry_hash),
    last_failed_at = excluded.last_failed_at, run_id = excluded.run_id
