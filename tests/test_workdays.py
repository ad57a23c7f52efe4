"""Tests for the working calendar that every workflow deadline is counted in (mailbot.workdays)."""

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mailbot.errors import ConfigError, InputError, MailbotError
from mailbot.workdays import CLOSURE_NAME, Calendar, CalendarError, WorkingTimeError

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
CAL = Calendar()


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def assert_utc(actual: datetime, expected: datetime) -> None:
    """Same instant, and handed back in UTC as the module promises."""
    assert actual == expected
    assert actual.tzinfo is UTC


# -- the shape of the calendar ---------------------------------------------------------------


def test_default_working_day_is_eight_and_a_half_hours() -> None:
    assert CAL.working_day_length() == timedelta(hours=8, minutes=30)
    assert Calendar(start=time(8), end=time(16)).working_day_length() == timedelta(hours=8)


def test_sets_given_for_weekdays_and_closed_days_are_frozen() -> None:
    cal = Calendar(weekdays={0, 1}, closed_days=[date(2026, 7, 1)])
    assert cal.weekdays == frozenset({0, 1})
    assert cal.closed_days == frozenset({date(2026, 7, 1)})
    assert hash(cal) == hash(Calendar(weekdays=frozenset({0, 1}), closed_days={date(2026, 7, 1)}))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weekdays": frozenset()},
        {"weekdays": frozenset({7})},
        {"start": time(17, 30), "end": time(9)},
        {"start": time(9), "end": time(9)},
        {"timezone": "Europe/Atlantis"},
        {"bank_holidays": "GB"},
        {"bank_holidays": "ENG"},
        {"start": time(9, tzinfo=UTC)},
        {"closed_days": frozenset({datetime(2026, 12, 24, tzinfo=UTC)})},
    ],
)
def test_a_calendar_that_cannot_work_is_refused(kwargs: dict) -> None:
    with pytest.raises(CalendarError) as caught:
        Calendar(**kwargs)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, ConfigError)


# -- working days ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 6, 3), True),  # Wednesday
        (date(2026, 6, 6), False),  # Saturday
        (date(2026, 6, 7), False),  # Sunday
        (date(2026, 1, 1), False),  # New Year's Day
        (date(2026, 12, 24), True),  # Christmas Eve is not a bank holiday
        (date(2026, 12, 25), False),  # Christmas Day, Friday
        (date(2026, 12, 28), False),  # substitute for Boxing Day on Saturday 26th
        (date(2026, 12, 29), True),
        (date(2027, 3, 26), False),  # Good Friday 2027
        (date(2027, 3, 29), False),  # Easter Monday 2027
        (date(2027, 3, 30), True),
        (date(2026, 5, 4), False),  # early May bank holiday
        (date(2026, 5, 25), False),  # spring bank holiday
        (date(2026, 8, 31), False),  # summer bank holiday
        (date(2027, 12, 27), False),  # substitute for Christmas Day on Saturday 25th
        (date(2027, 12, 28), False),  # substitute for Boxing Day on Sunday 26th
        (date(2027, 12, 29), True),
        (date(2040, 12, 25), False),  # far years are looked up too
    ],
)
def test_is_working_day_england_and_wales(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_holiday_names_say_why_a_day_is_closed() -> None:
    assert CAL.holiday_name(date(2026, 12, 25)) == "Christmas Day"
    assert CAL.holiday_name(date(2026, 12, 26)) == "Boxing Day"  # named even on a Saturday
    assert CAL.holiday_name(date(2026, 12, 28)) == "Boxing Day (observed)"
    assert CAL.holiday_name(date(2027, 12, 27)) == "Christmas Day (observed)"
    assert CAL.holiday_name(date(2027, 3, 26)) == "Good Friday"
    assert CAL.holiday_name(date(2027, 3, 29)) == "Easter Monday"
    assert CAL.holiday_name(date(2026, 5, 4)) == "May Day"
    assert CAL.holiday_name(date(2026, 8, 31)) == "Late Summer Bank Holiday"
    assert CAL.holiday_name(date(2026, 6, 3)) is None  # ordinary Wednesday
    assert CAL.holiday_name(date(2026, 6, 6)) is None  # ordinary Saturday


def test_extra_closed_days() -> None:
    closure = frozenset({date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)})
    cal = Calendar(closed_days=closure)
    assert not cal.is_working_day(date(2026, 12, 30))
    assert cal.holiday_name(date(2026, 12, 30)) == CLOSURE_NAME
    # A bank holiday that is also a closed day keeps its own name.
    christmas = date(2026, 12, 25)
    assert Calendar(closed_days=frozenset({christmas})).holiday_name(christmas) == "Christmas Day"
    # Thursday 24 December 16:00 plus 1 working day: Christmas, the weekend, the substitute day,
    # the closure and New Year's Day all pass before Monday 4 January 2027.
    assert_utc(cal.add_working_days(london(2026, 12, 24, 16), 1), utc(2027, 1, 4, 16))


