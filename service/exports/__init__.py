"""Graph-visualisation exports: GraphML, GEXF, Cytoscape.js JSON and DOT.

    projection.py  RDF -> networkx property graph    formats.py  the writers
    endpoints.py   /export/* (through the QueryPool) cli.py      python -m service.exports
Their SPARQL is queries/exports/*.rq and the shared queries of queries/pages.
"""

from service.exports.cli import main
from service.exports.endpoints import routes

__all__ = ["main", "routes"]
