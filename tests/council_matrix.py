"""Test data generated from the registers: every children's-services council since 2009, the names
Ofsted and the press give it, and the documents they appear in (docs/authorities.md).

Nothing here is read from a council's report: the documents are Ofsted's templates with the
register's names in them, dated where each council and each template existed.

- `councils()`: the 153 councils in being and the predecessors since 2009, each with the code a
  document naming it in its lifetime must yield (a predecessor that kept its DfE LA code, or a
  2009 county that became the unitary council of its name, is that council: its current code).
- `names_of(council)`: its registered names (official, the DfE's as written, short, the other names
  the registers and the project's short list of alternative names give) and the forms
  the press and Ofsted build from them: "X Council", "X City Council" for a city, "X County Council"
  for a county, "X Borough Council", "X Metropolitan Borough Council", "London Borough of X",
  "Royal Borough of X", "City of X" where its official name is of that kind.
- `TEMPLATES`: each Ofsted framework's title, letter headings and addresses, and news wording,
  with the years the template was in use.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from graph.registers import authorities, former_authorities
from graph.registers.name_forms import rules as name_rules
from graph.resources import register_file

NOW = date(2026, 6, 1)


@dataclass(frozen=True)
class Council:
    code: str  # the GSS code a document naming it in its lifetime must yield
    official_name: str
    short_name: str
    registered_name: str  # as the DfE register writes it ("Bristol, City of")
    other_names: tuple[str, ...]  # the registers' other written names ("Derby City", "BCP", "East Riding")
    entity: str  # GSS entity code of its own code: E06, E08, E09, E10
    start: date
    end: date | None
    current: bool


@dataclass(frozen=True)
class Template:
    key: str
    text: str  # {name}, {day}, {days}, {month}: the name and the document's dates
    since: date
    until: date
    ofsted: bool  # an Ofsted report or letter, whose primary inspection must be the council's
    running_text: bool  # the name stands in a sentence, not in a title slot


TEMPLATES = (
    Template("ilacs-report", "Inspection of {name} local authority children’s services\n"
             "Inspection dates: {days}\nLead inspector: Jane Smith, His Majesty’s Inspector\n"
             "Judgement Grade\nThe impact of leaders on social work practice with children and families\nGood\n"
             "The experiences and progress of children who need help and protection\nRequires improvement to be good\n"
             "The experiences and progress of children in care\nGood\n"
             "Overall effectiveness Good\n", date(2018, 1, 1), NOW, True, False),
    Template("sif-report", "1\n{name}\nInspection of services for children in need of help and protection, "
             "children looked after and care leavers\nInspection date: {days}\nReport published: {month}\n"
             "The overall judgement is that children’s services are good\n", date(2013, 11, 1), date(2018, 6, 30),
             True, False),
    Template("sif-report-colon", "{name}: Inspection of services for children in need of help and protection, "
             "children looked after and care leavers\nInspection date: {days}\nReport published: {month}\n",
             date(2013, 11, 1), date(2018, 6, 30), True, False),
    Template("safeguarding-lac", "Inspection of safeguarding and looked after children services: {name}\n"
             "Inspection dates: {days}\nReporting inspector Jane Smith HMI\n", date(2009, 6, 1), date(2013, 6, 30),
             True, False),
    Template("focused-visit", "{day}\n\nJane Smith\nDirector of Children’s Services\n{name}\n\nDear Ms Smith\n\n"
             "Focused visit to {name} children’s services\n\nThis letter summarises the findings of the focused "
             "visit to {name} children’s services on {days}.\n\nYours sincerely\n\nTom Hale\n"
             "His Majesty’s Inspector\n", date(2018, 1, 1), NOW, True, False),
    Template("monitoring-visit", "{day}\n\nJane Smith\nDirector of Children’s Services, {name}\n\nDear Ms Smith\n\n"
             "Monitoring visit to {name} children’s services\n\nThis letter summarises the findings of the "
             "monitoring visit to {name} children’s services on {days}.\n\nYours sincerely\n\nTom Hale\n"
             "His Majesty’s Inspector\n", date(2014, 1, 1), NOW, True, False),
    Template("jtai", "{day}\n\nJane Smith\nDirector of Children’s Services\n{name}\n\nDear Ms Smith\n\n"
             "Joint targeted area inspection of {name}\n\nThis letter summarises the findings of a joint "
             "targeted area inspection on {days}.\n\nYours sincerely\n\nTom Hale\nHis Majesty’s Inspector\n",
             date(2016, 1, 1), NOW, True, False),
    Template("news", "Published: {day}\n\nChildren’s services run by {name} were rated good by Ofsted, "
             "inspectors said.\n", date(2009, 1, 1), NOW, False, True),
    Template("news-possessive", "Published: {day}\n\nOfsted said {name}’s children’s services had improved.\n",
             date(2009, 1, 1), NOW, False, False),
)


def councils() -> list[Council]:
    """The 153 councils in being and every predecessor since 2009."""
    registered = _registered_names()
    starts = {code: _dmy(row["date_of_operation"]) for code, row in _dfe_rows().items()}
    alternatives = name_rules().alternative_names
    found = [Council(a.gss_code, a.official_name, a.short_name, registered[a.gss_code],
                     tuple(name for name in (*a.alt_names, *alternatives.get(a.gss_code, ())) if name[:1].isupper()),
                     a.gss_code[:3], min(starts[code] for code in (a.gss_code, *a.former_gss_codes) if code in starts),
                     None, True)
             for a in authorities()]
    by_la_code = {a.dfe_la_code: a.gss_code for a in authorities()}
    by_place = {_place(a.official_name): a.gss_code for a in authorities()}
    for code, row in _dfe_rows().items():
        if row["status"] == "live" or any(code in a.former_gss_codes for a in authorities()):
            continue
        same = by_la_code.get(row["old_la_code"]) or (row["old_la_code"] == "x" and by_place.get(row["la_name"]))
        if row["old_la_code"] == "x" and not same:
            continue  # a statistical area of two councils (Cornwall and Isles of Scilly)
        former = next((f for f in former_authorities() if f.gss_code == code), None)
        official = former.official_name if former and former.official_name != row["la_name"] else (
            f"{row['la_name']} County Council" if code.startswith("E10") else row["la_name"])
        found.append(Council(same or code, official, row["la_name"], row["la_name"], (), code[:3],
                             _dmy(row["date_of_operation"]), _dmy(row["date_of_termination"]), False))
    return found


def names_of(council: Council) -> list[str]:
    """Its registered names and the forms Ofsted and the press build from them."""
    official = council.official_name
    regions = {a.region_name for a in authorities()}  # "City of London": its place is no "London"
    places = {council.short_name, _place(official)} - {""} - regions
    # The head of "Newcastle upon Tyne" is also Newcastle-under-Lyme's (tests/test_council_namesakes.py).
    places = {place for place in places if not re.match(rf"{re.escape(place)}[ -](?:on|upon|under)[ -]",
                                                         council.short_name)}
    forms = {official, council.short_name, council.registered_name, *council.other_names}
    for place in places:
        if re.match(r"(?:County|City) ", place):
            continue  # "County Durham", "City of London": a place name that already says what it is
        forms.add(f"{place} Council")
        if "City" in official.split():
            forms |= {f"{place} City Council", f"City of {place}"}
        if council.entity == "E10" or "County Council" in official:
            forms.add(f"{place} County Council")
        if "Borough Council" in official:
            forms.add(f"{place} Borough Council")
        if "Metropolitan Borough" in official:
            forms |= {f"{place} Metropolitan Borough Council", f"Metropolitan Borough of {place}"}
        for prefix in ("London Borough of", "Royal Borough of"):
            if official.startswith(prefix):
                forms |= {f"{prefix} {place}", f"the {prefix} {place}"}
    return sorted(forms)


def document(template: Template, name: str, council: Council) -> str:
    """The template filled with the name, dated inside both the template's and the council's lifetime:
    a visit of twelve days from the 3rd of the month in the middle of both (an ILACS standard inspection)."""
    middle = document_date(template, council)
    assert middle is not None, (template.key, council.code)
    first = middle.replace(day=3)
    days = f"{first.day} to {(first + timedelta(days=11)).day} {first:%B %Y}"
    return template.text.format(name=name, day=f"{first.day} {first:%B %Y}", days=days, month=f"{first:%B %Y}")


def document_date(template: Template, council: Council) -> date | None:
    """The middle of the days both the template and the council were in use, or None."""
    first = max(template.since, council.start)
    last = min(template.until, council.end or NOW)
    return first + (last - first) / 2 if first <= last else None


def in_a_sentence(name: str) -> bool:
    """Whether a sentence naming the council by this name alone names it: not an everyday word the
    registers keep out of running text (name_index_common_words.csv: "Reading"), nor a football
    club's name ("Leicester City", "Derby County"), nor the head of a district's name too ("Newcastle",
    Newcastle-under-Lyme's). Only a title or "X's children's services" makes those the council."""
    heads = {re.split(r"[ -](?:on|upon|under)[ -]", district)[0] for district in districts()}
    return (name.lower() not in _common_words() and name.split()[-1] not in {"City", "County", "Town", "United"}
            and name not in heads)


@cache
def districts() -> dict[str, tuple[str, ...]]:
    """Districts in being (no children's-services authority): nice name -> its names."""
    with register_file("mysociety_uk_local_authorities.csv").open(encoding="utf-8") as handle:
        return {row["nice-name"]: (row["official-name"], row["nice-name"], f"{row['nice-name']} Council")
                for row in csv.DictReader(handle)
                if row["current-authority"] == "True" and row["local-authority-type"] == "NMD"}


@cache
def _common_words() -> frozenset[str]:
    with register_file("name_index_common_words.csv").open(encoding="utf-8") as handle:
        return frozenset(row["word"] for row in csv.DictReader(handle))


def _place(official_name: str) -> str:
    """The place in an official name: "Durham County Council" -> "Durham"."""
    place = re.sub(r"^(?:London Borough of|Royal Borough of|Council of the|City of|Borough of) ", "", official_name)
    return re.sub(r" (?:Metropolitan (?:Borough|District) |City |County |Borough )?(?:Council|Corporation)$", "", place)


def _registered_names() -> dict[str, str]:
    with register_file("england_childrens_services_las_joined.csv").open(encoding="utf-8") as handle:
        return {row["gss_code"]: row["la_name_dfe"] for row in csv.DictReader(handle)}


def _dfe_rows() -> dict[str, dict[str, str]]:
    with register_file("dfe_las.csv").open(encoding="utf-8") as handle:
        return {row["new_la_code"]: row for row in csv.DictReader(handle)
                if re.fullmatch(r"E\d{8}", row["new_la_code"])}


def _dmy(text: str) -> date:
    day, month, year = (int(part) for part in text.split("/"))
    return date(year, month, day)
