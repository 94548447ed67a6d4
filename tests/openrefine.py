"""A real OpenRefine (the Debian package) for the reconciliation round trip, started by scripts/openrefine.sh.

tests/conftest.py registers this module as a plugin, so any test can ask for
`openrefine`: a server on a free loopback port with its own workspace, stopped
when the session ends. When the package cannot be installed or the server does
not start, the tests that need it are skipped, loudly, with the reason.
`OpenRefine` drives it through its own HTTP API (the commands its web UI sends).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import warnings
from pathlib import Path
from typing import Iterator

import httpx
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "openrefine.sh"
ENGINE = json.dumps({"facets": [], "mode": "row-based"})


class OpenRefine:
    """OpenRefine's HTTP API: create a project from a CSV, reconcile a column, extend it, read the rows."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.http = httpx.Client(base_url=url, timeout=60)

    def _token(self) -> str:
        return self.http.get("/command/core/get-csrf-token").json()["token"]

    def _post(self, command: str, params: dict | None = None, **kwargs) -> httpx.Response:
        response = self.http.post(f"/command/core/{command}", params={**(params or {}), "csrf_token": self._token()},
                                  **kwargs)
        if response.status_code >= 400:
            response.raise_for_status()
        return response

    def create_project(self, name: str, csv_text: str) -> str:
        options = {"separator": ",", "headerLines": 1, "ignoreLines": -1, "skipDataLines": 0, "limit": -1,
                   "storeBlankRows": True, "guessCellValueTypes": False, "processQuotes": True,
                   "storeBlankCellsAsNulls": True, "includeFileSources": False, "encoding": "UTF-8",
                   "projectName": name}
        response = self._post("create-project-from-upload", files={"project-file": (f"{name}.csv", csv_text, "text/csv")},
                              data={"project-name": name, "format": "text/line-based/*sv",
                                    "options": json.dumps(options)})
        location = response.headers.get("location") or str(response.url)
        return location.rsplit("project=", 1)[1]

    def add_service(self, service_url: str) -> None:
        """Register the service in OpenRefine's preferences, as 'Add Standard Service...' does."""
        manifest = httpx.get(service_url).json()
        current = self.http.get("/command/core/get-preference", params={"name": "reconciliation.standardServices"})
        services = [s for s in json.loads(current.json().get("value") or "[]") if s.get("url") != service_url]
        services.append({**manifest, "url": service_url, "ui": {"handler": "ReconStandardServicePanel"}})
        self._post("set-preference", data={"name": "reconciliation.standardServices", "value": json.dumps(services)})

    def reconcile(self, project: str, column: str, service_url: str, type_id: str, type_name: str,
                  properties: list[tuple[str, str]] = ()) -> None:
        manifest = httpx.get(service_url).json()
        config = {"mode": "standard-service", "service": service_url,
                  "identifierSpace": manifest["identifierSpace"], "schemaSpace": manifest["schemaSpace"],
                  "type": {"id": type_id, "name": type_name}, "autoMatch": True, "batchSize": 10,
                  "columnDetails": [{"column": c, "propertyName": p, "propertyID": p} for c, p in properties],
                  "limit": 0}
        self._post("reconcile", {"project": project},
                   data={"columnName": column, "config": json.dumps(config), "engine": ENGINE})
        self.wait(project)

    def extend(self, project: str, column: str, service_url: str, properties: list[dict], at: int) -> None:
        manifest = httpx.get(service_url).json()
        self._post("extend-data", {"project": project}, data={
            "baseColumnName": column, "endpoint": service_url, "identifierSpace": manifest["identifierSpace"],
            "schemaSpace": manifest["schemaSpace"], "extension": json.dumps({"properties": properties}),
            "columnInsertIndex": str(at), "engine": ENGINE})
        self.wait(project)

    def wait(self, project: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            processes = self.http.get("/command/core/get-processes", params={"project": project}).json()
            if not processes.get("processes"):
                return
            time.sleep(0.2)
        raise TimeoutError(f"OpenRefine's operation on project {project} did not finish in {timeout:g} s")

    def rows(self, project: str) -> tuple[list[str], list[list[dict | None]]]:
        """The column names and, per row, each column's cell (its value 'v' and reconciliation 'r')."""
        model = self.http.get("/command/core/get-models", params={"project": project}).json()
        columns = model["columnModel"]["columns"]
        rows = self._post("get-rows", {"project": project, "start": 0, "limit": 1000}, data={"engine": ENGINE}).json()
        pool = rows.get("pool", {}).get("recons", {})
        table = []
        for row in rows["rows"]:
            cells = []
            for column in columns:
                index = column["cellIndex"]
                cell = row["cells"][index] if index < len(row["cells"]) else None
                if cell and "r" in cell and isinstance(cell["r"], str):
                    cell = {**cell, "r": pool.get(cell["r"])}
                cells.append(cell)
            table.append(cells)
        return [c["name"] for c in columns], table


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _skip(reason: str) -> None:
    warnings.warn(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def openrefine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OpenRefine]:
    directory = tmp_path_factory.mktemp("openrefine")
    environment = {**os.environ, "OPENREFINE_DIR": str(directory), "OPENREFINE_PORT": str(free_port())}

    def run(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(["bash", str(SCRIPT), command], env=environment, capture_output=True, text=True,
                              timeout=300)

    installed = run("install")
    if installed.returncode != 0:
        _skip("OPENREFINE COULD NOT BE INSTALLED, the OpenRefine round-trip test DID NOT RUN: "
              f"{installed.stderr.strip() or 'scripts/openrefine.sh install failed'}")
    started = run("start")
    try:
        if started.returncode != 0:
            _skip(f"OPENREFINE DID NOT START, the OpenRefine round-trip test DID NOT RUN: {started.stderr.strip()}")
        yield OpenRefine(f"http://127.0.0.1:{environment['OPENREFINE_PORT']}")
    finally:
        run("stop")
