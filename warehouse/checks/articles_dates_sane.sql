-- Article dates are after 1995 and not after the article was first seen (plus a day of clock skew).
SELECT article_id, published_at, first_seen_at
FROM articles
WHERE published_at < TIMESTAMPTZ '1995-01-01 00:00:00+00'
   OR published_at > first_seen_at + INTERVAL 1 DAY
