"""The fast part of `make chaos` (chaos/faults.py), and the lock and the spool's checksum on their own."""

from __future__ import annotations

import hashlib
import os
import time

import pytest

from build_graph import main as build_main
from chaos import faults, store_faults
from chaos.common import ROOT
from graph.spool import ExtractionSpool, SpoolError
from graph.store import StoreBusy, build_lock


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("chaos-faults")


def test_a_second_build_on_a_store_fails_at_once_and_the_first_completes(work):
    row = faults.concurrent_builds(work)
    assert row.ok, row


def test_damaged_cache_entries_are_extracted_again(work):
    row = faults.corrupt_cache(work)
    assert row.ok, row


def test_a_read_only_store_is_a_clear_message_and_exit_1(work):
    row = faults.read_only_store(work)
    assert row.ok, row
    assert "cannot write to the store directory" in row.outcome


def test_sigkill_during_publish_leaves_a_whole_graph(work):
    row = faults.sigkill_during_publish(work, kills=3)
    assert row.ok, row


def test_disk_full_is_a_typed_error_and_the_previous_graph_stays(work):
    row = faults.disk_full(work)
    assert row.ok, row


def test_the_lock_message_names_the_store_and_the_holder(tmp_path):
    store = tmp_path / "store"
    with build_lock(store):
        with pytest.raises(StoreBusy) as caught:
            with build_lock(store):
                pass
        assert str(caught.value) == (f"another build is publishing to {store} (pid {os.getpid()}); "
                                     "wait for it or use another --store")
    with build_lock(store):  # released
        pass


def test_the_command_exits_1_with_the_message_when_the_store_is_locked(tmp_path, capsys):
    store = tmp_path / "store"
    with build_lock(store):
        assert build_main(["--sources", str(ROOT / "sources"), "--store", str(store), "--jobs", "1"]) == 1
    assert f"build failed: another build is publishing to {store} (pid {os.getpid()})" in capsys.readouterr().err


def test_a_forked_child_does_not_keep_the_store_locked(tmp_path):
    store = tmp_path / "store"
    ready, told = os.pipe()
    with build_lock(store):
        child = os.fork()
        if child == 0:  # outlives the lock's holder, as a validation process may
            os.write(told, b"x")  # the fork hooks have run by now
            time.sleep(2)
            os._exit(0)
        os.read(ready, 1)
    try:
        with build_lock(store):
            pass
    finally:
        os.waitpid(child, 0)


@pytest.mark.parametrize("damage", [lambda b: b[: len(b) // 2], lambda b: b[:-1] + bytes([b[-1] ^ 1]),
                                    lambda b: b"", lambda b: b"KGSPOOL1" + bytes(32)])
def test_a_damaged_spool_entry_is_refused_by_its_checksum(tmp_path, damage):
    from graph.records import Document, Extraction
    from graph.spool import SourceFile

    (tmp_path / "a.txt").write_text("text")
    spool = ExtractionSpool(tmp_path, "fp")
    item = SourceFile(tmp_path / "a.txt", tmp_path)
    document = Document(source="a.txt", path=str(item.path), media_type="text/plain",
                        sha256=hashlib.sha256(b"text").hexdigest(), text="text", page_starts=(), metadata={})
    entry = spool.put(item, Extraction(document, ())).entry
    assert spool.get(item) is not None
    entry.write_bytes(damage(entry.read_bytes()))
    assert spool.get(item) is None
    with pytest.raises(SpoolError):
        ExtractionSpool.load(entry)


def test_disk_full_names_the_device_and_says_nothing_was_published(tmp_path):
    import errno
    from unittest import mock

    from chaos.common import add_good, build_here
    from graph.pipeline import BuildError

    add_good(tmp_path / "sources")
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    with mock.patch("graph.nquads.CanonicalNQuadsWriter.finish", side_effect=full):
        with pytest.raises(BuildError) as caught:
            build_here(tmp_path / "sources", tmp_path / "store", jobs=1)
    assert str(caught.value) == (f"no space left on the device of {tmp_path / 'store'} ([Errno 28] No space left "
                                 "on device); nothing was published, the graph served is unchanged")


def test_a_spool_opening_removes_the_half_written_entries_a_killed_build_left(tmp_path):
    stale = tmp_path / "cache" / "old-fingerprint" / "abc.12345.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"KGSPOOL1 half")
    kept = stale.with_name("abc.pickle")
    kept.write_bytes(b"entry")
    ExtractionSpool(tmp_path, "fp")
    assert (stale.exists(), kept.exists()) == (False, True)


def test_a_server_reading_through_build_switches_sees_only_whole_graphs(work):
    row = store_faults.reading_during_switches(work, switches=1)
    assert row.ok, row


def test_a_real_full_disk_fails_the_build_with_its_message_and_the_old_graph_stays(work):
    row = store_faults.real_disk_full(work)
    assert row.ok, row
