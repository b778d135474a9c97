# SPDX-License-Identifier: Apache-2.0
"""The Prometheus endpoint (its text checked by promtool when Prometheus is installed, by a
parser otherwise), the metric category of the admin API, and meerkatctl round trips against
a running server."""

import asyncio
import os
import re
import shutil
import subprocess

import pytest

from conftest import BINARY
from graphql_client import ADMIN_AUTH, ADMIN_PATH, add_users, data_of, gql, http_request, \
    start_graphql_server
from xmpp_client import Client, connected, run

CTL = BINARY.parent / "meerkatctl"
PROMETHEUS = """
      [[listen.http.handlers.mongoose_prometheus_handler]]
        host = "_"
        path = "/metrics"
"""


def scrape(server):
    status, headers, body = http_request(server.http_port, "GET", "/metrics", auth=None)
    assert status == 200
    assert headers["content-type"].startswith("text/plain; version=0.0.4")
    return body.decode()


def parse_exposition(text):
    """{(name, frozenset(labels)): value} of a Prometheus text exposition, checking that
    every sample belongs to a family announced by HELP and TYPE lines."""
    families, samples = {}, {}
    for line in text.splitlines():
        if line.startswith("# HELP "):
            continue
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            assert kind in ("counter", "gauge", "histogram"), line
            families[name] = kind
            continue
        match = re.fullmatch(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)', line)
        assert match, f"not a sample line: {line!r}"
        name, labels, value = match.group(1), match.group(3) or "", match.group(4)
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        assert name in families or base in families, f"{name} has no TYPE line"
        pairs = frozenset(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', labels))
        samples[(name, pairs)] = float(value)
    return families, samples


@pytest.fixture
def server(meerkat, port):
    server = start_graphql_server(meerkat, port, extra_handlers=PROMETHEUS)
    add_users(server, {"alice@localhost": "secret", "bob@localhost": "secret"})
    return server


def test_prometheus_text_is_valid_and_counts_real_traffic(server):
    async def scenario():
        alice = await connected("alice@localhost/phone", "secret", server.c2s_port)
        bob = await connected("bob@localhost/pc", "secret", server.c2s_port)
        for i in range(3):
            alice.send_message(mto="bob@localhost/pc", mbody=f"hi {i}", mtype="chat")
        for i in range(3):
            await bob.next_message()
        text = await asyncio.to_thread(scrape, server)
        await alice.quit()
        await bob.quit()
        return text

    text = run(scenario())
    families, samples = parse_exposition(text)
    for name in ("meerkat_listener_connections", "meerkat_sessions",
                 "meerkat_c2s_stanzas_received_total", "meerkat_c2s_stanzas_sent_total",
                 "meerkat_c2s_auth_total", "meerkat_routing_duration_seconds",
                 "meerkat_c2s_queue_overflows_total", "meerkat_storage_duration_seconds",
                 "meerkat_process_resident_memory_bytes", "meerkat_process_cpu_seconds_total"):
        assert name in families, name
    assert samples[("meerkat_sessions", frozenset())] == 2
    assert samples[("meerkat_c2s_auth_total", frozenset({("result", "success")}))] >= 2
    assert samples[("meerkat_c2s_stanzas_received_total",
                    frozenset({("type", "message")}))] >= 3
    assert samples[("meerkat_c2s_stanzas_sent_total", frozenset({("type", "message")}))] >= 3
    routed = samples[("meerkat_routing_duration_seconds_count", frozenset())]
    assert routed >= 3
    assert samples[("meerkat_routing_duration_seconds_bucket",
                    frozenset({("le", "+Inf")}))] == routed
    c2s = [v for (n, labels), v in samples.items()
           if n == "meerkat_listener_accepted_total" and ("type", "c2s") in labels]
    assert c2s and c2s[0] >= 2
    assert samples[("meerkat_process_resident_memory_bytes", frozenset())] > 1e6
    promtool = shutil.which("promtool")
    if promtool:
        checked = subprocess.run([promtool, "check", "metrics"], input=text, text=True,
                                 capture_output=True, timeout=30)
        assert checked.returncode == 0, checked.stdout + checked.stderr


def test_failed_logins_are_counted(server):
    async def scenario():
        bad = Client("alice@localhost/x", "wrong", server.c2s_port)
        assert not await bad.login()
        await bad.quit()

    run(scenario())
    _, samples = parse_exposition(scrape(server))
    assert samples[("meerkat_c2s_auth_total", frozenset({("result", "failure")}))] >= 1


def test_prometheus_endpoint_refuses_other_methods(server):
    status, headers, _ = http_request(server.http_port, "POST", "/metrics", body=b"x", auth=None)
    assert status == 405
    assert "GET" in headers["allow"]


def test_metric_category_reads_the_same_registry(server):
    async def scenario():
        alice = await connected("alice@localhost/phone", "secret", server.c2s_port)
        await asyncio.to_thread(check_metric_category, server)
        await alice.quit()

    run(scenario())


def check_metric_category(server):
    query = """{ metric {
        getMetrics(name: ["meerkat_sessions"]) { ... on GaugeMetric { name type value } }
        hist: getMetrics(name: ["meerkat_routing_duration_seconds"]) {
          ... on HistogramMetric { name type n p99 } }
        getMetricsAsDicts(name: ["meerkat_c2s_auth_total"], keys: ["value"]) {
          name dict { key value } }
        getClusterMetricsAsDicts(name: ["meerkat_sessions"]) { node result { name } }
    } }"""
    for method in ("POST", "GET"):
        metric = data_of(gql(server.http_port, ADMIN_PATH, query, method=method))["metric"]
        assert metric["getMetrics"] == [
            {"name": ["meerkat_sessions"], "type": "gauge", "value": 1}]
        assert metric["hist"][0]["type"] == "histogram"
        successes = [d for d in metric["getMetricsAsDicts"]
                     if d["name"] == ["meerkat_c2s_auth_total", "success"]]
        assert successes[0]["dict"] == [{"key": "value", "value": 1}]
        assert metric["getClusterMetricsAsDicts"][0]["node"].startswith("meerkat@")


def ctl(server, *args, auth=ADMIN_AUTH, env=None):
    url = f"http://127.0.0.1:{server.http_port}{ADMIN_PATH}"
    command = [str(CTL), "--url", url]
    if auth:
        command += ["--user", auth[0], "--password", auth[1]]
    return subprocess.run(command + list(args), capture_output=True, text=True, timeout=30,
                          env={**os.environ, **(env or {})})


def test_meerkatctl_round_trips(server):
    created = ctl(server, "account", "registerUser", "--domain", "localhost", "--username",
                  "carol", "--password", "pw")
    assert created.returncode == 0, created.stderr
    assert '"jid": "carol@localhost"' in created.stdout
    listed = ctl(server, "account", "listUsers", "--domain=localhost")
    assert listed.returncode == 0, listed.stderr
    assert "carol@localhost" in listed.stdout and "alice@localhost" in listed.stdout

    async def scenario():
        carol = await connected("carol@localhost/cli", "pw", server.c2s_port)
        sessions = await asyncio.to_thread(ctl, server, "session", "listSessions")
        assert "carol@localhost/cli" in sessions.stdout
        sent = await asyncio.to_thread(ctl, server, "stanza", "sendMessage", "--from",
                                       "alice@localhost", "--to", "carol@localhost/cli",
                                       "--body", "from the CLI")
        assert sent.returncode == 0, sent.stderr
        assert (await carol.next_message())["body"] == "from the CLI"
        added = await asyncio.to_thread(ctl, server, "roster", "addContact", "--user",
                                        "carol@localhost", "--contact", "alice@localhost",
                                        "--name", "Alice", "--groups", '["work"]')
        assert added.returncode == 0, added.stderr
        contacts = await asyncio.to_thread(ctl, server, "roster", "listContacts", "--user",
                                           "carol@localhost")
        assert '"name": "Alice"' in contacts.stdout and '"work"' in contacts.stdout
        kicked = await asyncio.to_thread(ctl, server, "session", "kickUser", "--user",
                                         "carol@localhost")
        assert kicked.returncode == 0, kicked.stderr
        await asyncio.wait_for(carol.disconnected_event.wait(), 10)

    run(scenario())
    status = ctl(server, "server", "status")
    assert status.returncode == 0 and '"statusCode": "RUNNING"' in status.stdout
    domains = ctl(server, "domain", "allDomains")
    assert '"domain": "localhost"' in domains.stdout


def test_meerkatctl_exit_codes_and_help(server):
    assert ctl(server, "--help").returncode == 0
    top = ctl(server, "--help").stdout
    assert "account" in top and "Exit codes" in top
    category = ctl(server, "account", "--help")
    assert category.returncode == 0 and "registerUser" in category.stdout
    command = ctl(server, "account", "registerUser", "--help")
    assert command.returncode == 0 and "--domain DomainName!" in command.stdout
    assert ctl(server).returncode == 2
    assert ctl(server, "nosuchcategory").returncode == 2
    assert ctl(server, "account", "nosuch").returncode == 2
    missing = ctl(server, "account", "listUsers")
    assert missing.returncode == 2 and "missing option --domain" in missing.stderr
    typed = ctl(server, "account", "listUsers", "--domain", "localhost", "--limit", "x")
    assert typed.returncode == 2
    failed = ctl(server, "account", "removeUser", "--user", "nobody@localhost")
    assert failed.returncode == 1 and "user_does_not_exist" in failed.stderr
    wrong = ctl(server, "server", "status", auth=("admin", "wrong"))
    assert wrong.returncode == 3 and "credentials" in wrong.stderr
    unreachable = subprocess.run([str(CTL), "--url", "http://127.0.0.1:1/api/graphql",
                                  "server", "status"], capture_output=True, text=True,
                                 timeout=30)
    assert unreachable.returncode == 3
    by_env = subprocess.run([str(CTL), "server", "getLoglevel"], capture_output=True, text=True,
                            timeout=30, env={**os.environ,
                                             "MEERKATCTL_URL": f"http://127.0.0.1:{server.http_port}{ADMIN_PATH}",
                                             "MEERKATCTL_USER": "admin",
                                             "MEERKATCTL_PASSWORD": "secret"})
    assert by_env.returncode == 0 and by_env.stdout.strip() in ("DEBUG", "INFO")
