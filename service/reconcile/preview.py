"""The preview card: a small HTML page for one entity, sized for the client's iframe.

It is self-contained (inline style, no script) and the service sends no
X-Frame-Options, so a client on another origin can show it in a sandboxed iframe.
"""

from __future__ import annotations

from html import escape

from graph import concepts
from service.errors import HttpError
from service.reconcile.extend import values_of
from service.reconcile.index import ReconcileIndex
from service.reconcile.model import PREVIEW_HEIGHT, PREVIEW_WIDTH

_STYLE = ("body{margin:0;font:13px/1.4 system-ui,sans-serif;color:#222}"
          ".card{padding:8px 10px;width:%dpx;height:%dpx;box-sizing:border-box;overflow:hidden}"
          "h1{font-size:15px;margin:0 0 4px}p{margin:0 0 6px;color:#555}"
          "dl{display:grid;grid-template-columns:auto 1fr;gap:1px 8px;margin:0}dt{color:#777}dd{margin:0}"
          "a{color:#0645ad}") % (PREVIEW_WIDTH, PREVIEW_HEIGHT)


def preview_html(index: ReconcileIndex, eid: str, view_url: str) -> str:
    entity = index.entities.get(eid)
    if entity is None:
        raise HttpError(404, f"preview: no entity {eid!r} in the graph")
    rows: list[tuple[str, str]] = []
    if entity.type == "Authority":
        for pid, label in (("gssCode", "GSS"), ("dfeLaCode", "DfE"), ("ofstedUrn", "Ofsted URN"),
                           ("wikidata", "Wikidata"), ("region", "Region")):
            if entity.facts.get(pid):
                rows.append((label, ", ".join(entity.facts[pid])))
        grade = values_of(index, entity, "latestGrade/overall-effectiveness", {})
        when = values_of(index, entity, "latestGradeDate/overall-effectiveness", {})
        if grade:
            day = (when[0].get("date") or when[0].get("str", ""))[:10] if when else ""
            rows.append(("Latest overall", f"{grade[0]['str']} ({day})" if day else grade[0]["str"]))
        rows.append(("Inspections", str(len(index.inspections_of.get(eid, [])))))
    elif entity.type == "Inspection":
        for pid, label in (("startDate", "Start"), ("endDate", "End"), ("publishedDate", "Published")):
            if entity.facts.get(pid):
                rows.append((label, entity.facts[pid][0]))
        for area, grade in sorted(index.grades.get(eid, {}).items()):
            rows.append((concepts.label("area", area), concepts.label("grade", grade)))
    else:
        rows += [("Post", title) for title in entity.description.split("; ")] if entity.facts.get("role") else []
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows[:8])
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(entity.name)}</title><style>{_STYLE}</style></head><body><div class=\"card\">"
        f"<h1><a href=\"{escape(view_url)}\" target=\"_blank\" rel=\"noopener\">{escape(entity.name)}</a></h1>"
        f"<p>{escape(entity.description)}</p><dl>{items}</dl></div></body></html>"
    )
