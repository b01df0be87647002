-- Forget the validators of the given feeds: the next ingest reads them in full.
UPDATE feed_state SET etag = NULL, last_modified = NULL, body_hash = NULL
WHERE source_id IN (SELECT unnest($sources))
