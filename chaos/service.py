"""The running service under hostile input and load: serve.py in a subprocess over a store built from sources/.

Fuzzed requests by the hundred thousand, 20 MB bodies, oversize heads, slow
clients, runaway queries; one Row each. A row is ok when every request got a
right status (a 4xx with a message, never a 500 or a reset), the server is up
after it and logged no traceback; with `timed`, also when quick queries kept
their 95th percentile under a second meanwhile (make chaos's table, never a
pytest assertion: timings on a shared 2-core machine are no test).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from chaos.bad_requests import ENDLESS, QUICK, BadRequest, fuzzed
from chaos.common import ROOT, Row, build_here
from chaos.http import Connection, Response, one_shot, request, trickle
from chaos.server import Server
from service.config import ServiceConfig

MB = 1 << 20
QUICK_REQUEST = request("GET", "/sparql?query=" + quote("ASK { ?s ?p ?o }"))
RUNAWAY = request("POST", "/sparql", {"content-type": "application/sparql-query"}, ENDLESS.encode())
P95_LIMIT = 1.0


def _status_counts(statuses: Counter) -> str:
    return ", ".join(f"{status or 'none'} {count:,}" for status, count in sorted(statuses.items()))


def _p95(seconds: list[float]) -> float:
    return statistics.quantiles(seconds, n=20, method="inclusive")[-1] if len(seconds) >= 2 else (seconds or [0.0])[0]


def _answered(response: Response, item: BadRequest) -> bool:
    """The right status, and a message with every refusal; a worker's answer may be "busy, retry"."""
    shed = item.pooled and response.status == 503 and "retry-after" in response.headers
    return (response.status in item.expect or shed) and (response.status < 400 or bool(response.body.strip()))


async def _fuzz(server: Server, count: int, seed: int, lanes: int) -> tuple[Counter, Counter, dict, float]:
    requests = fuzzed(count, seed)
    statuses: Counter = Counter()
    wrong: Counter = Counter()
    examples: dict[str, str] = {}

    async def lane() -> None:
        connection = Connection(server.port, timeout=60)
        for item in requests:  # one shared iterator: each lane takes the next request
            response = await connection.exchange(item.data)
            if response.status == 0 and not response.error.startswith("Timeout"):
                response = await connection.exchange(item.data)  # a keep-alive the server closed meanwhile
            statuses[response.status] += 1
            if not _answered(response, item):
                wrong[item.kind] += 1
                examples.setdefault(item.kind, f"{response.status or response.error}: {response.body[:80]!r} "
                                               f"for {item.data[:80]!r}")
        await connection.close()

    started = time.perf_counter()
    await asyncio.gather(*(lane() for _ in range(lanes)))
    return statuses, wrong, examples, time.perf_counter() - started


def fuzz_row(server: Server, count: int, seed: int, lanes: int = 32) -> Row:
    statuses, wrong, examples, seconds = asyncio.run(_fuzz(server, count, seed, lanes))
    up = _up(server)
    ok = not wrong and up
    outcome = (f"{count:,} requests ({lanes} connections) in {seconds:.0f} s, {count / seconds:,.0f} requests/s; "
               f"statuses: {_status_counts(statuses)}; wrong answers: {sum(wrong.values())}"
               + (f" ({'; '.join(f'{k} {v}: {examples[k]}' for k, v in wrong.items())})" if wrong else "")
               + f"; server {'up' if up else 'DOWN'}")
    return Row(f"fuzzed requests (seed {seed})", count, outcome, "none" if ok else "SEE OUTCOME", ok=ok,
               seconds=seconds)


def _up(server: Server) -> bool:
    return server.alive and asyncio.run(one_shot(server.port, QUICK_REQUEST, timeout=30)).status == 200


async def _big_bodies(server: Server, tries: int) -> list[Response]:
    body = b"query=" + b"A" * (20 * MB)
    form = {"content-type": "application/x-www-form-urlencoded"}
    sends = [request("POST", "/sparql", form, body) for _ in range(tries)]
    chunk = hex(len(body))[2:].encode() + b"\r\n" + body + b"\r\n0\r\n\r\n"
    sends.append(request("POST", "/sparql", {**form, "transfer-encoding": "chunked"}) + chunk)
    return [await one_shot(server.port, data, timeout=60) for data in sends]


