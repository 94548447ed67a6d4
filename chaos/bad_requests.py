"""Fuzzed requests for the running service, each with the statuses that are a right answer to it.

Seeded: the same seed gives the same requests. Every kind says what it
throws and what it must get; anything else (a 500, a reset, no answer, a 4xx
with no message) is a failure the service chaos case reports by kind.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable, Iterator
from urllib.parse import quote

from chaos.http import request

FRAGMENTS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "*", "?s", "?p", "?o", "WHERE", "{", "}", "(", ")", ".",
             ";", ",", "FILTER", "OPTIONAL", "UNION", "GRAPH", "SERVICE", "<http://x/>", "'a'", '"b"@en', "1",
             "LIMIT 5", "ORDER BY", "COUNT(*)", "AS", "BIND", "VALUES", "PREFIX", "p:", "FROM", "\\u0041", "#",
             "\n", "\x00", "é", "LOAD", "INSERT DATA", "<<", ">>", "a", "^^", "GROUP BY", "?x", "\u202e", "\ud7ff"]
QUICK = ["ASK {}", "ASK { ?s ?p ?o }", "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3",
         "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3", "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }"]
ACCEPTS = ["*/*", "application/sparql-results+json", "text/csv", "text/tab-separated-values",
           "application/sparql-results+xml", "text/turtle", "application/ld+json", "image/png", "text/html",
           "*/*;q=abc", ",,,", "text/csv;q=2", "a/b/c", ""]
CONTENT_TYPES = ["application/sparql-query", "application/x-www-form-urlencoded", "application/sparql-update",
                 "text/plain", "application/sparql-query; charset=latin-1", "multipart/form-data", ";;",
                 "application/json"]
METHODS = ["PUT", "DELETE", "PATCH"]
NAMED = ["inspection-judgements", "leader-at-inspection", "concerns", "people-roles", "no-such-query"]
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(20)) + " }"

OK = frozenset({200})
ANSWERED = frozenset({200, 400, 406})  # a text that may or may not be SPARQL, or a format that may not fit
REFUSED = frozenset({400})


@dataclass(frozen=True)
class BadRequest:
    kind: str
    data: bytes
    expect: frozenset[int]
    pooled: bool = True  # answered by a query worker: under load a 503 (busy, with Retry-After) is right too


def _text(rng: random.Random, size: int) -> str:
    return "".join(chr(rng.choice((rng.randrange(32, 127), rng.randrange(0, 0x3000)))) for _ in range(size))


def _q(text: str) -> str:
    return quote(text, safe="", errors="surrogatepass")


def quick_query(rng: random.Random) -> BadRequest:
    return BadRequest("quick query", request("GET", f"/sparql?query={_q(rng.choice(QUICK))}"), OK)


def near_sparql(rng: random.Random) -> BadRequest:
    text = " ".join(rng.choice(FRAGMENTS) for _ in range(rng.randrange(1, 16)))
    # A fuzzed text can spell a query that runs long: stopped at the deadline, 503 is right for it.
    return BadRequest("near-SPARQL text", request("GET", f"/sparql?query={_q(text)}"), ANSWERED | {503})


def random_query_bytes(rng: random.Random) -> BadRequest:
    raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
    return BadRequest("random bytes as the query", request("GET", "/sparql?query=" + quote(raw, safe="")), REFUSED)


def random_body(rng: random.Random) -> BadRequest:
    kind = rng.choice(CONTENT_TYPES)
    body = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
    return BadRequest("random bytes as a POST body", request("POST", "/sparql", {"content-type": kind}, body),
                      frozenset({400, 403, 415}))


def no_content_type(rng: random.Random) -> BadRequest:
    # The W3C protocol test bad_query_missing_form_type: a POST with no Content-Type is a 4xx.
    body = f"query={_q(rng.choice(QUICK))}".encode()
    return BadRequest("POST with no Content-Type", request("POST", "/sparql", body=body), frozenset({415}),
                      pooled=False)


def wrong_method(rng: random.Random) -> BadRequest:
    target = rng.choice(["/sparql", "/sparql?query=ASK%7B%7D", "/queries", "/.well-known/void", "/"])
    return BadRequest("wrong method", request(rng.choice(METHODS), target), frozenset({405}), pooled=False)


def accept_header(rng: random.Random) -> BadRequest:
    headers = {"accept": rng.choice(ACCEPTS)}
    return BadRequest("Accept header", request("GET", f"/sparql?query={_q(rng.choice(QUICK))}", headers), ANSWERED)


def update_attempt(rng: random.Random) -> BadRequest:
    body = f"update={_q('INSERT DATA { <http://x/> <http://x/> 1 }')}".encode()
    return BadRequest("update on a read-only service",
                      request("POST", "/sparql", {"content-type": "application/x-www-form-urlencoded"}, body),
                      frozenset({403}), pooled=False)


def federation(rng: random.Random) -> BadRequest:
    text = rng.choice(["SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                       "SELECT * { SERVI\\u0043E <http://127.0.0.1:9/> { ?s ?p ?o } }"])
    return BadRequest("SERVICE clause", request("GET", f"/sparql?query={_q(text)}"), REFUSED)


def deep_nesting(rng: random.Random) -> BadRequest:
    depth = rng.randrange(1001, 20000)
    text = "SELECT * WHERE " + "{" * depth + "}" * depth
    return BadRequest("brackets nested past the limit",
                      request("POST", "/sparql", {"content-type": "application/sparql-query"}, text.encode()),
                      REFUSED)


def named_query(rng: random.Random) -> BadRequest:
    name = rng.choice(NAMED)
    suffix = rng.choice(["", ".json", ".csv", ".xml"])
    params = rng.choice(["", f"?category={_q(_text(rng, 8))}", f"?x={_q(_text(rng, 8))}"])
    expect = frozenset({404}) if name == "no-such-query" or suffix == ".xml" else frozenset({200, 400})
    return BadRequest("named query", request("GET", f"/queries/{name}{suffix}{params}"), expect)


def page(rng: random.Random) -> BadRequest:
    target = rng.choice([f"/authority/{_q(_text(rng, 9))}", f"/id/{_q(_text(rng, 20))}",
                         f"/source/{_q(_text(rng, 12))}", "/source/../../../etc/passwd",
                         f"/compare?a={_q(_text(rng, 9))}", f"/export/graphml?authority={_q(_text(rng, 9))}",
                         f"/reconcile?queries={_q(_text(rng, 30))}", "/authority/E06000021", "/.well-known/void"])
    # 307: a path ending in "/" is redirected to the one without (Starlette's redirect_slashes)
    return BadRequest("page, export or reconcile", request("GET", target), frozenset({200, 307, 400, 404}))


def garbage(rng: random.Random) -> BadRequest:
    raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) + b"\r\n\r\n"
    return BadRequest("random bytes as the request", raw, frozenset({400}), pooled=False)


def bad_request_line(rng: random.Random) -> BadRequest:
    line = rng.choice([b"GET  HTTP/1.1", b"GET /sparql", b"G\x00T / HTTP/1.1",
                       b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nhost: a\r\ncontent-length: -5",
                       b"GET / HTTP/1.1\r\nbad header line", b"POST /sparql HTTP/1.1\r\ntransfer-encoding: zip"])
    return BadRequest("malformed request line or header", line + b"\r\n\r\n", frozenset({400, 501, 505}),
                      pooled=False)


KINDS: list[tuple[Callable[[random.Random], BadRequest], int]] = [
    (quick_query, 10), (near_sparql, 12), (random_query_bytes, 6), (random_body, 8), (no_content_type, 4),
    (wrong_method, 5), (accept_header, 8), (update_attempt, 3), (federation, 3), (deep_nesting, 1),
    (named_query, 6), (page, 6), (garbage, 4), (bad_request_line, 3),
]


def fuzzed(count: int, seed: int) -> Iterator[BadRequest]:
    rng = random.Random(seed)
    makers, weights = zip(*KINDS)
    for _ in range(count):
        yield rng.choices(makers, weights)[0](rng)
