-- The mentions of the days ($days) a refresh recomputes, in a TEMP table that shadows the view
-- int_entity_mentions (materialize.SOURCE) for this connection, so that no model scans every
-- mention. Created when no such TEMP table exists, so the name still means the view here.
CREATE TEMP TABLE int_entity_mentions AS
SELECT * FROM int_entity_mentions
WHERE list_contains($days, day)
