-- Articles whose enrichment should be (re)computed: all, those since a date, or only stale ones.
SELECT article_id
FROM articles
WHERE ($since IS NULL OR published_at >= $since)
  AND ($until IS NULL OR published_at < $until)
  AND (NOT $stale_only OR enrichment_version IS DISTINCT FROM $version)
ORDER BY published_at, article_id
