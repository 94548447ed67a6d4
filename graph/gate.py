"""The validation gate of a publish: SHACL validation of the written N-Quads, beside the store's load.

The store switches to a new build only if the gate passes (graph.store's
`publish(nquads, gate)`); a failing gate is a BuildError naming each violation.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from pathlib import Path

from graph.registers.rdf import AUTHORITIES, MEMBERS, OFFICIAL_OUTCOMES, SCRAPED_OUTCOMES
from graph.report import BuildError
from graph.nquads import Span, subject_spans
from graph.validate import ValidationReport, Violation, combined, validate_nquads
from graph.vocab import ONTOLOGY_GRAPH, register_graph


# The static graphs are checked by their own tests; the shapes speak about what the build extracts,
# the office-holder registers (kgg:register/office-holders/...) included.
UNVALIDATED_GRAPHS = (*(str(register_graph(name)) for name in (AUTHORITIES, MEMBERS, OFFICIAL_OUTCOMES,
                                                                SCRAPED_OUTCOMES)), str(ONTOLOGY_GRAPH))


class BackgroundValidation:
    """SHACL validation of the written N-Quads in forked processes while the store loads them.

    `parts` processes each validate a span of the file's subjects (graph.nquads.subject_spans):
    with the store's load beside them, every core stays busy until both end, where one
    validating process took twice as long as the load. Only the small reports come back.
    Where fork is unavailable, or with --jobs 1, validation runs in this process when the
    gate asks for it.
    """

    def __init__(self, nquads: Path, background: bool = True, parts: int = 1) -> None:
        self._nquads = nquads
        self._processes: list[tuple[multiprocessing.Process, Connection]] = []
        if background and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            for span in subject_spans(nquads, max(1, parts)):
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_validate_into, args=(nquads, span, sender), daemon=True)
                process.start()
                sender.close()
                self._processes.append((process, receiver))

    def result(self) -> ValidationReport:
        if not self._processes:
            return validate_nquads(self._nquads, UNVALIDATED_GRAPHS)
        try:
            return combined([_received(process, receiver) for process, receiver in self._processes])
        finally:
            for process, _ in self._processes:
                process.join()

    def require_conforming(self) -> None:
        require_conforming(self.result())


def _received(process: multiprocessing.Process, receiver: Connection) -> ValidationReport:
    try:
        return receiver.recv()
    except EOFError as err:
        process.join()
        raise BuildError(f"the validation process died (exit code {process.exitcode})") from err


def require_conforming(self) -> None:
        require_conforming(self.result())


def require_conforming(validation: ValidationReport) -> None:
    """Raise a BuildError naming every violation, unless the graph conforms."""
    if not validation.conforms:
        raise BuildError("the graph breaks its SHACL shapes; nothing was published:\n" +
                         "\n".join(f"  {describe(v)}" for v in validation.violations))


def _validate_into(nquads: Path, span: Span, sender: Connection) -> None:
    sender.send(validate_nquads(nquads, UNVALIDATED_GRAPHS, span=span))
    sender.close()


def describe(violation: Violation) -> str:
    where = ", ".join(str(g) for g in violation.source_graphs) or "the union graph"
    path = f" {violation.path}" if violation.path is not None else ""
    return f"{violation.focus_node}{path}: {violation.message} (in {where})"
