"""Where the warehouse's SQL lives, and how it is found and read.

- migrations/NNN_name.sql: the schema, applied once each in order (warehouse.schema);
- views/name.sql: the views, staging (stg_) → intermediate (int_) → trend (warehouse.materialize);
- queries/name.sql: named queries for the CLI, the report and the flows (warehouse.reads);
- sql/name.sql: the statements the warehouse modules run themselves (migrations bookkeeping,
  settings, view application, the refresh of the materialized tables);
- checks/name.sql: data checks, each returning no rows when the warehouse is healthy.

Every file holds one statement whose values are bound parameters ($name or ?).
"""

from __future__ import annotations

import re
from pathlib import Path

from warehouse.connection import WarehouseError

PACKAGE_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
VIEWS_DIR = PACKAGE_DIR / "views"
QUERIES_DIR = PACKAGE_DIR / "queries"
STATEMENTS_DIR = PACKAGE_DIR / "sql"
CHECKS_DIR = PACKAGE_DIR / "checks"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_VIEW_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


def _read(folder: Path, name: str, what: str) -> str:
    path = folder / f"{name}.sql"
    if not path.is_file():
        raise WarehouseError(f"no {what} {name!r} in {folder}")
    return path.read_text(encoding="utf-8")


def query_sql(name: str) -> str:
    """The text of a named query in warehouse/queries/NAME.sql."""
    return _read(QUERIES_DIR, name, "named query")


def statement(name: str) -> str:
    """The text of an internal statement in warehouse/sql/NAME.sql."""
    return _read(STATEMENTS_DIR, name, "statement")


def check_files() -> list[Path]:
    """Every data check, in name order."""
    return sorted(CHECKS_DIR.glob("*.sql"))


def migration_files() -> list[tuple[int, str, Path]]:
    """(version, name, path) of every migration, in order."""
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(path.name)
        if match is None:
            raise WarehouseError(f"migration file {path.name} is not named NNN_name.sql")
        found.append((int(match.group(1)), path.stem, path))
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise WarehouseError("two migrations share a number")
    return found


def view_files() -> list[tuple[str, Path]]:
    """(name, path) of every view in warehouse/views/, each after the views it reads (by name)."""
    paths = {}
    for path in VIEWS_DIR.glob("*.sql"):
        if _VIEW_NAME.match(path.stem) is None:
            raise WarehouseError(f"view file {path.name} is not named lower_case_name.sql")
        paths[path.stem] = path
    reads = {
        name: {
            other
            for other in paths
            if other != name and re.search(rf"\b{other}\b", path.read_text(encoding="utf-8"))
        }
        for name, path in paths.items()
    }
    ordered: list[str] = []
    while len(ordered) < len(paths):
        ready = sorted(n for n in paths if n not in ordered and reads[n] <= set(ordered))
        if not ready:
            raise WarehouseError(
                f"views read each other in a cycle: {sorted(set(paths) - set(ordered))}"
            )
        ordered.extend(ready)
    return [(name, paths[name]) for name in ordered]
