"""Comparing partial dates without inventing precision they do not have."""

from __future__ import annotations

from datetime import date

from graph.records import PartialDate


def _common(a: PartialDate, b: PartialDate) -> tuple[str, str]:
    width = min(len(a.value), len(b.value))
    return a.value[:width], b.value[:width]


def overlaps(a: PartialDate, b: PartialDate, a_end: PartialDate | None = None,
             b_end: PartialDate | None = None) -> bool:
    """Could a (to a_end) and b (to b_end) name the same time, at the precision both have?"""
    a_lo, a_hi = a.value, (a_end or a).value
    b_lo, b_hi = b.value, (b_end or b).value
    lo_a, hi_b = _common(PartialDate(a_lo), PartialDate(b_hi))
    lo_b, hi_a = _common(PartialDate(b_lo), PartialDate(a_hi))
    return lo_a <= hi_b and lo_b <= hi_a


def precedes(a: PartialDate, b: PartialDate) -> bool:
    """True only when a is certainly before b."""
    left, right = _common(a, b)
    return left < right


def months_between(a: PartialDate, b: PartialDate) -> int | None:
    """Whole months from a to b, or None when either lacks a month."""
    if a.month is None or b.month is None:
        return None
    return (b.year - a.year) * 12 + (b.month - a.month)


def month_span(value: PartialDate) -> tuple[int, int]:
    """The first and last month `value` may fall in, counted from year 0 (a year spans twelve)."""
    first = value.year * 12 + (value.month or 1) - 1
    return first, first if value.month else first + 11


def may_lag(earlier: PartialDate, later: PartialDate, at_most: int) -> bool:
    """Could `later` fall 0 to `at_most` months after `earlier`, at the precision both have?"""
    earlier_first, earlier_last = month_span(earlier)
    later_first, later_last = month_span(later)
    return earlier_first <= later_last and later_first - at_most <= earlier_last


def near(a: PartialDate, b: PartialDate, days: int) -> bool:
    """Within `days` of each other when both are days; else the same at their common precision."""
    if a.precision == "day" and b.precision == "day":
        return abs((date.fromisoformat(a.value) - date.fromisoformat(b.value)).days) <= days
    return overlaps(a, b)
