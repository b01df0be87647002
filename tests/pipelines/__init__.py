"""Tests of pipelines/: the stages, plain functions without Prefect."""
