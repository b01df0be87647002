-- Store one setting the views read (?: key, value), replacing the stored value.
INSERT INTO warehouse_settings (key, value) VALUES (?, ?)
ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()
