"""serve.py --watch: the source directories published into the store being served, as they change.

The watcher (graph.watch) runs in a thread of the service's process and each
publish is incremental (graph.pipeline.build): the query workers reopen the
store when its version changes, so the next query answers from the new graph,
with no restart.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from graph.pipeline import build
from graph.store import EmbeddedStore
from graph.watch import SourceWatcher
from service.config import ServiceConfig


def source_watcher(config: ServiceConfig) -> SourceWatcher | None:
    """The watcher of `config.watch`, publishing into `config.store_dir`; None when nothing is watched."""
    if not config.watch:
        return None
    directory = Path(config.store_dir)
    # One process (jobs=1): no worker or validation process forked beside the event loop and its threads;
    # the office-holder tables are those of the build served (office_holders=None).
    publish = partial(build, list(config.watch), EmbeddedStore(directory), cache_dir=directory, jobs=1,
                      office_holders=None, incremental=True)
    return SourceWatcher(config.watch, publish, config.watch_interval)
