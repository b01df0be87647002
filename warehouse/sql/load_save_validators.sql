UPDATE feed_state SET etag = batch.etag, last_modified = batch.last_modified,
                      body_hash = batch.body_hash
FROM batch WHERE feed_state.source_id = batch.source_id
