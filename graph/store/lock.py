"""One build at a time per store directory: an exclusive `flock` on STORE/.build.lock.

`build_lock(directory)` is held by `pipeline.build` for the whole build, from
the first file it writes into the store directory to the switch of the
`current` link. A second build on the same store fails at once with
`StoreBusy`, naming the holder's pid; the lock goes with its process, so a
killed build never leaves the store locked. Forked children (extraction
workers, the validation process) drop their copy of the descriptor, so a
child that outlives a killed build does not keep the store locked.
"""

from __future__ import annotations

import errno
import fcntl
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from graph.store.base import StoreError

LOCK_FILE = ".build.lock"

_held: set[int] = set()


def _close_in_child() -> None:
    for fd in list(_held):
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


class StoreBusy(StoreError):
    """Another build holds the store's lock."""


class StoreNotWritable(StoreError):
    """The store directory cannot be created or written."""


@contextmanager
def build_lock(directory: Path) -> Iterator[None]:
    """Hold STORE/.build.lock for the duration; raise StoreBusy or StoreNotWritable at once."""
    directory = Path(directory)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise _not_writable(directory, err) from err
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise _not_writable(directory, err) from err
            raise StoreBusy(f"another build is publishing to {directory} (pid {_holder(fd)}); "
                            "wait for it or use another --store") from None
        _held.add(fd)
        try:
            _probe_writable(directory)
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError as err:
            raise _not_writable(directory, err) from err
        yield
    finally:
        _held.discard(fd)
        os.close(fd)  # closing the only descriptor releases the lock


def _holder(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
    except OSError:
        return "unknown"


def _probe_writable(directory: Path) -> None:
    """Create and remove a file: the lock file may exist in a directory no longer writable."""
    handle, name = tempfile.mkstemp(prefix=".probe-", dir=directory)
    os.close(handle)
    os.unlink(name)


def _not_writable(directory: Path, err: OSError) -> StoreNotWritable:
    reason = err.strerror or str(err)
    return StoreNotWritable(f"cannot write to the store directory {directory}: {reason}; "
                            "make it writable or use another --store")
