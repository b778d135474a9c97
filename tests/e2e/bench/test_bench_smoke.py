# SPDX-License-Identifier: Apache-2.0
"""The benchmark scenarios of bench/ run against the binary under test with small numbers,
so they keep working as the server changes. Nothing here is timed: each run must end, print
its JSON line, and (where it counts messages) lose and duplicate nothing. The measurements
themselves are made by hand on an optimised build (bench/README.md)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BINARY

BENCH = Path(__file__).resolve().parents[3] / "bench"

SCENARIOS = [
    ("idle_streams.py", ["--streams", "50"], "idle_streams"),
    ("idle_sessions.py", ["--sessions", "50"], "idle_sessions"),
    ("idle_sessions.py", ["--sessions", "20", "--tls"], "idle_sessions"),
    ("idle_sessions.py", ["--sessions", "20", "--transport", "ws"], "idle_sessions"),
    ("idle_sessions.py", ["--sessions", "20", "--transport", "bosh"], "idle_sessions"),
    ("transport_throughput.py", ["--pairs", "2", "--messages", "200"], "transport_throughput"),
    ("transport_throughput.py", ["--pairs", "2", "--messages", "200", "--sm"],
     "transport_throughput"),
    ("transport_throughput.py", ["--pairs", "2", "--messages", "100", "--transport", "bosh"],
     "transport_throughput"),
    ("mam_query.py", ["--messages", "300", "--page", "3", "--repeat", "2"], "mam_query"),
    ("login_profiles.py", ["--logins", "60", "--concurrency", "5"], "login_profiles"),
]


@pytest.mark.parametrize("script,args,scenario", SCENARIOS,
                         ids=[f"{s}:{' '.join(a)}" for s, a, _ in SCENARIOS])
def test_scenario_runs_and_reports(script, args, scenario):
    result = subprocess.run([sys.executable, str(BENCH / script), "--meerkat", str(BINARY),
                             *args], cwd=BENCH, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["scenario"] == scenario
    if "lost" in report:
        assert report["lost"] == 0 and report["duplicated"] == 0, report
