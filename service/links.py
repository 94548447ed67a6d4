"""What pages and exports share: where an entity's page and a quote's view live, and dates as day spans."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode

from graph.vocab import KGR

GSS_CODE = re.compile(r"^[EWSN]\d{8}$")


@dataclass(frozen=True)
class Span:
    """A span of a source's text that states a fact (code-point offsets, end exclusive)."""

    path: str
    start: int
    end: int
    quote: str


def period_of(partial: str) -> tuple[date, date]:
    """The whole days a partial ISO date ('YYYY', 'YYYY-MM', 'YYYY-MM-DD') covers."""
    parts = [int(p) for p in partial[:10].split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        last_day = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last_day)
    return date(*parts), date(*parts)


def page_url(base_url: str, iri: str) -> str:
    """Where an entity's page lives on the service (the w3id target)."""
    return base_url.rstrip("/") + "/id/" + iri.removeprefix(str(KGR))


def local_url(iri: str) -> str:
    """A site-relative link to an entity's page; IRIs outside the dataset are left as they are."""
    return page_url("", iri) if iri.startswith(str(KGR)) else iri


def source_view_url(base_url: str, path: str, start: int, end: int) -> str:
    return f"{base_url.rstrip('/')}/source/{quote(path, safe='/')}?{urlencode({'start': start, 'end': end})}"


def source_link(span: Span) -> str:
    """A site-relative link to the source view with the span highlighted."""
    return f"/source/{quote(span.path, safe='/')}?start={span.start}&end={span.end}#quote"
