# SPDX-License-Identifier: Apache-2.0
"""The listener core options (seed: "General listener options" and "XMPP listener options"),
each with a test that fails without the option's effect."""

import re
import shutil
import socket
import struct
import subprocess
import time

import pytest

from conftest import free_port
from xmpp_wire import Wire, header, stream_error


def peer_logged(server, expected_peer):
    """The c2s stream logs the peer address it believes in (after any PROXY header)."""
    server.wait_for_log(r"c2s_stream_opened peer=" + re.escape(expected_peer))


def test_unix_socket_listener(meerkat, tmp_path):
    path = tmp_path / "c2s.sock"
    meerkat(f"""
    [[listen.c2s]]
      port = "unix:{path}"
    """)
    wire = Wire.unix(str(path))
    assert "from='localhost'" in wire.open_stream()
    wire.send("</stream:stream>")
    assert wire.read_to_close().endswith("</stream:stream>")


def test_ip_address_binds_only_that_address(meerkat, port):
    meerkat(f"""
    [[listen.c2s]]
      port = {port}
      ip_address = "127.0.0.1"
    """)
    Wire.tcp(port, host="127.0.0.1").open_stream()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.2", port), timeout=2)


def test_ip_version_6(meerkat, port):
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    meerkat(f"""
    [[listen.c2s]]
      port = {port}
      ip_address = "::1"
    """)
    sock = socket.create_connection(("::1", port), timeout=5)
    assert "from='localhost'" in Wire(sock).open_stream()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2)


def test_max_connections_closes_extra_connections_at_once(meerkat, port):
    meerkat(f"""
    [[listen.c2s]]
      port = {port}
      max_connections = 2
    """)
    first, second = Wire.tcp(port), Wire.tcp(port)
    first.open_stream()
    second.open_stream()
    third = Wire.tcp(port)
    third.send(header())
    assert third.read_to_close() == ""
    # the first two are still served, and a freed slot is usable again
    first.send("</stream:stream>")
    first.read_to_close()
    time.sleep(0.2)
    Wire.tcp(port).open_stream()


def test_reuse_port_lets_another_socket_share_the_port(meerkat, port):
    meerkat(f"""
    [[listen.c2s]]
      port = {port}
      ip_address = "127.0.0.1"
      reuse_port = true
    """)
    other = socket.socket()
    other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    other.bind(("127.0.0.1", port))  # EADDRINUSE unless meerkat's sockets set SO_REUSEPORT
    other.close()


def test_without_reuse_port_the_port_is_exclusive(meerkat, port):
    meerkat(f"""
    [[listen.c2s]]
      port = {port}
      ip_address = "127.0.0.1"
    """)
    other = socket.socket()
    other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    with pytest.raises(OSError):
        other.bind(("127.0.0.1", port))
    other.close()


def test_backlog_reaches_the_kernel(meerkat, port):
    if not shutil.which("ss"):
        pytest.skip("ss (iproute2) not installed")
    meerkat(f"""
    [[listen.c2s]]
      port = {port}
      ip_address = "127.0.0.1"
      backlog = 7
    """)
    out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout
    # for listening sockets, ss prints the backlog as Send-Q
    assert re.search(r"LISTEN\s+\d+\s+7\s", out), out


def test_num_acceptors_are_started(meerkat, port):
    server = meerkat(f"""
    [[listen.c2s]]
      port = {port}
      num_acceptors = 3
    """)
    assert re.search(r"listener_started .*acceptors=3 ", server.log), server.log
    # with three accepts pending, a burst of connections is served
    wires = [Wire.tcp(port) for _ in range(20)]
    for wire in wires:
        wire.open_stream()


PROXIED = """
[[listen.c2s]]
  port = {port}
  proxy_protocol = true
"""


def test_proxy_protocol_v1_sets_the_client_address(meerkat, port):
    server = meerkat(PROXIED.format(port=port))
    wire = Wire.tcp(port)
    wire.send("PROXY TCP4 192.0.2.7 198.51.100.1 56324 5222\r\n" + header())
    wire.read_until("</stream:features>|<stream:features/>")
    peer_logged(server, "192.0.2.7:56324")


def test_proxy_protocol_v2_sets_the_client_address(meerkat, port):
    server = meerkat(PROXIED.format(port=port))
    addresses = socket.inet_aton("203.0.113.9") + socket.inet_aton("198.51.100.1") + \
        struct.pack("!HH", 40000, 5222)
    v2 = b"\r\n\r\n\x00\r\nQUIT\n" + bytes([0x21, 0x11]) + struct.pack("!H", len(addresses))
    wire = Wire.tcp(port)
    wire.send(v2 + addresses + header().encode())
    wire.read_until("</stream:features>|<stream:features/>")
    peer_logged(server, "203.0.113.9:40000")


def test_connection_without_proxy_header_is_dropped(meerkat, port):
    server = meerkat(PROXIED.format(port=port))
    wire = Wire.tcp(port)
    wire.send(header())
    assert wire.read_to_close() == ""
    server.wait_for_log("proxy_header_invalid")


HAPROXY = """
global
  maxconn 100
defaults
  mode tcp
  timeout connect 5s
  timeout client 30s
  timeout server 30s
frontend v1
  bind 127.0.0.1:{front_v1}
  default_backend meerkat_v1
frontend v2
  bind 127.0.0.1:{front_v2}
  default_backend meerkat_v2
backend meerkat_v1
  server m 127.0.0.1:{port} send-proxy
backend meerkat_v2
  server m 127.0.0.1:{port} send-proxy-v2
"""


@pytest.fixture
def haproxy(tmp_path):
    binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not shutil.which(binary):
        pytest.skip("haproxy not installed")
    processes = []

    def start(port):
        fronts = {"front_v1": free_port(), "front_v2": free_port()}
        config = tmp_path / "haproxy.cfg"
        config.write_text(HAPROXY.format(port=port, **fronts))
        process = subprocess.Popen([binary, "-db", "-f", str(config)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(process)
        for front in fronts.values():
            deadline = time.monotonic() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", front), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
        return fronts

    yield start
    for process in processes:
        process.terminate()
        process.wait()


@pytest.mark.parametrize("version", ["front_v1", "front_v2"])
def test_haproxy_proxy_protocol(meerkat, port, haproxy, version):
    server = meerkat(PROXIED.format(port=port))
    fronts = haproxy(port)
    wire = Wire.tcp(fronts[version])
    client_port = wire.sock.getsockname()[1]
    assert "from='localhost'" in wire.open_stream()
    # meerkat sees our address and port, not haproxy's outgoing connection
    peer_logged(server, f"127.0.0.1:{client_port}")


def test_sigterm_sends_system_shutdown_to_open_streams(meerkat, port):
    server = meerkat(f"""
    [[listen.c2s]]
      port = {port}
    """)
    streams = [Wire.tcp(port) for _ in range(3)]
    for wire in streams:
        wire.open_stream()
    never_opened = Wire.tcp(port)
    time.sleep(0.1)
    assert server.stop() == 0
    for wire in streams:
        text = wire.read_to_close()
        assert stream_error(text) == "system-shutdown"
        assert text.endswith("</stream:stream>")
    assert stream_error(never_opened.read_to_close()) == "system-shutdown"
    assert "listener_stopped" in server.log and "server_stopped" in server.log


def test_two_listeners_on_one_server(meerkat, port):
    other = free_port()
    meerkat(f"""
    [[listen.c2s]]
      port = {port}
    [[listen.c2s]]
      port = {other}
    """)
    Wire.tcp(port).open_stream()
    Wire.tcp(other).open_stream()
