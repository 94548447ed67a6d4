"""The export formats: GraphML, GEXF, Cytoscape.js JSON and DOT, all written by networkx.

Each writer only adapts the flat projection (projection.py) to what its tools
read: GEXF gets Gephi's colours and time spells, DOT gets Graphviz styling and
clickable URLs, and GraphML (which has no list type) gets spells as text.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from service.exports.projection import ExportFilter

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
