"""Ingest: kind by content, one normalisation, sidecar metadata, clear refusals."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

import graph.ingest as ingest_module
from graph.ingest import IngestError, ingest, normalise_text, sniff_media_type

CORPUS = Path(__file__).resolve().parent / "fixtures" / "ofsted"


def test_html_saved_as_pdf_is_read_as_html(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("<!DOCTYPE html><html><head><title>T</title><script>var x = 1;</script></head>"
                    "<body><p>Kent County Council</p><p>Inspection &amp; visit</p></body></html>", encoding="utf-8")
    document = ingest(path, tmp_path)
    assert document.media_type == "text/html"
    assert "Kent County Council\n" in document.text and "Inspection & visit" in document.text
    assert "var x" not in document.text


def test_a_real_pdf_keeps_where_each_page_starts():
    path = next(CORPUS.rglob("*.pdf"))
    document = ingest(path, CORPUS)
    assert document.media_type == "application/pdf"
    assert document.source == path.relative_to(CORPUS).as_posix()
    assert document.page_starts[0] == 0 and len(document.page_starts) > 3
    assert list(document.page_starts) == sorted(document.page_starts)


@pytest.mark.parametrize("head, suffix, kind", [
    (b"%PDF-1.7\n", ".txt", "application/pdf"),
    (b"  <html><body>x</body></html>", ".txt", "text/html"),
    (b"# Heading\n\ntext", ".md", "text/markdown"),
    (b"Plain words", ".pdf", "text/plain"),
])
def test_the_kind_comes_from_the_content(head, suffix, kind):
    assert sniff_media_type(head, suffix) == kind


def test_normalisation_folds_odd_spaces_ligatures_and_line_ends_once():
    assert normalise_text("a\u00a0b \ufb01le\u00ad\r\nnext\rline\x0cpage\x01") == "a b file\nnext\nline\npage"


def test_symbol_font_bullets_become_bullets_and_other_private_use_characters_the_replacement_mark():
    # As pypdfium2 gives an Ofsted report's list (2017 SIF report of the shared corpus): a Wingdings square.
    listed = "Previous Ofsted inspections\r\n\uf06e The local authority operates"
    assert normalise_text(listed) == "Previous Ofsted inspections\n\u2022 The local authority operates"
    assert normalise_text("\uf02d in primary schools \uf0a7 x \uf0b7 y") == "\u2022 in primary schools \u2022 x \u2022 y"
    assert normalise_text("a \ue123 b \U000f0001 c") == "a \ufffd b \ufffd c"


def test_a_sidecar_supplies_metadata(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Council leader Jo Bloggs said the report was fair.", encoding="utf-8")
    (tmp_path / "story.txt.meta.json").write_text(json.dumps({"published": "2021-05-04", "publisher": "The Echo",
                                                              "ignored": "x"}), encoding="utf-8")
    assert ingest(path, tmp_path).metadata == {"published": "2021-05-04", "publisher": "The Echo"}


def test_a_broken_sidecar_is_a_clear_refusal(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Some text.", encoding="utf-8")
    (tmp_path / "story.txt.meta.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IngestError, match="sidecar story.txt.meta.json is not valid JSON"):
        ingest(path, tmp_path)


def test_windows_1252_text_is_decoded(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes("Council’s report – 2015".encode("cp1252"))
    assert ingest(path, tmp_path).text == "Council’s report – 2015"


def test_a_pdf_whose_reading_outlasts_the_limit_is_rejected_by_name(tmp_path, monkeypatch):
    from chaos.documents import pathological_pdf

    pdf = pathological_pdf(tmp_path / "slow.pdf", operators=300_000)  # seconds of pdfium for 8 KB
    monkeypatch.setattr(ingest_module, "PDF_TIMEOUT", 0.5)
    with pytest.raises(IngestError) as refused:
        ingest(pdf, tmp_path)
    assert str(refused.value) == "unreadable PDF (timed out after 0.5 s)"


def test_a_pdf_that_crashes_its_reader_is_rejected_and_the_build_process_lives(tmp_path, monkeypatch):
    from chaos.documents import pathological_pdf

    monkeypatch.setattr(ingest_module, "_read_pdf_pages", lambda data: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(IngestError) as refused:
        ingest(pathological_pdf(tmp_path / "crash.pdf", operators=1), tmp_path)
    assert str(refused.value) == "unreadable PDF (the reader crashed, exit code -9)"
