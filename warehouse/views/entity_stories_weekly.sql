-- One row per (ISO week, entity) named in a story that week: stories (events with an article
-- naming the entity that week; different outlets' own pieces on one event count once), of
-- which multi_outlet_stories were run by two outlets or more (over the story's whole life),
-- articles naming it, mean target sentiment over the n_sentiment mentions with one, and the
-- story with the most of those articles (top_story_id, top_headline; ties to the earlier story).
-- Compare `unique_stories` in share_of_voice_weekly, which counts syndicated copies once but each
-- outlet's own piece apart. Weeks run Monday to Sunday in the reporting time zone.
WITH

entity_story_weeks AS (
    SELECT entity_id, week_start, story_id, articles, sum_sentiment, n_sentiment
    FROM int_entity_story_weeks
),

stories AS (
    SELECT story_id, headline, first_seen, outlets FROM stg_stories
),

entities AS (
    SELECT entity_id, entity_name, entity_type, origin FROM stg_entities
),

weekly AS (
    SELECT
        entity_story_weeks.entity_id,
        entity_story_weeks.week_start,
        count(*) AS stories,
        count(*) FILTER (WHERE stories.outlets >= 2) AS multi_outlet_stories,
        sum(entity_story_weeks.articles) AS articles,
        sum(entity_story_weeks.sum_sentiment) AS sum_sentiment,
        sum(entity_story_weeks.n_sentiment) AS n_sentiment,
        arg_min(
            entity_story_weeks.story_id,
            (-entity_story_weeks.articles, stories.first_seen, entity_story_weeks.story_id)
        ) AS top_story_id
    FROM entity_story_weeks
    JOIN stories USING (story_id)
    GROUP BY ALL
)

SELECT
    strftime(weekly.week_start, '%G-W%V') AS week,
    weekly.week_start,
    weekly.entity_id,
    entities.entity_name,
    entities.entity_type,
    entities.origin,
    weekly.stories,
    weekly.multi_outlet_stories,
    CAST(weekly.articles AS BIGINT) AS articles,
    weekly.sum_sentiment / nullif(weekly.n_sentiment, 0) AS mean_sentiment,
    CAST(weekly.n_sentiment AS BIGINT) AS n_sentiment,
    weekly.top_story_id,
    stories.headline AS top_headline
FROM weekly
LEFT JOIN entities USING (entity_id)
LEFT JOIN stories ON stories.story_id = weekly.top_story_id
