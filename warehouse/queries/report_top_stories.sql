-- Top stories of the report week for each watchlist entity in $entity_ids: syndicated copies
-- grouped into one story, with how many outlets ran it; stories with the entity in the title first.
WITH hits AS (
    SELECT
        im.entity_id,
        im.story_id,
        a.title,
        a.url,
        a.published_at,
        src.source_name,
        m.in_title,
        m.mention_count
    FROM int_entity_mentions AS im
    JOIN mentions AS m ON m.article_id = im.article_id AND m.entity_id = im.entity_id
    JOIN articles AS a ON a.article_id = im.article_id
    JOIN stg_sources AS src ON src.source_id = im.source_id
    WHERE
        list_contains(CAST($entity_ids AS VARCHAR[]), im.entity_id)
        AND im.day >= $week_start
        AND im.day < $week_end
),

stories AS (
    SELECT
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
    GROUP BY entity_id, story_id
)

SELECT *
FROM stories
QUALIFY row_number() OVER (
    PARTITION BY entity_id
    ORDER BY in_title DESC, outlets DESC, mention_count DESC, first_published_at, story_id
) <= $per_entity
ORDER BY entity_id, in_title DESC, outlets DESC, mention_count DESC, first_published_at, story_id
