"""Prefect flows, the CLI and the demo: the wiring around the pipeline stages."""
