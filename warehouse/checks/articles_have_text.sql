-- Every stored article has text and a known source.
SELECT a.article_id, a.source_id
FROM articles AS a
LEFT JOIN sources AS s USING (source_id)
WHERE length(trim(a.text)) = 0 OR s.source_id IS NULL
