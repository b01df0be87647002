-- Languages of the articles published in the report week.
SELECT
    coalesce(language, 'unknown') AS language,
    count(*) AS articles,
    count(*) / sum(count(*)) OVER () AS share
FROM articles
WHERE report_day(published_at) >= $week_start AND report_day(published_at) < $week_end
GROUP BY 1
ORDER BY articles DESC, language
