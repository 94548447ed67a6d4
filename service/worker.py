"""The query worker: a process that answers jobs over a pipe.

pyoxigraph cannot cancel a query from another thread, so each query runs in
a worker process that the service can kill when it overruns. A worker answers
from the reader its backend opens (service/backend.py): the embedded store,
kept open read-only between jobs and reopened when a new build is published
or an update has been applied, or a remote SPARQL endpoint. A client's own
text is checked here first (service/algebra.py), under the deadline, so a slow
check never stalls the web process. It sends back:

    ("ready",)                                   once, after start-up
    ("whole", media_type, truncated, bytes)      a result that fits in one chunk, or
    ("head", media_type, truncated)              then one or more
    ("chunk", bytes)                             then
    ("end",)
    ("error", status, message, acceptable)       instead of any of those
"""

from __future__ import annotations

import resource
import signal
import sys
import threading
import time
from dataclasses import replace
from itertools import chain, islice
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Iterable, Iterator

import pyoxigraph as ox

from graph.queries import with_values
from graph.store import QueryRejected, StoreError
from service.algebra import FederationRefused, NestedTooDeeply, inspect
from service.errors import status_of
from service.jobs import Job
from service.negotiation import NotAcceptable, ResultKind, negotiate
from service.results import WRITERS

if TYPE_CHECKING:
    from service.backend import Backend, Reader

CHUNK_BYTES = 1 << 16
# pyoxigraph parses and evaluates recursively: a long chain of operators (a+a+..., UNION after UNION)
# overflowed the main thread's 8 MB stack and killed the worker; jobs run in a thread with this much
# (address space: only what a query touches is memory). A megabyte of query fits; nesting is capped apart.
STACK_BYTES = 1 << 30
RECURSION_LIMIT = 50_000  # rdflib's parser (the check) recurses in Python; the stack above holds it


