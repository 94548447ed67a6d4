"""Command: serve the graph over the SPARQL 1.1 Protocol, with a query page (`python serve.py`, `ofsted-kg serve`).

    python serve.py [--store DIR | --endpoint URL] [--host 127.0.0.1] [--port 8000] [--timeout 30]
                    [--request-timeout 10] [--max-rows N] [--workers N] [--max-workers N]
                    [--allow-update --update-token-env VAR] [--watch SOURCES_DIR ...] [--watch-interval SECONDS]

--watch (repeatable) publishes the documents under SOURCES_DIR into --store as
they are added, changed or removed, incrementally, and the service answers from
the new graph at once; each publish and each unreadable file is logged.

--endpoint serves a remote SPARQL store (read-only) instead of the embedded
one; credentials, if it needs any, come from OFSTED_KG_STORE_USER and
OFSTED_KG_STORE_PASSWORD (docs/remote-store.md).
Updates stay refused unless --allow-update is given together with the name
of an environment variable holding the bearer token; the token itself is
never read from a file, a flag or printed. They are never allowed with --endpoint.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

import uvicorn

from graph.store import StoreError
from service.app import create_app
from service.config import ServiceConfig
from service.limits import uvicorn_config

# serve.py passes its checkout's store/ (as it always has); an installed `ofsted-kg serve` uses ./store.
DEFAULT_STORE = Path("store")


def parse_arguments(argv: list[str], default_store: Path = DEFAULT_STORE, prog: str | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=prog, description="Serve the knowledge graph over SPARQL 1.1.")
    backend = parser.add_mutually_exclusive_group()
    backend.add_argument("--store", type=Path, default=default_store, help="store directory (from build_graph.py)")
    backend.add_argument("--endpoint", metavar="URL", help="serve a remote SPARQL store's query URL, read-only")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a query is stopped")
    parser.add_argument("--max-rows", type=int, default=100_000, help="rows in a result before it is cut")
    parser.add_argument("--request-timeout", type=float, default=10.0,
                        help="seconds a client has to send a request's head, and again its body (then 408)")
    parser.add_argument("--workers", type=int, default=2, help="query worker processes kept warm")
    parser.add_argument("--max-workers", type=int, default=12,
                        help="query worker processes at most (more start while long queries hold the warm ones)")
    parser.add_argument("--allow-update", action="store_true", help="accept SPARQL updates (needs a token)")
    parser.add_argument("--update-token-env", metavar="VAR", help="environment variable holding the update token")
    parser.add_argument("--watch", action="append", type=Path, default=[], metavar="SOURCES_DIR",
                        help="publish the documents under SOURCES_DIR into --store as they change (repeatable)")
    parser.add_argument("--watch-interval", type=float, default=1.0, metavar="SECONDS",
                        help="seconds between looks at the watched directories")
    return parser.parse_args(argv)


def config_from(arguments: argparse.Namespace) -> ServiceConfig:
    token = None
    if arguments.allow_update and not arguments.endpoint:  # with --endpoint, ServiceConfig refuses updates
        if not arguments.update_token_env:
            raise ValueError("--allow-update needs --update-token-env VAR naming the token's environment variable")
        token = os.environ.get(arguments.update_token_env)
        if not token:
            raise ValueError(f"--allow-update: the environment variable {arguments.update_token_env} is empty or unset")
    return ServiceConfig(
        store_dir=None if arguments.endpoint else arguments.store, endpoint=arguments.endpoint,
        timeout=arguments.timeout, max_rows=arguments.max_rows, query_workers=arguments.workers,
        max_query_workers=arguments.max_workers, request_timeout=arguments.request_timeout,
        allow_update=arguments.allow_update, update_token=token,
        watch=tuple(arguments.watch), watch_interval=arguments.watch_interval,
    )


def main(argv: list[str] | None = None, default_store: Path = DEFAULT_STORE, prog: str | None = None) -> int:
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv, default_store, prog)
    try:
        config = config_from(arguments)
        app = create_app(config)
    except (ValueError, StoreError) as err:  # bad flags, or an endpoint URL / credentials RemoteStore refuses
        print(f"{prog or 'serve.py'}: {err}", file=sys.stderr)
        return 2
    if arguments.watch:  # the watcher's publishes and rejections, beside uvicorn's own lines
        logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    uvicorn.Server(uvicorn_config(app, config, arguments.host, arguments.port)).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
