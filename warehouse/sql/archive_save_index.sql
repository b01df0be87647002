INSERT INTO archive_index BY NAME SELECT * FROM batch
ON CONFLICT (warc_path, record_offset) DO NOTHING
RETURNING warc_path
