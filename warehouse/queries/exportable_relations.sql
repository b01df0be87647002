-- Tables and views of the warehouse that `mediawatch export` may write out.
SELECT table_name AS name, lower(table_type) AS kind
FROM information_schema.tables
WHERE table_schema = 'main' AND table_catalog = current_database()
ORDER BY table_name
