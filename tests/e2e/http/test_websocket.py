# SPDX-License-Identifier: Apache-2.0
"""XMPP over WebSocket (RFC 7395): a real JavaScript client (@xmpp/client) chatting with a TCP
client, over ws:// and wss://, and the framing rules checked frame by frame."""

import asyncio
import time

import pytest

from conftest import free_port
from http_server import make_certificate, start_http_server
from js_client import JsClient
from ws_wire import BINARY, CLOSE, FRAMING, PING, PONG, TEXT, WsWire, frame
from xmpp_client import connected, run

def ws_client(url, user, password, resource="web"):
    return JsClient("xmpp_client_driver.mjs", url, "localhost", user, password, resource)


def test_websocket_client_chats_with_a_tcp_client(meerkat, port):
    http_port = free_port()
    server = start_http_server(meerkat, port, http_port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")
    alice = ws_client(f"ws://127.0.0.1:{http_port}/ws-xmpp", "alice", "a")
    try:
        assert alice.wait_online() == "alice@localhost/web"

        async def scenario():
            bob = await connected("bob@localhost/tcp", "b", port)
            alice.send("<message to='bob@localhost/tcp' type='chat'><body>over websocket</body>"
                       "</message>")
            message = await bob.next_message()
            assert message["body"] == "over websocket"
            assert str(message["from"]) == "alice@localhost/web"
            bob.send_message(mto="alice@localhost/web", mbody="over tcp", mtype="chat")
            reply = await asyncio.to_thread(alice.next_stanza, "message")
            assert reply.findtext("{jabber:client}body") == "over tcp"
            assert reply.get("from") == "bob@localhost/tcp"
            await bob.quit()

        run(scenario())
        alice.send("<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>")
        roster = alice.next_stanza("iq")
        assert roster.get("type") == "result" and roster.get("id") == "r1"
        assert alice.stop() == 0
    finally:
        alice.kill()
    server.wait_for_log(r"c2s_session_closed .*jid=alice@localhost/web")


def test_offline_message_reaches_a_websocket_client_at_login(meerkat, port):
    http_port = free_port()
    server = start_http_server(meerkat, port, http_port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def send_while_alice_is_away():
        bob = await connected("bob@localhost/tcp", "b", port)
        bob.send_message(mto="alice@localhost", mbody="while you were away", mtype="chat")
        await bob.quit()

    run(send_while_alice_is_away())
    alice = ws_client(f"ws://127.0.0.1:{http_port}/ws-xmpp", "alice", "a")
    try:
        message = alice.next_stanza("message")
        assert message.findtext("{jabber:client}body") == "while you were away"
    finally:
        alice.kill()


def test_secure_websocket_with_channel_binding(meerkat, port, tmp_path):
    http_port = free_port()
    server = start_http_server(meerkat, port, http_port, cert=make_certificate(tmp_path))
    server.add_user("alice@localhost", "a")
    wire = WsWire(http_port, tls=True)
    wire.open()
    messages = wire.read_until("stream:features")
    # one TLS connection under the stream: the -PLUS mechanisms are offered
    assert "SCRAM-SHA-256-PLUS" in messages[-1], messages
    wire.close()
    alice = ws_client(f"wss://127.0.0.1:{http_port}/ws-xmpp", "alice", "a")
    try:
        assert alice.wait_online() == "alice@localhost/web"
        assert alice.stop() == 0
    finally:
        alice.kill()
    assert "tls=true" in server.log


def test_open_features_and_close(meerkat, port):
    http_port = free_port()
    start_http_server(meerkat, port, http_port)
    wire = WsWire(http_port)
    assert wire.status == 101
    assert wire.headers["sec-websocket-protocol"] == "xmpp"
    wire.open()
    opened = wire.read_text()
    assert opened.startswith(f"<open xmlns='{FRAMING}' from='localhost' id='"), opened
    assert "version='1.0'" in opened
    features = wire.read_text()
    assert features.startswith(
        "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>"), features
    assert "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" in features
    assert "starttls" not in features  # TLS belongs to the HTTP listener, not the stream
    wire.send(f"<close xmlns='{FRAMING}'/>")
    assert wire.read_text() == f"<close xmlns='{FRAMING}'/>"
    assert wire.close_code() == 1000


def test_a_message_may_arrive_in_fragments(meerkat, port):
    http_port = free_port()
    start_http_server(meerkat, port, http_port)
    wire = WsWire(http_port)
    text = f"<open xmlns='{FRAMING}' to='localhost' version='1.0'/>".encode()
    wire.send_raw(frame(TEXT, text[:10], fin=False) + frame(PING, b"in between") +
                  frame(0x0, text[10:20], fin=False))
    time.sleep(0.1)
    wire.send_raw(frame(0x0, text[20:], fin=True))
    opcode, payload = wire.read_frame()
    assert (opcode, payload) == (PONG, b"in between")
    assert "<open " in wire.read_text()


@pytest.mark.parametrize("message, condition", [
    ("<message to='x@localhost'><body>half", "not-well-formed"),
    ("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='elsewhere.test' version='1.0'/>",
     "host-unknown"),
    ("<iq type='get' id='1'><query xmlns='jabber:iq:roster'/></iq>", "not-authorized"),
])
def test_bad_input_ends_the_stream_with_an_error(meerkat, port, message, condition):
    http_port = free_port()
    start_http_server(meerkat, port, http_port)
    wire = WsWire(http_port)
    if "<open" not in message:
        wire.open()
        wire.read_until("stream:features")
    wire.send(message)
    messages = wire.read_until(f"<close xmlns='{FRAMING}'/>")
    error = messages[-2]
    assert error.startswith("<stream:error xmlns:stream='http://etherx.jabber.org/streams'>")
    assert f"<{condition} xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>" in error
    assert wire.close_code() == 1000


def test_oversize_stanza_is_refused(meerkat, port):
    http_port = free_port()
    start_http_server(meerkat, port, http_port, ws_extra="max_stanza_size = 1000")
    wire = WsWire(http_port)
    wire.open()
    wire.read_until("stream:features")
    wire.send("<message to='x@localhost'><body>" + "x" * 5000 + "</body></message>")
    messages = wire.read_until(f"<close xmlns='{FRAMING}'/>")
    assert "<policy-violation " in messages[-2]
    # a message far beyond it is refused by the WebSocket layer before any parsing
    wire = WsWire(http_port)
    wire.send("<open" + " " * 100_000)
    assert wire.close_code() == 1009


@pytest.mark.parametrize("bad_frame, code", [
    (frame(BINARY, b"<open/>"), 1003),            # RFC 7395: text messages only
    (frame(TEXT, b"<open/>", mask=False), 1002),  # client frames must be masked
    (frame(0x0, b"more"), 1002),                  # continuation of nothing
    (frame(PING, b"x" * 126), 1002),              # control frames are short
])
def test_protocol_violations_close_the_websocket(meerkat, port, bad_frame, code):
    http_port = free_port()
    server = start_http_server(meerkat, port, http_port)
    wire = WsWire(http_port)
    wire.send_raw(bad_frame)
    assert wire.close_code() == code
    # and the server goes on serving others
    other = WsWire(http_port)
    other.open()
    other.read_until("stream:features")
    assert server.process.poll() is None


def test_server_pings_and_inactivity_timeout(meerkat, port):
    http_port = free_port()
    start_http_server(meerkat, port, http_port, ws_extra="ping_rate = 200")
    wire = WsWire(http_port)
    wire.open()
    wire.read_until("stream:features")
    opcode, _ = wire.read_frame()
    assert opcode == PING
    wire.close()

    other_port = free_port()
    start_http_server(meerkat, free_port(), other_port, ws_extra="timeout = 300")
    idle = WsWire(other_port)
    idle.open()
    idle.read_until("stream:features")
    start = time.monotonic()
    messages = idle.read_until(f"<close xmlns='{FRAMING}'/>")
    assert "<connection-timeout " in messages[-2]
    assert 0.2 < time.monotonic() - start < 3


def test_handshake_refusals(meerkat, port):
    http_port = free_port()
    start_http_server(meerkat, port, http_port)
    assert WsWire(http_port, protocol="chat").status == 400  # not an XMPP client
    assert WsWire(http_port, path="/other").status == 404
    assert WsWire(http_port, protocol=None).status == 101    # older clients name no protocol
