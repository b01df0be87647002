-- Spikes a daily-ingest run brought, for its alert: days the spikes view marks is_spike for a
-- watchlist entity, to which the run $run_id loaded at least one article mentioning the entity
-- (a run that loaded nothing new alerts nothing, and a re-run does not repeat an alert), from
-- the day of the previous successful ingest (catch-up after downtime included; the run's day
-- before when there is none, so a first run over weeks of history stays quiet) to the run's day.
-- Days in the reporting time zone, by the runs' as-of time.
WITH

this_run AS (
    SELECT run_id, as_of FROM runs WHERE run_id = $run_id
),

previous_success AS (
    SELECT max(runs.as_of) AS as_of
    FROM runs, this_run
    WHERE
        runs.flow = 'daily-ingest'
        AND runs.status IN ('completed', 'completed_with_failures')
        AND runs.run_id <> this_run.run_id
        AND runs.as_of < this_run.as_of
),

alert_window AS (
    SELECT
        coalesce(report_day(previous_success.as_of), report_day(this_run.as_of) - 1)
            AS first_day,
        report_day(this_run.as_of) AS last_day
    FROM this_run, previous_success
),

run_entity_days AS (
    SELECT DISTINCT m.entity_id, m.day
    FROM int_entity_mentions AS m
    JOIN articles AS a USING (article_id)
    WHERE a.run_id = $run_id
)

SELECT
    s.day,
    s.entity_id,
    s.entity_name,
    s.mentions,
    s.baseline_mean,
    s.z_score
FROM spikes AS s
JOIN stg_entities AS e USING (entity_id)
JOIN run_entity_days AS r USING (entity_id, day)
CROSS JOIN alert_window AS w
WHERE
    s.is_spike
    AND e.is_tracked
    AND s.day BETWEEN w.first_day AND w.last_day
ORDER BY s.z_score DESC, s.day, s.entity_id
