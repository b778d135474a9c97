# SPDX-License-Identifier: Apache-2.0
"""meerkat-bench, the C++ load generator, runs each scenario against the binary under test on
bench/meerkat.toml with small numbers, so neither rots. Nothing is timed: each run must end,
print its JSON line, log every session in, lose and duplicate no message, and (roster storm)
build every subscription it asked for."""

import json
import subprocess
from pathlib import Path

import pytest

from conftest import BINARY, free_port

ROOT = Path(__file__).resolve().parents[3]
GENERATOR = BINARY.parent.parent / "bench" / "meerkat-bench"
USERS = 40


@pytest.fixture
def bench_server(meerkat):
    c2s, http = free_port(), free_port()
    config = (ROOT / "bench" / "meerkat.toml").read_text()
    config = config.replace("port = 5222", f"port = {c2s}\n  tls.mode = \"starttls\"")
    config = config.replace("port = 5280", f"port = {http}")
    config = config.replace('loglevel = "warning"', 'loglevel = "info"')  # server_started
    server = meerkat(config, general="")
    csv = server.workdir / "users.csv"
    csv.write_text("".join(f"user{i},localhost,pass{i}\n" for i in range(1, USERS + 1)))
    assert f"{USERS} created" in server.account("import", str(csv)).stdout
    return server, c2s, http


def run(server, port, *args):
    command = [str(GENERATOR), *args, "--port", str(port), "--server-pid",
               str(server.process.pid)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["failed_logins"] == 0, report
    return report


@pytest.mark.parametrize("args", [
    ["--mechanism", "plain"],
    ["--mechanism", "scram-sha-1"],
    ["--mechanism", "scram-sha-1", "--transport", "starttls"],
    ["--mechanism", "scram-sha-1", "--workers", "2"],
], ids=["plain", "scram", "starttls", "two-workers"])
def test_idle_holds_sessions_and_measures_the_server(bench_server, args):
    server, c2s, _ = bench_server
    report = run(server, c2s, "idle", "--sessions", "20", "--hold", "0.2", "--settle", "0.2",
                 *args)
    assert report["scenario"] == "idle" and report["sessions"] == 20
    assert report["server_rss_after_kib"] > 0 and "server_cpu_s_per_1000_logins" in report


def test_idle_over_websocket(bench_server):
    server, _, http = bench_server
    report = run(server, http, "idle", "--sessions", "10", "--transport", "ws", "--hold", "0.2",
                 "--settle", "0.2", "--mechanism", "scram-sha-1")
    assert report["sessions"] == 10 and report["transport"] == "ws"


@pytest.mark.parametrize("rate", ["0", "400"], ids=["saturate", "fixed-rate"])
def test_chat_delivers_every_message_once(bench_server, rate):
    server, c2s, _ = bench_server
    report = run(server, c2s, "chat", "--sessions", "10", "--duration", "1", "--rate", rate,
                 "--window", "5", "--mechanism", "scram-sha-1")
    assert report["sent"] > 0 and report["delivered"] == report["sent"], report
    assert report["lost"] == 0 and report["duplicated"] == 0
    assert 0 < report["latency_p50_ms"] <= report["latency_max_ms"]


def test_chat_over_websocket(bench_server):
    server, _, http = bench_server
    report = run(server, http, "chat", "--sessions", "6", "--duration", "1", "--rate", "100",
                 "--transport", "ws", "--mechanism", "scram-sha-1")
    assert report["delivered"] == report["sent"] > 0 and report["duplicated"] == 0


def test_roster_storm_builds_mutual_contacts_and_counts_the_fan_out(bench_server):
    server, c2s, _ = bench_server
    report = run(server, c2s, "roster-storm", "--sessions", "20", "--contacts", "4",
                 "--settle", "0.2", "--mechanism", "scram-sha-1", "--first-user", "21")
    assert report["setup_complete_users"] == 20, report
    assert report["mutual_contacts_per_user"] == 4
    # Each login sees its online contacts' presence and its own; each online contact sees it.
    assert report["presences_per_login"] > 1


def test_wrong_passwords_are_counted_as_failed_logins(bench_server):
    server, c2s, _ = bench_server
    command = [str(GENERATOR), "idle", "--sessions", "3", "--port", str(c2s), "--hold", "0",
               "--settle", "0", "--password-prefix", "wrong", "--login-timeout", "10"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["sessions"] == 0 and report["failed_logins"] == 3
    assert "not-authorized" in report["first_error"]
