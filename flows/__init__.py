"""Prefect flows and tasks: the wiring that runs the stages, and the processes it needs."""
