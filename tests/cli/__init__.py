"""Tests of cli/: the mediawatch commands."""