def test_other_regions_and_none() -> None:
    scotland = Calendar(bank_holidays="GB-SCT")
    assert scotland.is_working_day(date(2026, 4, 6))  # no Easter Monday in Scotland
    assert not scotland.is_working_day(date(2026, 1, 2))  # but 2 January is a holiday
    assert not scotland.is_working_day(date(2026, 8, 3))  # summer holiday is the first Monday
    northern_ireland = Calendar(bank_holidays="GB-NIR")
    assert northern_ireland.holiday_name(date(2026, 3, 17)) == "Saint Patrick's Day"
    wales = Calendar(bank_holidays="GB-WLS")
    assert wales.holiday_name(date(2026, 8, 31)) == "Late Summer Bank Holiday"
    no_holidays = Calendar(bank_holidays=None)
    assert no_holidays.is_working_day(date(2026, 12, 25))
    assert no_holidays.holiday_name(date(2026, 12, 25)) is None


def test_a_datetime_is_not_taken_for_a_date() -> None:
    with pytest.raises(WorkingTimeError):
        CAL.is_working_day(datetime(2026, 6, 3, 12, tzinfo=UTC))


# -- working time ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "working"),
    [
        (london(2026, 6, 3, 8, 59, 59), False),
        (london(2026, 6, 3, 9, 0), True),  # opening is inclusive
        (london(2026, 6, 3, 17, 29, 59, 999999), True),
        (london(2026, 6, 3, 17, 30), False),  # close is exclusive
        (london(2026, 6, 6, 12), False),  # Saturday
        (london(2026, 12, 28, 12), False),  # substitute bank holiday
        (utc(2026, 6, 3, 8, 0), True),  # 09:00 BST
        (utc(2026, 6, 3, 16, 30), False),  # 17:30 BST
        (utc(2026, 1, 7, 8, 30), False),  # 08:30 GMT
        (utc(2026, 1, 7, 17, 15), True),  # 17:15 GMT
        (datetime(2026, 6, 3, 4, 0, tzinfo=NEW_YORK), True),  # 09:00 BST
        (datetime(2026, 6, 3, 1, 0, tzinfo=TOKYO), True),  # Wednesday in Tokyo, Tuesday 17:00 BST
        (datetime(2026, 6, 3, 1, 30, tzinfo=TOKYO), False),  # Tuesday 17:30 BST, the close
        (datetime(2026, 6, 8, 8, 0, tzinfo=TOKYO), False),  # Monday 08:00 in Tokyo, 00:00 in London
        (datetime(2026, 6, 3, 12, tzinfo=timezone(timedelta(hours=-3))), True),  # 16:00 BST
    ],
)
def test_is_working_time(instant: datetime, working: bool) -> None:
    assert CAL.is_working_time(instant) is working


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (london(2026, 6, 3, 11, 15), utc(2026, 6, 3, 10, 15)),  # already working time
        (london(2026, 6, 3, 7, 0), utc(2026, 6, 3, 8, 0)),  # before opening
        (london(2026, 6, 3, 17, 30), utc(2026, 6, 4, 8, 0)),  # at the close
        (london(2026, 6, 5, 18, 0), utc(2026, 6, 8, 8, 0)),  # Friday evening
        (london(2026, 6, 6, 10, 0), utc(2026, 6, 8, 8, 0)),  # Saturday
        (london(2026, 12, 24, 17, 45), utc(2026, 12, 29, 9, 0)),  # over Christmas 2026, GMT
        (datetime(2026, 6, 7, 8, 30, tzinfo=TOKYO), utc(2026, 6, 8, 8, 0)),  # Sunday 00:30 BST
    ],
)
def test_next_working_time(instant: datetime, expected: datetime) -> None:
    assert_utc(CAL.next_working_time(instant), expected)


