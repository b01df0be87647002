-- Languages of the articles published in the report week.
SELECT
    coalesce(language, 'unknown') AS language,
    count(*) AS articles,
    count(*) / sum(count(*)) OVER () AS share
FROM stg_articles
WHERE day >= $week_start AND day < $week_end
GROUP BY 1
ORDER BY articles DESC, language
