"""The record of the build a store serves, kept beside the extraction cache: what an incremental publish starts from.

A `BuildState` says which store version it describes, which code built it (the
extraction fingerprint, which covers the emitter, the shapes and the static
graphs too), the text of the graphs every publish emits whole (kgg:derived,
kgg:build, the office-holder graphs), and for each document: its file, the size
and modification time seen before it was read, its spooled extraction, and a
digest of the resolution its source graph was written with. It is written after every publish that
switched the store and read by the next; one that is missing, damaged or
describes another version means a full build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

from graph.documents import OfficeHolderTables
from graph.ingest import sidecar_of
from graph.records import Rejection
from graph.spool import SourceFile, Spooled

STATE_FILE = "last-build.pickle"  # not build-*: that is the scratch a killed build leaves
# As in the spool: MAGIC, the SHA-256 of the pickle, then the pickle, so a damaged file reads as no state.
MAGIC = b"KGSTATE1"

Signature = tuple[int, int, int, int]  # size and mtime (ns) of a document, then of its sidecar (-1, -1: none)


def signature(path: Path) -> Signature:
    """What a poll compares before reading a file: sizes and modification times, the sidecar's too."""
    found = path.stat()
    try:
        side = sidecar_of(path).stat()
    except FileNotFoundError:
        return found.st_size, found.st_mtime_ns, -1, -1
    return found.st_size, found.st_mtime_ns, side.st_size, side.st_mtime_ns


@dataclass(frozen=True)
class DocumentState:
    """One document of the published build."""

    file: SourceFile
    signature: Signature  # taken before the file was read: a write after it shows as a change
    spooled: Spooled  # its summary, cache entry (named by graph.spool.content_key) and fact counts
    view: str  # digest of the resolution its source graph was emitted with (graph.delta.source_views)

    @property
    def source(self) -> str:
        return self.file.source


@dataclass(frozen=True)
class BuildState:
    version: str  # the store version this build was published as
    fingerprint: str  # graph.resources.extraction_fingerprint() of the code that built it
    documents: tuple[DocumentState, ...]  # in the order graph.documents.collect gave them
    register_paths: tuple[Path, ...]  # the office-holder tables given (--register)
    tables: OfficeHolderTables  # their rows and (name, SHA-256)
    unreadable: tuple[Rejection, ...]  # the documents it could not read, in its record
    # The graphs every publish emits whole (kgg:derived, kgg:build, the office-holder graphs) as published,
    # in graph.delta.as_text form: the next publish diffs against these instead of reading them back.
    graphs: dict[str, str]
    total_quads: int


def load_state(directory: Path) -> BuildState | None:
    """The state saved in `directory`, or None when there is none or it is damaged or foreign."""
    try:
        data = (directory / STATE_FILE).read_bytes()
    except OSError:
        return None
    header, digest, payload = data[:len(MAGIC)], data[len(MAGIC):len(MAGIC) + 32], data[len(MAGIC) + 32:]
    if header != MAGIC or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        state = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - a checksummed payload from another version of the code: no state
        return None
    return state if isinstance(state, BuildState) else None


def save_state(directory: Path, state: BuildState) -> None:
    """Write the state whole or not at all (a temporary file renamed over the old one).

    The caller holds the store's build lock, so any other temporary is a killed build's: removed.
    """
    payload = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
    temporary = directory / f".{STATE_FILE}.{os.getpid()}"
    temporary.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
    os.replace(temporary, directory / STATE_FILE)
    for stale in directory.glob(f".{STATE_FILE}.*"):
        stale.unlink(missing_ok=True)

