INSERT INTO entities BY NAME SELECT * FROM batch
ON CONFLICT (entity_id) DO UPDATE SET name = excluded.name, type = excluded.type,
                                      origin = excluded.origin