def big_body_row(server: Server, tries: int = 3) -> Row:
    started = time.perf_counter()
    responses = asyncio.run(_big_bodies(server, tries))
    messages = {r.body.decode(errors="replace").strip() for r in responses}
    ok = all(r.status == 413 and r.body.strip() for r in responses) and _up(server)
    return Row("20 MB POST bodies (Content-Length, and chunked)", len(responses),
               f"statuses: {_status_counts(Counter(r.status for r in responses))}; "
               f"{' / '.join(sorted(messages))[:160]}", "none", ok=ok, seconds=time.perf_counter() - started)


def _head_cases() -> list[bytes]:
    return [request("GET", "/sparql?query=ASK%7B%7D", {"x-big": "a" * (100 * 1024)}),
            request("GET", "/sparql?query=" + "%20" * 40_000 + "ASK%7B%7D"),
            request("GET", "/", {f"x-h{i}": "v" for i in range(10_000)})]


def big_head_row(server: Server) -> Row:
    started = time.perf_counter()
    responses = [asyncio.run(one_shot(server.port, data)) for data in _head_cases()]
    ok = all(r.status == 431 and r.body.strip() for r in responses) and _up(server)
    message = responses[0].body.decode(errors="replace").strip()
    return Row("oversize heads (100 KB header, 120 KB URL, 10,000 headers)", len(responses),
               f"statuses: {_status_counts(Counter(r.status for r in responses))}; {message[:140]}", "none",
               ok=ok, seconds=time.perf_counter() - started)


async def _quick_while(busy: asyncio.Future, port: int, interval: float = 0.05) -> list[Response]:
    """Quick queries, one after another on fresh connections, until `busy` is done."""
    answers = []
    while not busy.done():
        answers.append(await one_shot(port, QUICK_REQUEST, timeout=30))
        await asyncio.sleep(interval)
    return answers


async def _slow_clients(server: Server, heads: int, bodies: int, limit: float) -> tuple[list, list, list]:
    head = request("GET", "/sparql?query=ASK%7B%7D", {"accept": "application/sparql-results+json"})
    body_head = request("POST", "/sparql", {"content-type": "application/sparql-query", "content-length": "5000"})

    async def body_client() -> tuple[Response, int]:
        return await trickle(server.port, body_head + b"ASK {}" + b" " * 4994, interval=0.2, limit=limit,
                             at_once=len(body_head))

    async def head_client() -> tuple[Response, int]:
        return await trickle(server.port, head, interval=0.2, limit=limit)

    slow = asyncio.gather(*(head_client() for _ in range(heads)), *(body_client() for _ in range(bodies)))
    quick = await _quick_while(slow, server.port)
    answers = await slow
    return answers[:heads], answers[heads:], quick


def slow_clients_row(server: Server, request_timeout: float, heads: int, bodies: int, timed: bool) -> Row:
    started = time.perf_counter()
    head_answers, body_answers, quick = asyncio.run(
        _slow_clients(server, heads, bodies, limit=request_timeout * 3 + 5))
    timed_out = [r for r, _ in head_answers + body_answers if r.status == 408 and r.body.strip()]
    late = max((r.seconds for r in timed_out), default=0.0)
    quick_ok = all(r.status == 200 for r in quick)
    p95 = _p95([r.seconds for r in quick])
    ok = len(timed_out) == heads + bodies and quick_ok and _up(server) and (not timed or p95 < P95_LIMIT)
    message = timed_out[0].body.decode().strip() if timed_out else ""
    return Row(f"slow clients (a byte every 0.2 s; request timeout {request_timeout:g} s)", heads + bodies,
               f"{len(timed_out)} of {heads + bodies} answered 408 (heads {heads}, bodies {bodies}), the last after "
               f"{late:.1f} s ('{message[:60]}...'); {len(quick)} quick queries meanwhile, "
               f"{sum(r.status == 200 for r in quick)} answered, p95 {p95 * 1000:.0f} ms", "none", ok=ok,
               seconds=time.perf_counter() - started)


