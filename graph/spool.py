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
from pathlib import Path

from graph.records import Extraction


@dataclass(frozen=True)
class SourceFile:
    """A document file and the corpus root its source path is relative to."""

    path: Path
    root: Path

    @property
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

    def _path(self, item: SourceFile) -> Path:
        digest = hashlib.sha256(item.source.encode() + b"\0" + item.path.read_bytes()).hexdigest()
        return self.directory / f"{digest}.pickle"

    def get(self, item: SourceFile) -> Spooled | None:
        path = self._path(item)
        if not path.is_file():
            return None
        try:
            return _spooled(self.load(path), path)
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # an entry from an interrupted write: extract again

    @staticmethod
    def load(entry: Path) -> Extraction:
        return pickle.loads(entry.read_bytes())

    def put(self, item: SourceFile, extraction: Extraction) -> Spooled:
        path = self._path(item)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
        return _spooled(extraction, path)


def _spooled(extraction: Extraction, entry: Path) -> Spooled:
    return Spooled(extraction.summary(), entry, Counter(type(fact).__name__ for fact in extraction.facts))
