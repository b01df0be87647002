INSERT INTO sources BY NAME SELECT * FROM batch
ON CONFLICT (source_id) DO UPDATE SET
    name = excluded.name, site = excluded.site, tags = excluded.tags,
    language = excluded.language, country = excluded.country, updated_at = excluded.updated_at
