-- The days whose rows the changed articles touch: the day each had and the day it has.
SELECT DISTINCT day
FROM (
    SELECT old_day AS day FROM refresh_changes
    UNION ALL
    SELECT day FROM refresh_changes
)
WHERE day IS NOT NULL
ORDER BY day