async def _runaways(server: Server, count: int, timeout: float) -> tuple[list[Response], list[Response], float]:
    """`count` runaways at once, and quick queries from when the pool has grown to hold them (or half
    the timeout has passed: on a loaded machine the workers may start slower than runaways end)."""
    before = server.processes()
    # workers started beyond the warm ones: one per runaway the warm ones cannot hold, and a spare
    extra = min(count + 1, ServiceConfig.max_query_workers) - ServiceConfig.query_workers
    started = time.perf_counter()
    runaways = asyncio.gather(*(one_shot(server.port, RUNAWAY, timeout=120) for _ in range(count)))
    while server.processes() < before + extra and time.perf_counter() - started < timeout / 2:
        await asyncio.sleep(0.05)  # two of the runaways take the warm workers; the rest start their own
    grown = time.perf_counter() - started
    quick = await _quick_while(runaways, server.port)
    return await runaways, quick, grown


def runaway_row(server: Server, count: int, timeout: float, timed: bool) -> Row:
    started = time.perf_counter()
    runaways, quick, grown = asyncio.run(_runaways(server, count, timeout))
    stopped = [r for r in runaways if r.status == 503 and b"ran past" in r.body]
    # On a quiet machine a cross join can fill its worker's heap limit before the deadline: also a cut.
    too_big = [r for r in runaways if r.status == 503 and b"limit of" in r.body]
    busy = [r for r in runaways if r.status == 503 and b"stayed busy" in r.body]
    other = [f"{r.status} {r.body[:80]!r}" for r in runaways if r not in stopped + too_big + busy]
    longest = max(r.seconds for r in runaways)
    p95 = _p95([r.seconds for r in quick])
    quick_ok = bool(quick) and all(r.status == 200 for r in quick)
    cut_in_time = longest < 2 * timeout + 5  # stopped at the deadline (a few waited for a worker first)
    ok = (len(stopped) + len(too_big) + len(busy) == count and cut_in_time and quick_ok and _up(server)
          and (not timed or p95 < P95_LIMIT))
    return Row(f"{count} runaway queries at once (timeout {timeout:g} s)", count + len(quick),
               f"runaways: {len(stopped)} stopped at the deadline (503), {len(too_big)} at the memory limit (503), "
               f"{len(busy)} refused, all workers busy (503), {len(other)} other {other}, "
               f"longest {longest:.1f} s; the pool grew to hold them in {grown:.1f} s; "
               f"{len(quick)} quick queries meanwhile, "
               f"{sum(r.status == 200 for r in quick)} answered, p95 {p95 * 1000:.0f} ms, "
               f"max {max((r.seconds for r in quick), default=0.0) * 1000:.0f} ms", "none", ok=ok,
               seconds=time.perf_counter() - started)


WEB_BOUND = 512 * MB  # the web process holds requests and answers in flight, never a result set
WORKER_BASELINE = 256 * MB  # a worker's interpreter, pyoxigraph and the open store, before its query's heap


def memory_row(server: Server) -> Row:
    """The peak RSS against what the configuration allows: the web process, and each worker's heap limit."""
    peak = server.peak
    bound = WEB_BOUND + ServiceConfig.max_query_workers * (ServiceConfig.query_memory + WORKER_BASELINE)
    tracebacks = server.tracebacks()
    ok = peak.web < WEB_BOUND and peak.total < bound and tracebacks == 0
    return Row("server memory and errors over the whole service run", 1,
               f"max RSS: web process {peak.web / MB:,.0f} MB (bound {WEB_BOUND / MB:,.0f}), with its query workers "
               f"{peak.total / MB:,.0f} MB (bound {bound / MB:,.0f}: 12 workers' heap limits; "
               f"{peak.children} processes at most); tracebacks logged: {tracebacks}", "none", ok=ok)


def run(work: Path, *, requests: int, seed: int, timed: bool, fast: bool) -> list[Row]:
    """Every service case against one server; `fast` is make test's small part."""
    store = work / "store-service"
    build_here(ROOT / "sources", store, jobs=1)
    timeout, request_timeout = (2.0, 1.0) if fast else (5.0, 3.0)
    with Server(store, timeout=timeout, request_timeout=request_timeout) as server:
        rows = [fuzz_row(server, requests, seed),
                big_body_row(server, tries=1 if fast else 3),
                big_head_row(server),
                slow_clients_row(server, request_timeout, heads=4 if fast else 50, bodies=2 if fast else 20,
                                 timed=timed),
                runaway_row(server, 2 if fast else 8, timeout, timed=timed)]
        if not fast:
            rows.append(runaway_row(server, 30, timeout, timed=False))
    rows.append(memory_row(server))
    return rows
