"""The limits a client meets at the socket (service/limits.py), against the app under uvicorn.

Raw requests (chaos/http.py): no HTTP library sends a head a byte at a time or
100 KB of headers. The request timeout is one second here, so a slow client's
408 comes quickly; the assertions are on statuses and messages, not on times.
"""

from __future__ import annotations

import asyncio

import pytest

from chaos.http import Connection, one_shot, request, trickle

QUICK = request("GET", "/sparql?query=ASK%7B%7D")


@pytest.fixture(scope="module")
def port(live_server, service_store):
    with live_server(service_store, request_timeout=1.0) as url:
        yield int(url.rsplit(":", 1)[1])


def answer(port: int, data: bytes):
    return asyncio.run(one_shot(port, data))


def test_a_head_sent_a_byte_at_a_time_is_cut_with_408_and_a_message(port):
    response, sent = asyncio.run(trickle(port, QUICK, interval=0.2, limit=10))
    assert (response.status, response.body) == (408, b"the request's head did not arrive within 1 s\n")
    assert sent < len(QUICK)
    assert answer(port, QUICK).status == 200


def test_a_body_sent_a_byte_at_a_time_is_cut_with_408_and_a_message(port):
    head = request("POST", "/sparql", {"content-type": "application/sparql-query", "content-length": "100"})
    response, _ = asyncio.run(trickle(port, head + b"ASK {}" + b" " * 94, interval=0.2, limit=10, at_once=len(head)))
    assert (response.status, response.body) == (408, b"the request body did not arrive within 1 s\n")


@pytest.mark.parametrize("data", [
    request("GET", "/sparql?query=ASK%7B%7D", {"x-big": "a" * 100_000}),  # arrives in one read
    request("GET", "/", {f"x-h{i}": "v" for i in range(10_000)}),
], ids=["one large header", "many headers"])
def test_a_head_over_64_kb_is_431_with_a_message(port, data):
    response = answer(port, data)
    assert (response.status, response.body) == (
        431, b"the request's head (request line and headers) is over the 65,536-byte limit; "
             b"send a long query in a POST body\n")


def test_bytes_that_are_not_http_get_400_saying_what_is_wrong(port):
    response = answer(port, b"\x16\x03\x01 hello\r\n\r\n")
    assert response.status == 400
    assert response.body.startswith(b"malformed HTTP request: ")


def test_a_20_mb_body_is_answered_413_with_a_message_not_a_reset(port):
    body = b"query=" + b"A" * (20 << 20)
    response = answer(port, request("POST", "/sparql", {"content-type": "application/x-www-form-urlencoded"}, body))
    assert (response.status, response.error) == (413, "")
    assert response.body == b"the request body is 20971526 bytes; the limit is 1048576\n"


def test_a_connection_that_sends_nothing_is_closed_without_an_answer(port):
    async def idle() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        data = await asyncio.wait_for(reader.read(), 10)
        writer.close()
        return data
    assert asyncio.run(idle()) == b""


def test_keep_alive_requests_on_one_connection_are_all_answered(port):
    async def several() -> list[int]:
        connection = Connection(port)
        statuses = [(await connection.exchange(QUICK)).status for _ in range(5)]
        await connection.close()
        return statuses
    assert asyncio.run(several()) == [200] * 5
