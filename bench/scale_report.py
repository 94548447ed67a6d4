"""The report of bench/bench_scale.py: the linear fit, the Markdown tables and bench/scale.png."""

from __future__ import annotations

import statistics
from pathlib import Path

QUERY_RUNS = 3  # as bench_scale.py runs each query: a timeout covers that many runs


def linear_fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least-squares y = a + b x, and R^2."""
    slope, intercept = statistics.linear_regression(xs, ys)
    mean = statistics.fmean(ys)
    total = sum((y - mean) ** 2 for y in ys) or 1.0
    residual = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys))
    return intercept, slope, 1 - residual / total


def validate_seconds(stages: dict[str, float]) -> float:
    """The builder reports validate alone, or validate+store when it runs them side by side."""
    return stages.get("validate", stages.get("validate+store", 0.0))


def query_cell(timing: dict) -> str:
    if not timing:
        return "—"  # not measured at this size
    if "seconds" in timing:
        return f"{timing['seconds']:.2f}"
    # the child had QUERY_RUNS runs' worth of time: over it means the first run alone took longer
    return f">{timing['timeout'] / QUERY_RUNS:.0f}" if "timeout" in timing else "error"


def write_report(results: dict, plot: Path) -> str:
    """Draw the plot and return the Markdown tables for bench/README.md."""
    def order(key: str) -> tuple[int, bool]:
        return int(key.split("-")[0]), key.endswith("-replicated")
    rows = [results[k] | {"copies": int(k.split("-")[0])} for k in sorted(results, key=order)]
    built = [r for r in rows if "replicated_from" not in r]
    mib = 2 ** 20
    lines = ["| copies | documents | quads | build s | extract s | emit s | validate (+store) s | s / doc "
             "| peak RSS, builder MiB | peak RSS, all processes MiB |",
             "|" + "---|" * 10]
    for r in built:
        stages = r["stages"]
        lines.append(
            f"| {r['copies']} | {r['documents']} | {r['quads']:,} | {r['seconds']:.0f} "
            f"| {stages.get('ingest+extract', 0):.0f} | {stages.get('emit', 0):.0f} | {validate_seconds(stages):.0f} "
            f"| {r['seconds'] / r['documents']:.3f} "
            f"| {r['peak_rss_largest'] / mib:.0f} | {r['peak_rss_tree'] / mib:.0f} |")
    if len(built) >= 2:
        intercept, slope, r2 = linear_fit([r["documents"] for r in built], [r["seconds"] for r in built])
        lines += ["", f"Build time fit: {intercept:.1f} s + {slope:.3f} s per document, R² = {r2:.3f}"]
    lines += ["", "| copies | documents | quads | how | embedded load s | embedded store MiB | Virtuoso publish s "
              "| Virtuoso db growth MiB (a) |", "|" + "---|" * 8]
    for r in rows:
        virtuoso = r.get("virtuoso", {})
        load = r.get("embedded_load_seconds")
        publish = f"{virtuoso['publish_seconds']:.0f}" if "publish_seconds" in virtuoso else "—"
        growth_cell = f"{(virtuoso['db_bytes'] - virtuoso['empty_db_bytes']) / mib:.0f}" if "db_bytes" in virtuoso else "—"
        lines.append(f"| {r['copies']} | {r['documents']} | {r['quads']:,} "
                     f"| {'replicated from x' + str(r['replicated_from']) if 'replicated_from' in r else 'built'} "
                     f"| {'in the build' if load is None else f'{load:.0f}'} | {r['store_bytes'] / mib:.0f} | {publish} "
                     f"| {growth_cell} |")
    lines += ["", "(a) growth of virtuoso.db over the empty database; runs before the bench checkpointed Virtuoso "
              "count only what had reached the file, a lower bound (results.json: `checkpointed`)."]
    names = sorted({q for r in rows for q in r["embedded_queries"]})
    lines += ["", "Named query latency, median of 3 runs, seconds (embedded / Virtuoso; >N: the first run passed N s)", "",
              "| copies | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for r in rows:
        virtuoso = r.get("virtuoso", {}).get("queries", {})
        cells = [f"{query_cell(r['embedded_queries'].get(n, {}))} / {query_cell(virtuoso.get(n, {}))}"
                 for n in names]
        label = f"{r['copies']} (replicated)" if "replicated_from" in r else str(r["copies"])
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    built_sizes = {r["copies"] for r in built}
    draw([r for r in rows if "replicated_from" not in r or r["copies"] not in built_sizes], built, names, plot)
    return "\n".join(lines)


def draw(rows: list[dict], built: list[dict], names: list[str], plot: Path) -> None:
    import matplotlib  # imported here: only the report needs it, not the query child processes

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    built_docs = [r["documents"] for r in built]
    figure, ((build, memory), (disk, latency)) = plt.subplots(2, 2, figsize=(12, 9))
    build.plot(built_docs, [r["seconds"] for r in built], "o-", label="whole build (wall)")
    for stage in ("ingest+extract", "emit"):
        build.plot(built_docs, [r["stages"].get(stage, 0) for r in built], ".--", label=stage)
    build.plot(built_docs, [validate_seconds(r["stages"]) for r in built], ".--", label="validate (+store)")
    if len(built) >= 2:
        intercept, slope, r2 = linear_fit(built_docs, [r["seconds"] for r in built])
        build.plot(built_docs, [intercept + slope * d for d in built_docs], ":", color="grey",
                   label=f"linear fit, R²={r2:.3f}")
    build.set(title="Build time (build_graph.py)", xlabel="documents", ylabel="seconds")
    build.legend(fontsize=8)
    memory.plot(built_docs, [r["peak_rss_largest"] / 2**30 for r in built], "o-", label="builder process")
    memory.plot(built_docs, [r["peak_rss_tree"] / 2**30 for r in built], "s--", label="builder + workers")
    if len(built) >= 2:  # where the measured trend meets the machine, out to the largest size benchmarked
        intercept, slope, _ = linear_fit(built_docs, [r["peak_rss_tree"] / 2**30 for r in built])
        reach = [built_docs[0], max(r["documents"] for r in rows)]
        memory.plot(reach, [intercept + slope * d for d in reach], ":", color="C1", label="builder + workers, projected")
    memory.axhline(24, color="red", linestyle=":", label="machine memory (24 GiB)")
    memory.set(title="Peak resident memory of the build", xlabel="documents", ylabel="GiB")
    memory.legend(fontsize=8)
    docs = [r["documents"] for r in rows]
    quads = [r["quads"] / 1e6 for r in rows]
    disk.plot(quads, [r["store_bytes"] / 2**20 for r in rows], "o-", label="embedded (pyoxigraph)")
    disk.plot(quads, [r["nquads_bytes"] / 2**20 for r in rows], ".:", label="N-Quads file")
    with_virtuoso = [(q, r["virtuoso"]) for q, r in zip(quads, rows) if "virtuoso" in r]
    if with_virtuoso:
        disk.plot([q for q, _ in with_virtuoso], [(v["db_bytes"] - v["empty_db_bytes"]) / 2**20
                                                 for _, v in with_virtuoso], "s--", label="Virtuoso db file growth (lower bound, see table)")
    replicated = " (large sizes: replicated builds)" if any("replicated_from" in r for r in rows) else ""
    disk.set(title=f"Store size on disk{replicated}", xlabel="million quads", ylabel="MiB")
    disk.legend(fontsize=8)
    for index, name in enumerate(names):
        colour = f"C{index}"
        embedded = [(d, r["embedded_queries"].get(name, {}).get("seconds")) for d, r in zip(docs, rows)]
        remote = [(d, r.get("virtuoso", {}).get("queries", {}).get(name, {}).get("seconds")) for d, r in zip(docs, rows)]
        latency.plot([d for d, s in embedded if s], [s for d, s in embedded if s], "o-", color=colour,
                     label=f"{name} (embedded)")
        latency.plot([d for d, s in remote if s], [s for d, s in remote if s], "s--", color=colour,
                     label=f"{name} (Virtuoso)")
    latency.set(title="Named query latency (missing points: over the time limit)", xlabel="documents",
                ylabel="seconds (log)", yscale="log")
    latency.legend(fontsize=6, loc="upper left", ncol=2)
    figure.tight_layout()
    figure.savefig(plot, dpi=110)
