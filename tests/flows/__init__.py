"""Tests of flows/: the Prefect flows, their workers, hooks and deployments."""
