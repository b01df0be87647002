-- One entity week by week (ISO weeks starting $start to $end, Mondays), weeks without mentions as
-- zeros: placements, unique stories, share of voice (watchlist entities) and mean sentiment.
WITH

weeks AS (
    SELECT CAST(unnest(generate_series(CAST($start AS DATE), CAST($end AS DATE), INTERVAL 7 DAY))
        AS DATE) AS week_start
),

weekly AS (
    SELECT week_start, placements, unique_stories, sum_sentiment, n_sentiment
    FROM int_entity_weeks
    WHERE entity_id = $entity_id AND week_start BETWEEN $start AND $end
),

voice AS (
    SELECT week_start, share
    FROM share_of_voice_weekly
    WHERE entity_id = $entity_id AND week_start BETWEEN $start AND $end
)

SELECT
    strftime(weeks.week_start, '%G-W%V') AS week,
    weeks.week_start,
    coalesce(weekly.placements, 0) AS mentions,
    coalesce(weekly.unique_stories, 0) AS unique_stories,
    voice.share,
    weekly.sum_sentiment / nullif(weekly.n_sentiment, 0) AS mean_sentiment
FROM weeks
LEFT JOIN weekly USING (week_start)
LEFT JOIN voice USING (week_start)
ORDER BY weeks.week_start
