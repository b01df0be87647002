"""`workers`: a number of local processes, or a Dask scheduler's address, from any layer."""

from __future__ import annotations

import pytest

from settings import ConfigError, load_settings


@pytest.mark.parametrize(
    ("given", "expected"),
    [(3, 3), ("2", 2), ("tcp://scheduler.internal:8786", "tcp://scheduler.internal:8786")],
)
def test_a_number_or_a_scheduler_address(given: object, expected: object) -> None:
    assert load_settings(workers=given).workers == expected


def test_the_environment_names_a_scheduler(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIAWATCH_WORKERS", "tcp://127.0.0.1:8786")
    assert load_settings().workers == "tcp://127.0.0.1:8786"


@pytest.mark.parametrize("given", [0, "fast", "http://scheduler:8786", "tcp://scheduler", True])
def test_anything_else_is_refused_with_the_fix(given: object) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(workers=given)
    assert "workers: tcp://scheduler:8786" in str(caught.value)
