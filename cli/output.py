"""Printing rows: a readable table in a terminal, plain CSV or JSON for scripts."""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Collection, Mapping, Sequence
from typing import Any

_SPARKS = "▁▂▃▄▅▆▇█"
_EIGHTHS = "▏▎▍▌▋▊▉█"


def print_rows(rows: Sequence[Mapping[str, Any]], fmt: str = "table") -> None:
    """Print rows as a table (aligned in a terminal), CSV or JSON."""
    if fmt == "json":
        json.dump(list(rows), sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return
    if fmt == "csv" or (fmt == "table" and not rows):
        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return
    _print_table(rows, right=(), title=None)


def print_table(
    rows: Sequence[Mapping[str, Any]],
    *,
    right: Collection[str] = (),
    title: str | None = None,
) -> None:
    """A table for people: numbers (and the columns named in right, e.g. pre-formatted numbers)
    right-aligned, floats shortened, an optional title line above."""
    if title:
        from rich.console import Console

        Console(width=None if sys.stdout.isatty() else 200, highlight=False).print(title)
    if rows:
        shown = [{k: _short(v) for k, v in row.items()} for row in rows]
        numeric = {
            name
            for name in rows[0]
            if all(isinstance(r.get(name), int | float) for r in rows if r.get(name) is not None)
        }
        _print_table(shown, right=set(right) | numeric, title=None)


def _short(value: Any) -> Any:
    """Floats to at most 4 decimals for reading; everything else as it is."""
    if isinstance(value, float) and math.isfinite(value):
        text = f"{value:,.4f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return value


def _print_table(
    rows: Sequence[Mapping[str, Any]], *, right: Collection[str], title: str | None
) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, header_style="bold", title=title)
    for name in rows[0]:
        numeric = name in right or all(
            isinstance(r.get(name), int | float) for r in rows if r.get(name) is not None
        )
        table.add_column(str(name), justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if v is None else str(v)) for v in row.values()))
    # Wide enough never to wrap in a pipe; rich picks the terminal width when there is one.
    Console(width=None if sys.stdout.isatty() else 200).print(table)


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value, from ▁ (zero or the lowest) to █ (the highest), anything above
    the lowest at least ▂; None is a space."""
    present = [v for v in values if v is not None]
    top = max(present, default=0)
    low = min(0, min(present, default=0))
    span = (top - low) or 1

    def level(v: float) -> int:
        return 0 if v <= low else max(1, round((v - low) / span * (len(_SPARKS) - 1)))

    return "".join(" " if v is None else _SPARKS[level(v)] for v in values)


def bar(value: float, most: float, width: int = 20) -> str:
    """A horizontal bar, value/most of width characters, drawn in eighths of a character."""
    if most <= 0 or value <= 0:
        return ""
    eighths = max(1, round(min(value / most, 1.0) * width * 8))
    full, rest = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[rest - 1] if rest else "")
