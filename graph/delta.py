"""What an incremental publish changes: which documents, which source graphs, and the quads of each graph.

`compare` sorts the collected files against the published build's state:
unchanged (same size and modification time, or else the same content), to
extract (added or replaced), removed. `source_views` digests, per source, what
its source graph's emission reads from the resolution, so a document whose
file did not change is re-emitted only when what it reads did.
`graph_change` diffs one named graph's new quads against the served ones,
`text_change` against the text a graph was published with.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable, Mapping

import pyoxigraph as ox

from graph.resolve import Resolution
from graph.spool import SourceFile, content_key
from graph.state import BuildState, DocumentState, Signature, signature
from graph.store import GraphChange


@dataclass
class DocumentChanges:
    """The collected files against the published build's documents."""

    signatures: dict[SourceFile, Signature]  # every file still there, as seen before reading it
    unchanged: dict[SourceFile, DocumentState] = field(default_factory=dict)
    to_extract: list[SourceFile] = field(default_factory=list)  # added or replaced
    removed: list[DocumentState] = field(default_factory=list)


def signatures(files: list[SourceFile]) -> dict[SourceFile, Signature]:
    """Each file's signature; a file removed since it was collected is left out, as if never collected."""
    found = {}
    for item in files:
        try:
            found[item] = signature(item.path)
        except FileNotFoundError:
            continue
    return found


def compare(files: list[SourceFile], state: BuildState) -> DocumentChanges:
    """Sort the files against `state`: a file whose signature changed is read and hashed before it is re-extracted."""
    changes = DocumentChanges(signatures(files))
    previous = {document.file: document for document in state.documents}
    for item, seen in changes.signatures.items():
        old = previous.get(item)
        if old is not None and (old.signature == seen or _same_content(item, old)):
            changes.unchanged[item] = replace(old, signature=seen)
        else:
            changes.to_extract.append(item)
    changes.removed = [document for item, document in previous.items() if item not in changes.signatures]
    return changes


def _same_content(item: SourceFile, old: DocumentState) -> bool:
    """Touched but not changed (copied over with the same bytes): its cache entry is named by its content."""
    try:
        return content_key(item) == old.spooled.entry.stem
    except OSError:
        return False  # gone or unreadable now: extraction will say why


def shared_source_path(files: list[SourceFile]) -> str | None:
    """A source path two files share (under two --sources roots): their facts would share one graph."""
    seen: set[str] = set()
    for item in files:
        if item.source in seen:
            return item.source
        seen.add(item.source)
    return None


def source_views(resolution: Resolution) -> dict[str, str]:
    """For each source, a digest of what graph.emit.emit_source reads from the resolution for it.

    That is the inspection or unresolved mention each of its mentions resolved to,
    the person each of its role facts names, and which of those inspections have
    grades the sources dispute (a disputed judgement gets its own node). Keep this
    in step with emit_source: the incremental tests compare against full builds.
    """
    entries: dict[str, list[tuple]] = defaultdict(list)
    for (source, key), inspection in resolution.mention_to_inspection.items():
        entries[source].append(("inspection", key, inspection))
    for (source, key), mention in resolution.unresolved.items():
        entries[source].append(("unresolved", key, mention.key))
    for (source, start), person in resolution.person_of.items():
        entries[source].append(("person", str(start), person))
    disputed: dict[str, list[str]] = defaultdict(list)
    for inspection, area in resolution.conflicting_judgements:
        disputed[inspection].append(area)
    views = {}
    for source, found in entries.items():
        named = {entry[2] for entry in found if entry[0] == "inspection"}
        found += [("disputed", inspection, ",".join(sorted(disputed[inspection])))
                  for inspection in named if inspection in disputed]
        views[source] = hashlib.sha256(repr(sorted(found)).encode()).hexdigest()
    return views


def graph_change(graph: str, new: set[ox.Quad], old: set[ox.Quad]) -> GraphChange | None:
    """How `graph` changes from `old` to `new`; None when it does not."""
    added, removed = new - old, old - new
    if not added and not removed:
        return None
    return GraphChange(graph, frozenset(new), frozenset(added), frozenset(removed))


def as_text(quads: Iterable[str]) -> str:
    """Quads' N-Quads texts (without the final ' .'), a line each: how a record keeps a graph it published.

    One string, not a set of them: a record is read and written at every publish, and one long
    string pickles at the speed of a copy.
    """
    return "\n".join(quads)


def text_change(graph: str, new: Mapping[str, ox.Quad], published: str) -> GraphChange | None:
    """As `graph_change`, with the new quads keyed by their N-Quads text and the old ones as `as_text` wrote them."""
    old = set(published.split("\n")) if published else set()
    added = frozenset(quad for text, quad in new.items() if text not in old)
    gone = "".join(f"{text} .\n" for text in old if text not in new)
    removed = frozenset(ox.parse(gone, format=ox.RdfFormat.N_QUADS)) if gone else frozenset()
    if not added and not removed:
        return None
    return GraphChange(graph, frozenset(new.values()), added, removed)
