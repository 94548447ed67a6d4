"""The fast part of `make chaos`'s service cases (chaos/service.py): serve.py in a subprocess, 1,000
fuzzed requests, a 20 MB body, oversize heads, slow clients, two runaway queries, memory and errors.

Rows are judged on statuses, messages and liveness only; the timings they report (requests/s, the
95th percentile of quick queries beside runaways) are make chaos's table, not assertions here.
"""

from __future__ import annotations

import pytest

from chaos import service


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    return {row.case.split(" (")[0]: row for row in service.run(tmp_path_factory.mktemp("chaos-service"),
                                                                 requests=1_000, seed=13, timed=False, fast=True)}


@pytest.mark.parametrize("case", ["fuzzed requests", "20 MB POST bodies", "oversize heads", "slow clients",
                                  "2 runaway queries at once", "server memory and errors over the whole service run"])
def test_each_service_case_gets_the_answers_it_must(rows, case):
    assert rows[case].ok, rows[case]
