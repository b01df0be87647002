-- What the materialized models are computed from, cheaply (a few ms per million articles): a
-- writer that adds, deletes or re-dates articles or adds or deletes mentions changes it.
SELECT
    (SELECT count(*) FROM articles) AS articles,
    (SELECT bit_xor(hash(article_id, published_at, duplicate_of, source_id)) FROM articles)
        AS articles_digest,
    (SELECT count(*) FROM mentions) AS mentions,
    (SELECT max(rowid) FROM mentions) AS mentions_last_rowid,
    report_tz() AS reporting_timezone,
    neutral_band() AS neutral_band
