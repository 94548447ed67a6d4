"""The council timeline: inspections, their judgements and the post holders on one time axis, drawn as SVG.

Which posts are drawn comes from the ontology's leadership collection
(graph.concepts), the order of the judgement rows from the area scheme's display
order; the grades' colours come with each inspection and judgement.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from graph import concepts
from service.links import period_of

TIMELINE_ROLES = "role/leadership"  # the SKOS collection of the posts drawn on a council's timeline
TIMELINE_WIDTH, TIMELINE_GUTTER, ROW_HEIGHT, AXIS_HEIGHT = 960, 210, 38, 28
HOLDER_COLOUR = "#5d4037"  # post holders' bars: the people's colour of the graph view and exports


@dataclass(frozen=True)
class Mark:
    """One thing drawn on the timeline: a bar from x over width, on a row, linking to its page."""

    row: int
    x: float
    width: float
    colour: str
    title: str
    href: str
    caption: str = ""
    outlined: bool = False
    hatched: bool = False  # a post holding an office-holder register states, not a document

    @property
    def caption_anchor(self) -> tuple[float, str]:
        """Captions near the right edge end at the mark instead of running off the picture."""
        if self.x > TIMELINE_WIDTH - 140:
            return round(self.x + self.width, 1), "end"
        return self.x, "start"


@dataclass
class Timeline:
    rows: list[str]
    ticks: list[tuple[float, int]]
    marks: list[Mark]
    width: int = TIMELINE_WIDTH
    gutter: int = TIMELINE_GUTTER
    row_height: int = ROW_HEIGHT
    axis_height: int = AXIS_HEIGHT

    @property
    def height(self) -> int:
        return self.axis_height + self.row_height * len(self.rows) + 8


def _fraction_of_year(day: date) -> float:
    length = 366 if calendar.isleap(day.year) else 365
    return day.year + (day.timetuple().tm_yday - 1) / length


class TimeAxis:
    """Maps days to x, from 1 January of the first year to 31 December of the last."""

    def __init__(self, days: list[date], width: int, gutter: int) -> None:
        self.first_year = min(d.year for d in days)
        self.last_year = max(d.year for d in days)
        self.gutter = gutter
        self.pixels_per_year = (width - gutter - 10) / (self.last_year - self.first_year + 1)

    def x(self, day: date) -> float:
        return round(self.gutter + (_fraction_of_year(day) - self.first_year) * self.pixels_per_year, 1)

    def span(self, first: date, last: date) -> tuple[float, float]:
        start = self.x(first)
        return start, max(4.0, round(self.x(last) + self.pixels_per_year / 365 - start, 1))

    def ticks(self) -> list[tuple[float, int]]:
        return [(self.x(date(year, 1, 1)), year) for year in range(self.first_year, self.last_year + 1)]


def interval(first: str | None, last: str | None) -> tuple[date, date] | None:
    """The days between two partial dates (either may stand for both); None when undated."""
    if not (first or last):
        return None
    return period_of(first or last)[0], period_of(last or first)[1]


def build_timeline(inspections: list[dict], holdings: list[dict]) -> Timeline | None:
    """Inspections, their judgements and the council's post holders, on one time axis."""
    dated = [i for i in inspections if i["interval"]]
    roles_drawn = concepts.members(TIMELINE_ROLES)
    attested = [h for h in holdings if h["role"] in roles_drawn and h["interval"]]
    days = [d for item in dated + attested for d in item["interval"]]
    if not days:
        return None
    axis = TimeAxis(days, TIMELINE_WIDTH, TIMELINE_GUTTER)
    area_order = concepts.notations("area")
    areas = sorted({j["area"] for i in dated for j in i["judgements"]}, key=area_order.index)
    roles = [r for r in roles_drawn if any(h["role"] == r for h in attested)]
    area_labels = {j["area"]: j["area_label"] for i in dated for j in i["judgements"]}
    role_labels = {h["role"]: h["role_label"] for h in attested}
    rows = ["Inspections"] + [area_labels[a] for a in areas] + [role_labels[r] for r in roles]
    marks = []
    for inspection in dated:
        x, width = axis.span(*inspection["interval"])
        marks.append(Mark(0, x, width, inspection["colour"], inspection["summary"], inspection["href"],
                          outlined=inspection["grade"] is None))
        for judgement in inspection["judgements"]:
            marks.append(Mark(1 + areas.index(judgement["area"]), x, width, judgement["colour"],
                              f"{judgement['area_label']}: {judgement['grade']} ({inspection['summary']})",
                              inspection["href"]))
    for holding in sorted(attested, key=lambda h: h["interval"]):
        x, width = axis.span(*holding["interval"])
        register = holding.get("register")
        source = f"; from a register: {register['file']}, line {register['line']}" if register else ""
        marks.append(Mark(1 + len(areas) + roles.index(holding["role"]), x, width, HOLDER_COLOUR,
                          f"{holding['name']}, {holding['title'] or holding['role_label']} ({holding['when']}{source})",
                          holding["person_href"], caption=holding["name"], hatched=register is not None))
    return Timeline(rows, axis.ticks(), marks)
