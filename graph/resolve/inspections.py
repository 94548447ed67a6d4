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

This module runs the passes council by council and settles each inspection's
type and key. The passes live in graph.resolve.identify (1), graph.resolve.backbone
(2) and graph.resolve.earlier (3); the clusters they share in graph.resolve.clusters.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from graph import registers
from graph.extract.inspection_rules import OLDER_FRAMEWORK, framework_at
from graph.records import Extraction, DocumentFact, InspectionMention, PartialDate
from graph.resolve.backbone import reconcile_registers
from graph.resolve.clusters import Cluster, Pending, family, final, type_options
from graph.resolve.earlier import Document, refer
from graph.resolve.identify import identify, specificity
from graph.resolve.model import GRADED_TYPES, VISIT_TYPES, Inspection, MentionRef, Merge, UnresolvedMention

__all__ = ["InspectionResolution", "family", "resolve_inspections", "type_options"]


@dataclass
class InspectionResolution:
    inspections: dict[str, Inspection]
    mention_map: dict[MentionRef, str]
    unresolved: dict[MentionRef, UnresolvedMention]
    merges: list[Merge]


def resolve_inspections(extractions: list[Extraction]) -> InspectionResolution:
    by_authority: dict[str, list[tuple[str, InspectionMention]]] = defaultdict(list)
    documents: dict[str, Document] = {}
    for ext in extractions:
        published = next((PartialDate(f.value) for f in ext.facts
                          if isinstance(f, DocumentFact) and f.field_name == "published"), None)
        primary = next((f for f in ext.facts if isinstance(f, InspectionMention) and f.primary), None)
        documents[ext.document.source] = Document(primary, published)
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


def _resolve_council(authority: str, mentions: list[tuple[str, InspectionMention]], documents: dict[str, Document],
                     records: list[registers.OfficialInspection], result: InspectionResolution) -> None:
    clusters: list[Cluster] = []
    pending: list[Pending] = []
    deferred: list[tuple[str, InspectionMention, list[Cluster]]] = []
    for source, mention in sorted(mentions, key=lambda sm: specificity(sm[1]), reverse=True):
        identify(authority, source, mention, clusters, pending, deferred)
    reconcile_registers(clusters, records, pending)
    clusters = [c for c in clusters if c.merged_into is None]
    cluster_of = {ref: c for c in clusters for ref in c.refs}
    unresolved: list[UnresolvedMention] = []
    for source, mention, earlier in sorted(deferred, key=lambda d: (not d[1].primary, d[0], d[1].key)):
        refer(authority, source, mention, earlier, documents[source], clusters, cluster_of, records,
              pending, unresolved)
    for cluster in clusters:
        inspection = cluster.inspection
        inspection.inspection_type = _settled_type(inspection, cluster.types)
        inspection.key = _inspection_key(inspection, cluster.refs)
        result.inspections[inspection.key] = inspection
        for ref in cluster.refs:
            result.mention_map[ref] = inspection.key
    for item in pending:
        target = final(item.cluster)
        result.merges.append(Merge(item.ref, item.mention.evidence, target.inspection.key, item.rule, item.facts,
                                   tuple(sorted({final(c).inspection.key for c in item.read})), item.record))
    for item in unresolved:
        item.candidates = tuple(sorted({final(c).inspection.key for c in item.candidates}))
        result.unresolved[item.ref] = item


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
    # The framework in use at its date; `other` where no date settles one ("the 2013 inspection").
    when = inspection.when
    return (framework_at(when) if when is not None else None) or OLDER_FRAMEWORK


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
