-- Daily and rolling 7-day tone toward each of $entity_ids from $start to $end (exclusive).
SELECT
    day,
    entity_id,
    mean_sentiment,
    rolling_7d_sentiment,
    n
FROM sentiment_daily
WHERE
    list_contains(CAST($entity_ids AS VARCHAR[]), entity_id)
    AND day >= $start
    AND day < $end
ORDER BY entity_id, day