def serve_jobs(conn: Connection, backend: Backend, memory: int | None = None) -> None:
    """The worker process's main loop; returns when the service closes the pipe.

    `memory`: bytes of heap the worker may take (its stack comes on top). A cross join holds
    hundreds of MB within seconds; twelve of them took 5 GB, and nothing stopped them short of
    the deadline. Past the limit an allocation fails, the worker ends, and the pool says why.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the service, which then stops us
    if memory is not None:
        resource.setrlimit(resource.RLIMIT_DATA, (STACK_BYTES + memory, resource.getrlimit(resource.RLIMIT_DATA)[1]))
    threading.stack_size(STACK_BYTES)
    sys.setrecursionlimit(RECURSION_LIMIT)
    thread = threading.Thread(target=_serve, args=(conn, backend), name="query-jobs")
    thread.start()
    thread.join()


def _serve(conn: Connection, backend: Backend) -> None:
    reader = backend.open_reader()
    conn.send(("ready",))
    while True:
        try:
            job: Job = conn.recv()
        except (EOFError, OSError):  # the service closed the pipe (or is killing us): stop
            return
        for message in _whole_when_small(answer(reader, job)):
            conn.send(message)


def _whole_when_small(messages: Iterator[tuple]) -> Iterator[tuple]:
    """Send a small result as one message: one pipe round trip instead of three."""
    first = next(messages)
    if first[0] != "head":
        yield first
        return
    second = next(messages)
    third = next(messages) if second[0] == "chunk" else None
    if third is not None and third[0] == "end":
        yield ("whole", first[1], first[2], second[1])
        return
    yield from (m for m in (first, second, third) if m is not None)
    yield from messages


def answer(reader: Reader, job: Job) -> Iterator[tuple]:
    try:
        if job.untrusted:
            job = replace(job, union_default_graph=not inspect(job.text, is_update=job.is_update).has_dataset_clause)
        if job.is_update:
            reader.update(job)
            yield ("head", "text/plain", False)
            yield ("chunk", b"update applied\n")
            yield ("end",)
            return
        if job.partition is not None:
            yield from _serialize_partitioned(reader, job)
        else:
            yield from _serialize(reader.query(job), job)
    except (SyntaxError, QueryRejected) as err:  # the statuses: service/errors.py, the one table
        yield ("error", status_of(err), f"malformed query: {err}", None)
    except (FederationRefused, NestedTooDeeply) as err:
        yield ("error", status_of(err), str(err), None)
    except NotAcceptable as err:
        yield ("error", status_of(err), str(err), err.acceptable)
    except StoreError as err:
        yield ("error", status_of(err), str(err), None)
    except OSError as err:
        yield ("error", status_of(err), f"the store failed while answering: {err}", None)


def _serialize(result: object, job: Job) -> Iterator[tuple]:
    if isinstance(result, ox.QueryBoolean):
        fmt = negotiate(ResultKind.BOOLEAN, job.accept, job.formats)
        yield ("head", fmt.media_type, False)
        yield ("chunk", result.serialize(format=getattr(ox.QueryResultsFormat, fmt.serializer)))
    elif isinstance(result, ox.QuerySolutions):
        yield from _solutions([v.value for v in result.variables], map(tuple, result), job)
        return
    else:
        fmt = negotiate(ResultKind.GRAPH, job.accept, job.formats)
        triples = list(islice(result, job.max_rows + 1))
        yield ("head", fmt.media_type, len(triples) > job.max_rows)
        yield ("chunk", ox.serialize(triples[: job.max_rows], format=getattr(ox.RdfFormat, fmt.serializer)))
    yield ("end",)


def _solutions(variables: list[str], rows: Iterator[tuple], job: Job,
               head_within: float | None = None) -> Iterator[tuple]:
    """Solutions written out, cut at the row cap, which the head says: it goes once the rows are all
    in or past the cap. With `head_within` (seconds), a result still coming after that long goes out as
    it comes instead; then only the body can say, at its end, that it was cut."""
    fmt = negotiate(ResultKind.SOLUTIONS, job.accept, job.formats)
    writer = WRITERS[fmt.serializer]
    cut_note = f"only the first {job.max_rows} rows are given (the service's row cap)"
    first, complete = _first_rows(rows, job.max_rows + 1, head_within)
    if complete or len(first) > job.max_rows:
        truncated = len(first) > job.max_rows
        yield ("head", fmt.media_type, truncated)
        yield from _chunked(writer(variables, first[: job.max_rows], cut_note if truncated else None))
    else:
        cut: list[str] = []
        yield ("head", fmt.media_type, False)
        rows = _capped(chain(first, rows), job.max_rows, job.stop_by, cut)
        yield from _chunked(writer(variables, rows, lambda: cut[0] if cut else None))
    yield ("end",)


def _first_rows(rows: Iterator[tuple], limit: int, within: float | None) -> tuple[list[tuple], bool]:
    """Up to `limit` rows, stopping early once `within` seconds have passed; and whether they are all."""
    deadline = None if within is None else time.monotonic() + within
    first: list[tuple] = []
    for row in rows:
        first.append(row)
        if len(first) >= limit or (deadline is not None and time.monotonic() > deadline):
            return first, False
    return first, True


def _capped(rows: Iterable[tuple], cap: int, stop_by: float | None, cut: list[str]) -> Iterator[tuple]:
    """The rows up to the cap and until `stop_by`; `cut` gets the note saying why they stopped early."""
    for count, row in enumerate(rows):
        if count == cap:
            cut.append(f"only the first {cap} rows are given (the service's row cap)")
            return
        if stop_by is not None and time.monotonic() > stop_by:
            cut.append(f"only the first {count} rows are given: the query reached the service's time limit")
            return
        yield row


# A partitioned result still running after this long is streamed (see `_solutions`): a tenth of a
# second, so a council's answer in pieces reaches its client with its first piece (issue 16's 100 ms),
# while one complete by then keeps its X-Result-Truncated header.
PARTITION_HEAD_WITHIN = 0.1
# Values answered at once: batches double from one up to this, short enough that a streamed result
# reaches its time limit between rows (where it stops cleanly) rather than inside one long batch.
PARTITION_BATCH_MAX = 32


def _serialize_partitioned(reader: Reader, job: Job) -> Iterator[tuple]:
    """A query answered a few values of its partition variable at a time, in the order listed, each
    batch a VALUES block opening its WHERE clause: the same rows, in the same order, as the whole
    query, the first of them at once (queries/README.md, partition)."""
    variable = job.partition.variable
    whole = replace(job, partition=None)
    listing = replace(whole, text=job.partition.listing, substitutions=job.partition.substitutions)
    values = [row[variable] for row in reader.query(listing)]
    if not values:  # nothing listed: no rows, but the query's variables (an empty VALUES block: the
        # whole query bound to a council with no findings would read every finding to find none)
        yield from _serialize(reader.query(replace(whole, text=with_values(job.text, variable, []))), whole)
        return
    parts = (reader.query(replace(whole, text=with_values(job.text, variable, batch))) for batch in _batches(values))
    first = next(parts)
    rows = (tuple(solution) for part in chain([first], parts) for solution in part)
    yield from _solutions([v.value for v in first.variables], rows, whole, head_within=PARTITION_HEAD_WITHIN)


def _batches(values: list) -> Iterator[list]:
    """The values in order, one first, then batches twice the size of the one before."""
    start, size = 0, 1
    while start < len(values):
        yield values[start:start + size]
        start += size
        size = min(2 * size, PARTITION_BATCH_MAX)


def _chunked(pieces: Iterable[str]) -> Iterator[tuple]:
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= CHUNK_BYTES:
            yield ("chunk", "".join(buffer).encode())
            buffer, size = [], 0
    if buffer:
        yield ("chunk", "".join(buffer).encode())
