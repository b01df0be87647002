-- Entity ids, names and aliases that look like $text, closest first (for "did you mean").
WITH

names AS (
    SELECT entity_id AS label FROM entities
    UNION
    SELECT name FROM entities
    UNION
    SELECT alias FROM entity_aliases
)

SELECT label
FROM names
WHERE jaro_winkler_similarity(lower(label), lower($text)) >= 0.8
ORDER BY jaro_winkler_similarity(lower(label), lower($text)) DESC, label
LIMIT $limit
