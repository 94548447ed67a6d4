"""Pass 2 of inspection resolution: Ofsted's outcomes register as the backbone.

Each official record belongs to one inspection: an inspection whose start falls
near a record's is tied to it, and two inspections holding one record are merged;
an inspection known only by its publication joins the one its record belongs to.
Where the documents give one day and the register another, both are kept and the
conflict is flagged on the inspection.
"""

from __future__ import annotations

from graph import registers
from graph.records import PartialDate
from graph.resolve.clusters import Cluster, Pending, add_mention, date_facts
from graph.resolve.model import REGISTER_MATCH_DAYS, Inspection
from graph.timeline import near, overlaps


def reconcile_registers(clusters: list[Cluster], records, pending: list[Pending]) -> None:
    """Each official record belongs to one inspection: link it, and merge the inspections it shows are one."""
    holder: dict[registers.OfficialInspection, Cluster] = {}
    for cluster in sorted(clusters, key=lambda c: _precision(c), reverse=True):
        inspection = cluster.inspection
        if inspection.start is None:
            continue
        record = next((r for r in records if r.inspection_type in cluster.types
                       and near(inspection.start, PartialDate(r.start_date), REGISTER_MATCH_DAYS)), None)
        if record is not None:
            _hold(record, cluster, holder, "same-register-record", pending)
    for cluster in clusters:
        inspection = cluster.inspection
        if cluster.merged_into or inspection.start is not None or inspection.published is None:
            continue
        hints = {m.grade_hint for m in inspection.mentions if m.grade_hint}
        fitting = [r for r in records if r.inspection_type in cluster.types and r.published_date
                   and overlaps(inspection.published, PartialDate(r.published_date))
                   and (not hints or r.grade("overall-effectiveness") in hints)]
        if len(fitting) == 1:
            _hold(fitting[0], cluster, holder, "register-publication", pending)
    for cluster in clusters:
        if cluster.merged_into is None and cluster.inspection.register_record:
            _flag_conflicts(cluster.inspection, cluster.inspection.register_record)


def _hold(record, cluster: Cluster, holder: dict, rule: str, pending: list[Pending]) -> None:
    """The record's first inspection holds it; a second one it fits is the same event, merged by `rule`."""
    if record in holder:
        _merge(cluster, holder[record], rule, record, pending)
    else:
        holder[record] = cluster
        cluster.inspection.register_record = record


def _precision(cluster: Cluster) -> tuple:
    start = cluster.inspection.start
    return (len(start.value) if start else 0, any(m.primary for m in cluster.inspection.mentions))


def _merge(cluster: Cluster, into: Cluster, rule: str, record, pending: list[Pending]) -> None:
    moved = set(cluster.refs)
    pending[:] = [item for item in pending if item.ref not in moved]
    for ref, mention in zip(cluster.refs, cluster.inspection.mentions):
        add_mention(into, ref, mention)
        pending.append(Pending(ref, mention, into, rule, date_facts(mention), record=record))
    cluster.merged_into = into


def _flag_conflicts(inspection: Inspection, record: registers.OfficialInspection) -> None:
    """Where the documents give a day and the register another, keep both and say so."""
    for prop, ours, theirs in (("startDate", inspection.start, record.start_date),
                               ("publishedDate", inspection.published, record.published_date)):
        if ours is not None and theirs and ours.precision == "day" and ours.value != theirs:
            inspection.conflicts.append((prop, ours, PartialDate(theirs)))
