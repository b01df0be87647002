"""Printing rows: a readable table in a terminal, plain CSV or JSON for scripts."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any


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
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_edge=False, header_style="bold")
    for name in rows[0]:
        numeric = all(isinstance(r.get(name), int | float) for r in rows if r.get(name) is not None)
        table.add_column(str(name), justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*(Text("" if v is None else str(v)) for v in row.values()))
    # Wide enough never to wrap in a pipe; rich picks the terminal width when there is one.
    Console(width=None if sys.stdout.isatty() else 200).print(table)
