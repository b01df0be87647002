"""Imported by multiprocessing's fork server (see flows.workers), and for nothing else: the
models every worker needs are loaded there once, before the workers fork from it, so that their
memory is shared between the workers (copy-on-write) instead of loaded again in each."""

from pipelines.articles import load_shared_models

load_shared_models()
