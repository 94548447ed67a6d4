"""The builder: ingest -> extract -> resolve -> emit -> store (chained only by build_graph.py)."""

__version__ = "0.1.0"
