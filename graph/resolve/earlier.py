"""Pass 3 of inspection resolution: mentions of earlier events.

"The last inspection", "the focused report": mentions with nothing to identify
them resolve to the one dated inspection the bounds their document gives allow
(after one event, before another, before the document's own inspection or its
publication). Otherwise they stay mentions (`UnresolvedMention`) linked to their
candidates; a document's own subject with no candidate at all becomes an
(undated) inspection of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.extract.inspection_rules import OLDER_FRAMEWORK
from graph.records import Evidence, InspectionMention, PartialDate
from graph.resolve.clusters import Cluster, Pending, add_mention, final, type_options
from graph.resolve.model import GRADED_TYPES, Inspection, UnresolvedMention
from graph.timeline import precedes

# What an unqualified "the last inspection" may name: a graded inspection of the SIF or ILACS, or of
# an older framework (typed `other`).
GRADED_OR_OLDER = frozenset(GRADED_TYPES) | {OLDER_FRAMEWORK}


@dataclass(frozen=True)
class Document:
    """What the third pass reads of a mention's document: its own inspection and its date."""

    primary: InspectionMention | None
    published: PartialDate | None


def refer(authority, source, mention, earlier, document: Document, clusters, cluster_of, records,
          pending, unresolved) -> None:
    """Resolve a mention with nothing that identifies it by the bounds its document gives."""
    ref = (source, mention.key)
    options = type_options(mention)
    facts: list[Evidence] = []
    read: list[Cluster] = []
    lower: list[PartialDate] = []
    upper: list[PartialDate] = []
    bounded_by_document = False
    after = cluster_of.get((source, mention.after)) if mention.after else None
    if after is not None and after.when is not None:
        lower.append(after.when)
        read.append(after)
        following = _next_graded(after, clusters) if after.types <= set(GRADED_TYPES) else None
        if following is not None and following.when is not None:
            upper.append(following.when)
            read.append(following)
    before = cluster_of.get((source, mention.before)) if mention.before else None
    if before is not None and before.when is not None:
        upper.append(before.when)
        read.append(before)
    if mention.previous and not mention.primary:
        own = cluster_of.get((source, document.primary.key)) if document.primary else None
        if own is not None and own.when is not None:
            upper.append(own.when)
            read.append(own)
            bounded_by_document = True
        elif document.primary is None and document.published is not None:
            upper.append(document.published)
            bounded_by_document = True
    pool = [c for c in dict.fromkeys(final(c) for c in earlier or clusters)
            if _known_types(c) & options and c.when is not None and ref not in c.refs]
    within = [c for c in pool
              if all(not precedes(c.when, lo) and c.when != lo for lo in lower)
              and all(precedes(c.when, hi) for hi in upper)]
    facts = [e for e in (mention.date_evidence,) if e]
    chosen, rule = None, None
    if mention.previous and bounded_by_document and within:
        latest = _latest(within)
        # "The last full inspection" when the last graded one was of another kind: the wording may be loose.
        graded = _latest([c for c in dict.fromkeys(final(c) for c in clusters) if _known_types(c) & GRADED_OR_OLDER
                          and c.when is not None and ref not in c.refs
                          and all(precedes(c.when, hi) for hi in upper)]) if options < GRADED_OR_OLDER else latest
        if len(latest) == 1 and latest == graded \
                and not _unnamed_record_between(latest[0], min(upper), options, records, clusters):
            chosen, rule = latest[0], "latest-before-document"
    elif (lower or earlier) and upper and len(within) == 1:
        chosen, rule = within[0], "only-candidate-within-bounds"
    elif earlier and (lower or upper) and len(within) == 1:
        chosen, rule = within[0], "only-candidate-within-bounds"
    if chosen is not None:
        add_mention(chosen, ref, mention)
        cluster_of[ref] = chosen
        pending.append(Pending(ref, mention, chosen, rule, tuple(facts), tuple(read)))
        return
    if mention.primary and not within and not earlier:
        # A document's own subject that no known inspection can be: an event of its own, undated.
        cluster = Cluster(Inspection(key="", authority=authority, inspection_type=mention.inspection_type or ""),
                          types=options)
        add_mention(cluster, ref, mention)
        clusters.append(cluster)
        cluster_of[ref] = cluster
        return
    candidates = within if (lower or upper) else pool
    unresolved.append(UnresolvedMention(
        key=f"{source}/{mention.evidence.start}", ref=ref, authority=authority, mention=mention,
        reason="ambiguous" if len(candidates) > 1 else "no-candidate",
        candidates=tuple(candidates), facts=tuple(facts)))  # clusters until the inspections have keys


def _known_types(cluster: Cluster) -> frozenset[str]:
    """What an inspection is, to a mention of it: the type its own report or letter states, if one does."""
    reported = {m.inspection_type for m in cluster.inspection.mentions if m.primary and m.inspection_type}
    return frozenset(reported) or cluster.types


def _latest(clusters: list[Cluster]) -> list[Cluster]:
    """The inspections no other of them certainly follows."""
    return [c for c in clusters if not any(precedes(c.when, d.when) for d in clusters if d is not c)]


def _next_graded(after: Cluster, clusters: list[Cluster]) -> Cluster | None:
    """The first graded inspection known after `after`: an event since 'the last inspection' came before it."""
    later = [c for c in clusters if c is not after and c.types <= set(GRADED_TYPES) and c.when
             and precedes(after.when, c.when)]
    return min(later, key=lambda c: c.when.value) if later else None


def _unnamed_record_between(latest: Cluster, upper: PartialDate, options, records, clusters) -> bool:
    """The register knows a fitting event between the latest known one and the document that no document names."""
    held = {c.inspection.register_record for c in clusters if c.inspection.register_record}
    for record in records:
        start = PartialDate(record.start_date)
        if record.inspection_type in options and record not in held \
                and precedes(latest.when, start) and precedes(start, upper):
            return True
    return False
