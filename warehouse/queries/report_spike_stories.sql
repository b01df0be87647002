-- The stories behind each spike of the report week: articles that mention the entity on the
-- spike's day, syndicated copies grouped into one story, with how many outlets ran it.
WITH spike_days AS (
    SELECT day, entity_id
    FROM spikes
    WHERE is_spike AND day >= $week_start AND day < $week_end
)

SELECT stories.*
FROM int_entity_story_days AS stories
SEMI JOIN spike_days USING (day, entity_id)
-- The week again: the semi join alone does not reach inside the view, which would then group
-- the stories of every day.
WHERE stories.day >= $week_start AND stories.day < $week_end
QUALIFY row_number() OVER (
    PARTITION BY day, entity_id
    ORDER BY in_title DESC, outlets DESC, mention_count DESC, first_published_at, story_id
) <= $per_spike
ORDER BY
    day, entity_id, in_title DESC, outlets DESC, mention_count DESC, first_published_at, story_id
