-- Record one part of the signature the materialized models were refreshed at (?: key, value).
INSERT INTO refresh_state (key, value) VALUES (?, ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()
