-- A run's end: status, counts per stage and failures as JSON, the error if it failed.
UPDATE runs
SET finished_at = $finished_at, status = $status, counts = $counts, failures = $failures,
    error = $error
WHERE run_id = $run_id
