"""Shared set-up for the service tests: a small published store, the app over it, a live server."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path
from typing import Iterator

import uvicorn
from starlette.testclient import TestClient

from graph.store import EmbeddedStore
from service.app import ServiceConfig, create_app

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "service"
DATASET = FIXTURES / "dataset.nq"
QUERIES = FIXTURES / "queries"
UPDATE_TOKEN = "test-update-token"


def published_store(directory: Path, nquads: Path = DATASET) -> Path:
    EmbeddedStore(directory).publish(nquads)
    return directory


def config(store_dir: Path, **overrides) -> ServiceConfig:
    settings = {"store_dir": store_dir, "queries_dir": QUERIES, "timeout": 5.0, "query_workers": 2,
                "route_modules": ()}
    return ServiceConfig(**{**settings, **overrides})


@contextlib.contextmanager
def client(service_config: ServiceConfig) -> Iterator[TestClient]:
    """The app in-process, its worker pool started and stopped with it."""
    with TestClient(create_app(service_config)) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def live_server(service_config: ServiceConfig) -> Iterator[str]:
    """The app under uvicorn on a free localhost port; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(service_config), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the live test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
