"""Fuzzed variants of real PDFs: truncated, bit-flipped, object streams and cross-reference broken.

Seeded: the same seed and corpus give the same bytes, so a variant that
breaks the build can be made again (its name says seed, source and mutation).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

_STREAM_RE = re.compile(rb"stream\r?\n(.*?)endstream", re.S)
_OBJSTM_RE = re.compile(rb"/Type\s*/ObjStm")


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def bit_flips(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.choice((1, 4, 16, 64, 256))):
        i = rng.randrange(len(out))
        out[i] ^= 1 << rng.randrange(8)
    return bytes(out)


def garble_streams(data: bytes, rng: random.Random) -> bytes:
    """Overwrite a run of bytes inside some streams (object streams first when there are any)."""
    out = bytearray(data)
    streams = list(_STREAM_RE.finditer(data))
    if not streams:
        return bit_flips(data, rng)
    objstm = [m for m in streams if _OBJSTM_RE.search(data, max(0, m.start() - 300), m.start())]
    for match in rng.sample(objstm or streams, k=min(len(objstm or streams), rng.randint(1, 4))):
        start, end = match.span(1)
        if end - start < 2:
            continue
        at = rng.randrange(start, end - 1)
        length = min(end - at, rng.randint(1, 512))
        out[at: at + length] = bytes(rng.randrange(256) for _ in range(length))
    return bytes(out)


def break_structure(data: bytes, rng: random.Random) -> bytes:
    """Remove or damage the keywords a reader walks by: endstream, endobj, xref, startxref, trailer."""
    keyword = rng.choice((b"endstream", b"endobj", b"xref", b"startxref", b"trailer", b"/Length", b"/ObjStm"))
    hits = [m.start() for m in re.finditer(re.escape(keyword), data)]
    if not hits:
        return truncate(data, rng)
    out = bytearray(data)
    for at in rng.sample(hits, k=min(len(hits), rng.randint(1, 3))):
        out[at: at + len(keyword)] = rng.choice((b"X" * len(keyword), bytes(len(keyword)), keyword[::-1]))
    return bytes(out)


def damage_header(data: bytes, rng: random.Random) -> bytes:
    """The %PDF- signature lost: the file must not then be read as text of binary junk."""
    return rng.choice((b"%PDX-", b"     ", b"")) + data[5:]


MUTATIONS = {"truncated": truncate, "bit-flipped": bit_flips, "streams-garbled": garble_streams,
             "structure-broken": break_structure, "header-damaged": damage_header}
WEIGHTS = {"truncated": 3, "bit-flipped": 3, "streams-garbled": 3, "structure-broken": 3, "header-damaged": 1}


def fuzz_pdfs(pdfs: list[Path], count: int, directory: Path, seed: int = 13) -> list[tuple[Path, str]]:
    """Write `count` variants into `directory`: (path, mutation) each, names saying how they were made."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    names, weights = list(WEIGHTS), list(WEIGHTS.values())
    originals = {pdf: pdf.read_bytes() for pdf in pdfs}
    made = []
    for index in range(count):
        pdf = pdfs[index % len(pdfs)]
        mutation = rng.choices(names, weights)[0]
        data = MUTATIONS[mutation](originals[pdf], rng)
        path = directory / f"fuzz-{seed}-{index:04d}-{mutation}-{pdf.stem[:40]}.pdf"
        path.write_bytes(data)
        made.append((path, mutation))
    return made
