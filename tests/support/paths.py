"""Where things are, for tests that read the repository's files or run commands in it."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO_ROOT = TESTS.parent
DATA = TESTS / "data"  # labelled sets with measured floors
FIXTURES = TESTS / "fixtures"  # hand-written feeds and pages, each saying what it expects
README = REPO_ROOT / "README.md"
PREFECT_YAML = REPO_ROOT / "prefect.yaml"
