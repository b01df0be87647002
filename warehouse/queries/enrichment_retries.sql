-- Stored articles whose enrichment failed in an earlier run and may be tried again.
SELECT f.article_id
FROM item_failures AS f
JOIN articles AS a ON a.article_id = f.article_id
WHERE f.stage = 'enrich' AND f.retry AND f.run_id IS DISTINCT FROM $run_id
ORDER BY a.published_at, f.article_id
