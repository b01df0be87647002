-- The outlets that ran story $story_id, in order of arrival: when each first ran it, hours after
-- the story's first article, how many articles it ran, and its first article's title and URL.
SELECT
    arrival,
    source_name AS outlet,
    first_published_at,
    hours_after_first,
    articles,
    title,
    url,
    first_article_id
FROM story_outlets
WHERE story_id = $story_id
ORDER BY arrival
