-- The watchlist in the ISO week starting $week_start: placements, unique stories, share of voice
-- and mean sentiment, against the week before. Entities without a mention in either week are
-- left out.
WITH

this_week AS (
    SELECT * FROM share_of_voice_weekly WHERE week_start = CAST($week_start AS DATE)
),

previous AS (
    SELECT * FROM share_of_voice_weekly WHERE week_start = CAST($week_start AS DATE) - 7
)

SELECT
    coalesce(this_week.entity_id, previous.entity_id) AS entity_id,
    coalesce(this_week.entity_name, previous.entity_name) AS entity_name,
    coalesce(this_week.placements, 0) AS mentions,
    coalesce(this_week.unique_stories, 0) AS unique_stories,
    coalesce(this_week.share, 0) AS share,
    this_week.mean_sentiment,
    coalesce(previous.unique_stories, 0) AS previous_unique_stories,
    coalesce(previous.share, 0) AS previous_share,
    coalesce(this_week.share, 0) - coalesce(previous.share, 0) AS share_change
FROM this_week
FULL OUTER JOIN previous USING (entity_id)
ORDER BY unique_stories DESC, mentions DESC, entity_name, entity_id
