"""Tests of report/: the weekly report."""
