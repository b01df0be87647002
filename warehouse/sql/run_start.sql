-- A run as started.
INSERT INTO runs (run_id, flow, started_at, as_of, status)
VALUES ($run_id, $flow, $started_at, $as_of, 'running')
ON CONFLICT (run_id) DO NOTHING
