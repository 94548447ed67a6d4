"""What a client may send and how long it may take: the limits uvicorn leaves open, closed here.

uvicorn bounds neither how long a client may take over a request's head (a
client trickling a byte a second held its connection forever) nor, once the
app is reading it, a request's body; and it answers a head over h11's size
limit with a bare "400 Invalid HTTP request received.". So:

- `GuardedProtocol`, uvicorn's h11 protocol with a deadline for each request's
  head (408 with a message, then close) and the right status and a message
  for a head it cannot take (431 when too large, 400 saying what is wrong).
  h11's own size limit holds only for a head still incomplete: one that came
  whole in a single read, at any size, was parsed and served; so the bytes
  of each head are counted here as they arrive.
  After answering early (a 413, say) it reads and drops the rest of a request
  for at most the same time, then closes: closing at once with unread bytes
  makes the kernel send a reset, which clients report instead of the answer.
- `BodyDeadline`, ASGI middleware: a body that has not all arrived within the
  limit is a 408, raised as the service's HttpError and answered at the edge.
- `uvicorn_config`: the server's settings from a ServiceConfig, for serve.py
  and the tests' live server alike.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import h11
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

from service.config import ServiceConfig
from service.errors import HttpError


class _Connection(h11.Connection):
    """h11's connection, keeping the error it raised: uvicorn turns every one into the same 400."""

    refusal: h11.RemoteProtocolError | None = None

    def next_event(self) -> Any:
        try:
            return super().next_event()
        except h11.RemoteProtocolError as err:
            self.refusal = err
            raise


class GuardedProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request's head and messages for what it refuses."""

    def __init__(self, *args: Any, head_timeout: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_head_bytes = self.config.h11_max_incomplete_event_size
        self.conn = _Connection(h11.SERVER, self.max_head_bytes)
        self.head_timeout = head_timeout
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_after: object = None  # the request/response cycle the deadline was armed after
        self._head_bytes = 0  # of the head being awaited, so far

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        awaiting_head = self._deadline is not None and self.conn.their_state is h11.IDLE
        if awaiting_head and self._head_over_limit(data):
            self._disarm()
            self.send_431_response()
            return
        super().data_received(data)
        if self._deadline is not None and self.cycle is not self._waiting_after:
            self._disarm()  # a new request's head arrived: the app (and BodyDeadline) has it now

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.cycle.response_complete:
            self._arm()  # waiting again: for the next head, or for the rest of a request answered early

    def send_400_response(self, msg: str) -> None:
        refusal = self.conn.refusal
        if refusal is not None and refusal.error_status_hint == 431:
            self.send_431_response()
        else:
            self._refuse(400, f"malformed HTTP request: {refusal or msg}")

    def send_431_response(self) -> None:
        self._refuse(431, f"the request's head (request line and headers) is over the "
                          f"{self.max_head_bytes:,}-byte limit; send a long query in a POST body")

    def _head_over_limit(self, data: bytes) -> bool:
        """Count the awaited head's bytes (up to its blank line, when this data holds it)."""
        end = data.find(b"\r\n\r\n")
        self._head_bytes += len(data) if end < 0 else end
        return self._head_bytes > self.max_head_bytes

    def _arm(self) -> None:
        self._disarm()
        self._waiting_after = self.cycle
        self._head_bytes = 0
        self._deadline = self.loop.call_later(self.head_timeout, self._on_deadline)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _on_deadline(self) -> None:
        self._deadline = None
        if self.transport.is_closing() or (self.cycle is not None and not self.cycle.response_complete):
            return
        if self.conn.their_state is h11.IDLE and self.conn.trailing_data[0]:
            self._refuse(408, f"the request's head did not arrive within {self.head_timeout:g} s")
        else:  # an idle connection, or the unread rest of a request already answered
            self.transport.close()

    def _refuse(self, status: int, message: str) -> None:
        """Answer outside h11's state machine (it has no request to answer), then stop reading and close."""
        body = (message + "\n").encode()
        head = (f"HTTP/1.1 {status} {_REASONS[status]}\r\n"
                f"content-type: text/plain; charset=utf-8\r\ncontent-length: {len(body)}\r\n"
                "connection: close\r\n\r\n").encode()
        self.transport.write(head + body)
        self.transport.pause_reading()
        if self.transport.can_write_eof():
            self.transport.write_eof()  # FIN after the answer; the reset of a close comes only later
        self.loop.call_later(1.0, self.transport.close)


_REASONS = {400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large"}


class BodyDeadline:
    """A request body must have arrived whole within `seconds` of the request's start, or it is a 408."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.seconds
        body_done = False

        async def timed_receive() -> Message:
            nonlocal body_done
            if body_done:  # later calls only wait for a disconnect while a response streams
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - loop.time()))
            except TimeoutError:
                raise HttpError(408, f"the request body did not arrive within {self.seconds:g} s") from None
            body_done = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        await self.app(scope, timed_receive, send)


def uvicorn_config(app: ASGIApp, config: ServiceConfig, host: str, port: int, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for the service: the guarded protocol and the limits of `config`."""
    return uvicorn.Config(
        app, host=host, port=port,
        http=functools.partial(GuardedProtocol, head_timeout=config.request_timeout),  # type: ignore[arg-type]
        h11_max_incomplete_event_size=config.max_head_bytes,
        limit_concurrency=config.max_connections,
        **options,
    )
