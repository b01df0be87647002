-- Top stories of the report week for each watchlist entity in $entity_ids: syndicated copies
-- grouped into one story, with how many outlets ran it; stories with the entity in the title first.
WITH week AS (
    SELECT
        entity_id,
        story_id,
        -- The story's first copy of the week is its first copy of its first day.
        arg_min(title, first_published_at) AS title,
        arg_min(url, first_published_at) AS url,
        min(first_published_at) AS first_published_at,
        CAST(sum(articles) AS BIGINT) AS articles,
        list_sort(list_distinct(flatten(list(outlet_names)))) AS outlet_names,
        bool_or(in_title) AS in_title,
        sum(mention_count) AS mention_count
    FROM int_entity_story_days
    WHERE
        list_contains(CAST($entity_ids AS VARCHAR[]), entity_id)
        AND day >= $week_start
        AND day < $week_end
    GROUP BY entity_id, story_id
),

stories AS (
    SELECT
        entity_id,
        story_id,
        title,
        url,
        first_published_at,
        articles,
        len(outlet_names) AS outlets,
        outlet_names,
        in_title,
        mention_count
    FROM week
)

SELECT *
FROM stories
QUALIFY row_number() OVER (
    PARTITION BY entity_id
    ORDER BY in_title DESC, outlets DESC, mention_count DESC, first_published_at, story_id
) <= $per_entity
ORDER BY entity_id, in_title DESC, outlets DESC, mention_count DESC, first_published_at, story_id
