-- The reporting time zone ($timezone) of this connection only, in the TEMP copy of
-- warehouse_settings that shadows the stored table.
INSERT INTO temp.warehouse_settings (key, value, updated_at)
VALUES ('reporting_timezone', $timezone, now())
