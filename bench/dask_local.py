"""A Dask cluster on 127.0.0.1 started the way the README says (`dask scheduler`, `dask worker`),
and a sampler of what its processes cost (CPU seconds, peak RSS). For the scaling benchmarks.

Each command runs in a session of its own and its whole process group is ended after; the
scheduler also closes itself when idle, and the workers when their scheduler is gone, so that
nothing outlives a benchmark killed half-way.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

DASK = str(Path(sys.executable).with_name("dask"))
START_TIMEOUT_S = 120
HOOKS: dict[str, Any] = {}  # callbacks a benchmark keeps out of what it ships to workers


@dataclass
class Cluster:
    address: str
    roots: list[psutil.Process]  # the scheduler's and the workers' command processes


@contextmanager
def dask_cluster(
    workers: int, env: Mapping[str, str] | None = None, preload: str | None = None
) -> Iterator[Cluster]:
    """`dask scheduler` and `dask worker ADDRESS --nworkers N --nthreads 1` on 127.0.0.1."""
    environ = {**os.environ, **(env or {})}
    with tempfile.TemporaryDirectory(prefix="mw-dask-") as tmp:
        info = Path(tmp) / "scheduler.json"
        scheduler_cmd = [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0"]
        scheduler_cmd += ["--no-dashboard", "--scheduler-file", str(info), "--idle-timeout", "1h"]
        started: list[subprocess.Popen[bytes]] = []
        log = open(Path(tmp) / "cluster.log", "ab")  # noqa: SIM115 - closed below
        try:
            started.append(_start(scheduler_cmd, environ, log))
            address = _address(info, started[0])
            worker_cmd = [DASK, "worker", address, "--nworkers", str(workers), "--nthreads", "1"]
            worker_cmd += ["--no-dashboard", "--host", "127.0.0.1", "--death-timeout", "60"]
            worker_cmd += ["--preload", preload] if preload else []
            started.append(_start(worker_cmd, environ, log))
            _wait_for_workers(address, workers)
            yield Cluster(address, [psutil.Process(p.pid) for p in started])
        finally:
            for process in reversed(started):
                _end_group(process)
            log.close()


def _start(cmd: list[str], env: Mapping[str, str], log) -> subprocess.Popen[bytes]:
    return subprocess.Popen(cmd, env=dict(env), stdout=log, stderr=log, start_new_session=True)


def _address(info: Path, scheduler: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if scheduler.poll() is not None:
            raise RuntimeError(f"dask scheduler exited ({scheduler.returncode})")
        with contextlib.suppress(FileNotFoundError, json.JSONDecodeError):
            return json.loads(info.read_text())["address"]
        time.sleep(0.1)
    raise RuntimeError("dask scheduler did not start")


def _wait_for_workers(address: str, n: int) -> None:
    from distributed import Client

    with Client(address, set_as_default=False, timeout=START_TIMEOUT_S) as client:
        client.wait_for_workers(n, timeout=START_TIMEOUT_S)


def _end_group(process: subprocess.Popen[bytes]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=15)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # stragglers of the group
            return
        except subprocess.TimeoutExpired:
            continue


def count_bytes(items: list[bytes]) -> list[int]:
    """The engine benchmark's work: next to nothing, so that the engine's cost shows."""
    return [len(item) for item in items]


def tree(roots: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for root in roots:
        with contextlib.suppress(psutil.Error):
            out += [root, *root.children(recursive=True)]
    return out


class Sampler(threading.Thread):
    """CPU seconds (user + system) and peak summed RSS of some process trees, every 0.2 s.
    `cpu()` is the total of every process seen, alive or not (its last sample)."""

    def __init__(self, roots: list[psutil.Process]) -> None:
        super().__init__(daemon=True)
        self.roots = roots
        self.peak_rss = 0
        self._cpu: dict[int, float] = {}
        self._halt = threading.Event()

    def sample(self) -> None:
        total = 0
        for p in tree(self.roots):
            try:
                with p.oneshot():
                    total += p.memory_info().rss
                    self._cpu[p.pid] = sum(p.cpu_times()[:2])
            except psutil.Error:
                continue
        self.peak_rss = max(self.peak_rss, total)

    def cpu(self) -> float:
        self.sample()
        return sum(self._cpu.values())

    def run(self) -> None:
        while not self._halt.wait(0.2):
            self.sample()

    def stop(self) -> None:
        self._halt.set()
        self.join()
