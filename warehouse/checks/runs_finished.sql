-- Runs that ended are marked with an end time.
SELECT run_id, status
FROM runs
WHERE status <> 'running' AND finished_at IS NULL
