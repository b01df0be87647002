"""DuckDB connections: opening a warehouse file, its lock, transactions and the errors we expect.

DuckDB lets one process write a file at a time, so writers connect briefly (one batch) and
readers retry for a moment when the file is locked, then say clearly who holds it. This is the
bottom layer of warehouse/: it imports nothing from the package.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

_LOCK_MARKERS = ("Could not set lock", "Conflicting lock")
# A write the disk refused: full (ENOSPC), over quota (EDQUOT) or over a file-size limit (EFBIG).
_WRITE_REFUSED = frozenset(
    code for code in (errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", None)) if code
)
_WRITE_REFUSED_REASONS = tuple(os.strerror(code) for code in _WRITE_REFUSED)


class WarehouseError(Exception):
    """An expected warehouse problem (locked, unwritable, missing) with a clear message."""


class WarehouseLocked(WarehouseError):
    pass


def storage_failure(exc: BaseException | None) -> BaseException | None:
    """The exception in exc's chain (itself, then what caused it or was being handled) that
    says a write was refused for lack of space (disk full, quota, file-size limit), or None.

    DuckDB names the file and the OS's reason in whatever it raises at that point: at COMMIT a
    TransactionException ('Failed to commit: Could not write file "…/x.duckdb.wal": No space left
    on device'), elsewhere an IOException. A checkpoint that cannot grow the database file fails
    silently: the committed data stays in the WAL and the next checkpoint writes it.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in _WRITE_REFUSED:
            return exc
        if isinstance(exc, duckdb.Error) and any(r in str(exc) for r in _WRITE_REFUSED_REASONS):
            return exc
        exc = exc.__cause__ or exc.__context__
    return None


def _configure(con: duckdb.DuckDBPyConnection, read_only: bool) -> None:
    con.execute("SET TimeZone = 'UTC'")
    if not read_only:
        # Article texts are long and unique: FSST dictionaries cost checkpoint time for little gain.
        con.execute("SET disabled_compression_methods = 'dict_fsst'")


def connect(
    path: str | Path,
    *,
    read_only: bool = False,
    wait_s: float = 10.0,
    on_wait: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, retrying briefly while another process holds the write lock.

    on_wait, when given, is told once (in words) that the file is locked and we are waiting.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `mediawatch ingest` (or demo) first")
    if not read_only:
        _ensure_parent(path)
    deadline = time.monotonic() + wait_s
    delay = 0.05
    told = False
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            _configure(con, read_only)
            return con
        except duckdb.IOException as exc:
            message = str(exc)
            if not any(marker in message for marker in _LOCK_MARKERS):
                raise WarehouseError(f"cannot open {path}: {message}") from exc
            if on_wait is not None and not told and wait_s > 0:
                on_wait(
                    f"{path} is locked by another process (an ingest is probably writing); "
                    f"waiting up to {wait_s:g} s for it to let go…"
                )
                told = True
            if time.monotonic() >= deadline:
                raise WarehouseLocked(
                    f"{path} is locked by another process (an ingest is probably writing); "
                    f"waited {wait_s:g} s. Try again when it finishes. DuckDB said: {message}"
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _ensure_parent(path: Path) -> None:
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WarehouseError(f"cannot create the database directory {parent}: {exc}") from exc


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN … COMMIT, or ROLLBACK on any error."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def quote_identifier(name: str) -> str:
    """name as a DuckDB identifier, for the DDL that cannot take it as a parameter."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """text as a DuckDB string literal, for the DDL (COMMENT ON) that cannot take parameters."""
    return "'" + text.replace("'", "''") + "'"
