-- One row per configured source (feed).
SELECT
    source_id,
    name AS source_name,
    url,
    site,
    tags,
    language,
    country
FROM sources
