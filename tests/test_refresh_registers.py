"""The register refresh against a local stand-in for Wikidata and the ONS (oxigraph serve)."""

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

import pytest

from graph.registers.refresh import RefreshError, main, select
from graph.registers import load_registers
from graph.resources import REGISTERS_DIR

FIXTURE = Path(__file__).parent / "fixtures" / "wikidata_sample.ttl"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with {process.returncode}")
        try:
            urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1).read()
            return
        except (URLError, ConnectionError):
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph serve did not answer at {url}")


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    location = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([str(OXIGRAPH), "load", "--location", str(location), "--file", str(FIXTURE)],
                   check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture()
def registers_dir(tmp_path):
    target = tmp_path / "registers"
    shutil.copytree(REGISTERS_DIR, target)
    return target


def refresh(endpoint: str, directory: Path, *extra: str) -> int:
    return main(["--wikidata-endpoint", endpoint, "--ons-endpoint", endpoint,
                 "--registers-dir", str(directory), *extra])


def test_refresh_fills_blanks_and_records_when_and_where(endpoint, registers_dir):
    assert refresh(endpoint, registers_dir) == 0
    snapshot = json.loads((registers_dir / "snapshot.json").read_text(encoding="utf-8"))
    latest = snapshot["refreshes"][-1]
    assert snapshot["last_refreshed"] == latest["at"]
    by_register = {entry["register"]: entry for entry in latest["registers"]}
    assert set(by_register) == {"wikidata-councils", "wikidata-members", "ons-gss"}
    assert all(entry["endpoint"] == endpoint for entry in by_register.values())
    assert "E10000028 area_wikidata" in by_register["wikidata-councils"]["values_added"]
    assert "4595 wikidata" in by_register["wikidata-members"]["values_added"]

    refreshed = load_registers(registers_dir)
    staffordshire = next(a for a in refreshed.authorities if a.gss_code == "E10000028")
    assert staffordshire.wikidata_area == "Q900000001"
    snell = next(m for m in refreshed.members if m.member_id == "4595")
    assert snell.wikidata == "Q900000005"


def test_a_disagreeing_row_is_reported_and_the_shipped_value_kept(endpoint, registers_dir, capsys):
    assert refresh(endpoint, registers_dir) == 0
    assert "E10000016 council_wikidata: shipped 'Q6386127', register says 'Q900000003'" in capsys.readouterr().out
    snapshot = json.loads((registers_dir / "snapshot.json").read_text(encoding="utf-8"))
    disagreements = [d for entry in snapshot["refreshes"][-1]["registers"]
                     for d in entry["disagreements_kept_shipped_value"]]
    assert {"register": "wikidata-councils", "key": "E10000016", "field": "council_wikidata",
            "shipped": "Q6386127", "refreshed": "Q900000003"} in disagreements
    assert {"register": "ons-gss", "key": "E10000028", "field": "status",
            "shipped": "live", "refreshed": "terminated"} in disagreements
    kent = next(a for a in load_registers(registers_dir).authorities if a.gss_code == "E10000016")
    assert kent.wikidata == "Q6386127"


def test_a_second_refresh_merges_into_the_first(endpoint, registers_dir):
    assert refresh(endpoint, registers_dir) == 0
    first = (registers_dir / "wikidata_members.csv").read_text(encoding="utf-8")
    assert refresh(endpoint, registers_dir) == 0
    assert (registers_dir / "wikidata_members.csv").read_text(encoding="utf-8") == first
    snapshot = json.loads((registers_dir / "snapshot.json").read_text(encoding="utf-8"))
    assert len(snapshot["refreshes"]) == 2
    assert all(not entry["values_added"] for entry in snapshot["refreshes"][-1]["registers"])


def test_ons_predecessor_codes_become_former_codes(endpoint, registers_dir):
    assert refresh(endpoint, registers_dir) == 0
    ons_rows = (registers_dir / "ons_gss_codes.csv").read_text(encoding="utf-8")
    assert "E08000038,Barnsley,E08000016,live" in ons_rows
    barnsley = next(a for a in load_registers(registers_dir).authorities if a.gss_code == "E08000038")
    assert "E08000016" in barnsley.former_gss_codes


def test_dry_run_writes_nothing(endpoint, registers_dir, capsys):
    before = {path.name: path.read_bytes() for path in registers_dir.iterdir()}
    assert refresh(endpoint, registers_dir, "--dry-run") == 0
    assert "wikidata-members" in capsys.readouterr().out
    assert {path.name: path.read_bytes() for path in registers_dir.iterdir()} == before


def test_an_unreachable_endpoint_is_an_error_not_a_crash(registers_dir, capsys):
    dead = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(RefreshError, match="127.0.0.1"):
        select(dead, "ASK {}")
    assert refresh(dead, registers_dir) == 1
    assert "refresh_registers:" in capsys.readouterr().err
