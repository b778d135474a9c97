# SPDX-License-Identifier: Apache-2.0
"""Starts the real meerkat binary on loopback with a generated config and a temporary data
directory, and stops it again. Tests talk to it with real clients or raw sockets."""

import os
import random
import re
import signal
import socket
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("MEERKAT_BIN", ROOT / "build" / "src" / "meerkat"))


def free_port():
    """A port nothing listens on, chosen below the kernel's ephemeral range: a port from
    inside it (what binding to port 0 gives) may meanwhile become the source port of some
    outgoing connection, and the server's bind then fails."""
    low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
    while True:
        port = random.randrange(10000, low)
        with socket.socket() as s:
            try:
                s.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port


class Meerkat:
    """One running server. `log` is everything it wrote to stderr so far."""

    def __init__(self, workdir, config_text, args=(), env=None):
        self.workdir = Path(workdir)
        self.config = self.workdir / "meerkat.toml"
        self.config.write_text(config_text)
        self.log_path = self.workdir / "meerkat.log"
        self._log_file = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [str(BINARY), "--config", str(self.config), *args],
            cwd=self.workdir, stdout=self._log_file, stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})})

    @property
    def log(self):
        return self.log_path.read_text(errors="replace")

    def wait_for_log(self, pattern, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.log)
            if match:
                return match
            if self.process.poll() is not None:
                raise AssertionError(f"meerkat exited with {self.process.returncode}:\n{self.log}")
            time.sleep(0.02)
        raise AssertionError(f"no log line matching {pattern!r} within {timeout}s:\n{self.log}")

    def wait_listening(self, count):
        self.wait_for_log(r"server_started")
        assert len(re.findall(r"listener_started", self.log)) == count, self.log

    def account(self, *args, check=True):
        """Runs `meerkat account ARGS…` on this server's configuration and data directory."""
        result = subprocess.run(
            [str(BINARY), "--config", str(self.config), "--data-dir", str(self.workdir / "var"),
             "account", *args], capture_output=True, text=True, timeout=30)
        if check:
            assert result.returncode == 0, result.stderr + result.stdout
        return result

    def add_user(self, jid, password="secret"):
        self.account("add", jid, password)

    def stop(self, timeout=10):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"meerkat did not stop on SIGTERM:\n{self.log}")
        self._log_file.close()
        return self.process.returncode


GENERAL = """
[general]
  hosts = ["localhost", "example.test"]
  default_server_domain = "localhost"
  loglevel = "debug"
"""


@pytest.fixture
def meerkat(tmp_path):
    """meerkat(listeners_toml, general=GENERAL) starts a server and waits for its listeners."""
    started = []

    def start(listeners, general=GENERAL, expect_listeners=None, args=(), env=None):
        text = textwrap.dedent(general) + "\n" + textwrap.dedent(listeners)
        workdir = tmp_path / f"server{len(started) + 1}"
        workdir.mkdir()
        server = Meerkat(workdir, text, args, env)
        started.append(server)
        # [[listen.http.handlers.*]] tables are parts of a listener, not listeners.
        listeners = len(re.findall(r"\[\[listen\.(?!http\.handlers)", text))
        count = expect_listeners if expect_listeners is not None else listeners
        server.wait_listening(count)
        return server

    yield start
    for server in started:
        code = server.stop()
        assert code == 0, f"meerkat exited with {code}:\n{server.log}"


@pytest.fixture
def port():
    return free_port()