def test_next_working_time_over_easter_2027_and_the_clock_change() -> None:
    # Thursday 25 March 2027 18:00 GMT; Good Friday, the weekend (clocks go forward on Sunday 28th)
    # and Easter Monday pass; Tuesday 30 March 09:00 BST is 08:00 UTC.
    assert_utc(CAL.next_working_time(london(2027, 3, 25, 18)), utc(2027, 3, 30, 8))


# -- adding working hours --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "hours", "expected"),
    [
        # Friday 17:00 plus 2 hours: half an hour on Friday, 1.5 hours from Monday 09:00 BST.
        (london(2026, 6, 5, 17), 2, utc(2026, 6, 8, 9, 30)),
        (london(2026, 6, 3, 10), 3, utc(2026, 6, 3, 12)),  # 13:00 BST
        (london(2026, 6, 3, 16), 1.5, utc(2026, 6, 3, 16, 30)),  # lands on the close: stays
        (london(2026, 6, 3, 9), 8.5, utc(2026, 6, 3, 16, 30)),  # a whole day, closing the same day
        (london(2026, 6, 3, 16), 2, utc(2026, 6, 4, 8, 30)),  # 09:30 BST next day
        (london(2026, 6, 3, 10), timedelta(minutes=45), utc(2026, 6, 3, 9, 45)),
        (london(2026, 6, 6, 3), 0.25, utc(2026, 6, 8, 8, 15)),  # Saturday: from Monday opening
        # Friday 1 May 2026 17:00 BST plus 2 hours: Monday 4 May is the early May bank holiday.
        (london(2026, 5, 1, 17), 2, utc(2026, 5, 5, 9, 30)),
        # Friday 28 August 2026 17:00 BST plus 2 hours: Monday 31 August is the summer bank holiday.
        (london(2026, 8, 28, 17), 2, utc(2026, 9, 1, 9, 30)),
    ],
)
def test_add_working_hours(instant: datetime, hours: float | timedelta, expected: datetime) -> None:
    assert_utc(CAL.add_working_hours(instant, hours), expected)


def test_zero_hours_and_days_return_the_instant_unchanged() -> None:
    saturday = london(2026, 6, 6, 3)
    assert_utc(CAL.add_working_hours(saturday, 0), utc(2026, 6, 6, 2))
    assert_utc(CAL.add_working_hours(saturday, timedelta(0)), utc(2026, 6, 6, 2))
    assert_utc(CAL.add_working_days(saturday, 0), utc(2026, 6, 6, 2))


@pytest.mark.parametrize(
    "hours", [-1, -0.5, timedelta(minutes=-1), float("nan"), float("inf"), True, "2"]
)
def test_bad_amounts_of_hours_are_refused(hours: object) -> None:
    with pytest.raises(WorkingTimeError) as caught:
        CAL.add_working_hours(london(2026, 6, 3, 10), hours)  # type: ignore[arg-type]
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, InputError)


@pytest.mark.parametrize("days", [-1, 1.5, True])
def test_bad_amounts_of_days_are_refused(days: object) -> None:
    with pytest.raises(WorkingTimeError):
        CAL.add_working_days(london(2026, 6, 3, 10), days)  # type: ignore[arg-type]


def test_naive_instants_are_refused_everywhere() -> None:
    naive = datetime(2026, 6, 3, 10)
    calls = [
        lambda: CAL.is_working_time(naive),
        lambda: CAL.next_working_time(naive),
        lambda: CAL.add_working_hours(naive, 1),
        lambda: CAL.add_working_hours(naive, 0),
        lambda: CAL.add_working_days(naive, 1),
    ]
    for call in calls:
        with pytest.raises(WorkingTimeError) as caught:
            call()
        assert isinstance(caught.value, ValueError)
        assert isinstance(caught.value, MailbotError)


