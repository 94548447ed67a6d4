"""The extraction spool: each document's extraction kept whole on disk, only its summary in memory.

The emit stage reads each document back from here, so the builder never holds
every document's text at once; kept in the store directory, the spool is also
the cache that spares unchanged files a second extraction.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from graph.ingest import sidecar_of
from graph.records import Extraction


# An entry is MAGIC, the SHA-256 of the pickle, then the pickle: a truncated or garbled entry
# fails its checksum and is extracted again, never unpickled into wrong facts.
MAGIC = b"KGSPOOL1"
HEADER = len(MAGIC) + 32


class SpoolError(Exception):
    """A cache entry is truncated, garbled or not an extraction; the message names it."""


@dataclass(frozen=True)
class SourceFile:
    """A document file and the corpus root its source path is relative to."""

    path: Path
    root: Path

    @cached_property  # asked for often, by every comparison of an incremental publish
    def source(self) -> str:
        return self.path.relative_to(self.root).as_posix() if self.path != self.root else self.path.name


@dataclass(frozen=True)
class Spooled:
    """One document's extraction, kept whole on disk; in memory only its summary."""

    summary: Extraction
    entry: Path
    fact_counts: Counter


class ExtractionSpool:
    """Extractions on disk, keyed by path, content and extractor fingerprint.

    The emit stage reads each document back from here, so the builder never
    holds every document's text at once; kept in the store directory, the
    spool is also the cache that spares unchanged files a second extraction.
    """

    def __init__(self, directory: Path, fingerprint: str) -> None:
        self.directory = directory / "cache" / fingerprint
        self.directory.mkdir(parents=True, exist_ok=True)
        remove_stale_writes(directory / "cache")

    def _path(self, item: SourceFile, sha256: str | None = None) -> Path:
        return self.directory / f"{content_key(item, sha256)}.pickle"

    def get(self, item: SourceFile) -> Spooled | None:
        """The cached extraction, or None when there is none or it is damaged: extract again."""
        try:
            path = self._path(item)
        except OSError:
            return None  # gone since it was collected: ingest rejects it with the reason
        if not path.is_file():
            return None
        try:
            return _spooled(self.load(path), path)
        except (SpoolError, OSError):
            return None  # truncated, garbled or from an older format: extract again

    @staticmethod
    def load(entry: Path) -> Extraction:
        """Read an entry back; raise SpoolError if its checksum or contents are wrong."""
        data = entry.read_bytes()
        header, digest, payload = data[:len(MAGIC)], data[len(MAGIC):HEADER], data[HEADER:]
        if header != MAGIC or hashlib.sha256(payload).digest() != digest:
            raise SpoolError(f"damaged cache entry {entry}: checksum mismatch")
        try:
            extraction = pickle.loads(payload)
        except Exception as err:  # a checksummed payload from another version of the code
            raise SpoolError(f"unreadable cache entry {entry}: {type(err).__name__}: {err}") from err
        if not isinstance(extraction, Extraction):
            raise SpoolError(f"cache entry {entry} holds a {type(extraction).__name__}, not an Extraction")
        return extraction

    def put(self, item: SourceFile, extraction: Extraction) -> Spooled:
        # Named by the bytes ingest read, not the file's bytes now: a file rewritten during its
        # extraction must not leave its new content's name on the old content's facts.
        path = self._path(item, extraction.document.sha256)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        payload = pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, path)
        return _spooled(extraction, path)


def content_key(item: SourceFile, sha256: str | None = None) -> str:
    """What a document's extraction rests on besides the code: its source path, its bytes and its sidecar's.

    A cache entry is named by it, so an edited sidecar (new metadata, same document) is extracted
    again. `sha256`: the digest of the document's bytes, when they have been read already.
    """
    document = sha256 or hashlib.sha256(item.path.read_bytes()).hexdigest()
    digest = hashlib.sha256(f"{item.source}\0{document}".encode())
    sidecar = sidecar_of(item.path)
    if sidecar.is_file():
        digest.update(b"\0sidecar\0" + sidecar.read_bytes())
    return digest.hexdigest()


def remove_stale_writes(cache: Path) -> int:
    """Remove the half-written entries (`*.tmp`) a killed build left; returns how many.

    A spool is opened under the store's build lock, so no other build is writing one.
    """
    stale = list(cache.glob("*/*.tmp"))
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def _spooled(extraction: Extraction, entry: Path) -> Spooled:
    return Spooled(extraction.summary(), entry, Counter(type(fact).__name__ for fact in extraction.facts))
