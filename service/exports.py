"""Graph-visualisation exports: GraphML, GEXF, Cytoscape.js JSON and DOT.

networkx writes every format; each writer only adapts the flat projection
(service/graph_projection.py) to what its tools read: GEXF gets Gephi's
colours and time spells, DOT gets Graphviz styling and clickable URLs, and
GraphML (which has no list type) gets spells as text.

Served at /export/{graphml,gexf,cytoscape,dot}?authority=GSS&from=YYYY&to=YYYY,
and from the command line:
    python -m service.exports --store DIR --format gexf [--authority GSS] [--from Y --to Y] --out FILE
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from graph.store import EmbeddedStore, GraphStore
from service.graph_projection import ExportFilter, FilterError, project

DEFAULT_BASE_URL = "http://127.0.0.1:8000/"
DOT_SHAPES = {"authority": "box", "organisation": "box", "inspection": "ellipse", "judgement": "note",
              "concern": "plaintext", "person": "oval"}


def _spells_as_text(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose time spells are 'start/end;start/end' strings, for formats without lists."""
    flat = graph.copy()
    for data in [d for _, d in flat.nodes(data=True)] + [d for *_, d in flat.edges(keys=True, data=True)]:
        if "spells" in data:
            data["spells"] = ";".join(f"{start}/{end}" for start, end in data["spells"])
    return flat


def to_graphml(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(_spells_as_text(graph), buffer, encoding="utf-8")
    return buffer.getvalue()


def _viz_colour(hex_colour: str) -> dict[str, dict[str, float | int]]:
    red, green, blue = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return {"color": {"r": red, "g": green, "b": blue, "a": 1.0}}


def to_gexf(graph: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 with start/end and spells, so Gephi's timeline plays inspections and role holdings."""
    dynamic = graph.copy()
    for _, data in dynamic.nodes(data=True):
        data["viz"] = _viz_colour(data["colour"])
    buffer = io.BytesIO()
    nx.write_gexf(dynamic, buffer, encoding="utf-8", version="1.2draft")
    return buffer.getvalue()


def to_cytoscape(graph: nx.MultiDiGraph) -> dict:
    """Cytoscape.js elements JSON (also what Cytoscape desktop imports); every element has an id."""
    return nx.cytoscape_data(graph, name="label", ident="id")


def to_dot(graph: nx.MultiDiGraph) -> str:
    styled = _spells_as_text(graph)
    for _, data in styled.nodes(data=True):
        data.update(style="filled", fillcolor=data["colour"], shape=DOT_SHAPES[data["type"]],
                    URL=data["url"], tooltip=data["label"])
    for *_, data in styled.edges(keys=True, data=True):
        if "source_url" in data:
            data["URL"] = data["source_url"]
    quoted = nx.relabel_nodes(styled, {node: f'"{node}"' for node in styled})  # IRIs hold ':', DOT's port mark
    return nx.nx_pydot.to_pydot(quoted).to_string()


@dataclass(frozen=True)
class Format:
    media_type: str
    extension: str
    write: Callable[[nx.MultiDiGraph], bytes | str]


FORMATS: dict[str, Format] = {
    "graphml": Format("application/graphml+xml", "graphml", to_graphml),
    "gexf": Format("application/gexf+xml", "gexf", to_gexf),
    "cytoscape": Format("application/json", "cyjs", lambda g: json.dumps(to_cytoscape(g), ensure_ascii=False)),
    "dot": Format("text/vnd.graphviz; charset=utf-8", "dot", to_dot),
}


def export_filename(selection: ExportFilter, fmt: Format) -> str:
    parts = ["ofsted-kg", selection.authority, selection.year_from, selection.year_to]
    return "-".join(str(p) for p in parts if p) + "." + fmt.extension


def _export_endpoint(store: GraphStore, fmt: Format) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        params = request.query_params
        try:
            selection = ExportFilter.parse(params.get("authority"), params.get("from"), params.get("to"))
        except FilterError as err:
            return PlainTextResponse(f"Bad request: {err}\n", status_code=400)
        graph = project(store, selection, str(request.base_url))
        if selection.authority and graph.number_of_nodes() == 0:
            return PlainTextResponse(f"No council with GSS code {selection.authority} in the graph.\n", status_code=404)
        filename = export_filename(selection, fmt)
        return Response(fmt.write(graph), media_type=fmt.media_type,
                        headers={"Content-Disposition": f'inline; filename="{filename}"'})
    return endpoint


def routes(store: GraphStore, config: object = None) -> list[BaseRoute]:
    """The /export/* routes; config is accepted for symmetry with the other route modules."""
    return [Route(f"/export/{name}", _export_endpoint(store, fmt), methods=["GET"], name=f"export-{name}")
            for name, fmt in FORMATS.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.exports", description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True, type=Path, help="store directory built by build_graph.py")
    parser.add_argument("--format", required=True, choices=sorted(FORMATS))
    parser.add_argument("--authority", help="ONS GSS code of one council")
    parser.add_argument("--from", dest="year_from", help="first year (YYYY)")
    parser.add_argument("--to", dest="year_to", help="last year (YYYY)")
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL, help="service the page and source links point to")
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    try:
        selection = ExportFilter.parse(args.authority, args.year_from, args.year_to)
    except FilterError as err:
        parser.error(str(err))
    graph = project(EmbeddedStore(args.store), selection, args.base_url)
    written = FORMATS[args.format].write(graph)
    if isinstance(written, str):
        args.out.write_text(written, encoding="utf-8")
    else:
        args.out.write_bytes(written)
    print(f"{args.out}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
