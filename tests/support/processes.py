"""Child processes for tests: each in a session of its own, and its whole group ended after, so
that nothing a test starts (a CLI, its workers, a Prefect server) outlives it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

GRACE_S = 10.0


@contextmanager
def session_process(command: Sequence[str], **popen: Any) -> Iterator[subprocess.Popen[Any]]:
    """Popen in a new session; on exit its process group gets SIGTERM, then SIGKILL."""
    process = subprocess.Popen(list(command), start_new_session=True, **popen)
    try:
        yield process
    finally:
        end_group(process)


def end_group(process: subprocess.Popen[Any]) -> None:
    """End every process of the group the (session-leading) process started."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=GRACE_S)
            if sig == signal.SIGTERM:
                with contextlib.suppress(ProcessLookupError):  # stragglers of the group
                    os.killpg(process.pid, signal.SIGKILL)
            return
        except subprocess.TimeoutExpired:
            continue


def run_in_session(
    command: Sequence[str], *, timeout: float, **popen: Any
) -> subprocess.CompletedProcess[str]:
    """subprocess.run(capture_output=True, text=True) in a session of its own, group ended."""
    with session_process(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen
    ) as process:
        out, err = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(list(command), process.returncode, out, err)


@contextmanager
def duckdb_locked_by_another_process(path: Path) -> Iterator[subprocess.Popen[str]]:
    """A Python process holding a DuckDB connection to path (DuckDB's file lock) for the block;
    up to 30 s."""
    code = (
        f"import duckdb, time\ncon = duckdb.connect({str(path)!r})\nprint('locked', flush=True)\n"
    )
    command = [sys.executable, "-c", code + "time.sleep(30)\n"]
    with session_process(command, stdout=subprocess.PIPE, text=True) as holder:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield holder
