"""Inspections: mentions clustered into real inspections, with stable keys, linked to the registers.

Three passes per council (docs/resolution.md):

1. mentions that identify an event (a date, a publication date, an ordinal) join the one
   inspection they fit, or start one;
2. Ofsted's outcomes register ties each official record to one inspection: two inspections
   holding one record are one, and an inspection known only by its publication joins the
   one its record belongs to;
3. mentions of earlier events with nothing to identify them ("the last inspection", "the
   focused report") resolve to the one dated inspection their bounds allow; else they stay
   mentions (`UnresolvedMention`), linked to their candidates. A document's own subject
   with no candidate at all is an (undated) inspection of its own.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from graph import concepts, registers
from graph.records import Evidence, Extraction, DocumentFact, InspectionMention, PartialDate
from graph.timeline import months_between, near, overlaps, precedes
from graph.resolve.model import (
    GRADED_TYPES, PUBLICATION_LAG_MONTHS, REGISTER_MATCH_DAYS, VISIT_TYPES, Inspection, MentionRef, Merge,
    UnresolvedMention,
)


def family(inspection_type: str | None) -> str:
    if inspection_type in (None, *GRADED_TYPES):
        return "graded"
    return inspection_type


def type_options(mention: InspectionMention) -> frozenset[str]:
    """The inspection types a mention can name.

    A visit or an `other` event is its own type. A document's own inspection may be
    any graded type (a report is typed by its days on site, news by its year). A mention
    worded as a "full inspection" is SIF or ILACS standard; a "short inspection" ILACS
    short; an unqualified "inspection" any graded type.
    """
    kind = mention.inspection_type
    if kind is not None and kind not in GRADED_TYPES:
        return frozenset({kind})
    if mention.primary:
        return frozenset(GRADED_TYPES)
    if mention.fits:
        return frozenset(concepts.members(mention.fits))
    if kind == "ilacs-short":
        return frozenset({kind})
    return frozenset(GRADED_TYPES)


@dataclass(eq=False)
class _Cluster:
    inspection: Inspection
    refs: list[MentionRef] = field(default_factory=list)
    types: frozenset[str] = frozenset()
    merged_into: _Cluster | None = None

    @property
    def when(self) -> PartialDate | None:
        return self.inspection.when


@dataclass
class _Pending:
    """A merge before the inspections have keys."""

    ref: MentionRef
    mention: InspectionMention
    cluster: _Cluster
    rule: str
    facts: tuple[Evidence, ...] = ()
    read: tuple[_Cluster, ...] = ()
    record: registers.OfficialInspection | None = None


@dataclass
class InspectionResolution:
    inspections: dict[str, Inspection]
    mention_map: dict[MentionRef, str]
    unresolved: dict[MentionRef, UnresolvedMention]
    merges: list[Merge]


@dataclass(frozen=True)
class _Document:
    """What the third pass reads of a mention's document: its own inspection and its date."""

    primary: InspectionMention | None
    published: PartialDate | None


def resolve_inspections(extractions: list[Extraction]) -> InspectionResolution:
    by_authority: dict[str, list[tuple[str, InspectionMention]]] = defaultdict(list)
    documents: dict[str, _Document] = {}
    for ext in extractions:
        published = next((PartialDate(f.value) for f in ext.facts
                          if isinstance(f, DocumentFact) and f.field_name == "published"), None)
        primary = next((f for f in ext.facts if isinstance(f, InspectionMention) and f.primary), None)
        documents[ext.document.source] = _Document(primary, published)
        for mention in ext.facts:
            if isinstance(mention, InspectionMention) and mention.authority:
                by_authority[mention.authority].append((ext.document.source, mention))
    official = defaultdict(list)
    for record in registers.official_inspections():
        official[record.gss_code].append(record)
    result = InspectionResolution({}, {}, {}, [])
    for authority in sorted(by_authority):
        _resolve_council(authority, by_authority[authority], documents, official.get(authority, []), result)
    return result


