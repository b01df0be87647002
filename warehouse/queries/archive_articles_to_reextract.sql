-- Articles (published in a period) that the raw archive can rebuild without the network: their
-- page is archived, or no page was ever fetched and the feed body of their run is archived.
SELECT a.article_id
FROM articles a
WHERE ($since IS NULL OR a.published_at >= $since)
  AND ($until IS NULL OR a.published_at < $until)
  AND (
      EXISTS (SELECT 1 FROM archive_index p
              WHERE p.kind = 'page' AND p.canonical_url = a.canonical_url)
      OR (a.fetched_at IS NULL
          AND EXISTS (SELECT 1 FROM archive_index f
                      WHERE f.kind = 'feed' AND f.source_id = a.source_id AND f.run_id = a.run_id))
  )
ORDER BY a.published_at, a.article_id
