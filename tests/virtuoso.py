"""A real Virtuoso server for the remote-store tests, started by scripts/virtuoso.sh.

tests/conftest.py imports the fixture, so every test module can ask for `virtuoso_server`.
The server gets its own directory, free loopback ports and a fresh writer
password, and is stopped when the session ends. When the package cannot be
installed the tests that need it are skipped, loudly.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "virtuoso.sh"
WRITER = "kgtest"


@dataclass(frozen=True)
class VirtuosoServer:
    directory: Path
    http_port: int
    sql_port: int
    user: str
    password: str

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    @property
    def gsp_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def environment(self) -> dict[str, str]:
        return {
            "VIRTUOSO_DIR": str(self.directory),
            "VIRTUOSO_HTTP_PORT": str(self.http_port),
            "VIRTUOSO_SQL_PORT": str(self.sql_port),
            "OFSTED_KG_STORE_USER": self.user,
            "OFSTED_KG_STORE_PASSWORD": self.password,
        }

    def run(self, command: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(SCRIPT), command], env={**os.environ, **self.environment()},
                              capture_output=True, text=True, timeout=180)

    def start(self) -> None:
        result = self.run("start")
        if result.returncode != 0:
            raise RuntimeError(f"scripts/virtuoso.sh start failed:\n{result.stderr}")

    def stop(self) -> None:
        result = self.run("stop")
        if result.returncode != 0:
            raise RuntimeError(f"scripts/virtuoso.sh stop failed:\n{result.stderr}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    http_port = free_port()
    sql_port = free_port()
    while sql_port == http_port:
        sql_port = free_port()
    server = VirtuosoServer(
        directory=tmp_path_factory.mktemp("virtuoso"), http_port=http_port, sql_port=sql_port,
        user=WRITER, password=secrets.token_urlsafe(18),
    )
    installed = server.run("install")
    if installed.returncode != 0:
        reason = (f"VIRTUOSO COULD NOT BE INSTALLED, the remote-store integration tests DID NOT RUN: "
                  f"{installed.stderr.strip() or 'scripts/virtuoso.sh install failed'}")
        warnings.warn(reason)
        pytest.skip(reason)
    try:
        server.start()
        yield server
    finally:
        server.stop()
