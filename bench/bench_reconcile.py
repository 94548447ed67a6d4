"""How fast /reconcile answers a batch of 10 council names, over a built store.

    python bench/bench_reconcile.py --store /tmp/s14 [--runs 50]

Serves the store with the real app under uvicorn on a free loopback port, asks once
to build the match index, then times `--runs` POSTs of the same batch of ten
council names (in several forms: short, official, codes, a QID) and prints the
median, the minimum and the 90th percentile in milliseconds, and the matches.
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from service.app import create_app  # noqa: E402
from service.config import ServiceConfig  # noqa: E402

NAMES = ["Stoke", "Stoke-on-Trent City Council", "861", "E09000025", "Q17022507", "Durham County Council",
         "Hull", "Birmingham", "London Borough of Newham", "Kent County Council"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(ServiceConfig(store_dir=args.store)), host="127.0.0.1",
                                           port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    batch = json.dumps({f"q{i}": {"query": name, "type": "Authority"} for i, name in enumerate(NAMES)})
    url = f"http://127.0.0.1:{port}/reconcile"
    try:
        with httpx.Client(timeout=60) as client:
            started = time.perf_counter()
            first = client.post(url, data={"queries": batch})
            first.raise_for_status()
            print(f"first batch (builds the index): {(time.perf_counter() - started) * 1000:.0f} ms")
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                answer = client.post(url, data={"queries": batch})
                times.append((time.perf_counter() - started) * 1000)
                answer.raise_for_status()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    times.sort()
    print(f"batch of {len(NAMES)} council names, {args.runs} runs: median {statistics.median(times):.1f} ms, "
          f"min {times[0]:.1f} ms, p90 {times[int(len(times) * 0.9) - 1]:.1f} ms")
    for key, name in enumerate(NAMES):
        top = answer.json()[f"q{key}"]["result"][0]
        print(f"  {name!r:32} -> {top['id']} {top['name']!r} score {top['score']} match {top['match']}")


if __name__ == "__main__":
    main()
