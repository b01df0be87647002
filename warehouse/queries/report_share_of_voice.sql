-- Weekly share of voice of every entity, weeks starting from $start to $end (exclusive).
SELECT
    week,
    week_start,
    entity_id,
    entity_name,
    unique_stories,
    placements,
    share
FROM share_of_voice_weekly
WHERE week_start >= $start AND week_start < $end
ORDER BY week_start, share DESC, entity_id