# -- adding working days ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instant", "days", "expected"),
    [
        (london(2026, 6, 5, 16), 1, utc(2026, 6, 8, 15)),  # Friday 16:00 -> Monday 16:00 BST
        (london(2026, 6, 6, 11), 1, utc(2026, 6, 8, 16, 30)),  # Saturday -> Monday close
        (london(2026, 6, 7, 23, 59), 1, utc(2026, 6, 8, 16, 30)),  # Sunday night -> Monday close
        (london(2026, 6, 3, 8), 1, utc(2026, 6, 3, 16, 30)),  # 08:00 -> close the same day
        (london(2026, 6, 3, 17, 30), 1, utc(2026, 6, 4, 16, 30)),  # at the close -> next close
        (london(2026, 6, 3, 20), 1, utc(2026, 6, 4, 16, 30)),  # evening -> next day's close
        (london(2026, 6, 2, 11, 15), 3, utc(2026, 6, 5, 10, 15)),  # Tuesday -> Friday 11:15 BST
        (london(2026, 6, 3, 10), 5, utc(2026, 6, 10, 9)),  # a working week
        # Thursday 24 December 2026 16:00 GMT: Christmas Day (Fri), the weekend and the Boxing Day
        # substitute (Mon 28th) pass; due Tuesday 29 December 16:00 GMT.
        (london(2026, 12, 24, 16), 1, utc(2026, 12, 29, 16)),
        # Friday 24 December 2027 16:00 GMT: Christmas and Boxing Day fall on the weekend, their
        # substitutes are Monday 27 and Tuesday 28; due Wednesday 29 December 16:00 GMT.
        (london(2027, 12, 24, 16), 1, utc(2027, 12, 29, 16)),
        # Thursday 25 March 2027 16:00 GMT: Good Friday, the weekend with the clock change on
        # Sunday 28th, Easter Monday; due Tuesday 30 March 16:00 BST, which is 15:00 UTC.
        (london(2027, 3, 25, 16), 1, utc(2027, 3, 30, 15)),
        # The same request given in UTC and in New York time gives the same deadline.
        (utc(2027, 3, 25, 16), 1, utc(2027, 3, 30, 15)),
        (datetime(2027, 3, 25, 12, tzinfo=NEW_YORK), 1, utc(2027, 3, 30, 15)),
    ],
)
def test_add_working_days(instant: datetime, days: int, expected: datetime) -> None:
    assert_utc(CAL.add_working_days(instant, days), expected)


def test_working_days_are_working_hours() -> None:
    start = london(2026, 6, 3, 14, 20)
    for days in range(0, 12):
        assert CAL.add_working_days(start, days) == CAL.add_working_hours(start, days * 8.5)


# -- the clocks change -----------------------------------------------------------------------


def test_friday_to_monday_over_the_march_2026_clock_change() -> None:
    # Clocks go forward on Sunday 29 March 2026. Friday 16:00 GMT (16:00 UTC) plus 1 working day
    # is Monday 16:00 BST, which is 15:00 UTC: wall time, not elapsed time, is what counts.
    assert_utc(CAL.add_working_days(london(2026, 3, 27, 16), 1), utc(2026, 3, 30, 15))
    assert_utc(CAL.add_working_hours(london(2026, 3, 27, 17), 2), utc(2026, 3, 30, 9, 30))


def test_friday_to_monday_over_the_october_2026_clock_change() -> None:
    # Clocks go back on Sunday 25 October 2026. Friday 16:00 BST (15:00 UTC) plus 1 working day
    # is Monday 16:00 GMT, which is 16:00 UTC.
    assert_utc(CAL.add_working_days(london(2026, 10, 23, 16), 1), utc(2026, 10, 26, 16))
    assert_utc(CAL.add_working_days(utc(2026, 10, 23, 15), 1), utc(2026, 10, 26, 16))


