-- Runs of a flow still 'running' when another of its runs starts: their process ended before
-- they finished.
UPDATE runs
SET status = 'crashed', finished_at = $started_at,
    error = 'the process ended before the run finished'
WHERE flow = $flow AND status = 'running' AND run_id <> $run_id
