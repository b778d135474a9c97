# SPDX-License-Identifier: Apache-2.0
"""TLS on c2s listeners: STARTTLS (optional and required), direct TLS (XEP-0368), the
self-signed certificate made on first start, and a real client (slixmpp) negotiating it."""

import os
import socket
import ssl
import subprocess
import threading

import pytest

from xmpp_wire import Wire, header, stream_error


def make_certificate(directory, name="server"):
    cert = directory / f"{name}.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-keyout", str(cert), "-out", str(cert)],
        check=True, capture_output=True)
    return cert


def test_starttls_upgrades_the_stream(meerkat, port, tmp_path):
    cert = make_certificate(tmp_path)
    meerkat(f"""
    [[listen.c2s]]
      port = {port}
      tls.certfile = "{cert}"
      tls.mode = "starttls"
    """)
    wire = Wire.tcp(port)
    features = wire.open_stream()
    assert "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" in features
    wire.starttls()
    assert wire.sock.version() in ("TLSv1.2", "TLSv1.3")
    features = wire.open_stream()
    assert "starttls" not in features  # offered once only (RFC 6120 §5.3.1)
    wire.send("</stream:stream>")
    assert wire.read_to_close().endswith("</stream:stream>")


def test_starttls_required_is_announced_and_enforced(meerkat, port, tmp_path):
    cert = make_certificate(tmp_path)
    meerkat(f"""
    [[listen.c2s]]
      port = {port}
      tls.certfile = "{cert}"
      tls.mode = "starttls_required"
    """)
    wire = Wire.tcp(port)
    features = wire.open_stream()
    assert "<required/>" in features
    wire.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AA==</auth>")
    assert stream_error(wire.read_to_close()) == "policy-violation"


def test_starttls_without_tls_configured_fails_and_closes(meerkat, port):
    meerkat(f"""
    [[listen.c2s]]
      port = {port}
    """)
    wire = Wire.tcp(port)
    wire.open_stream()
    wire.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
    text = wire.read_to_close()
    assert "<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" in text
    assert text.endswith("</stream:stream>")


def test_direct_tls_listener(meerkat, port, tmp_path):
    cert = make_certificate(tmp_path)
    meerkat(f"""
    [[listen.c2s]]
      port = {port}
      tls.certfile = "{cert}"
      tls.mode = "tls"
    """)
    context = ssl.create_default_context(cafile=str(cert))
    context.check_hostname = False
    raw = socket.create_connection(("127.0.0.1", port), timeout=5)
    wire = Wire(context.wrap_socket(raw, server_hostname="localhost"))
    features = wire.open_stream()
    assert "starttls" not in features
    # plain XML on a direct-TLS port never becomes a stream
    plain = Wire.tcp(port)
    plain.send(header())
    assert "<stream:stream" not in plain.read_to_close()


def test_tls_without_certfile_uses_a_generated_self_signed_certificate(meerkat, port, tmp_path):
    server = meerkat(f"""
    [[listen.c2s]]
      port = {port}
      tls.mode = "starttls"
    """)
    generated = server.workdir / "var" / "selfsigned.pem"
    assert generated.exists()
    assert oct(generated.stat().st_mode & 0o777) == "0o600"
    assert "tls_certificate_generated" in server.log
    wire = Wire.tcp(port)
    wire.open_stream()
    wire.starttls()
    names = ssl._ssl._test_decode_cert(str(generated))["subjectAltName"]
    assert ("DNS", "localhost") in names and ("DNS", "example.test") in names


def test_slixmpp_negotiates_starttls(meerkat, port, tmp_path):
    """A real client library: slixmpp connects, sees STARTTLS, and upgrades the stream."""
    slixmpp = pytest.importorskip("slixmpp")
    cert = make_certificate(tmp_path)
    meerkat(f"""
    [[listen.c2s]]
      port = {port}
      tls.certfile = "{cert}"
      tls.mode = "starttls_required"
    """)
    client = slixmpp.ClientXMPP("alice@localhost", "secret")
    client.ca_certs = str(cert)
    upgraded = threading.Event()
    client.add_event_handler("tls_success", lambda *_: upgraded.set())
    client.add_event_handler("tls_success", lambda *_: client.disconnect())
    client.connect(address=("127.0.0.1", port))
    client.loop.run_until_complete(_wait(client, upgraded))
    assert upgraded.is_set()


async def _wait(client, event, timeout=10):
    import asyncio
    deadline = asyncio.get_running_loop().time() + timeout
    while not event.is_set() and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.05)
    client.disconnect()


def test_plaintext_sent_behind_starttls_is_discarded(meerkat, port, tmp_path):
    """RFC 6120 §5.4.3.3: bytes after <starttls/> are not acted on, so a man in the middle
    cannot slip an authentication into the stream the TLS layer will then protect."""
    cert = make_certificate(tmp_path)
    server = meerkat(f"""
    [[listen.c2s]]
      port = {port}
      tls.certfile = "{cert}"
      tls.mode = "starttls"
    [auth]
      methods = ["dummy"]
    """)
    wire = Wire.tcp(port)
    wire.open_stream()
    injected = "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGV2ZQB4</auth>"
    wire.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>" + injected)
    wire.read_until("<proceed")
    assert "success" not in wire.text and "failure" not in wire.text
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    wire.sock = context.wrap_socket(wire.sock, server_hostname="localhost")
    wire.received = b""
    features = wire.open_stream()
    assert "<mechanisms" in features and "<bind" not in features  # still unauthenticated
    assert "c2s_authenticated" not in server.log
