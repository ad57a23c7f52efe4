"""Working days and hours of the registry operator: the calendar every deadline is counted in.

Pure: nothing here reads the clock. Every function is given the instant it works from, and every
instant it returns is a timezone-aware datetime in UTC, ready to be stored.

Working time is counted in the local wall-clock time of the calendar's timezone (Europe/London by
default), so a working day is always ``end - start`` long (8.5 hours by default), also on the days
next to a change of the clocks in March and October. A deadline in working days is a deadline in
working hours: ``add_working_days(t, n) == add_working_hours(t, n * working_day_length())``.
"""

from __future__ import annotations

import functools
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from mailbot.errors import ConfigError, InputError

# How far ahead a search for the next working day may go before the calendar is judged to have
# none: ten years (3660 days) is far past any deadline the service sets, and it stops a calendar
# whose closed days cover every working day from looping for ever.
SEARCH_HORIZON = timedelta(days=3660)

# Bank holiday regions, named as in ISO 3166-2, mapped to the `holidays` package's subdivisions.
# England and Wales share one list of bank holidays; GB-WLS is accepted as the same thing.
BANK_HOLIDAY_REGIONS: Mapping[str, str] = MappingProxyType(
    {"GB-ENG": "ENG", "GB-WLS": "WLS", "GB-SCT": "SCT", "GB-NIR": "NIR"}
)

# What holiday_name() says for a day listed in closed_days that is not also a bank holiday.
CLOSURE_NAME = "Registry closed"


class CalendarError(ConfigError, ValueError):
    """The working calendar cannot work as set up (no working days, start not before end...)."""


class WorkingTimeError(InputError, ValueError):
    """An instant or amount of working time given to the calendar cannot be used as it is."""


@functools.lru_cache(maxsize=256)
def _bank_holidays(subdiv: str, year: int) -> Mapping[date, str]:
    """The bank holidays of one region and year, substitute days included, fetched once.

    A plain, read-only mapping is cached rather than the `holidays` object itself: that object
    adds whole years to itself when asked about a date outside them, so sharing it would let the
    cache grow on every lookup.
    """
    found = holidays.country_holidays("GB", subdiv=subdiv, years=year)
    return MappingProxyType(dict(found))


