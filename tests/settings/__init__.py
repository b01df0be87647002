"""Tests of settings/: the settings, sources and watchlist files."""
