-- The watchlist and the topics this week and the week before: articles mentioning each, mean
-- tone toward it (daily means weighted by their number of scored mentions) and share of voice.
WITH daily AS (
    SELECT *
    FROM mentions_daily
    WHERE origin IN ('watchlist', 'topic') AND day >= $prev_start AND day < $week_end
),

per_entity AS (
    SELECT
        entity_id,
        sum(articles) FILTER (WHERE day >= $week_start) AS mentions,
        sum(articles) FILTER (WHERE day < $week_start) AS mentions_prev,
        sum(n_sentiment) FILTER (WHERE day >= $week_start) AS sentiment_n,
        sum(n_sentiment) FILTER (WHERE day < $week_start) AS sentiment_n_prev,
        sum(mean_sentiment * n_sentiment) FILTER (WHERE day >= $week_start) AS sentiment_sum,
        sum(mean_sentiment * n_sentiment) FILTER (WHERE day < $week_start) AS sentiment_sum_prev
    FROM daily
    GROUP BY entity_id
),

voice AS (
    SELECT entity_id, week_start, share
    FROM share_of_voice_weekly
    WHERE week_start IN ($week_start, $prev_start)
)

SELECT
    e.entity_id,
    e.entity_name,
    e.entity_type,
    coalesce(p.mentions, 0) AS mentions,
    coalesce(p.mentions_prev, 0) AS mentions_prev,
    coalesce(v.share, 0) AS share,
    coalesce(vp.share, 0) AS share_prev,
    p.sentiment_sum / nullif(p.sentiment_n, 0) AS sentiment,
    coalesce(p.sentiment_n, 0) AS sentiment_n,
    p.sentiment_sum_prev / nullif(p.sentiment_n_prev, 0) AS sentiment_prev,
    coalesce(p.sentiment_n_prev, 0) AS sentiment_n_prev
FROM stg_entities AS e
LEFT JOIN per_entity AS p ON p.entity_id = e.entity_id
LEFT JOIN voice AS v ON v.entity_id = e.entity_id AND v.week_start = $week_start
LEFT JOIN voice AS vp ON vp.entity_id = e.entity_id AND vp.week_start = $prev_start
WHERE e.is_tracked
ORDER BY mentions DESC, mentions_prev DESC, e.entity_name, e.entity_id
