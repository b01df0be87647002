-- Feeds whose last check failed, most consecutive failures first.
SELECT
    s.name AS source,
    f.consecutive_failures AS failures,
    f.last_error AS error,
    f.last_error_detail AS detail,
    strftime(f.last_success_at, '%Y-%m-%d %H:%M') AS last_success
FROM feed_state AS f
JOIN sources AS s USING (source_id)
WHERE f.consecutive_failures > 0
ORDER BY f.consecutive_failures DESC, s.name
