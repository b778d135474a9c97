# SPDX-License-Identifier: Apache-2.0
"""The meerkat command line: --check-config, start-up errors, and the embedded default."""

import json
import resource
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import BINARY, GENERAL, Meerkat
from xmpp_client import Client
from xmpp_client import run as run_client
from xmpp_wire import Wire


def run(*args, cwd=None):
    return subprocess.run([str(BINARY), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=30)


def test_check_config_accepts_a_valid_file(tmp_path):
    config = tmp_path / "ok.toml"
    config.write_text(GENERAL + "\n[[listen.c2s]]\n  port = 5222\n")
    result = run("--check-config", str(config))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_check_config_prints_every_error_with_position_and_exits_2(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text(GENERAL + """
[[listen.c2s]]
  port = 5222
  tls.mode = "startls"

[[listen.c2s]]
  port = 0
  backlgo = 10
""")
    result = run("--check-config", str(config))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith(f"{config}:9:14: listen.c2s[1].tls.mode: expected one of")
               and '"startls"' in line for line in lines), result.stderr
    assert any("listen.c2s[2].port" in line for line in lines), result.stderr
    assert any("listen.c2s[2].backlgo: unknown option" in line and '"backlog"' in line
               for line in lines), result.stderr


def test_toml_syntax_error_has_a_position(tmp_path):
    config = tmp_path / "broken.toml"
    config.write_text("[general\nhosts = [\"localhost\"]\n")
    result = run("--check-config", str(config))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{config}:1:"), result.stderr


def test_missing_file_is_reported(tmp_path):
    result = run("--check-config", str(tmp_path / "absent.toml"))
    assert result.returncode == 2
    assert "absent.toml" in result.stderr


def test_yaml_is_refused_clearly(tmp_path):
    config = tmp_path / "ejabberd.yml"
    config.write_text("hosts:\n  - localhost\n")
    result = run("--check-config", str(config))
    assert result.returncode == 2
    assert "YAML" in result.stderr


def test_bad_outgoing_s2s_certificate_stops_start_up_naming_the_option(tmp_path):
    cert = tmp_path / "not-a-cert.pem"
    cert.write_text("garbage\n")
    config = tmp_path / "s2s.toml"
    config.write_text(GENERAL + f"\n[s2s]\n  outgoing.tls.certfile = \"{cert}\"\n")
    result = run("--config", str(config), cwd=tmp_path)
    assert result.returncode == 2
    assert "s2s.outgoing.tls.certfile" in result.stderr


def test_port_in_use_stops_start_up(tmp_path):
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port = holder.getsockname()[1]
    config = tmp_path / "busy.toml"
    config.write_text(GENERAL + f"\n[[listen.c2s]]\n  port = {port}\n  ip_address = \"127.0.0.1\"\n")
    result = run("--config", str(config), cwd=tmp_path)
    holder.close()
    assert result.returncode == 1
    assert f"c2s 127.0.0.1:{port}: cannot bind" in result.stderr


def test_bad_certificate_stops_start_up_naming_the_option(tmp_path):
    cert = tmp_path / "not-a-cert.pem"
    cert.write_text("garbage\n")
    config = tmp_path / "tls.toml"
    config.write_text(GENERAL + f"\n[[listen.c2s]]\n  port = 5222\n  tls.certfile = \"{cert}\"\n")
    result = run("--config", str(config), cwd=tmp_path)
    assert result.returncode == 2
    assert "listen.c2s[1].tls.certfile" in result.stderr


def test_embedded_default_serves_localhost_with_starttls(tmp_path):
    for busy in (5222, 5280):
        try:
            socket.create_connection(("127.0.0.1", busy), timeout=0.5).close()
            pytest.skip(f"something already listens on {busy}")
        except OSError:
            pass
    log = open(tmp_path / "log", "wb")
    process = subprocess.Popen([str(BINARY)], cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                wire = Wire.tcp(5222)
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "log").read_text()
                assert time.monotonic() < deadline
                time.sleep(0.05)
        features = wire.open_stream("localhost")
        assert "starttls" in features
        wire.starttls()
        features = wire.open_stream("localhost")
        assert (tmp_path / "var" / "selfsigned.pem").exists()
        # modern clients log in in one round trip: SASL2 with Bind 2 and FAST tokens, whose
        # channel-bound mechanisms TLS allows
        assert "<authentication xmlns='urn:xmpp:sasl:2'>" in features
        assert "<bind xmlns='urn:xmpp:bind:0'>" in features
        assert "<mechanism>HT-SHA-256-ENDP</mechanism>" in features
        # in-band registration is on for this machine, and the new account logs in
        assert "<register xmlns='http://jabber.org/features/iq-register'/>" in features
        wire.send("<iq type='set' id='reg'><query xmlns='jabber:iq:register'>"
                  "<username>newbie</username><password>first-login</password></query></iq>")
        assert "type='result'" in wire.read_until("id='reg'.*?(/>|</iq>)")
        run_client(log_in_and_discover(tmp_path / "var" / "selfsigned.pem"))
        # web clients find the BOSH and WebSocket endpoints (XEP-0156)
        with urllib.request.urlopen("http://localhost:5280/.well-known/host-meta.json") as got:
            assert json.load(got) == {"links": [
                {"rel": "urn:xmpp:alt-connections:xbosh", "href": "http://localhost:5280/http-bind"},
                {"rel": "urn:xmpp:alt-connections:websocket",
                 "href": "ws://localhost:5280/ws-xmpp"}]}
    finally:
        process.terminate()
        assert process.wait(10) == 0


async def log_in_and_discover(cafile):
    client = Client("newbie@localhost", "first-login", 5222, cafile=str(cafile),
                    plugins=["xep_0030"])
    assert await client.login(roster=True)
    info = await client["xep_0030"].get_info(jid="localhost", timeout=10)
    features = info["disco_info"]["features"]
    assert "jabber:iq:register" in features and "urn:xmpp:ping" in features
    await client.quit()


def test_enabled_module_that_is_not_implemented_stops_start_up(tmp_path):
    config = tmp_path / "modules.toml"
    config.write_text(GENERAL + "\n[[listen.c2s]]\n  port = 5222\n\n[modules.mod_inbox]\n"
                      "  backend = \"rdbms\"\n")
    assert run("--check-config", str(config)).returncode == 0  # the options themselves are valid
    result = run("--config", str(config), cwd=tmp_path)
    assert result.returncode == 2
    assert "modules.mod_inbox" in result.stderr and "not implemented" in result.stderr


def test_bad_module_option_is_a_config_error(tmp_path):
    config = tmp_path / "modules.toml"
    config.write_text(GENERAL + "\n[modules.mod_ping]\n  ping_interval = 0\n")
    result = run("--check-config", str(config))
    assert result.returncode == 2
    assert "modules.mod_ping.ping_interval" in result.stderr


def test_print_config_reference_lists_options():
    result = run("--print-config-reference")
    assert result.returncode == 0
    for path in ["listen.c2s[].tls.mode", "listen.c2s[].proxy_protocol", "general.hosts"]:
        assert path in result.stdout, path


def test_start_up_warns_when_the_file_limit_cannot_hold_max_connections(tmp_path, port):
    """Under a hard limit of 1024 files, listeners allowing 5,000 connections get a warning
    with the numbers; the server still starts."""
    config = tmp_path / "meerkat.toml"
    config.write_text(GENERAL + f"""
[[listen.c2s]]
  port = {port}
  max_connections = 5000
""")
    log = open(tmp_path / "log", "wb")
    process = subprocess.Popen(
        [str(BINARY), "--config", str(config)], cwd=tmp_path, stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (256, 1024)))
    try:
        deadline = time.monotonic() + 10
        while "server_started" not in (tmp_path / "log").read_text():
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        text = (tmp_path / "log").read_text()
        # the soft limit was raised to the hard one, which still falls short
        assert "fd_limit_too_low limit=1024 hard_limit=1024 needed=5065" in text, text
    finally:
        process.terminate()
        assert process.wait(10) == 0
