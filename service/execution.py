"""Run SPARQL jobs in a pool of warm worker processes, with a deadline that really stops them.

A query that overruns its deadline is stopped by killing its worker, which
is replaced at once; the other workers keep answering meanwhile. Workers
start once, with the service, so a normal query costs one pipe round trip.
While long queries hold every warm worker, one more starts (up to
`max_size`), so a quick query is not queued behind a runaway for its whole
deadline; the extra ones stop when they are idle again. A worker joins the
idle ones only once it has said it is ready: a job never waits on a start-up
(a second or more on a busy machine) when a warm worker frees up sooner.
A worker waiting on a remote store also gives up by its HTTP timeout; killing
it closes the connection, but the remote server finishes its query on its own.
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import AsyncIterator, Mapping

from graph.queries import NamedQuery
from service.backend import Backend
from service.errors import RETRY_AFTER, HttpError
from service.jobs import Job
from service.worker import serve_jobs

# Workers are forked by multiprocessing's fork server, a clean process started once that has already
# imported the worker's modules: never a fork of this process (an event loop and threads), and a
# worker ready in a tenth of a second instead of the seconds a spawned interpreter took to import
# pyoxigraph, rdflib and the app (longer still while runaway queries hold both cores). A worker
# still runs the main script again (multiprocessing's rule); serve.py's imports are preloaded too.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["service.worker", "service.cli"])
_START_TIMEOUT = 60.0
LONG_QUERY = 1.0  # seconds a job runs before its worker drops to the lowest CPU priority
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
    def __init__(self, backend: Backend, memory: int | None) -> None:
        self.conn, child = _CONTEXT.Pipe(duplex=True)
        self.process = _CONTEXT.Process(target=serve_jobs, args=(child, backend, memory), daemon=True)
        self.process.start()
        child.close()
        self._demotion: asyncio.TimerHandle | None = None
        self.demoted = False

    async def next_message(self, deadline: float) -> tuple:
        if not self.conn.poll():
            await _readable(self.conn, deadline)
        return self.conn.recv()

    def send(self, job: Job) -> None:
        """Start a job; should it run past LONG_QUERY seconds, the worker yields the CPU to quicker ones."""
        self.conn.send(job)
        self._demotion = asyncio.get_running_loop().call_later(LONG_QUERY, self._demote)

    def _demote(self) -> None:
        # Eight runaways on two cores held a one-millisecond ASK for seconds; at the lowest priority
        # they take what CPU is left over and a query that just started is answered at once.
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 19)
            self.demoted = True
        except ProcessLookupError:
            pass  # it ended meanwhile

    def settle(self) -> bool:
        """The job is over: back at normal priority, or False when that is not allowed (not root) or
        the worker has ended (a query past its heap limit ends it): either way it is replaced."""
        if self._demotion is not None:
            self._demotion.cancel()
            self._demotion = None
        if self.demoted:
            try:
                os.setpriority(os.PRIO_PROCESS, self.process.pid, 0)
            except (PermissionError, ProcessLookupError):
                self.demoted = False
                return False
            self.demoted = False
        return True

    def kill(self) -> None:
        """SIGKILL, without waiting: a wait here would stall the event loop; Process.start reaps the dead."""
        self.settle()
        self.process.kill()  # before closing the pipe, which the worker would otherwise see break first
        self.conn.close()


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

    def __init__(self, backend: Backend, size: int, timeout: float, max_size: int | None = None,
                 memory: int | None = None) -> None:
        self.backend = backend
        self.memory = memory  # bytes of heap each worker may take (service/worker.py)
        self.size = size
        self.max_size = max(size, max_size or size)
        self.timeout = timeout
        self.generation = 0
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._warming: set[asyncio.Task] = set()
        self._waiting = 0  # jobs waiting for an idle worker

    async def start(self) -> None:
        workers = [self._spawn() for _ in range(self.size)]
        for worker in workers:
            if not await self._ready(worker):
                raise RuntimeError("a query worker did not start")
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        for task in list(self._warming):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
            await asyncio.to_thread(worker.process.join, 5)
        self._all.clear()

    async def run(self, job: Job) -> Answer:
        """Start a job; the answer's chunks must be consumed (or closed) to free its worker."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        worker = await self._take()
        if self._idle.empty() and not self._warming and len(self._all) < self.max_size:
            self._warm(self._spawn())  # a spare, for the next job while this one works
        # A streamed result ends itself (with a note) just before the deadline, rather than be cut mid-body.
        worker.send(replace(job, stop_by=deadline - min(STREAM_STOP_MARGIN, self.timeout / 4)))
        first = await self._receive(worker, deadline)
        if first[0] == "error":
            self._release(worker)
            _, status, message, acceptable = first
            raise ExecutionError(status, message, acceptable)
        if first[0] == "whole":
            self._release(worker)
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
                self._release(worker)
            elif worker in self._all:
                self._replace(worker)

    async def _receive(self, worker: _Worker, deadline: float) -> tuple:
        try:
            return await worker.next_message(deadline)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(
                f"query stopped: it ran past the service's {self.timeout:g} s limit; "
                "narrow it (LIMIT, more specific patterns) and try again"
            ) from None
        except (EOFError, OSError) as err:
            self._replace(worker)
            if self.memory is not None:  # the likely cause: an allocation past the limit ended it
                raise ExecutionError(503, f"query stopped: its worker ended while answering, most likely past the "
                                          f"service's limit of {self.memory >> 20:,} MB for a query; narrow it "
                                          "(LIMIT, more specific patterns) and try again") from None
            raise ExecutionError(500, f"query worker died while answering ({err!r}); it has been replaced") from None

    async def _take(self) -> _Worker:
        """An idle worker; while none is, one more starts for each job waiting (up to `max_size`)."""
        self._waiting += 1
        try:
            if self._idle.empty() and len(self._warming) < self._waiting and len(self._all) < self.max_size:
                self._warm(self._spawn())
            return await asyncio.wait_for(self._idle.get(), self.timeout)
        except TimeoutError:
            raise QueryTimeout(
                f"all {self.max_size} query workers stayed busy for {self.timeout:g} s; try again shortly"
            ) from None
        finally:
            self._waiting -= 1

    def _release(self, worker: _Worker) -> None:
        """Back to the idle ones; an extra worker stops instead when one is already idle."""
        if not worker.settle():
            self._replace(worker)
        elif len(self._all) > self.size and not self._idle.empty():
            self._all.discard(worker)
            worker.kill()
        else:
            self._idle.put_nowait(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.backend, self.memory)
        self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        worker.kill()
        self._warm(self._spawn())

    def _warm(self, worker: _Worker) -> None:
        """Put `worker` among the idle ones once it is ready; drop it if it does not start."""
        async def warm() -> None:
            if await self._ready(worker):
                self._idle.put_nowait(worker)
            else:
                self._all.discard(worker)
                worker.kill()
        task = asyncio.get_running_loop().create_task(warm())
        self._warming.add(task)
        task.add_done_callback(self._warming.discard)

    @staticmethod
    async def _ready(worker: _Worker) -> bool:
        deadline = asyncio.get_running_loop().time() + _START_TIMEOUT
        try:
            return await worker.next_message(deadline) == ("ready",)
        except (TimeoutError, EOFError, OSError):
            return False
