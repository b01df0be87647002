-- Each canonical URL is one article.
SELECT canonical_url, count(*) AS n
FROM articles
GROUP BY canonical_url
HAVING count(*) > 1
