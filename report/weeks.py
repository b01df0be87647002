"""ISO weeks ("2025-W08") in the reporting time zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


class WeekError(ValueError):
    """A week that is not written YYYY-Www or does not exist."""


@dataclass(frozen=True, slots=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """'2025-W08' → IsoWeek(2025, 8); raises WeekError with the expected form."""
        match = _WEEK.match(text.strip())
        if match is None:
            raise WeekError(f"{text!r} is not an ISO week: write it as YYYY-Www, e.g. 2025-W08")
        year, week = int(match.group(1)), int(match.group(2))
        try:
            date.fromisocalendar(year, week, 1)
        except ValueError:
            raise WeekError(f"{text!r} does not exist: {year} has no week {week}") from None
        return cls(year, week)

    @classmethod
    def containing(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def last_ending_by(cls, day: date) -> IsoWeek:
        """The latest week whose Sunday is on or before `day`."""
        week = cls.containing(day)
        return week if day.isoweekday() == 7 else week.shift(-1)

    @classmethod
    def last_complete(cls, now: datetime, tz: ZoneInfo) -> IsoWeek:
        """The last ISO week that has ended by `now` in time zone `tz`."""
        return cls.last_ending_by(now.astimezone(tz).date() - timedelta(days=1))

    @property
    def start(self) -> date:
        """Monday, the first day of the week."""
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def end(self) -> date:
        """The Monday after: the exclusive end of the week."""
        return self.start + timedelta(days=7)

    @property
    def last_day(self) -> date:
        return self.start + timedelta(days=6)

    def shift(self, weeks: int) -> IsoWeek:
        return IsoWeek.containing(self.start + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.week:02d}"
