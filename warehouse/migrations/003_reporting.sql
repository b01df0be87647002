-- Reporting: the settings the views read, the record of applied views, and the macros that keep
-- the reporting rules (day boundaries, the neutral sentiment band) in one place.
--
-- warehouse.db writes the settings with bound parameters after every migration (the neutral band
-- comes from pipelines.sentiment.NEUTRAL_BAND, the time zone from the `reporting_timezone`
-- setting); the macros read them at query time, so views follow a changed setting without being
-- recreated. A read-only session may shadow the table with a TEMP copy to report in another zone.

CREATE TABLE warehouse_settings (
    key         VARCHAR PRIMARY KEY,       -- reporting_timezone, neutral_band
    value       VARCHAR NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- One row per view of warehouse/views/, with the checksum of the SQL it was created from.
CREATE TABLE schema_views (
    name        VARCHAR PRIMARY KEY,
    checksum    VARCHAR NOT NULL,
    applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- IANA name of the zone whose calendar days and ISO weeks the views report in (default UTC).
CREATE MACRO report_tz() AS
    coalesce((SELECT value FROM warehouse_settings WHERE key = 'reporting_timezone'), 'UTC');

-- |score| below this is neutral (pipelines.sentiment.NEUTRAL_BAND).
CREATE MACRO neutral_band() AS
    (SELECT CAST(value AS DOUBLE) FROM warehouse_settings WHERE key = 'neutral_band');

-- The calendar day of a TIMESTAMPTZ in the reporting time zone.
CREATE MACRO report_day(ts) AS CAST(timezone(report_tz(), ts) AS DATE);

-- negative / neutral / positive, exactly as pipelines.sentiment.sentiment_label.
CREATE MACRO sentiment_label(score) AS
    CASE
        WHEN score IS NULL THEN NULL
        WHEN score <= -neutral_band() THEN 'negative'
        WHEN score >= neutral_band() THEN 'positive'
        ELSE 'neutral'
    END;

-- Materialized models (view files marked `-- materialized: table …`, see warehouse/materialize.py)
-- record what they were computed from: one row per article with its day and a digest of what the
-- models read of it, and the signature of the tables at the last refresh.
CREATE TABLE refresh_ledger (
    article_id    VARCHAR NOT NULL,
    day           DATE,
    article_hash  UBIGINT NOT NULL,     -- of what the models read of the article itself
    digest        UBIGINT NOT NULL      -- of that and of the article's mentions
);

CREATE TABLE refresh_state (
    key         VARCHAR PRIMARY KEY,       -- settings, data
    value       VARCHAR NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
