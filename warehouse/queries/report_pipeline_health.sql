-- Pipeline health of the report week and the week before, from the articles published in it:
-- extraction outcomes and where each article's date came from.
WITH periods AS (
    SELECT
        'week' AS period,
        CAST($week_start AS DATE) AS period_start,
        CAST($week_end AS DATE) AS period_end
    UNION ALL
    SELECT 'previous', CAST($prev_start AS DATE), CAST($week_start AS DATE)
),

dated AS (
    SELECT article_id, extraction_outcome, date_source, day FROM stg_articles
)

SELECT
    p.period,
    p.period_start,
    count(d.article_id) AS articles,
    count(*) FILTER (WHERE d.extraction_outcome = 'full') AS extraction_full,
    count(*) FILTER (WHERE d.extraction_outcome = 'short') AS extraction_short,
    count(*) FILTER (WHERE d.extraction_outcome = 'paywall_suspected') AS extraction_paywall,
    count(*) FILTER (WHERE d.extraction_outcome = 'failed') AS extraction_failed,
    count(*) FILTER (WHERE d.date_source = 'page') AS dated_by_page,
    count(*) FILTER (WHERE d.date_source = 'feed') AS dated_by_feed,
    count(*) FILTER (WHERE d.date_source = 'first_seen') AS dated_first_seen,
    count(*) FILTER (WHERE d.date_source <> 'page') AS without_page_date
FROM periods AS p
LEFT JOIN dated AS d ON d.day >= p.period_start AND d.day < p.period_end
GROUP BY p.period, p.period_start
ORDER BY p.period_start DESC
