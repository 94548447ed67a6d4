"""A query worker's life in the pool: one that ended is replaced, never turned into an error."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

from service.execution import _Worker


def test_a_worker_that_ended_after_being_demoted_is_settled_as_one_to_replace():
    # A runaway past LONG_QUERY is demoted; if it then ends at its heap limit, putting its priority
    # back found no process and the client got '500 [Errno 3] No such process' instead of the 503.
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    worker = _Worker.__new__(_Worker)
    worker.process = SimpleNamespace(pid=ended.pid)
    worker._demotion = None
    worker.demoted = True
    assert worker.settle() is False
    assert worker.demoted is False
