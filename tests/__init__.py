"""mediawatch tests: one package per top-level package of the code (pipelines/, flows/, cli/,
warehouse/, report/, settings/, demo/), and support/ for the helpers they share."""
