"""Dates as documents write them, found with their spans and read as PartialDates.

A found date is never more precise than its text: "March 2019" is a month,
"in February" is a month without a year unless a reference date (the
document's own date) fixes the year, and "last year" is a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterator

from graph.records import PartialDate

MONTHS = {
    name: number
    for number, names in enumerate(
        (("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
         ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
         ("September", "Sep", "Sept"), ("October", "Oct"), ("November", "Nov"),
         ("December", "Dec")),
        start=1,
    )
    for name in names
}

_MON = r"(?:January|February|March|April|May|June|July|August|September|October|November|December" \
       r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
_DASH = r"\s*(?:-|–|—|to|until|and)\s*"
_YEAR = r"(?:19|20)\d{2}"

RANGE_DAY_FIRST_RE = re.compile(
    rf"\b(?P<d1>\d{{1,2}}){_ORD}(?:\s+(?P<m1>{_MON})(?:,?\s+(?P<y1>{_YEAR}))?)?{_DASH}{_WEEKDAY}"
    rf"(?P<d2>\d{{1,2}}){_ORD}\s+(?P<m2>{_MON}),?\s+(?P<y2>{_YEAR})\b"
)
RANGE_MONTH_FIRST_RE = re.compile(
    rf"\b(?P<m1>{_MON})\s+(?P<d1>\d{{1,2}}){_ORD}(?:,?\s+(?P<y1>{_YEAR}))?{_DASH}"
    rf"(?:(?P<m2>{_MON})\s+)?(?P<d2>\d{{1,2}}){_ORD},?\s+(?P<y2>{_YEAR})\b"
)
# "between 16 and 27 January" in a dated story: a range whose year the reference date fixes.
RANGE_NO_YEAR_RE = re.compile(
    rf"\b(?P<d1>\d{{1,2}}){_ORD}(?:\s+(?P<m1>{_MON}))?{_DASH}{_WEEKDAY}(?P<d2>\d{{1,2}}){_ORD}\s+(?P<m2>{_MON})\b"
    rf"(?!,?\s+(?:{_YEAR}|\d))"
)
RANGE_NUMERIC_RE = re.compile(
    r"\b(?P<d1>\d{1,2})/(?P<m1>\d{1,2})/(?P<y1>\d{4}|\d{2})\s*(?:-|–|—|to)\s*"
    r"(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4}|\d{2})\b"
)
DAY_FIRST_RE = re.compile(rf"\b{_WEEKDAY}(?P<d>\d{{1,2}}){_ORD}\s+(?P<m>{_MON}),?\s+(?P<y>{_YEAR})\b")
MONTH_FIRST_RE = re.compile(rf"\b{_WEEKDAY}(?P<m>{_MON})\s+(?P<d>\d{{1,2}}){_ORD},?\s+(?P<y>{_YEAR})\b")
NUMERIC_RE = re.compile(r"\b(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}|\d{2})\b")
MONTH_YEAR_RE = re.compile(rf"\b(?P<m>{_MON}),?\s+(?P<y>{_YEAR})\b")
# "in March and April 2019", "between November and December 2016": two months, one year.
MONTH_RANGE_RE = re.compile(rf"\b(?P<m1>{_MON}){_DASH}(?P<m2>{_MON}),?\s+(?P<y>{_YEAR})\b")
# "the visit on 5 March" in a dated document: a day whose year the reference date fixes.
DAY_NO_YEAR_RE = re.compile(
    rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?P<m>{_MON})\b(?!,?\s+(?:{_YEAR}|\d))"
    rf"|\b(?P<m_>{_MON})\s+(?P<d_>\d{{1,2}}){_ORD}\b(?!,?\s+(?:{_YEAR}|\d))"
)
# A bare month needs a preposition before it: "May" alone is usually the verb.
MONTH_ONLY_RE = re.compile(
    r"\b(?:in|during|since|by|until|from|of|on|early|late|mid-?|last|this|next|end of)\s+"
    r"(?P<m>(?:January|February|March|April|May|June|July|August|September|October|November|December))"
    r"(?P<this>\s+this\s+year)?\b"
)
YEAR_RE = re.compile(rf"\b(?P<y>{_YEAR})\b")
RELATIVE_RE = re.compile(
    r"\b(?P<which>last|this|next|previous|earlier this|later this)\s+(?P<unit>month|year)\b", re.I
)


@dataclass(frozen=True)
class FoundDate:
    """A date expression at text[start:end]: a day, range, month, year or relative phrase.

    `first` and `last` are equal for a single date. A month named without a
    year that no reference date fixes has `month` set and no `first`.
    """

    start: int
    end: int
    first: PartialDate | None
    last: PartialDate | None
    month: int | None = None
    relative: bool = False

    @property
    def is_range(self) -> bool:
        return self.first is not None and self.first != self.last


def find_dates(text: str, lo: int = 0, hi: int | None = None,
               reference: PartialDate | None = None) -> list[FoundDate]:
    """Every date expression in text[lo:hi], longest first where they overlap, in text order."""
    hi = len(text) if hi is None else hi
    found: list[FoundDate] = []
    for reader in _READERS:
        found.extend(reader(text, lo, hi, reference))
    return _without_overlaps(found)


def parse_date(text: str, reference: PartialDate | None = None) -> FoundDate | None:
    """The first date expression in a short text, or None."""
    dates = find_dates(text, reference=reference)
    return dates[0] if dates else None


def month_number(name: str) -> int:
    return MONTHS[name.rstrip(".")]


def _without_overlaps(found: list[FoundDate]) -> list[FoundDate]:
    kept: list[FoundDate] = []
    taken_until = -1
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if item.start >= taken_until:
            kept.append(item)
            taken_until = item.end
    return kept


def _full_year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _day(year: int, month: int, day: int) -> PartialDate | None:
    try:
        return PartialDate(date(year, month, day).isoformat())
    except ValueError:
        return None


def _ranges(text: str, lo: int, hi: int, _ref: PartialDate | None) -> Iterator[FoundDate]:
    for pattern, numeric in ((RANGE_DAY_FIRST_RE, False), (RANGE_MONTH_FIRST_RE, False),
                             (RANGE_NUMERIC_RE, True)):
        for m in pattern.finditer(text, lo, hi):
            month_of = (lambda s: int(s)) if numeric else month_number
            m2 = month_of(m["m2"]) if m["m2"] else month_of(m["m1"])
            m1 = month_of(m["m1"]) if m["m1"] else m2
            y2 = _full_year(m["y2"])
            y1 = _full_year(m["y1"]) if m["y1"] else (y2 - 1 if m1 > m2 else y2)
            first, last = _day(y1, m1, int(m["d1"])), _day(y2, m2, int(m["d2"]))
            if first and last and first <= last:
                yield FoundDate(m.start(), m.end(), first, last)


def _ranges_without_year(text: str, lo: int, hi: int, ref: PartialDate | None) -> Iterator[FoundDate]:
    """A day range with no year, read as the latest such range not after the reference date."""
    if ref is None or ref.month is None:
        return
    for m in RANGE_NO_YEAR_RE.finditer(text, lo, hi):
        m2 = month_number(m["m2"])
        m1 = month_number(m["m1"]) if m["m1"] else m2
        y2 = _latest_year(ref, m2)
        y1 = y2 - 1 if m1 > m2 else y2
        first, last = _day(y1, m1, int(m["d1"])), _day(y2, m2, int(m["d2"]))
        if first and last and first <= last:
            yield FoundDate(m.start(), m.end(), first, last, relative=True)


def _days_without_year(text: str, lo: int, hi: int, ref: PartialDate | None) -> Iterator[FoundDate]:
    """A day with no year ("on 5 March"), read as the latest such day not after the reference date."""
    if ref is None or ref.month is None:
        return
    for m in DAY_NO_YEAR_RE.finditer(text, lo, hi):
        month = month_number(m["m"] or m["m_"])
        day = _day(_latest_year(ref, month), month, int(m["d"] or m["d_"]))
        if day:
            yield FoundDate(m.start(), m.end(), day, day, relative=True)


def _latest_year(ref: PartialDate, month: int) -> int:
    """The year of the latest `month` not after the reference date."""
    return ref.year if month <= ref.month else ref.year - 1


def _single_days(text: str, lo: int, hi: int, _ref: PartialDate | None) -> Iterator[FoundDate]:
    for pattern, numeric in ((DAY_FIRST_RE, False), (MONTH_FIRST_RE, False), (NUMERIC_RE, True)):
        for m in pattern.finditer(text, lo, hi):
            month = int(m["m"]) if numeric else month_number(m["m"])
            day = _day(_full_year(m["y"]), month, int(m["d"]))
            if day:
                yield FoundDate(m.start(), m.end(), day, day)


def _months(text: str, lo: int, hi: int, _ref: PartialDate | None) -> Iterator[FoundDate]:
    for m in MONTH_YEAR_RE.finditer(text, lo, hi):
        value = PartialDate(f"{int(m['y']):04d}-{month_number(m['m']):02d}")
        yield FoundDate(m.start(), m.end(), value, value)


def _month_ranges(text: str, lo: int, hi: int, _ref: PartialDate | None) -> Iterator[FoundDate]:
    """Two months of one year, the first a year earlier when it falls later ("December and January 2020")."""
    for m in MONTH_RANGE_RE.finditer(text, lo, hi):
        m1, m2, year = month_number(m["m1"]), month_number(m["m2"]), int(m["y"])
        first = PartialDate(f"{year - 1 if m1 > m2 else year:04d}-{m1:02d}")
        yield FoundDate(m.start(), m.end(), first, PartialDate(f"{year:04d}-{m2:02d}"))


def _bare_months(text: str, lo: int, hi: int, ref: PartialDate | None) -> Iterator[FoundDate]:
    for m in MONTH_ONLY_RE.finditer(text, lo, hi):
        month = MONTHS[m["m"]]
        start = m.start("m")
        if ref is None:
            yield FoundDate(start, m.end(), None, None, month=month, relative=True)
            continue
        # Without "this year", a named month is the latest one not after the reference date.
        year = ref.year if m["this"] or ref.month is None or month <= ref.month else ref.year - 1
        value = PartialDate(f"{year:04d}-{month:02d}")
        yield FoundDate(start, m.end(), value, value, relative=True)


def _years(text: str, lo: int, hi: int, _ref: PartialDate | None) -> Iterator[FoundDate]:
    for m in YEAR_RE.finditer(text, lo, hi):
        value = PartialDate(m["y"])
        yield FoundDate(m.start(), m.end(), value, value)


def _relatives(text: str, lo: int, hi: int, ref: PartialDate | None) -> Iterator[FoundDate]:
    if ref is None:
        return
    for m in RELATIVE_RE.finditer(text, lo, hi):
        value = _shift(ref, m["which"].lower(), m["unit"].lower())
        if value:
            yield FoundDate(m.start(), m.end(), value, value, relative=True)


def _shift(ref: PartialDate, which: str, unit: str) -> PartialDate | None:
    step = {"last": -1, "previous": -1, "next": 1}.get(which, 0)
    if unit == "year":
        return PartialDate(f"{ref.year + step:04d}")
    if ref.month is None:
        return None
    months = ref.year * 12 + ref.month - 1 + step
    return PartialDate(f"{months // 12:04d}-{months % 12 + 1:02d}")


_READERS: tuple[Callable[[str, int, int, PartialDate | None], Iterator[FoundDate]], ...] = (
    _ranges, _ranges_without_year, _single_days, _days_without_year, _months, _month_ranges, _bare_months, _years,
    _relatives,
)
