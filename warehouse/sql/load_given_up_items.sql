-- Of the given items (id, hash of its feed entry), those not to try again: failed before with
-- the same entry, and not retriable (nothing would change) or out of attempts.
SELECT f.article_id
FROM item_failures AS f
JOIN (SELECT unnest($ids) AS article_id, unnest($hashes) AS entry_hash) AS e
    ON f.article_id = e.article_id AND f.entry_hash IS NOT DISTINCT FROM e.entry_hash
WHERE NOT f.retry
