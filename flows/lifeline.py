"""Tie a child process's life to the process that started the run, however that one ends.

Worker processes and the private Prefect server must not outlive the `mediawatch` process: a
SIGKILL runs no `finally`, no `atexit`. Each child therefore watches the run's process itself:
on Linux the kernel sends it SIGTERM when its parent dies (PR_SET_PDEATHSIG), and everywhere a
daemon thread waits on the run's process (a pidfd where the OS has them, else polling) and ends
the child the moment it is gone. The thread covers children whose parent is not the run's
process (workers forked by multiprocessing's fork server).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import select
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
POLL_S = 0.5  # where no pidfd exists


def hold(owner_pid: int) -> None:
    """End this process as soon as `owner_pid` ends (call first thing in the child)."""
    if os.getppid() == owner_pid:
        _die_with_parent()
    try:
        handle = os.pidfd_open(owner_pid) if hasattr(os, "pidfd_open") else None
    except ProcessLookupError:
        os._exit(1)  # the owner is already gone
    except OSError:
        handle = None  # an old kernel, or pidfds not permitted: poll instead
    threading.Thread(target=_watch, args=(owner_pid, handle), daemon=True).start()


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


def _watch(owner_pid: int, handle: int | None) -> None:
    if handle is not None:
        select.select([handle], [], [])  # readable once the process has ended
    else:
        while _alive(owner_pid):
            time.sleep(POLL_S)
    os._exit(1)  # no clean-up to run: the owner that wanted our work is gone


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
