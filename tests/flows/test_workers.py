"""The worker pool: results in order, one item's failure touches no other, a dead worker is
replaced, and an item that kills its worker twice comes back as a failure."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import psutil
import pytest

from flows.workers import WorkerPool

KILLER, RAISER = -1, -2


def double(items: list[int]) -> list[int]:
    """The work: doubles each item; KILLER kills the worker process, RAISER raises."""
    out = []
    for item in items:
        if item == KILLER:
            os._exit(3)
        if item == RAISER:
            raise ValueError("a bad item")
        out.append(item * 2)
    return out


def failed(item: int, exc: BaseException) -> str:
    return f"failed {item}: {type(exc).__name__}"


def run(items: list[int], workers: int = 2, split: int | None = None) -> tuple[list, int]:
    async def go() -> tuple[list, int]:
        async with WorkerPool(workers, split=split) as pool:
            results = await pool.map_split(double, items, on_failure=failed)
            again = await pool.map_split(double, [5, 6], on_failure=failed)  # still works
            assert again == [10, 12]
            return results, pool.restarts

    return asyncio.run(go())


def test_results_come_back_in_order_across_parts():
    assert run(list(range(10)), split=3) == ([i * 2 for i in range(10)], 0)


@pytest.mark.parametrize(
    ("workers", "items", "size"),
    [
        (2, 100, 13),  # four parts per worker: one finishing early takes another
        (16, 100, 10),  # never below MIN_PART: small parts batch badly
        (2, 7, 7),  # a small batch is one part
        (1, 100, 25),
    ],
)
def test_a_batch_is_cut_into_four_parts_per_worker_of_at_least_ten_articles(workers, items, size):
    assert WorkerPool(workers).part_size(items) == size


@pytest.mark.parametrize(("workers", "items", "size"), [(2, 80, 5), (2, 200, 13), (1, 4, 4)])
def test_the_last_batch_goes_in_parts_half_the_size(workers, items, size):
    """So that the lanes finish the run nearly together: no part under 5 articles."""
    assert WorkerPool(workers).part_size(items, last=True) == size


def test_one_call_can_ask_for_its_items_in_one_part():
    async def go() -> list[int]:
        async with WorkerPool(2) as pool:
            return await pool.map_split(sizes, list(range(9)), on_failure=failed, split=1)

    assert asyncio.run(go()) == [9] * 9


def sizes(items: list[int]) -> list[int]:
    """How many items came in this call, once per item."""
    return [len(items)] * len(items)


def test_an_item_that_raises_fails_alone():
    results, restarts = run([1, 2, RAISER, 3, 4, 5])
    assert results == [2, 4, "failed -2: ValueError", 6, 8, 10]
    assert restarts == 0


def test_an_item_that_kills_its_worker_twice_fails_alone_and_the_rest_is_done():
    results, restarts = run([1, 2, 3, KILLER, 4, 5, 6, 7])
    assert results == [2, 4, 6, "failed -1: BrokenProcessPool", 8, 10, 12, 14]
    assert restarts == 2  # once with its part, once alone; no other item is blamed


def test_a_worker_killed_from_outside_is_replaced():
    async def go() -> tuple[list[int], int]:
        async with WorkerPool(2) as pool:
            assert await pool.map_split(double, [1, 2], on_failure=failed) == [2, 4]
            lanes = _lane_processes()
            assert len(lanes) == 2
            os.kill(lanes[0].pid, signal.SIGKILL)
            lanes[0].wait(10)
            results = await pool.map_split(double, list(range(6)), on_failure=failed)
            return results, pool.restarts

    results, restarts = asyncio.run(go())
    assert results == [0, 2, 4, 6, 8, 10]
    assert restarts == 1


def test_worker_processes_end_with_the_pool():
    async def go() -> list[psutil.Process]:
        async with WorkerPool(2) as pool:
            await pool.map_split(double, [1, 2], on_failure=failed)
            return _lane_processes()

    lanes = asyncio.run(go())
    _, alive = psutil.wait_procs(lanes, timeout=10)
    assert not alive


def _lane_processes() -> list[psutil.Process]:
    """The worker processes forked for this test process (children of its fork server)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = [
            p
            for p in psutil.Process().children(recursive=True)
            if p.parent() is not None and p.parent().pid != os.getpid()
        ]
        if found:
            return found
        time.sleep(0.1)
    pytest.fail("no worker process found")
