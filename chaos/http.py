"""A bare HTTP/1.1 client over asyncio streams, for the service chaos cases.

An HTTP library will not send what these cases send (random bytes as a
request, a head a byte at a time, 100 KB of headers) and costs more CPU per
request than the server under test, on a machine with two cores. Requests are
given as whole bytes; answers are read by Content-Length or chunked coding.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field


@dataclass
class Response:
    status: int  # 0: the connection closed or reset before an answer came
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    seconds: float = 0.0
    error: str = ""  # why there is no answer (reset, timeout, closed)

    @property
    def closes(self) -> bool:
        return self.status == 0 or self.headers.get("connection", "").lower() == "close"


def request(method: str, target: str, headers: dict[str, str] | None = None, body: bytes = b"") -> bytes:
    """A request's bytes; Host and Content-Length are added unless `headers` sets them."""
    lines = [f"{method} {target} HTTP/1.1", "host: 127.0.0.1"]
    headers = dict(headers or {})
    if body and "content-length" not in headers and "transfer-encoding" not in headers:
        headers["content-length"] = str(len(body))
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


class Connection:
    """One keep-alive connection; reopened after the server closes it."""

    def __init__(self, port: int, timeout: float = 30.0) -> None:
        self.port = port
        self.timeout = timeout
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def exchange(self, data: bytes) -> Response:
        started = time.perf_counter()
        try:
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            self.writer.write(data)
            await self.writer.drain()
            response = await asyncio.wait_for(read_response(self.reader), self.timeout)
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as err:
            response = Response(0, error=type(err).__name__)
        response.seconds = time.perf_counter() - started
        if response.closes:
            await self.close()
        return response

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass  # a reset while closing changes nothing for the next request
        self.reader = self.writer = None


async def read_response(reader: asyncio.StreamReader) -> Response:
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        body = await _read_chunked(reader)
    else:
        body = await reader.read()
    return Response(int(status_line.split()[1]), headers, body)


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


async def one_shot(port: int, data: bytes, timeout: float = 30.0) -> Response:
    """Send `data` on a fresh connection and read one answer."""
    connection = Connection(port, timeout)
    try:
        return await connection.exchange(data)
    finally:
        await connection.close()


async def trickle(port: int, data: bytes, interval: float, limit: float, at_once: int = 0) -> tuple[Response, int]:
    """Send `data` (its first `at_once` bytes together) a byte every `interval` seconds until the server
    answers or `limit` passes. Returns the answer and how many bytes had gone out by then.
    """
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    answer = asyncio.ensure_future(read_response(reader))
    writer.write(data[:at_once])
    sent = at_once
    try:
        while sent < len(data) and not answer.done() and time.perf_counter() - started < limit:
            writer.write(data[sent:sent + 1])
            sent += 1
            try:
                await writer.drain()
            except OSError:
                break
            await asyncio.wait([answer], timeout=interval)
        try:
            response = await asyncio.wait_for(answer, max(0.1, limit - (time.perf_counter() - started)))
        except (OSError, asyncio.IncompleteReadError, TimeoutError, ValueError) as err:
            response = Response(0, error=type(err).__name__)
    finally:
        answer.cancel()
        writer.close()
    response.seconds = time.perf_counter() - started
    return response, sent
