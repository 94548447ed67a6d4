"""Stage 1, ingest: read a file, decide its kind by content, normalise its text once.

Every span the later stages produce points into `Document.text`, so the
normalisation here is the only one: nothing downstream rewrites text.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import multiprocessing
import re
import unicodedata
from html.parser import HTMLParser
from multiprocessing.connection import Connection
from pathlib import Path

import pypdfium2 as pdfium

from graph.records import Document

MAX_BYTES = 100 * 1024 * 1024
# Seconds to read one PDF's text. pdfium cannot be stopped from another thread, and a page of a few
# KB can hold millions of drawing operators (a 28 KB one took pdfium 20 s), or crash it outright:
# each PDF is read in a forked process, killed at this limit, and the file rejected by name.
PDF_TIMEOUT = 120.0
_FORK = multiprocessing.get_context("fork")  # the child only runs pdfium on bytes it already holds
SIDECAR_SUFFIX = ".meta.json"
SIDECAR_FIELDS = ("title", "published", "author", "publisher", "url", "kind")

_CHAR_FIXES = {
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u00ad": None, "\u200b": None,
    "\ufeff": None, "\ufb01": "fi", "\ufb02": "fl", "\ufb00": "ff", "\ufb03": "ffi",
    "\ufb04": "ffl", "\u2028": "\n", "\u2029": "\n", "\x0c": "\n", "\ufffe": None,
}
# One regex pass with a lookup per hit: str.translate walks every character in Python.
_CHAR_FIX_RE = re.compile("[" + "".join(_CHAR_FIXES) + "]")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# PDFs set list bullets in Symbol and Wingdings fonts, whose glyphs text extraction gives as
# private-use code points U+F000-U+F0FF (U+F06E a square, U+F02D a dash, U+F0B7 a dot): no font
# shows them, so they reached quotes as boxes. They are bullets; any other private-use character
# has no meaning outside its font and becomes U+FFFD, the standard mark of an unknown character.
_SYMBOL_FONT_RE = re.compile("[\uf000-\uf0ff]")
_PRIVATE_USE_RE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_HTML_START_RE = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)", re.I)
_HTML_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
                "section", "article", "header", "footer", "ul", "ol", "blockquote", "title"}
_HTML_SKIP = {"script", "style", "noscript", "template", "svg"}


class IngestError(Exception):
    """A file that cannot be read as a source document; the message says why."""


def ingest(path: Path, root: Path) -> Document:
    """Read one source file into a Document whose text every span points into."""
    source = path.relative_to(root).as_posix() if path != root else path.name
    data = _read_bytes(path)
    media_type = sniff_media_type(data, path.suffix.lower())
    if media_type == "application/pdf":
        pages = _pdf_pages(data)
    elif media_type == "text/html":
        pages = [_html_text(_decode(data))]
    else:
        pages = [_decode(data)]
    text, page_starts = _join_pages([normalise_text(p) for p in pages])
    if not text.strip():
        raise IngestError("no text: the file is empty or holds only images")
    return Document(
        source=source, path=str(path), media_type=media_type,
        sha256=hashlib.sha256(data).hexdigest(), text=text,
        page_starts=tuple(page_starts) if media_type == "application/pdf" else (),
        metadata=read_sidecar(path),
    )


def sniff_media_type(data: bytes, suffix: str) -> str:
    """Decide a file's kind from its bytes; the extension only separates .md from .txt."""
    head = data[:1024]
    if head.lstrip().startswith(b"%PDF-"):
        return "application/pdf"
    if _HTML_START_RE.match(head.lstrip(b"\xef\xbb\xbf")):
        return "text/html"
    if b"\x00" in data[:8192]:
        raise IngestError("binary content: neither a PDF nor text")
    return "text/markdown" if suffix in (".md", ".markdown") else "text/plain"


