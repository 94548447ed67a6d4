"""Extraction components: each takes an Annotated document and returns it with more facts."""
