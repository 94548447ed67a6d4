"""Measuring the builder: the built graph against answer keys (official.py), extraction against
fixture documents (fixtures.py). Paths to keys, corpora and fixtures are arguments.

    python -m graph.evaluation [--corpus DIR] [--answer-key FILE ...]   # or: ofsted-kg evaluate ...
    python -m graph.evaluation fixtures [DIR]                          # or: ofsted-kg evaluate fixtures DIR
    python -m graph.evaluation identity --store DIR                    # one node per real inspection?
    python -m graph.evaluation real [--failures]                       # real passages and annotated reports
    python -m graph.evaluation layouts [--sample N]                    # grade tables in other PDF layouts
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None, prog: str = "python -m graph.evaluation") -> int:
    from graph.evaluation import fixtures, identity, layouts, official, real

    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["fixtures"]:
        return fixtures.main(argv[1:])
    if argv[:1] == ["real"]:
        return real.main(argv[1:])
    if argv[:1] == ["layouts"]:
        return layouts.main(argv[1:])
    if argv[:1] == ["identity"]:
        return identity.main(argv[1:])
    return official.main(argv, prog)