def normalise_text(text: str) -> str:
    """One normalisation for all kinds: NFC, LF line ends, ligatures and odd spaces folded."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL_RE.sub("", _CHAR_FIX_RE.sub(lambda m: _CHAR_FIXES[m.group()] or "", text))
    return _PRIVATE_USE_RE.sub("\ufffd", _SYMBOL_FONT_RE.sub("\u2022", text))


def sidecar_of(path: Path) -> Path:
    """Where a document's sidecar metadata would be: FILE.meta.json beside FILE."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> dict[str, str]:
    """Metadata a user supplies next to the source (FILE.meta.json), when there is one."""
    sidecar = sidecar_of(path)
    if not sidecar.is_file():
        return {}
    try:
        values = json.loads(sidecar.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise IngestError(f"sidecar {sidecar.name} is not valid JSON: {err}") from err
    if not isinstance(values, dict):
        raise IngestError(f"sidecar {sidecar.name} must hold a JSON object")
    return {k: str(v) for k, v in values.items() if k in SIDECAR_FIELDS and v not in (None, "")}


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as err:
        raise IngestError(f"cannot read: {err.strerror}") from err
    if size == 0:
        raise IngestError("empty file")
    if size > MAX_BYTES:
        raise IngestError(f"too large: {size:,} bytes (limit {MAX_BYTES:,})")
    try:
        return path.read_bytes()
    except OSError as err:
        raise IngestError(f"cannot read: {err.strerror}") from err


def _cp1252_fallback(err: UnicodeDecodeError) -> tuple[str, int]:
    """A byte that is not UTF-8 is read as Windows-1252; one undefined there too stays an error."""
    return err.object[err.start:err.end].decode("cp1252"), err.end


codecs.register_error("ofsted-kg-cp1252", _cp1252_fallback)


def _decode(data: bytes) -> str:
    """UTF-8, and any byte that is not UTF-8 read as Windows-1252.

    A file pasted together from both (a UTF-8 page quoting a Windows-1252 one)
    keeps both intact: decoding it whole as Windows-1252 turned every UTF-8
    character into mojibake ("’" became "â€™").
    """
    try:
        return data.decode("utf-8-sig", errors="ofsted-kg-cp1252")
    except UnicodeDecodeError:
        raise IngestError("undecodable text: neither UTF-8 nor Windows-1252") from None


def _pdf_pages(data: bytes) -> list[str]:
    """The text of each page, read in a child process stopped after PDF_TIMEOUT seconds."""
    receiver, sender = _FORK.Pipe(duplex=False)
    reader = _FORK.Process(target=_send_pdf_pages, args=(data, sender), daemon=True)
    reader.start()
    sender.close()
    try:
        if not receiver.poll(PDF_TIMEOUT):
            raise IngestError(f"unreadable PDF (timed out after {PDF_TIMEOUT:g} s)")
        outcome = receiver.recv()
    except EOFError:  # the reader died without a word: pdfium crashed on the file
        reader.join(timeout=5)
        raise IngestError(f"unreadable PDF (the reader crashed, exit code {reader.exitcode})") from None
    finally:
        reader.kill()
        reader.join()
        receiver.close()
    if isinstance(outcome, IngestError):
        raise outcome
    return outcome


def _send_pdf_pages(data: bytes, sender: Connection) -> None:
    try:
        sender.send(_read_pdf_pages(data))
    except IngestError as err:
        sender.send(err)


def _read_pdf_pages(data: bytes) -> list[str]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        reason = str(err)
        if "password" in reason.lower():
            raise IngestError("encrypted PDF: a password is needed to read it") from err
        raise IngestError(f"unreadable PDF (truncated or damaged): {reason}") from err
    try:
        pages = []
        for index in range(len(pdf)):
            try:
                page = pdf[index]
                textpage = page.get_textpage()
            except pdfium.PdfiumError as err:  # a damaged page tree or content stream
                raise IngestError(f"unreadable PDF (damaged page {index + 1} of {len(pdf)}): {err}") from err
            pages.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
        return pages
    finally:
        pdf.close()


def _join_pages(pages: list[str]) -> tuple[str, list[int]]:
    """Join pages with a blank line; remember where each page starts."""
    starts, parts, offset = [], [], 0
    for page in pages:
        starts.append(offset)
        parts.append(page)
        offset += len(page) + 2
    return "\n\n".join(parts), starts


class _TextCollector(HTMLParser):
    """Visible text of an HTML page, block elements on their own lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HTML_SKIP:
            self._skipping += 1
        elif tag in _HTML_BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HTML_SKIP and self._skipping:
            self._skipping -= 1
        elif tag in _HTML_BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _html_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