def _resolve_council(authority: str, mentions: list[tuple[str, InspectionMention]], documents: dict[str, _Document],
                     records: list[registers.OfficialInspection], result: InspectionResolution) -> None:
    clusters: list[_Cluster] = []
    pending: list[_Pending] = []
    deferred: list[tuple[str, InspectionMention, list[_Cluster]]] = []
    for source, mention in sorted(mentions, key=lambda sm: _specificity(sm[1]), reverse=True):
        _identify(authority, source, mention, clusters, pending, deferred)
    _reconcile_registers(clusters, records, pending)
    clusters = [c for c in clusters if c.merged_into is None]
    cluster_of = {ref: c for c in clusters for ref in c.refs}
    unresolved: list[UnresolvedMention] = []
    for source, mention, earlier in sorted(deferred, key=lambda d: (not d[1].primary, d[0], d[1].key)):
        _refer(authority, source, mention, earlier, documents[source], clusters, cluster_of, records,
               pending, unresolved)
    for cluster in clusters:
        inspection = cluster.inspection
        inspection.inspection_type = _settled_type(inspection, cluster.types)
        inspection.key = _inspection_key(inspection, cluster.refs)
        result.inspections[inspection.key] = inspection
        for ref in cluster.refs:
            result.mention_map[ref] = inspection.key
    for item in pending:
        target = _final(item.cluster)
        result.merges.append(Merge(item.ref, item.mention.evidence, target.inspection.key, item.rule, item.facts,
                                   tuple(sorted({_final(c).inspection.key for c in item.read})), item.record))
    for item in unresolved:
        item.candidates = tuple(sorted({_final(c).inspection.key for c in item.candidates}))
        result.unresolved[item.ref] = item


def _final(cluster: _Cluster) -> _Cluster:
    while cluster.merged_into is not None:
        cluster = cluster.merged_into
    return cluster


# --- pass 1: mentions that identify an event ---------------------------------------------------

def _identify(authority, source, mention, clusters, pending, deferred) -> None:
    ref = (source, mention.key)
    identifiable = mention.start or mention.published or mention.month or mention.ordinal
    candidates = [c for c in clusters if _compatible(c, mention)] if identifiable else []
    if len(candidates) == 1:
        cluster = candidates[0]
        _add(cluster, ref, mention)
        pending.append(_Pending(ref, mention, cluster, _identifying_rule(mention), _date_facts(mention)))
    elif len(candidates) > 1 or not (mention.start or mention.published or mention.ordinal):
        deferred.append((source, mention, candidates))
    else:
        cluster = _Cluster(Inspection(key="", authority=authority, inspection_type=mention.inspection_type or ""),
                           types=type_options(mention))
        _add(cluster, ref, mention)
        clusters.append(cluster)


def _identifying_rule(mention: InspectionMention) -> str:
    if mention.start:
        return "same-date"
    if mention.published:
        return "published-after-visit"
    if mention.month:
        return "same-month"
    return "same-ordinal"


def _date_facts(mention: InspectionMention) -> tuple[Evidence, ...]:
    return tuple(e for e in (mention.date_evidence, mention.published_evidence) if e)


def _specificity(mention: InspectionMention) -> tuple:
    precision = {"day": 3, "month": 2, "year": 1}
    start = precision[mention.start.precision] if mention.start else 0
    published = precision[mention.published.precision] if mention.published else 0
    return (start, published, mention.primary, mention.inspection_type is not None, mention.ordinal or 0)


def _compatible(cluster: _Cluster, mention: InspectionMention) -> bool:
    inspection = cluster.inspection
    if not cluster.types & type_options(mention):
        return False
    if mention.ordinal and inspection.ordinal and mention.ordinal != inspection.ordinal:
        return False
    if mention.grade_hint and not _grade_consistent(inspection, mention.grade_hint):
        return False
    if mention.start:
        return inspection.start is not None and overlaps(mention.start, inspection.start, mention.end, inspection.end)
    if mention.published:
        if inspection.published:
            return overlaps(mention.published, inspection.published)
        lag = months_between(inspection.start, mention.published) if inspection.start else None
        return lag is not None and 0 <= lag <= PUBLICATION_LAG_MONTHS
    if mention.month:
        return inspection.start is not None and inspection.start.month == mention.month
    if mention.ordinal:
        return inspection.ordinal == mention.ordinal
    return False


def _grade_consistent(inspection: Inspection, grade: str) -> bool:
    hints = {m.grade_hint for m in inspection.mentions if m.grade_hint}
    return not hints or grade in hints


def _add(cluster: _Cluster, ref: MentionRef, mention: InspectionMention) -> None:
    """The types an inspection may be narrow with each mention; a report or letter's own word decides."""
    cluster.refs.append(ref)
    _absorb(cluster.inspection, mention)
    primaries = [m for m in cluster.inspection.mentions if m.primary]
    if primaries:
        cluster.types = frozenset().union(*(type_options(m) for m in primaries))
    elif len(cluster.inspection.mentions) > 1:
        cluster.types = cluster.types & type_options(mention)
    else:
        cluster.types = type_options(mention)


