"""`ofsted-kg COMMAND [OPTIONS]`: the project's commands from an installed wheel.

    ofsted-kg build [--sources DIR ...] [--register FILE.csv ...] [--store DIR] ...
                                                             same options as `python build_graph.py`
    ofsted-kg serve [--store DIR] [--port N] ...             same options as `python serve.py`
    ofsted-kg refresh-registers [--dry-run] ...              python -m graph.registers.refresh
    ofsted-kg sssom [--store DIR] --out FILE.tsv             python -m graph.registers.sssom
    ofsted-kg export --store DIR --format gexf ...           python -m service.exports
    ofsted-kg evaluate [--corpus DIR] [--answer-key FILE]    python -m graph.evaluation
    ofsted-kg evaluate fixtures DIR                          python -m graph.evaluation fixtures DIR

Each subcommand hands its remaining arguments to that command's own parser;
paths default relative to the working directory.
"""

from __future__ import annotations

import sys
from typing import Callable


def _build(argv: list[str]) -> int:
    import build_graph

    return build_graph.main(argv, prog="ofsted-kg build")


def _serve(argv: list[str]) -> int:
    from service import cli

    return cli.main(argv, prog="ofsted-kg serve")


def _refresh_registers(argv: list[str]) -> int:
    from graph.registers import refresh

    return refresh.main(argv)


def _sssom(argv: list[str]) -> int:
    from graph.registers import sssom

    return sssom.main(argv)


def _export(argv: list[str]) -> int:
    from service import exports

    return exports.main(argv)


def _evaluate(argv: list[str]) -> int:
    from graph import evaluation

    return evaluation.main(argv, prog="ofsted-kg evaluate")


COMMANDS: dict[str, tuple[Callable[[list[str]], int], str]] = {
    "build": (_build, "build the graph from source documents into a store"),
    "serve": (_serve, "serve a store over SPARQL 1.1, with the query page and exports"),
    "refresh-registers": (_refresh_registers, "refresh the register snapshot from Wikidata and ONS"),
    "sssom": (_sssom, "write the graph's register mappings as an SSSOM table"),
    "export": (_export, "export the graph (GraphML, GEXF, Cytoscape JSON, DOT)"),
    "evaluate": (_evaluate, "score the graph against answer keys, or extraction against fixtures"),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = ["usage: ofsted-kg COMMAND [OPTIONS]  (ofsted-kg COMMAND --help for its options)", "", "commands:"]
    lines += [f"  {name:<{width}}  {summary}" for name, (_, summary) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in {"-h", "--help"}:
        print(usage())
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        print(f"ofsted-kg: unknown command {command!r}\n\n{usage()}", file=sys.stderr)
        return 2
    return COMMANDS[command][0](rest)
