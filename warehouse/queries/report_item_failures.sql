-- Items that failed in the report week (by their last failure), grouped by stage and error:
-- the pipeline's own faults (extract, enrich, worker) and the items with nothing to store
-- (stage page: 404s, PDFs, pages over the size cap, without feed text to fall back on).
SELECT
    stage,
    error,
    count(*) AS items,
    min(url) AS example_url,
    arg_min(message, url) AS example_message
FROM item_failures
WHERE report_day(last_failed_at) >= $week_start AND report_day(last_failed_at) < $week_end
GROUP BY stage, error
ORDER BY stage = 'page', items DESC, stage, error
