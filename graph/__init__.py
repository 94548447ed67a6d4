"""The builder: ingest -> extract -> resolve -> emit -> store (chained only by graph.pipeline)."""

__version__ = "0.1.0"
