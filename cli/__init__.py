"""The `mediawatch` command line: one module per group of commands."""
