"""Linked Data pages: every entity IRI dereferences here, for people and for machines.

`/id/...` is where w3id.org sends https://w3id.org/ofsted-kg/id/...: HTML for
browsers, Turtle / JSON-LD / N-Triples by `Accept` (or `?format=`), holding the
entity's concise bounded description, the arcs that point at it, and the
labels of everything it links to. Councils get a page with a timeline
(`/authority/{GSS}`, also the authority IRI's page) and an interactive graph
(`/authority/{GSS}/graph`); `/compare` sets councils' grades side by side;
`/source/{path}?start=S&end=E` shows a document's text with a quote's span
highlighted (offsets are code points into kg:text, end exclusive).

    endpoints.py the routes and rendering         describe.py  the description and its syntaxes
    context.py   what each page shows              timeline.py  the council timeline, drawn as SVG
Their SPARQL is queries/pages/*.rq.
"""

from service.pages.endpoints import routes

__all__ = ["routes"]
