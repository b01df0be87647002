"""Tests of search/: the full-text index and `mediawatch search`."""
