"""The SPARQL service: the protocol endpoint, its safety limits, and its pages (see serve.py)."""
