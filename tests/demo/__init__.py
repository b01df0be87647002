"""Tests of demo/: the demo server, corpus and `mediawatch demo`."""
