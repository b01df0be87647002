-- One row per (entity, day) with at least one mention: placements (articles), unique stories,
-- sources, and the sentiment sums and label counts the trend views need. Days are in the
-- reporting time zone.
-- materialized: table refreshed by day, ordered by entity_id, day
WITH

mentions AS (
    SELECT entity_id, day, story_id, source_id, target_sentiment, sentiment_label
    FROM int_entity_mentions
)

SELECT
    entity_id,
    day,
    count(*) AS articles,
    count(DISTINCT story_id) AS unique_stories,
    count(DISTINCT source_id) AS sources,
    sum(target_sentiment) AS sum_sentiment,
    count(target_sentiment) AS n_sentiment,
    count(*) FILTER (WHERE sentiment_label = 'positive') AS positive,
    count(*) FILTER (WHERE sentiment_label = 'neutral') AS neutral,
    count(*) FILTER (WHERE sentiment_label = 'negative') AS negative
FROM mentions
GROUP BY entity_id, day