def _absorb(inspection: Inspection, mention: InspectionMention) -> None:
    inspection.mentions.append(mention)
    span = (inspection.start, inspection.end)
    for prop, attr in (("startDate", "start"), ("endDate", "end"), ("publishedDate", "published")):
        current, new = getattr(inspection, attr), getattr(mention, attr)
        setattr(inspection, attr, _more_precise(current, new))
        if current and new and not _agree(current, new) and not (attr != "published" and span[0] and overlaps(
                new, span[0], None, span[1])):
            inspection.stated_conflicts.append((prop, current, new))
    inspection.ordinal = inspection.ordinal or mention.ordinal


def _agree(a: PartialDate, b: PartialDate) -> bool:
    """Two statements of one date agree when one is the other at a lower precision."""
    return a.value.startswith(b.value) or b.value.startswith(a.value)


def _more_precise(current: PartialDate | None, new: PartialDate | None) -> PartialDate | None:
    if current is None:
        return new
    if new is None or len(new.value) <= len(current.value):
        return current
    return new if new.value.startswith(current.value) else current


def _settled_type(inspection: Inspection, types: frozenset[str]) -> str:
    """The type the inspection's own report or letter states; else the most specific one named."""
    reported = [m.inspection_type for m in inspection.mentions if m.primary and m.inspection_type]
    if reported:
        return min(reported)  # mentions that report the inspection agree; min() keeps it deterministic
    named = [m.inspection_type for m in inspection.mentions if m.inspection_type]
    for preferred in (*GRADED_TYPES, *VISIT_TYPES):  # each collection in its display order
        if preferred in named and (preferred in types or not types):
            return preferred
    if len(types) == 1:
        return next(iter(types))
    when = inspection.when
    if when is None:
        return "other"
    return "sif" if when.year < 2018 else "ilacs-standard"


def _inspection_key(inspection: Inspection, refs: list[MentionRef]) -> str:
    base = f"{inspection.authority}/{inspection.inspection_type}"
    if inspection.start:
        return f"{base}/{inspection.start.value}"
    if inspection.published:
        return f"{base}/published-{inspection.published.value}"
    if inspection.ordinal:
        return f"{base}/number-{inspection.ordinal}"
    source, key = min(refs)
    return f"{base}/undated-{_short_hash(source + '#' + key)}"


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


# --- pass 2: the register as the backbone ---------------------------------------------------------

def _reconcile_registers(clusters: list[_Cluster], records, pending: list[_Pending]) -> None:
    """Each official record belongs to one inspection: link it, and merge the inspections it shows are one."""
    holder: dict[registers.OfficialInspection, _Cluster] = {}
    for cluster in sorted(clusters, key=lambda c: _precision(c), reverse=True):
        inspection = cluster.inspection
        if inspection.start is None:
            continue
        record = next((r for r in records if r.inspection_type in cluster.types
                       and near(inspection.start, PartialDate(r.start_date), REGISTER_MATCH_DAYS)), None)
        if record is None:
            continue
        if record in holder:
            _merge(cluster, holder[record], "same-register-record", record, pending)
        else:
            holder[record] = cluster
            inspection.register_record = record
    for cluster in clusters:
        inspection = cluster.inspection
        if cluster.merged_into or inspection.start is not None or inspection.published is None:
            continue
        hints = {m.grade_hint for m in inspection.mentions if m.grade_hint}
        fitting = [r for r in records if r.inspection_type in cluster.types and r.published_date
                   and overlaps(inspection.published, PartialDate(r.published_date))
                   and (not hints or r.grade("overall-effectiveness") in hints)]
        if len(fitting) != 1:
            continue
        record = fitting[0]
        if record in holder:
            _merge(cluster, holder[record], "register-publication", record, pending)
        else:
            holder[record] = cluster
            inspection.register_record = record
    for cluster in clusters:
        if cluster.merged_into is None and cluster.inspection.register_record:
            _flag_conflicts(cluster.inspection, cluster.inspection.register_record)


def _precision(cluster: _Cluster) -> tuple:
    start = cluster.inspection.start
    return (len(start.value) if start else 0, any(m.primary for m in cluster.inspection.mentions))


def _merge(cluster: _Cluster, into: _Cluster, rule: str, record, pending: list[_Pending]) -> None:
    moved = set(cluster.refs)
    pending[:] = [item for item in pending if item.ref not in moved]
    for ref, mention in zip(cluster.refs, cluster.inspection.mentions):
        _add(into, ref, mention)
        pending.append(_Pending(ref, mention, into, rule, _date_facts(mention), record=record))
    cluster.merged_into = into


