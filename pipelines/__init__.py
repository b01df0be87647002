"""Pipeline stages as plain Python: typed records in, typed records out, no Prefect."""
