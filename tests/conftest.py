"""The tests' shared set-up: the stores (built once per session from the fixtures) and the real app.

Service tests get the app as service.app.create_app(ServiceConfig(...)) through
Starlette's TestClient used as a context manager, so the lifespan starts the
query pool; `live_server` runs the same app under uvicorn. The Virtuoso
fixture for the remote-store tests comes from tests/virtuoso.py.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ContextManager

import pytest
import uvicorn
from rdflib import Dataset
from starlette.testclient import TestClient

from graph.resources import ONTOLOGY_DIR
from graph.store import EmbeddedStore
from graph.vocab import ONTOLOGY_GRAPH
from service.app import create_app
from service.config import ServiceConfig
from service.limits import uvicorn_config

pytest_plugins = ["virtuoso", "openrefine"]  # tests/virtuoso.py, tests/openrefine.py: the real peers

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SERVICE_DATASET = FIXTURES / "service" / "dataset.nq"
SERVICE_QUERIES = FIXTURES / "service" / "queries"
PAGES_DATASET = FIXTURES / "pages_dataset.trig"
UPDATE_TOKEN = "test-update-token"

MakeClient = Callable[..., ContextManager[TestClient]]


@pytest.fixture(scope="session")
def update_token() -> str:
    return UPDATE_TOKEN


@pytest.fixture(scope="session")
def publish(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """A fresh store directory holding an N-Quads file (the service fixture's by default): for tests that write."""
    def published(nquads: Path = SERVICE_DATASET) -> Path:
        directory = tmp_path_factory.mktemp("store")
        EmbeddedStore(directory).publish(nquads)
        return directory
    return published


@pytest.fixture(scope="session")
def service_store(publish: Callable[..., Path]) -> Path:
    """tests/fixtures/service/dataset.nq, published once and only read."""
    return publish()


@pytest.fixture(scope="session")
def pages_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    """The hand-made pages dataset plus the ontology in kgg:ontology, as the builder publishes them."""
    directory = tmp_path_factory.mktemp("pages")
    dataset = Dataset()
    dataset.parse(PAGES_DATASET, format="trig")
    ontology = dataset.graph(ONTOLOGY_GRAPH)
    for name in ("concepts.ttl", "ofsted-kg.ttl"):
        ontology.parse(ONTOLOGY_DIR / name, format="turtle")
    nquads = directory / "dataset.nq"
    dataset.serialize(nquads, format="nquads")
    store = EmbeddedStore(directory / "store")
    store.publish(nquads)
    return store


def service_config(store_dir: Path | None = None, **overrides: object) -> ServiceConfig:
    """The tests' configuration: the test named queries, a 5 s deadline, two workers, unless overridden."""
    settings: dict = {"queries_dir": SERVICE_QUERIES, "timeout": 5.0, "query_workers": 2}
    if store_dir is not None:
        settings["store_dir"] = store_dir
    return ServiceConfig(**{**settings, **overrides})


@pytest.fixture(scope="session")
def make_client() -> MakeClient:
    """make_client(store_dir, **config): the real app (a TestClient) over a store, or over `endpoint=URL`;
    its worker pool starts and stops with the `with` block."""
    @contextlib.contextmanager
    def client(store_dir: Path | None = None, **overrides: object) -> Iterator[TestClient]:
        with TestClient(create_app(service_config(store_dir, **overrides))) as test_client:
            yield test_client
    return client


@pytest.fixture(scope="module")
def service_client(make_client: MakeClient, service_store: Path) -> Iterator[TestClient]:
    """The app over the service fixture, with the test named queries."""
    with make_client(service_store) as client:
        yield client


@pytest.fixture(scope="module")
def pages_client(make_client: MakeClient, pages_store: EmbeddedStore) -> Iterator[TestClient]:
    """The app over the pages fixture, with the project's own named queries."""
    with make_client(pages_store.directory, queries_dir=ServiceConfig.queries_dir) as client:
        yield client


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def live_server() -> Callable[..., ContextManager[str]]:
    """live_server(store_dir, **config): the app under uvicorn on a free localhost port; yields its base URL."""
    @contextlib.contextmanager
    def running(store_dir: Path, **overrides: object) -> Iterator[str]:
        port = _free_port()
        config = service_config(store_dir, **overrides)
        server = uvicorn.Server(uvicorn_config(create_app(config), config, "127.0.0.1", port, log_level="warning"))
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
    return running
