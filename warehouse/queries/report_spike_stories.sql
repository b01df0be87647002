-- The stories behind each spike of the report week: articles that mention the entity on the
-- spike's day, syndicated copies grouped into one story, with how many outlets ran it.
WITH spike_days AS (
    SELECT day, entity_id
    FROM spikes
    WHERE is_spike AND day >= $week_start AND day < $week_end
),

hits AS (
    SELECT
        sd.day,
        sd.entity_id,
        im.story_id,
        a.title,
        a.url,
        a.published_at,
        src.source_name,
        m.in_title,
        m.mention_count
    FROM spike_days AS sd
    JOIN int_entity_mentions AS im ON im.entity_id = sd.entity_id AND im.day = sd.day
    JOIN mentions AS m ON m.article_id = im.article_id AND m.entity_id = im.entity_id
    JOIN articles AS a ON a.article_id = im.article_id
    JOIN stg_sources AS src ON src.source_id = im.source_id
),

stories AS (
    SELECT
        day,
        entity_id,
        story_id,
        arg_min(title, published_at) AS title,
        arg_min(url, published_at) AS url,
        min(published_at) AS first_published_at,
        count(*) AS articles,
        count(DISTINCT source_name) AS outlets,
        list_sort(list(DISTINCT source_name)) AS outlet_names,
        bool_or(in_title) AS in_title,
        sum(mention_count) AS mention_count
    FROM hits
    GROUP BY day, entity_id, story_id
)

SELECT *
FROM stories
QUALIFY row_number() OVER (
    PARTITION BY day, entity_id
    ORDER BY in_title DESC, outlets DESC, mention_count DESC, first_published_at, story_id
) <= $per_spike
ORDER BY
    day, entity_id, in_title DESC, outlets DESC, mention_count DESC, first_published_at, story_id