def test_a_working_day_next_to_a_clock_change_is_still_eight_and_a_half_hours() -> None:
    # Monday after each change: opening plus 8.5 working hours is that day's close.
    assert_utc(CAL.add_working_hours(london(2026, 3, 30, 9), 8.5), utc(2026, 3, 30, 16, 30))
    assert_utc(CAL.add_working_hours(london(2026, 10, 26, 9), 8.5), utc(2026, 10, 26, 17, 30))
    # From the Sunday night of the change the whole Monday counts.
    assert_utc(CAL.add_working_days(london(2026, 10, 25, 1, 30), 1), utc(2026, 10, 26, 17, 30))


def test_an_instant_in_the_repeated_october_hour_is_read_correctly() -> None:
    # 00:30 UTC and 01:30 UTC on 25 October 2026 are both 01:xx in London; both count from Monday.
    for instant in (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)):
        assert not CAL.is_working_time(instant)
        assert_utc(CAL.next_working_time(instant), utc(2026, 10, 26, 9))


# -- other calendars and the guards ----------------------------------------------------------


def test_a_calendar_in_another_timezone_counts_in_its_own_wall_time() -> None:
    tokyo = Calendar(timezone="Asia/Tokyo", bank_holidays=None)
    # Friday 5 June 2026 17:00 JST (08:00 UTC) plus 2 working hours is Monday 10:30 JST.
    assert_utc(tokyo.add_working_hours(utc(2026, 6, 5, 8), 2), utc(2026, 6, 8, 1, 30))


def test_working_weekends_follow_the_weekdays_given() -> None:
    every_day = Calendar(weekdays=frozenset(range(7)), bank_holidays=None)
    assert_utc(every_day.add_working_days(london(2026, 6, 5, 16), 1), utc(2026, 6, 6, 15))


def test_a_calendar_with_no_working_day_in_reach_raises_instead_of_looping() -> None:
    mondays = frozenset(date(2026, 6, 1) + timedelta(weeks=n) for n in range(600))
    cal = Calendar(weekdays=frozenset({0}), bank_holidays=None, closed_days=mondays)
    with pytest.raises(CalendarError) as caught:
        cal.next_working_time(london(2026, 6, 1, 10))
    assert isinstance(caught.value, ValueError)


def test_an_amount_reaching_past_ten_years_is_refused() -> None:
    with pytest.raises(WorkingTimeError):
        CAL.add_working_hours(london(2026, 6, 3, 10), 10**9)
    with pytest.raises(WorkingTimeError):
        CAL.add_working_days(london(2026, 6, 3, 10), 3000)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        # Friday 10:00 to Monday 10:00 (GMT): one working day, the weekend does not count.
        (datetime(2026, 11, 27, 10, tzinfo=UTC), datetime(2026, 11, 30, 10, tzinfo=UTC), timedelta(hours=8.5)),
        # Across Christmas 2026: Thursday 24 Dec 17:00 to Tuesday 29 Dec 09:30 is 30 min + 30 min.
        (datetime(2026, 12, 24, 17, tzinfo=UTC), datetime(2026, 12, 29, 9, 30, tzinfo=UTC), timedelta(hours=1)),
        # Across the clock change of 25 October 2026: Friday 16:30 BST to Monday 10:00 GMT.
        (datetime(2026, 10, 23, 15, 30, tzinfo=UTC), datetime(2026, 10, 26, 10, tzinfo=UTC), timedelta(hours=2)),
        (datetime(2026, 11, 30, 10, tzinfo=UTC), datetime(2026, 11, 27, 10, tzinfo=UTC), timedelta(0)),
    ],
)
def test_working_time_between(start, end, expected):
    cal = Calendar()
    assert cal.working_time_between(start, end) == expected
    assert cal.working_days_between(start, end) == expected // cal.working_day_length()


def test_working_time_between_inverts_add_working_days():
    cal = Calendar()
    start = datetime(2026, 12, 23, 11, 15, tzinfo=UTC)
    for days in range(1, 12):
        assert cal.working_days_between(start, cal.add_working_days(start, days)) == days
