"""A wheel of the checkout installs and runs on its own: `ofsted-kg build` and `ofsted-kg serve`.

The wheel goes into a fresh venv outside the checkout. The test venv's
dependencies are made visible to it by a .pth line naming the test venv's
site-packages (a .pth line adds a directory but does not run the .pth files in
it, so the editable install of this checkout stays out); the project itself
comes only from the wheel. Commands run from a temporary directory, so
nothing resolves against the checkout's folders.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent
AUTHORITIES = """PREFIX kg: <https://w3id.org/ofsted-kg/def#>
SELECT (COUNT(DISTINCT ?authority) AS ?n) WHERE { ?authority a kg:Authority ; kg:gssCode ?code }"""


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    env["SOURCE_DATE_EPOCH"] = "0"
    return env


def _not_source(directory: str, names: list[str]) -> set[str]:
    """What a copy of the checkout to build from leaves out: VCS, venv, caches and build outputs."""
    skipped = {name for name in names
               if name in {".git", ".venv", "__pycache__", ".pytest_cache"} or name.endswith(".egg-info")}
    if Path(directory) == ROOT:
        skipped |= {name for name in names if name in {"build", "store", "artefacts"}}
    return skipped


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A fresh venv (outside the checkout) with the wheel of the checkout installed; returns its bin/."""
    base = tmp_path_factory.mktemp("wheel")
    # Built from a copy of the checkout: setuptools' build/ folder would otherwise stay in the
    # checkout, and carry modules deleted since into the next wheel.
    checkout = base / "checkout"
    shutil.copytree(ROOT, checkout, ignore=_not_source)
    wheels = base / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "-w", str(wheels), str(checkout)], check=True, cwd=base, env=_environment(), timeout=300)
    (wheel,) = wheels.glob("ofsted_kg-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "test_venv_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, cwd=base, env=_environment(), timeout=300)
    return venv / "bin"


def test_the_wheel_holds_every_module_rule_file_template_and_query(installed: Path) -> None:
    python = installed / "python"
    probe = ("import graph, service, ofsted_kg, build_graph, serve; "
             "from graph import resources, concepts, queries; "
             "print(graph.__file__); print(resources.RULES_DIR); print(resources.QUERIES_DIR); "
             "print(sorted(p.name for p in resources.RULES_DIR.iterdir() if p.is_file() and p.suffix != '.py')); "
             "print(queries.internal('evaluation/reported-inspections').name); "
             "print((resources.TEMPLATES_DIR / 'query.html').is_file(), (resources.STATIC_DIR / 'query.js').is_file())")
    out = subprocess.run([str(python), "-c", probe], check=True, capture_output=True, text=True,
                         cwd=installed, env=_environment()).stdout.splitlines()
    venv = installed.parent
    assert Path(out[0]).is_relative_to(venv), f"graph imported from {out[0]}, not the wheel"
    assert Path(out[1]).is_relative_to(venv) and Path(out[2]).is_relative_to(venv)
    # Every rule file (YAML rules, the findings model's JSON weights, the given-names list).
    assert out[3] == str(sorted(p.name for p in (ROOT / "graph" / "rules").iterdir()
                                if p.is_file() and p.suffix != ".py"))
    assert out[4:] == ["evaluation/reported-inspections", "True True"]
    packages = {p.parent.relative_to(ROOT).as_posix().replace("/", ".")
                for top in ("graph", "service", "ofsted_kg") for p in (ROOT / top).rglob("__init__.py")}
    missing = [name for name in sorted(packages)
               if not (Path(out[0]).parent.parent / name.replace(".", "/") / "__init__.py").is_file()]
    assert missing == []
    # Every shipped data file of the checkout is in the wheel: each SPARQL text, ontology file and register.
    shipped = Path(out[2]).parent  # graph/_resources in the installed wheel
    for folder, packaged in (("queries", "queries"), ("ontology", "ontology"), ("data/registers", "registers")):
        wanted = {p.relative_to(ROOT / folder).as_posix() for p in (ROOT / folder).rglob("*")
                  if p.is_file() and p.suffix in {".rq", ".ttl", ".csv", ".json"}}
        found = {p.relative_to(shipped / packaged).as_posix() for p in (shipped / packaged).rglob("*") if p.is_file()}
        assert wanted - found == set(), folder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"}),
                                timeout=10) as response:
        return json.loads(response.read())


def test_ofsted_kg_builds_the_sources_and_serves_them(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(ROOT / "sources", work / "corpus")
    built = subprocess.run([str(installed / "ofsted-kg"), "build", "--sources", "corpus", "--store", "store",
                            "--out", "all.nq", "--jobs", "1"],
                           cwd=work, env=_environment(), capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    assert "documents read: 5" in built.stdout

    # The same facts as a build from the checkout: byte-identical N-Quads.
    from graph.pipeline import build
    from graph.store import EmbeddedStore

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        build([work / "corpus"], EmbeddedStore(tmp_path / "checkout-store"), out=tmp_path / "checkout.nq", jobs=1)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    assert (work / "all.nq").read_bytes() == (tmp_path / "checkout.nq").read_bytes()

    dataset = ox.Store()
    dataset.bulk_load(path=str(work / "all.nq"), format=ox.RdfFormat.N_QUADS)
    [expected] = [int(row["n"].value) for row in dataset.query(AUTHORITIES, use_default_graph_as_union=True)]
    assert expected > 100  # the register councils and the councils the sources name

    port = _free_port()
    server = subprocess.Popen([str(installed / "ofsted-kg"), "serve", "--store", "store", "--port", str(port)],
                              cwd=work, env=_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}/sparql?" + urllib.parse.urlencode({"query": AUTHORITIES})
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = _get(url)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"ofsted-kg serve did not answer: {server.stderr.read().decode()}")
                time.sleep(0.3)
        assert int(answer["results"]["bindings"][0]["n"]["value"]) == expected
        # A named query, a page and an export: queries, templates and concepts all come from the wheel.
        base = f"http://127.0.0.1:{port}"
        judgements = _get(f"{base}/queries/inspection-judgements.json?authority_code=E06000021")
        assert {"Inadequate", "Good"} <= {row["grade"]["value"] for row in judgements["results"]["bindings"]}
        with urllib.request.urlopen(f"{base}/authority/E06000021", timeout=30) as response:
            assert response.status == 200 and b"Stoke-on-Trent" in response.read()
        with urllib.request.urlopen(f"{base}/export/graphml?authority=E06000021", timeout=30) as response:
            assert response.status == 200 and b"<graphml" in response.read()
    finally:
        server.terminate()
        server.wait(timeout=30)
