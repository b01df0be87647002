-- One row per applied migration (warehouse/migrations/NNN_name.sql) with the checksum of the SQL
-- it ran. Created before the first migration, so it cannot be one.
CREATE TABLE IF NOT EXISTS schema_migrations (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    checksum    VARCHAR NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
)
