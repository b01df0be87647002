-- Every article as event clustering takes it (pipelines.stories.StoryInput), in published order,
-- for a rebuild of all stories: the title, the start of the text (the lead is cut from it in
-- Python), the prominent entities as pipelines.story_rows.prominent_entities picks them (named
-- in the title or the lead, or at least twice; topics are queries, not names), the original of
-- a syndicated copy, and whether the article is the original of some copy.
WITH

prominent AS (
    SELECT article_id, list_sort(list(DISTINCT entity_id)) AS entity_ids
    FROM mentions
    WHERE method <> 'topic' AND (in_title OR in_lead OR mention_count >= 2)
    GROUP BY article_id
),

originals AS (
    SELECT DISTINCT duplicate_of AS article_id FROM articles WHERE duplicate_of IS NOT NULL
)

SELECT
    articles.article_id,
    articles.published_at,
    coalesce(articles.title, '') AS title,
    left(articles.text, 1000) AS text_start,
    coalesce(prominent.entity_ids, []) AS entity_ids,
    articles.duplicate_of,
    articles.source_id,
    articles.language,
    originals.article_id IS NOT NULL AS has_copies
FROM articles
LEFT JOIN prominent USING (article_id)
LEFT JOIN originals USING (article_id)
ORDER BY articles.published_at, articles.article_id
