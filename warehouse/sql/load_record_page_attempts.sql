INSERT INTO page_attempts (article_id, url, attempts, last_error, last_attempt_at)
SELECT article_id, url, 1, error, attempted_at FROM batch
ON CONFLICT (article_id) DO UPDATE SET
    attempts = page_attempts.attempts + 1,
    last_error = excluded.last_error,
    last_attempt_at = excluded.last_attempt_at
