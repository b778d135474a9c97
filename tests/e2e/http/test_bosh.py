# SPDX-License-Identifier: Apache-2.0
"""BOSH (XEP-0124/0206): a real client (stanza, over node) logs in, gets its roster, chats
with a TCP client, survives a dropped request and terminates; raw requests check rid
ordering, retransmission, hold, pause, inactivity and every binding error."""

import asyncio
import re
import socket
import threading
import time

from bosh_wire import HTTPBIND, BoshWire, body
from conftest import free_port
from http_server import make_certificate, request, start_http_server
from js_client import JsClient
from xmpp_client import connected, run

BOSH = """
      [[listen.http.handlers.mod_bosh]]
        host = "_"
        path = "/http-bind"
"""


def start_bosh_server(meerkat, port, http_port, services="", **kwargs):
    modules = "\n[modules.mod_roster]\n[modules.mod_offline]\n" + services
    return start_http_server(meerkat, port, http_port, http_extra=BOSH, modules=modules, **kwargs)


def bosh_client(url, jid, password):
    return JsClient("stanza_client_driver.mjs", "bosh", url, jid, password, "web")


def test_bosh_client_roster_chat_and_clean_termination(meerkat, port):
    http_port = free_port()
    server = start_bosh_server(meerkat, port, http_port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def add_bob_to_alices_roster():
        alice = await connected("alice@localhost/setup", "a", port)
        await alice.update_roster("bob@localhost", name="Bob")
        await alice.quit()

    run(add_bob_to_alices_roster())
    alice = bosh_client(f"http://127.0.0.1:{http_port}/http-bind", "alice@localhost", "a")
    try:
        assert alice.wait_online() == "alice@localhost/web"
        alice.command(roster=True)
        roster = alice.next_event(lambda e: e["event"] == "roster")
        assert roster["items"] == ["bob@localhost"]

        async def chat():
            bob = await connected("bob@localhost/tcp", "b", port)
            bob.send_message(mto="alice@localhost/web", mbody="to bosh", mtype="chat")
            got = await asyncio.to_thread(
                alice.next_event, lambda e: e["event"] == "message" and e["body"])
            assert (got["from"], got["body"]) == ("bob@localhost/tcp", "to bosh")
            alice.command(message={"to": "bob@localhost/tcp", "body": "from bosh"})
            assert (await bob.next_message())["body"] == "from bosh"
            await bob.quit()

        run(chat())
        assert alice.stop() == 0
    finally:
        alice.kill()
    server.wait_for_log(r"c2s_session_closed .*jid=alice@localhost/web")


class DroppingProxy:
    """Forwards HTTP to the server, but the first time a request holds `marker`, it closes the
    client's connection instead of passing the answer back: a request lost on its way home."""

    def __init__(self, target_port, marker):
        self.target_port, self.marker = target_port, marker.encode()
        self.dropped = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            client, _ = self.listener.accept()
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        try:
            self._forward(client)
        except OSError:
            pass  # the client went away: so does this connection

    def _forward(self, client):
        with client, socket.create_connection(("127.0.0.1", self.target_port)) as upstream:
            while True:
                data = self._read_message(client)
                if not data:
                    return
                upstream.sendall(data)
                answer = self._read_message(upstream)
                if self.marker in data and self.dropped == 0:
                    self.dropped += 1
                    return  # the answer never reaches the client
                client.sendall(answer)

    @staticmethod
    def _read_message(sock):
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return b""
            data += chunk
        head, rest = data.split(b"\r\n\r\n", 1)
        length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
        while len(rest) < length:
            rest += sock.recv(65536)
        return head + b"\r\n\r\n" + rest


def test_a_lost_answer_is_retransmitted_and_nothing_is_doubled(meerkat, port):
    http_port = free_port()
    server = start_bosh_server(meerkat, port, http_port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")
    proxy = DroppingProxy(http_port, "only once")
    alice = bosh_client(f"http://127.0.0.1:{proxy.port}/http-bind", "alice@localhost", "a")
    try:
        alice.wait_online()

        async def scenario():
            bob = await connected("bob@localhost/tcp", "b", port)
            alice.command(message={"to": "bob@localhost/tcp", "body": "only once"})
            assert (await bob.next_message())["body"] == "only once"
            # the request that carried "only once" is held; one of these answers goes out on
            # it, is lost, and must come again when the client retransmits that rid
            for n in range(4):
                bob.send_message(mto="alice@localhost/web", mbody=f"reply {n}", mtype="chat")
                got = await asyncio.to_thread(
                    alice.next_event, lambda e: e["event"] == "message" and e["body"])
                assert got["body"] == f"reply {n}"
            try:
                extra = await bob.next_message(timeout=2)
                raise AssertionError(f"delivered twice: {extra}")
            except asyncio.TimeoutError:
                pass
            await bob.quit()

        run(scenario())
        assert proxy.dropped == 1
        assert alice.stop() == 0
    finally:
        alice.kill()


def test_session_creation_answer_and_host_meta(meerkat, port):
    http_port = free_port()
    start_bosh_server(meerkat, port, http_port)
    wire = BoshWire(http_port, wait=7, hold=1)
    created = wire.created
    for attribute in ("wait='7'", "requests='2'", "hold='1'", "from='localhost'",
                      "secure='false'", "inactivity='30'", "maxpause='120'",
                      "xmpp:version='1.0'", "xmpp:restartlogic='true'"):
        assert attribute in created, created
    assert "<stream:features><mechanisms" in created
    assert re.search(r"authid='[^']+'", created)
    _, _, meta = request(http_port, "GET", "/.well-known/host-meta.json",
                         headers={"Host": "localhost"})
    assert b'"urn:xmpp:alt-connections:xbosh","href":"http://localhost/http-bind"' in meta


def test_rid_order_retransmission_and_hold(meerkat, port):
    http_port = free_port()
    server = start_bosh_server(meerkat, port, http_port)
    server.add_user("alice@localhost", "a")
    wire = BoshWire(http_port, wait=3)
    wire.login("alice", "a")
    # hold=1: a second request makes the server answer the first one at once
    start = time.monotonic()
    first = wire.post_async()
    time.sleep(0.2)
    second = wire.post_async()
    first.join(5)
    assert time.monotonic() - start < 1.5 and first.answer == f"<body xmlns='{HTTPBIND}'/>"
    second.join(5)  # answered empty after `wait`
    assert second.answer == f"<body xmlns='{HTTPBIND}'/>"
    assert 2.5 <= time.monotonic() - start < 4.5

    # rid+2 before rid+1: held until the gap is filled, then both processed in order
    base = wire.rid
    later = wire.post_async(
        "<iq type='get' id='second' xmlns='jabber:client'><ping xmlns='urn:xmpp:ping'/></iq>",
        rid=base + 2)
    time.sleep(0.2)
    sooner = wire.post(
        "<iq type='get' id='first' xmlns='jabber:client'><ping xmlns='urn:xmpp:ping'/></iq>",
        rid=base + 1)
    later.join(5)
    wire.rid = base + 2
    both = sooner + later.answer
    assert both.index("id='first'") < both.index("id='second'"), both

    # a retransmitted rid gets the same answer again, and its payload is not acted on twice
    retransmitted = wire.post(rid=base + 2)
    assert retransmitted == later.answer
    assert server.log.count("c2s_session_bound") == 1


def test_binding_errors(meerkat, port):
    http_port = free_port()
    start_bosh_server(meerkat, port, http_port)

    def terminate(condition):
        return f"type='terminate' condition='{condition}'"

    wire = BoshWire(http_port)
    assert terminate("item-not-found") in wire.raw(body(1, sid="no-such-session"))[1]
    assert terminate("host-unknown") in BoshWire(http_port, to="elsewhere.test").created
    status, answer = wire.raw("<body rid='1' xmlns='jabber:client'/>")
    assert status == 400 and terminate("bad-request") in answer
    # too far ahead of the last rid: the session ends
    assert terminate("item-not-found") in wire.post(rid=wire.rid + 10)
    assert terminate("item-not-found") in wire.post()
    # pause beyond maxpause
    wire = BoshWire(http_port)
    assert terminate("policy-violation") in wire.post(pause="1000")
    # oversize body, CORS preflight, wrong method
    status, headers, _ = request(http_port, "POST", "/http-bind", body=b"x" * 2_000_000)
    assert status == 413
    status, headers, _ = request(http_port, "OPTIONS", "/http-bind")
    assert status == 200 and headers["access-control-allow-origin"] == "*"
    assert "POST" in headers["access-control-allow-methods"]
    status, headers, _ = request(http_port, "GET", "/http-bind")
    assert status == 405 and headers["allow"] == "POST, OPTIONS"


def test_inactivity_and_terminate(meerkat, port):
    http_port = free_port()
    server = start_bosh_server(meerkat, port, http_port,
                               services="[services.service_bosh]\n  inactivity = 1\n")
    server.add_user("alice@localhost", "a")
    wire = BoshWire(http_port)
    assert "inactivity='1'" in wire.created
    wire.login("alice", "a")
    time.sleep(2.5)  # no request held, none sent: the session expires
    server.wait_for_log(r"c2s_session_closed .*jid=alice@localhost/raw")
    assert "condition='item-not-found'" in wire.post()

    wire = BoshWire(http_port)
    wire.login("alice", "a", resource="second")
    answer = wire.post("<presence type='unavailable' xmlns='jabber:client'/>", type="terminate")
    assert answer.startswith(f"<body xmlns='{HTTPBIND}' type='terminate'"), answer
    server.wait_for_log(r"c2s_session_closed .*jid=alice@localhost/second")
    assert "condition='item-not-found'" in wire.post()


def test_bosh_over_https(meerkat, port, tmp_path):
    http_port = free_port()
    server = start_bosh_server(meerkat, port, http_port, cert=make_certificate(tmp_path))
    server.add_user("alice@localhost", "a")
    alice = bosh_client(f"https://127.0.0.1:{http_port}/http-bind", "alice@localhost", "a")
    try:
        assert alice.wait_online() == "alice@localhost/web"
        assert alice.stop() == 0
    finally:
        alice.kill()
