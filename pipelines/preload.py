"""Imported by multiprocessing's fork server (see flows.workers), and for nothing else: the
models every worker needs are loaded there once, before the workers fork from it, so that their
memory is shared between the workers (copy-on-write) instead of loaded again in each.

`gc.freeze()` keeps it shared: the collector would otherwise walk every one of these objects in
each worker, writing to their headers and so copying every page that holds one."""

import gc

from pipelines.articles import load_shared_models

load_shared_models()
gc.freeze()
