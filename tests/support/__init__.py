"""Helpers shared by the tests: a local HTTP server, feed and page builders, config writers,
child processes and a hand-made warehouse. Test modules import from here, never from each other."""
