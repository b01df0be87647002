"""Number and date formatting shared by the HTML and Markdown reports."""

from __future__ import annotations

from datetime import date, datetime

MINUS = "\u2212"


def number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    text = f"{abs(value):,.{digits}f}"
    return f"{MINUS}{text}" if value < 0 and text.strip("0.,") else text


def signed(value: float | None, digits: int = 2) -> str:
    """+0.12 / −0.12 / 0.00; a dash when there is no value."""
    if value is None:
        return "–"
    text = f"{abs(value):.{digits}f}"
    if not text.strip("0."):
        return text
    return f"+{text}" if value > 0 else f"{MINUS}{text}"


def percent(value: float | None, digits: int = 0) -> str:
    """A share in [0, 1] as a percentage."""
    return "–" if value is None else f"{value * 100:.{digits}f}%"


def change(value: float | None, current: float | None = None) -> str:
    """A change in percent (already ×100), signed; 'new' when there was nothing before."""
    if value is None:
        return "new" if current else "–"
    return f"{signed(value, 0)}%"


def points(value: float | None) -> str:
    """A change of a share in percentage points."""
    return "–" if value is None else f"{signed(value * 100, 1)} pt"


def day(value: date | datetime | None) -> str:
    return "–" if value is None else f"{value:%a %d %b}"


def stamp(value: datetime | None) -> str:
    return "never" if value is None else f"{value:%d %b %Y %H:%M %Z}"


def moment(value: datetime | None) -> str:
    """A day and a time of day, e.g. Mon 17 Feb 09:05."""
    return "–" if value is None else f"{value:%a %d %b %H:%M}"


def hours(value: float | None) -> str:
    """A duration: minutes under an hour, hours under two days, then days."""
    if value is None:
        return "–"
    if value < 1:
        return f"{round(value * 60)} min"
    if value < 48:
        return f"{value:.1f} h"
    return f"{value / 24:.1f} d"