def _flag_conflicts(inspection: Inspection, record: registers.OfficialInspection) -> None:
    """Where the documents give a day and the register another, keep both and say so."""
    for prop, ours, theirs in (("startDate", inspection.start, record.start_date),
                               ("publishedDate", inspection.published, record.published_date)):
        if ours is not None and theirs and ours.precision == "day" and ours.value != theirs:
            inspection.conflicts.append((prop, ours, PartialDate(theirs)))


# --- pass 3: mentions of earlier events --------------------------------------------------------------

def _refer(authority, source, mention, earlier, document: _Document, clusters, cluster_of, records,
           pending, unresolved) -> None:
    """Resolve a mention with nothing that identifies it by the bounds its document gives."""
    ref = (source, mention.key)
    options = type_options(mention)
    facts: list[Evidence] = []
    read: list[_Cluster] = []
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
    pool = [c for c in dict.fromkeys(_final(c) for c in earlier or clusters)
            if _known_types(c) & options and c.when is not None and ref not in c.refs]
    within = [c for c in pool
              if all(not precedes(c.when, lo) and c.when != lo for lo in lower)
              and all(precedes(c.when, hi) for hi in upper)]
    facts = [e for e in (mention.date_evidence,) if e]
    chosen, rule = None, None
    if mention.previous and bounded_by_document and within:
        latest = _latest(within)
        # "The last full inspection" when the last graded one was of another kind: the wording may be loose.
        graded = _latest([c for c in dict.fromkeys(_final(c) for c in clusters) if _known_types(c) & set(GRADED_TYPES)
                          and c.when is not None and ref not in c.refs
                          and all(precedes(c.when, hi) for hi in upper)]) if options < set(GRADED_TYPES) else latest
        if len(latest) == 1 and latest == graded \
                and not _unnamed_record_between(latest[0], min(upper), options, records, clusters):
            chosen, rule = latest[0], "latest-before-document"
    elif (lower or earlier) and upper and len(within) == 1:
        chosen, rule = within[0], "only-candidate-within-bounds"
    elif earlier and (lower or upper) and len(within) == 1:
        chosen, rule = within[0], "only-candidate-within-bounds"
    if chosen is not None:
        _add(chosen, ref, mention)
        cluster_of[ref] = chosen
        pending.append(_Pending(ref, mention, chosen, rule, tuple(facts), tuple(read)))
        return
    if mention.primary and not within and not earlier:
        # A document's own subject that no known inspection can be: an event of its own, undated.
        cluster = _Cluster(Inspection(key="", authority=authority, inspection_type=mention.inspection_type or ""),
                           types=options)
        _add(cluster, ref, mention)
        clusters.append(cluster)
        cluster_of[ref] = cluster
        return
    candidates = within if (lower or upper) else pool
    unresolved.append(UnresolvedMention(
        key=f"{source}/{mention.evidence.start}", ref=ref, authority=authority, mention=mention,
        reason="ambiguous" if len(candidates) > 1 else "no-candidate",
        candidates=tuple(candidates), facts=tuple(facts)))  # clusters until the inspections have keys


def _known_types(cluster: _Cluster) -> frozenset[str]:
    """What an inspection is, to a mention of it: the type its own report or letter states, if one does."""
    reported = {m.inspection_type for m in cluster.inspection.mentions if m.primary and m.inspection_type}
    return frozenset(reported) or cluster.types


def _latest(clusters: list[_Cluster]) -> list[_Cluster]:
    """The inspections no other of them certainly follows."""
    return [c for c in clusters if not any(precedes(c.when, d.when) for d in clusters if d is not c)]


def _next_graded(after: _Cluster, clusters: list[_Cluster]) -> _Cluster | None:
    """The first graded inspection known after `after`: an event since 'the last inspection' came before it."""
    later = [c for c in clusters if c is not after and c.types <= set(GRADED_TYPES) and c.when
             and precedes(after.when, c.when)]
    return min(later, key=lambda c: c.when.value) if later else None


def _unnamed_record_between(latest: _Cluster, upper: PartialDate, options, records, clusters) -> bool:
    """The register knows a fitting event between the latest known one and the document that no document names."""
    held = {c.inspection.register_record for c in clusters if c.inspection.register_record}
    for record in records:
        start = PartialDate(record.start_date)
        if record.inspection_type in options and record not in held \
                and precedes(latest.when, start) and precedes(start, upper):
            return True
    return False
