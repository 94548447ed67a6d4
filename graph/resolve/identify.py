"""Pass 1 of inspection resolution: mentions that identify an event.

A mention with a date, a publication date, a month or an ordinal joins the one
inspection (cluster) it fits, or starts one; one that fits several, or has nothing
to identify it, is deferred to pass 3 (graph.resolve.earlier). Mentions are taken
most specific first (`specificity`), so the best-dated ones found the inspections.
"""

from __future__ import annotations

from graph.records import InspectionMention
from graph.resolve.clusters import Cluster, Pending, add_mention, date_facts, type_options
from graph.resolve.model import PUBLICATION_LAG_MONTHS, Inspection
from graph.timeline import may_lag, overlaps


def identify(authority, source, mention, clusters, pending, deferred) -> None:
    ref = (source, mention.key)
    identifiable = mention.start or mention.published or mention.month or mention.ordinal
    candidates = [c for c in clusters if _compatible(c, mention)] if identifiable else []
    if len(candidates) == 1:
        cluster = candidates[0]
        add_mention(cluster, ref, mention)
        pending.append(Pending(ref, mention, cluster, _identifying_rule(mention), date_facts(mention)))
    elif len(candidates) > 1 or not (mention.start or mention.published or mention.ordinal):
        deferred.append((source, mention, candidates))
    else:
        cluster = Cluster(Inspection(key="", authority=authority, inspection_type=mention.inspection_type or ""),
                          types=type_options(mention))
        add_mention(cluster, ref, mention)
        clusters.append(cluster)


def _identifying_rule(mention: InspectionMention) -> str:
    if mention.start:
        return "same-date"
    if mention.published:
        return "published-after-visit"
    if mention.month:
        return "same-month"
    return "same-ordinal"


def specificity(mention: InspectionMention) -> tuple:
    precision = {"day": 3, "month": 2, "year": 1}
    start = precision[mention.start.precision] if mention.start else 0
    published = precision[mention.published.precision] if mention.published else 0
    return (start, published, mention.primary, mention.inspection_type is not None, mention.ordinal or 0)


def _compatible(cluster: Cluster, mention: InspectionMention) -> bool:
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
        # "judged inadequate in 2011" may name a visit of 2010-09 to 2011-12; "in March 2019" one of 2018-11 to 2019-03.
        return inspection.start is not None and may_lag(inspection.start, mention.published, PUBLICATION_LAG_MONTHS)
    if mention.month:
        return inspection.start is not None and inspection.start.month == mention.month
    if mention.ordinal:
        return inspection.ordinal == mention.ordinal
    return False


def _grade_consistent(inspection: Inspection, grade: str) -> bool:
    hints = {m.grade_hint for m in inspection.mentions if m.grade_hint}
    return not hints or grade in hints
