"""Inspection outcomes from the registers: Ofsted's official statistics and the JT-39 scrape.

Areas, grades and inspection types are read through graph.concepts: the
official files head their grade columns with Ofsted's judgement wording and
write grades and types as Ofsted does, and each of those wordings is a label
of its concept. The scrape's own column names stay a column map (that file's
schema).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from graph import concepts
from graph.registers.files import RegisterFiles
from graph.registers.records import AuthorityRecord, OfficialInspection, ScrapedInspection

OFSTED_HISTORY = "ofsted_ilacs_inspection_history_2018-2025.csv"
OFSTED_IN_YEAR = "ofsted_la_inspections_in_year_2024-25.csv"
JT39_SCRAPE = "ofsted_ilacs_scrape_history_jt39.csv"

# The scrape's own column names and framework words (that file's schema), by the concept each stands for.
_SCRAPE_AREA_COLUMNS = {
    "overall-effectiveness": "overall_effectiveness_grade",
    "leaders": "impact_of_leaders_grade",
    "help-and-protection": "help_and_protection_grade",
    "children-in-care": "in_care_grade",
    "care-leavers": "care_leavers_grade",
}
_SCRAPE_TYPES = {"standard": "ilacs-standard", "short": "ilacs-short"}
# SIF ran from November 2013; its last reports were published in 2018. An
# unlabelled scraped report published in that window is a SIF report.
_SIF_PUBLISHED = ("2014-01-01", "2018-12-31")
_SIF = concepts.concept("inspection-type", "sif").notation



def load_official_inspections(reader: RegisterFiles, current: tuple[AuthorityRecord, ...]) -> tuple[OfficialInspection, ...]:
    merged: dict[tuple[str, str, str], OfficialInspection] = {}
    for register, date_column, type_column in (
        (OFSTED_HISTORY, "Inspection date", "Inspection type"),
        (OFSTED_IN_YEAR, "Inspection/Visit date", "Inspection/Visit type"),
    ):
        for row in reader.rows(register):
            record = _official_record(row, register, date_column, type_column, current)
            key = (record.gss_code, record.inspection_type, record.start_date)
            merged[key] = _merge_official(merged.get(key), record)
    return tuple(sorted(merged.values(), key=lambda record: (record.gss_code, record.start_date, record.inspection_type)))


def _official_record(row: dict[str, str], register: str, date_column: str, type_column: str,
                     current: tuple[AuthorityRecord, ...]) -> OfficialInspection:
    kind = row[type_column]
    inspection_type = concepts.notation_of("inspection-type", kind)
    if inspection_type is None:
        raise ValueError(f"{register}: unknown inspection type {kind!r}")
    recorded = row["Local authority area code"]
    return OfficialInspection(
        gss_code=current_code(recorded, current),
        recorded_gss_code=recorded,
        inspection_type=inspection_type,
        start_date=row[date_column],
        published_date=row["Publication date"] or None,
        grades=_grades(row, _official_area_columns(row), register),
        visit_theme=row.get("Visit Theme") or None,
        register=register,
    )


def _merge_official(earlier: OfficialInspection | None, later: OfficialInspection) -> OfficialInspection:
    """The history and the in-year table overlap; they must agree, and the theme is kept."""
    if earlier is None:
        return later
    if (earlier.grades, earlier.published_date) != (later.grades, later.published_date):
        raise ValueError(f"official registers disagree on {later.gss_code} {later.inspection_type} {later.start_date}")
    return replace(earlier, visit_theme=earlier.visit_theme or later.visit_theme)


def load_scraped_inspections(reader: RegisterFiles, current: tuple[AuthorityRecord, ...],
                              official: tuple[OfficialInspection, ...]) -> tuple[ScrapedInspection, ...]:
    """Scraped report rows that no official record covers (same authority, same start or publication date)."""
    by_urn = {record.ofsted_urn: record.gss_code for record in current}
    covered = {(record.gss_code, date) for record in official for date in (record.start_date, record.published_date) if date}
    records = []
    for row in reader.rows(JT39_SCRAPE):
        if row["urn"] not in by_urn:
            raise ValueError(f"{JT39_SCRAPE}: Ofsted URN {row['urn']} is not a children's-services authority")
        gss_code = by_urn[row["urn"]]
        start = _dmy(row["inspection_start_date"])
        published = _dmy(row["publication_date"])
        if (gss_code, start) in covered or (gss_code, published) in covered:
            continue
        records.append(ScrapedInspection(
            gss_code=gss_code,
            ofsted_urn=row["urn"],
            inspection_type=_scraped_type(row["inspection_framework"], published),
            start_date=start,
            end_date=_dmy(row["inspection_end_date"]),
            published_date=published,
            grades=_grades(row, _SCRAPE_AREA_COLUMNS, None),
            lead_inspector=row["inspector_name"] or None,
            report_url=row["inspection_link"],
            register=JT39_SCRAPE,
        ))
    return tuple(sorted(records, key=lambda record: (record.gss_code, record.published_date, record.report_url)))


def _scraped_type(framework: str, published: str) -> str | None:
    if framework in _SCRAPE_TYPES:
        return _SCRAPE_TYPES[framework]
    if not framework and _SIF_PUBLISHED[0] <= published <= _SIF_PUBLISHED[1]:
        return _SIF
    return None


def _official_area_columns(row: dict[str, str]) -> dict[str, str]:
    """Area notation -> column, for the columns headed with a judgement area's wording ("Overall effectiveness")."""
    areas = {heading: concepts.notation_of("area", heading) for heading in row}
    return {area: heading for heading, area in areas.items() if area is not None}


def _grades(row: dict[str, str], columns: dict[str, str], strict_register: str | None) -> tuple[tuple[str, str], ...]:
    """Grade cells as (area, grade notation) in the areas' display order; blanks and scraper markers are unknown."""
    grades = []
    for area in concepts.notations("area"):
        if area not in columns:
            continue
        cell = row.get(columns[area], "").strip()
        grade = concepts.notation_of("grade", cell) if cell else None
        if grade is not None:
            grades.append((area, grade))
        elif cell and strict_register:
            raise ValueError(f"{strict_register}: unknown grade {cell!r} for {area}")
    return tuple(grades)


def current_code(code: str, current: tuple[AuthorityRecord, ...]) -> str:
    for record in current:
        if code == record.gss_code or code in record.former_gss_codes:
            return record.gss_code
    return code


def _dmy(text: str) -> str | None:
    """'15/07/25' or '12/05/2025' -> ISO date; blank -> None."""
    if not text:
        return None
    pattern = "%d/%m/%y" if len(text.split("/")[-1]) == 2 else "%d/%m/%Y"
    return datetime.strptime(text, pattern).date().isoformat()