@dataclass(frozen=True)
class Calendar:
    """When the registry operator works: days of the week, opening hours, bank holidays, closures.

    ``timezone`` is an IANA name; ``start`` and ``end`` are local wall-clock times (start
    inclusive, end exclusive); ``weekdays`` uses Monday=0; ``bank_holidays`` is "GB-ENG" (England
    and Wales, the default), "GB-WLS" (the same list), "GB-SCT", "GB-NIR", or None for no bank
    holidays; ``closed_days`` are extra local dates on which the registry is closed. Sets and lists
    given for ``weekdays`` and ``closed_days`` are stored as frozensets, so a calendar is hashable.
    """

    timezone: str = "Europe/London"
    start: time = time(9, 0)
    end: time = time(17, 30)
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    bank_holidays: str | None = "GB-ENG"
    closed_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        # A calendar comes from rules.yaml: accept any iterable there, but keep the object frozen
        # and hashable.
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        object.__setattr__(self, "closed_days", frozenset(self.closed_days))
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError) as exc:
            raise CalendarError(f"timezone {self.timezone!r} is not a known IANA timezone") from exc
        for name in ("start", "end"):
            value = getattr(self, name)
            if not isinstance(value, time) or value.tzinfo is not None:
                raise CalendarError(
                    f"{name} must be a local time of day without a timezone, not {value!r}"
                )
        if self.start >= self.end:
            raise CalendarError(f"start {self.start} must be before end {self.end}")
        if not self.weekdays:
            raise CalendarError("weekdays is empty: a calendar needs at least one working day")
        bad = sorted(repr(d) for d in self.weekdays if isinstance(d, bool) or d not in range(7))
        if bad:
            raise CalendarError(f"weekdays must be 0 (Monday) to 6 (Sunday), not {', '.join(bad)}")
        if self.bank_holidays is not None and self.bank_holidays not in BANK_HOLIDAY_REGIONS:
            known = ", ".join(BANK_HOLIDAY_REGIONS)
            raise CalendarError(
                f"bank_holidays {self.bank_holidays!r} is not one of {known} or None"
            )
        for day in self.closed_days:
            if isinstance(day, datetime) or not isinstance(day, date):
                raise CalendarError(f"closed_days must hold dates, not {day!r}")

    # -- days ---------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """True if the local date ``day`` is a working weekday, not a bank holiday, not closed."""
        day = self._check_date(day)
        return (
            day.weekday() in self.weekdays
            and day not in self.closed_days
            and self._bank_holiday(day) is None
        )

    def holiday_name(self, day: date) -> str | None:
        """Why ``day`` is closed although it may fall on a working weekday, for display.

        Gives the bank holiday's name as the `holidays` package spells it (for example
        "Boxing Day (observed)" for a substitute day), or ``CLOSURE_NAME`` for one of the extra
        closed days. A bank holiday is named even when it falls on a weekend. None means no such
        reason: an ordinary working day, or a plain non-working day such as a Saturday.
        """
        day = self._check_date(day)
        name = self._bank_holiday(day)
        if name is not None:
            return name
        if day in self.closed_days:
            return CLOSURE_NAME
        return None

    def prepare(self, *years: int) -> None:
        """Read the bank holidays of these years now, as a service starts: the first deadline counted would
        otherwise wait for the `holidays` package to import its calendars (a few tenths of a second)."""
        if self.bank_holidays is not None:
            for year in years:
                _bank_holidays(BANK_HOLIDAY_REGIONS[self.bank_holidays], year)

    def working_day_length(self) -> timedelta:
        """Working hours in one working day: ``end - start`` in wall-clock time (8.5 by default)."""
        anchor = date(2000, 1, 3)
        return datetime.combine(anchor, self.end) - datetime.combine(anchor, self.start)

    # -- instants -----------------------------------------------------------------------------

    def is_working_time(self, instant: datetime) -> bool:
        """True if the aware ``instant`` (any zone) is working time: start inclusive, end exclusive.

        Raises WorkingTimeError (a ValueError) for a naive datetime.
        """
        local = self._to_local(instant)
        return self.is_working_day(local.date()) and self.start <= local.time() < self.end

    def next_working_time(self, instant: datetime) -> datetime:
        """The aware ``instant`` itself if it is working time, else the next opening; both in UTC.

        An instant exactly at the close counts as after it: the next opening is returned.
        """
        return self._to_utc(self._next_open(self._to_local(instant)))

    def add_working_hours(self, instant: datetime, hours: float | timedelta) -> datetime:
        """The UTC instant that is ``hours`` of working time after the aware ``instant``.

        Counting starts at ``next_working_time(instant)``, so time outside working hours does not
        count: at Friday 17:00 plus 2 hours is Monday 10:30. A result that lands exactly at the
        close stays at the close of that day rather than moving to the next opening. Zero hours
        gives ``instant`` unchanged (converted to UTC), even outside working time. Negative or
        non-finite amounts, and amounts that reach more than 3660 days ahead, raise
        WorkingTimeError (a ValueError).
        """
        amount = _as_timedelta(hours)
        local = self._to_local(instant)
        if amount == timedelta(0):
            return instant.astimezone(UTC)
        first_day = local.date()
        current = self._next_open(local)
        while True:
            closing = datetime.combine(current.date(), self.end)
            available = closing - current
            # `<=` keeps a result that lands exactly on the close at that day's close.
            if amount <= available:
                return self._to_utc(current + amount)
            amount -= available
            next_day = self._next_working_day(current.date() + timedelta(days=1))
            if next_day - first_day > SEARCH_HORIZON:
                raise WorkingTimeError(
                    f"{hours} working hours reach more than {SEARCH_HORIZON.days} days ahead"
                )
            current = datetime.combine(next_day, self.start)

    def add_working_days(self, instant: datetime, days: int) -> datetime:
        """The UTC instant that is ``days`` working days after the aware ``instant``.

        A working day is counted as ``working_day_length()`` of working hours, so this is exactly
        ``add_working_hours(instant, days * working_day_length())``: Friday 16:00 plus 1 is Monday
        16:00; a Saturday, or 08:00 on a working day, plus 1 is the close of the next working day
        (the same day, for 08:00); 17:30 or later counts from the next opening. Zero days gives
        ``instant`` unchanged in UTC. Negative or non-integer ``days`` raise WorkingTimeError.
        """
        if isinstance(days, bool) or not isinstance(days, numbers.Integral):
            raise WorkingTimeError(f"working days must be a whole number, not {days!r}")
        if days < 0:
            raise WorkingTimeError(f"working days must not be negative, not {days}")
        return self.add_working_hours(instant, int(days) * self.working_day_length())

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """How much working time passes from ``start`` to ``end`` (zero if ``end`` is not later)."""
        current, until = self._next_open(self._to_local(start)), self._to_local(end)
        total = timedelta(0)
        while current < until:
            closing = datetime.combine(current.date(), self.end)
            total += min(closing, until) - current
            current = self._next_open(closing)
        return total

    def working_days_between(self, start: datetime, end: datetime) -> int:
        """Whole working days from ``start`` to ``end``: for "not verified after 3 working days"."""
        return self.working_time_between(start, end) // self.working_day_length()

    # -- internals ----------------------------------------------------------------------------

    def _bank_holiday(self, day: date) -> str | None:
        if self.bank_holidays is None:
            return None
        # Substitute days in GB always fall in the same year as the holiday they replace (the
        # latest is 28 December), so one year's list is enough for any date.
        return _bank_holidays(BANK_HOLIDAY_REGIONS[self.bank_holidays], day.year).get(day)

    def _to_local(self, instant: datetime) -> datetime:
        """Naive local wall-clock time of an aware instant; all counting is done on these."""
        if not isinstance(instant, datetime):
            raise WorkingTimeError(f"expected a datetime, not {instant!r}")
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise WorkingTimeError(
                f"datetime {instant.isoformat()} has no timezone: give an aware datetime"
            )
        return instant.astimezone(ZoneInfo(self.timezone)).replace(tzinfo=None)

    def _to_utc(self, local: datetime) -> datetime:
        return local.replace(tzinfo=ZoneInfo(self.timezone)).astimezone(UTC)

    def _next_open(self, local: datetime) -> datetime:
        """``local`` if it is working time, else the next opening, both as naive local wall time."""
        day = local.date()
        if self.is_working_day(day) and local.time() < self.end:
            return max(local, datetime.combine(day, self.start))
        return datetime.combine(self._next_working_day(day + timedelta(days=1)), self.start)

    def _next_working_day(self, day: date) -> date:
        """The first working day on or after ``day``."""
        for offset in range(SEARCH_HORIZON.days + 1):
            candidate = day + timedelta(days=offset)
            if self.is_working_day(candidate):
                return candidate
        raise CalendarError(
            f"no working day in the {SEARCH_HORIZON.days} days from {day.isoformat()}: "
            "check weekdays and closed_days"
        )

    @staticmethod
    def _check_date(day: date) -> date:
        # A datetime is a date too, but which local date it falls on depends on the timezone:
        # refuse it rather than guess.
        if isinstance(day, datetime) or not isinstance(day, date):
            raise WorkingTimeError(
                f"expected a date, not {day!r}: use is_working_time for an instant"
            )
        return day


def _as_timedelta(hours: float | timedelta) -> timedelta:
    """An amount of working time as a timedelta; refuses negative, non-finite, non-numeric ones."""
    if isinstance(hours, timedelta):
        amount = hours
    elif isinstance(hours, numbers.Real) and not isinstance(hours, bool):
        if not math.isfinite(hours):
            raise WorkingTimeError(f"working hours must be a finite number, not {hours!r}")
        try:
            amount = timedelta(hours=float(hours))
        except OverflowError as exc:
            raise WorkingTimeError(f"{hours} working hours is too large") from exc
    else:
        raise WorkingTimeError(f"working hours must be a number or a timedelta, not {hours!r}")
    if amount < timedelta(0):
        raise WorkingTimeError(f"working hours must not be negative, not {hours}")
    return amount
