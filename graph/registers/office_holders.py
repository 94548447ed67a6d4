"""Office-holder registers: an analyst's CSV table of who held which council post, and when.

    person,post,council,from,to,source
    Cllr Ada Example,Leader of the Council,Stoke-on-Trent,2014-05,2016-05,https://example.org/minutes

Each row becomes an `OfficeHolding` whose provenance is its `RegisterRow` (file,
line, the row as written, the citation). The post is read through the people
extractor's role rules (graph/rules/roles.yaml), so a register and a document
word the same post the same way; the council through the register's name index
or any of its codes; the person's name as the extractor folds it (honorifics
off). A row that cannot be read that way is a `BadRow` with its line and reason,
never a guess; the rest of the table loads. docs/office-holders.md is the guide.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from graph.extract.people_rules import rules
from graph.extract.people_titles import read_title
from graph.records import BadRow, OfficeHolding, PartialDate, RegisterRow
from graph.registers import authority_by_code, authority_name_index, normalise_name, person_slug

COLUMNS = ("person", "post", "council", "from", "to", "source")

# After the post's title, only the organisation may follow ("Leader of Stoke-on-Trent City Council").
_ORGANISATION_REST = re.compile(r"^,?\s+(?:of|at|for)\s+\S.*$", re.IGNORECASE | re.DOTALL)


class OfficeHolderFileError(ValueError):
    """A whole table cannot be read (missing, not UTF-8, no header, a required column missing)."""


def read_office_holders(path: Path) -> tuple[list[OfficeHolding], list[BadRow]]:
    """The holdings of one table and its bad rows, each with the line it starts on."""
    register = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise OfficeHolderFileError(f"not UTF-8 text ({err.reason} at byte {err.start})") from err
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""))
    header: dict[str, int] | None = None
    holdings: list[OfficeHolding] = []
    bad: list[BadRow] = []
    previous_end = 0
    for cells in reader:
        start, previous_end = previous_end + 1, reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if header is None:
            header = {name.strip().lower(): index for index, name in enumerate(cells)}
            missing = [column for column in COLUMNS if column not in header]
            if missing:
                raise OfficeHolderFileError(
                    f"the header row (line {start}) lacks the column(s) {', '.join(missing)}; "
                    f"expected {','.join(COLUMNS)}")
            continue
        values = {column: (cells[header[column]].strip() if header[column] < len(cells) else "")
                  for column in COLUMNS}
        row_text = "\n".join(lines[start - 1: previous_end]).rstrip()
        try:
            holdings.append(office_holding(values, RegisterRow(register, start, row_text, values["source"])))
        except ValueError as err:
            bad.append(BadRow(register, start, str(err)))
    if header is None:
        raise OfficeHolderFileError(f"no header row; expected {','.join(COLUMNS)}")
    return holdings, bad


def office_holding(values: dict[str, str], row: RegisterRow) -> OfficeHolding:
    """One row's holding; ValueError with the reason when the row cannot be read without guessing."""
    honorific, name = person_name(values["person"])
    role, title = post_role(values["post"])
    authority = council_code(values["council"])
    start = _date("from", values["from"])
    end = _date("to", values["to"])
    if start and end and _earliest_precision_compare(end, start) < 0:
        raise ValueError(f"to {end} is before from {start}")
    if not values["source"]:
        raise ValueError("no source: give the URL or citation the row rests on")
    return OfficeHolding(name=name, role=role, title=title, authority=authority, row=row,
                         start=start, end=end, honorific=honorific)


def person_name(cell: str) -> tuple[str | None, str]:
    """(honorific, full name): 'Cllr Abi Brown' -> ('Cllr', 'Abi Brown'), as the extractor reads it."""
    found = rules()
    words = cell.split()
    titles = []
    while words:
        for size in (3, 2, 1):
            if len(words) > size and found.honorific.match(" ".join(words[:size])):
                titles.append(" ".join(words[:size]))
                words = words[size:]
                break
        else:
            break
    name = found.suffix.sub("", " ".join(words)).strip()
    if not name:
        raise ValueError("no person named")
    if len(name.split()) < 2:
        raise ValueError(f"person {cell!r}: give a full name; a surname alone names no one across sources")
    person_slug(name)  # raises when nothing of a name is left
    return (" ".join(titles) or None), name


def post_role(cell: str) -> tuple[str, str]:
    """(role notation, title as written) through the people extractor's role titles; never a guess."""
    title = " ".join(cell.split())
    text = re.sub(r"^the\s+", "", title, flags=re.IGNORECASE)
    read = read_title(text) if text else None
    if read is None or read[0].role == "other" or not (read[1] == len(text) or _ORGANISATION_REST.match(text[read[1]:])):
        raise ValueError(f"post {cell!r} is not a title the role rules know (graph/rules/roles.yaml)")
    post = read[0]
    if not post.council:
        raise ValueError(f"post {cell!r} ({post.role}) is not a council post")
    return post.role, title


def council_code(cell: str) -> str:
    """The GSS code of a council given by any of its names or codes (GSS, DfE LA code, Ofsted URN)."""
    record = authority_by_code(cell) if cell.strip() else None
    if record is not None:
        return record.gss_code
    code = authority_name_index().get(normalise_name(cell)) if cell.strip() else None
    if code is None:
        raise ValueError(f"council {cell!r} is no children's services authority the registers know "
                         "by that name or code")
    return code


def _date(column: str, cell: str) -> PartialDate | None:
    if not cell:
        if column == "from":
            raise ValueError("no from date: give when the post began (YYYY, YYYY-MM or YYYY-MM-DD)")
        return None  # to: still in post
    try:
        value = PartialDate(cell)
        date(value.year, value.month or 1, int(cell[8:10]) if value.precision == "day" else 1)
    except ValueError:
        raise ValueError(f"{column} {cell!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


def _earliest_precision_compare(a: PartialDate, b: PartialDate) -> int:
    """Compare at the coarser of the two precisions: 2019 and 2019-05 are not in order either way."""
    precision = min((a.precision, b.precision), key=("year", "month", "day").index)
    left, right = a.truncate(precision).value, b.truncate(precision).value
    return (left > right) - (left < right)
