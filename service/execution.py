"""Run SPARQL jobs in a pool of warm worker processes, with a deadline that really stops them.

A query that overruns its deadline is stopped by killing its worker, which
is replaced at once; the other workers keep answering meanwhile. Workers
start once, with the service, so a normal query costs one pipe round trip.
A worker waiting on a remote store also gives up by its HTTP timeout; killing
it closes the connection, but the remote server finishes its query on its own.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import AsyncIterator, Mapping

from graph.queries import NamedQuery
from service.backend import Backend
from service.errors import RETRY_AFTER, HttpError
from service.jobs import Job
from service.worker import serve_jobs

_CONTEXT = multiprocessing.get_context("spawn")  # no fork of a process running an event loop and threads
_START_TIMEOUT = 60.0
STREAM_STOP_MARGIN = 1.0  # seconds before the deadline that a streamed result stops and closes its body


class ExecutionError(HttpError):
    """A job could not be answered; `status` is the HTTP status that says why."""

    def __init__(self, status: int, message: str, acceptable: list[str] | None = None) -> None:
        super().__init__(status, message, RETRY_AFTER if status == 503 else None)
        self.acceptable = acceptable


class QueryTimeout(ExecutionError):
    def __init__(self, message: str) -> None:
        super().__init__(503, message)


class Rows(list):
    """Solutions (of a SELECT-form query) as rows of lexical values (unbound variables left out); `truncated` when cut at the cap."""

    def __init__(self, rows: list[dict[str, str]], truncated: bool = False) -> None:
        super().__init__(rows)
        self.truncated = truncated


@dataclass(frozen=True)
class Graph:
    """A graph result (of a CONSTRUCT-form query) as N-Triples text; `truncated` when cut at the cap."""

    ntriples: str
    truncated: bool = False


@dataclass
class Answer:
    media_type: str
    truncated: bool
    body: bytes | None  # the whole result when it came in one message; otherwise read `chunks`
    chunks: AsyncIterator[bytes] | None = None


class _Worker:
    def __init__(self, backend: Backend) -> None:
        self.conn, child = _CONTEXT.Pipe(duplex=True)
        self.process = _CONTEXT.Process(target=serve_jobs, args=(child, backend), daemon=True)
        self.process.start()
        child.close()

    async def receive(self, deadline: float) -> tuple:
        """The worker's next answer message; raises TimeoutError at the deadline, EOFError if it died."""
        while True:
            message = await self.next_message(deadline)
            if message != ("ready",):  # a replacement announces itself before its first answer
                return message

    async def next_message(self, deadline: float) -> tuple:
        if not self.conn.poll():
            await _readable(self.conn, deadline)
        return self.conn.recv()

    def kill(self) -> None:
        self.conn.close()
        self.process.kill()
        self.process.join(timeout=5)


async def _readable(conn: Connection, deadline: float) -> None:
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    loop.add_reader(conn.fileno(), lambda: ready.done() or ready.set_result(None))
    try:
        await asyncio.wait_for(ready, max(0.0, deadline - loop.time()))
    finally:
        loop.remove_reader(conn.fileno())


class QueryPool:
    """A fixed number of worker processes answering from one backend."""

    def __init__(self, backend: Backend, size: int, timeout: float) -> None:
        self.backend = backend
        self.size = size
        self.timeout = timeout
        self.generation = 0
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()

    async def start(self) -> None:
        workers = [self._spawn() for _ in range(self.size)]
        deadline = asyncio.get_running_loop().time() + _START_TIMEOUT
        for worker in workers:
            message = await worker.next_message(deadline)
            if message != ("ready",):
                raise RuntimeError(f"query worker started badly: {message!r}")
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        for worker in list(self._all):
            await asyncio.to_thread(worker.kill)
        self._all.clear()

    async def run(self, job: Job) -> Answer:
        """Start a job; the answer's chunks must be consumed (or closed) to free its worker."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise QueryTimeout(
                f"every query worker stayed busy for {self.timeout:g} s; try again shortly"
            ) from None
        # A streamed result ends itself (with a note) just before the deadline, rather than be cut mid-body.
        worker.conn.send(replace(job, stop_by=deadline - min(STREAM_STOP_MARGIN, self.timeout / 4)))
        first = await self._receive(worker, deadline)
        if first[0] == "error":
            self._idle.put_nowait(worker)
            _, status, message, acceptable = first
            raise ExecutionError(status, message, acceptable)
        if first[0] == "whole":
            self._idle.put_nowait(worker)
            _, media_type, truncated, body = first
            return Answer(media_type, truncated, body)
        _, media_type, truncated = first
        return Answer(media_type, truncated, None, self._stream(worker, deadline))

    async def run_to_bytes(self, job: Job) -> tuple[Answer, bytes]:
        answer = await self.run(job)
        if answer.body is not None:
            return answer, answer.body
        return answer, b"".join([chunk async for chunk in answer.chunks])

    async def select(self, query: NamedQuery, bindings: Mapping[str, object] | None = None,
                     max_rows: int = 100_000) -> Rows:
        """The rows of a named query of the SELECT form; `bindings` (variable -> term) are substituted, never spliced.

        The job is answered as SPARQL JSON by a worker, under the pool's deadline and `max_rows`, and parsed back.
        """
        answer, body = await self.run_to_bytes(self._job(query, bindings, "json", max_rows))
        results = json.loads(body)
        names = results["head"]["vars"]
        rows = [{n: binding[n]["value"] for n in names if n in binding} for binding in results["results"]["bindings"]]
        return Rows(rows, answer.truncated)

    async def construct(self, query: NamedQuery, bindings: Mapping[str, object] | None = None,
                        max_rows: int = 100_000) -> Graph:
        """The triples of a named query of the CONSTRUCT form, as N-Triples; `bindings` are substituted."""
        answer, body = await self.run_to_bytes(self._job(query, bindings, "nt", max_rows))
        return Graph(body.decode("utf-8"), answer.truncated)

    def _job(self, query: NamedQuery, bindings: Mapping[str, object] | None, fmt: str, max_rows: int) -> Job:
        return Job(text=query.sparql, formats=(fmt,), substitutions=dict(bindings or {}), max_rows=max_rows,
                   generation=self.generation)

    def new_generation(self) -> int:
        """Make every worker reopen its store before its next job (after an update)."""
        self.generation += 1
        return self.generation

    async def _stream(self, worker: _Worker, deadline: float) -> AsyncIterator[bytes]:
        finished = False
        try:
            while True:
                message = await self._receive(worker, deadline)
                if message[0] == "end":
                    finished = True
                    return
                if message[0] != "chunk":
                    raise ExecutionError(500, f"query worker failed while writing the result: {message!r}")
                yield message[1]
        finally:
            # A worker left mid-result (client gone, failure) holds state we cannot trust: replace it.
            if finished:
                self._idle.put_nowait(worker)
            elif worker in self._all:
                self._replace(worker)

    async def _receive(self, worker: _Worker, deadline: float) -> tuple:
        try:
            return await worker.receive(deadline)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(
                f"query stopped: it ran past the service's {self.timeout:g} s limit; "
                "narrow it (LIMIT, more specific patterns) and try again"
            ) from None
        except (EOFError, OSError) as err:
            self._replace(worker)
            raise ExecutionError(500, f"query worker died while answering ({err!r}); it has been replaced") from None

    def _spawn(self) -> _Worker:
        worker = _Worker(self.backend)
        self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.kill()
        # The replacement starts warming now; a job sent meanwhile waits in its pipe.
        self._idle.put_nowait(self._spawn())
