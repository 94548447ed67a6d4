"""The validation gate of a publish: SHACL validation of the written N-Quads, beside the store's load.

The store switches to a new build only if the gate passes (graph.store's
`publish(nquads, gate)`); a failing gate is a BuildError naming each violation.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from graph.registers.rdf import AUTHORITIES, MEMBERS, OFFICIAL_OUTCOMES, SCRAPED_OUTCOMES
from graph.report import BuildError
from graph.validate import ValidationReport, Violation, validate_nquads
from graph.vocab import ONTOLOGY_GRAPH, register_graph


# The static graphs are checked by their own tests; the shapes speak about what the build extracts,
# the office-holder registers (kgg:register/office-holders/...) included.
UNVALIDATED_GRAPHS = (*(str(register_graph(name)) for name in (AUTHORITIES, MEMBERS, OFFICIAL_OUTCOMES,
                                                                SCRAPED_OUTCOMES)), str(ONTOLOGY_GRAPH))


class BackgroundValidation:
    """SHACL validation of the written N-Quads in a forked process while the store loads them.

    Only the small report comes back. Where fork is unavailable, or with
    --jobs 1, validation runs in this process when the gate asks for it.
    """

    def __init__(self, nquads: Path, background: bool = True) -> None:
        self._nquads = nquads
        self._process = None
        if background and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(target=_validate_into, args=(nquads, sender), daemon=True)
            self._process.start()
            sender.close()

    def result(self) -> ValidationReport:
        if self._process is None:
            return validate_nquads(self._nquads, UNVALIDATED_GRAPHS, trust_spans=True)
        try:
            return self._receiver.recv()
        except EOFError as err:
            raise BuildError(f"the validation process died (exit code {self._process.exitcode})") from err
        finally:
            self._process.join()

    def require_conforming(self) -> None:
        require_conforming(self.result())


def require_conforming(validation: ValidationReport) -> None:
    """Raise a BuildError naming every violation, unless the graph conforms."""
    if not validation.conforms:
        raise BuildError("the graph breaks its SHACL shapes; nothing was published:\n" +
                         "\n".join(f"  {describe(v)}" for v in validation.violations))


def _validate_into(nquads: Path, sender) -> None:
    sender.send(validate_nquads(nquads, UNVALIDATED_GRAPHS, trust_spans=True))
    sender.close()


def describe(violation: Violation) -> str:
    where = ", ".join(str(g) for g in violation.source_graphs) or "the union graph"
    path = f" {violation.path}" if violation.path is not None else ""
    return f"{violation.focus_node}{path}: {violation.message} (in {where})"
