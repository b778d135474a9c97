# SPDX-License-Identifier: Apache-2.0
"""External components (XEP-0114, [[listen.service]]): a slixmpp ComponentXMPP connects with
the listener's password and exchanges messages and IQs with a client; the server lists it in
disco#items unless hidden_components. Wrong passwords, a second component for the same domain
(conflict_behaviour "disconnect" and "kick_old"), check_from, is_subdomain and a component
that goes away each end as XEP-0114 and RFC 6120 say."""

import asyncio
import hashlib
import re
import socket
import ssl

import slixmpp

from conftest import free_port
from js_client import JsClient
from modules_server import error_condition, start_modules_server, wire_login
from xmpp_client import TIMEOUT, connected, run
from xmpp_wire import Wire, stream_error

ACCEPT = "jabber:component:accept"


def start(meerkat, port, service_extra="", top_extra=""):
    service_port = free_port()
    plain = free_port()
    top = top_extra + f"""
    [[listen.service]]
      port = {service_port}
      password = "secret"
      {service_extra}
    """
    server = start_modules_server(meerkat, port, "[modules.mod_disco]\n", plain_port=plain,
                                  top=top)
    server.add_user("alice@localhost", "a")
    return server, plain, service_port


class Component(slixmpp.ComponentXMPP):
    """A slixmpp component that records the messages it gets and answers pings."""

    def __init__(self, jid, secret, port):
        super().__init__(jid, secret, "127.0.0.1", port)
        self.messages = asyncio.Queue()
        self.started = asyncio.Event()
        self.register_plugin("xep_0030")
        self.register_plugin("xep_0199")
        self.add_event_handler("session_start", lambda _: self.started.set())
        self.add_event_handler("message", self.messages.put_nowait)

    async def start(self):
        self.connect()
        await asyncio.wait_for(self.started.wait(), TIMEOUT)


def raw_component(port, domain, password="secret", subdomain=False):
    """A component on the wire: returns (wire, server's reply to the handshake)."""
    wire = Wire.tcp(port)
    extra = " is_subdomain='true'" if subdomain else ""
    wire.send(f"<stream:stream xmlns='{ACCEPT}' xmlns:stream='http://etherx.jabber.org/streams' "
              f"to='{domain}'{extra}>")
    header = wire.read_until(r"<stream:stream[^>]*>")
    if "</stream:stream>" in header:
        return wire, header  # refused at once, before any handshake
    stream_id = re.search(r"id=['\"]([^'\"]+)", header).group(1)
    digest = hashlib.sha1((stream_id + password).encode()).hexdigest()
    wire.send(f"<handshake>{digest}</handshake>")
    text = wire.read_until(r"<handshake/>|</stream:stream>")
    wire.received = b""
    return wire, text[len(header):]


def test_a_slixmpp_component_talks_with_a_client(meerkat, port):
    server, plain, service_port = start(meerkat, port)

    async def scenario():
        bot = Component("bot.localhost", "secret", service_port)
        await bot.start()
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0030", "xep_0199"])
        alice.send_message(mto="bot.localhost", mbody="hello bot", mtype="chat")
        got = await asyncio.wait_for(bot.messages.get(), TIMEOUT)
        assert got["body"] == "hello bot" and got["from"] == "alice@localhost/phone"
        bot.send_message(mto="alice@localhost/phone", mfrom="bot.localhost", mbody="hi alice",
                         mtype="chat")
        reply = await alice.next_message()
        assert reply["body"] == "hi alice" and reply["from"] == "bot.localhost"
        # IQs both ways: the client pings the component, the component asks the client
        await alice["xep_0199"].ping("bot.localhost", timeout=TIMEOUT)
        await bot["xep_0199"].ping("alice@localhost/phone", ifrom="bot.localhost",
                                   timeout=TIMEOUT)
        items = await alice["xep_0030"].get_items(jid="localhost")
        assert "bot.localhost" in [item[0] for item in items["disco_items"]["items"]]
        bot.disconnect()
        await asyncio.sleep(0.3)
        # gone: messages to it bounce, and it leaves the server's items
        alice.send_message(mto="bot.localhost", mbody="anyone?", mtype="chat")
        error = await asyncio.wait_for(alice.message_errors.get(), TIMEOUT)
        assert error["error"]["condition"] == "remote-server-not-found"
        items = await alice["xep_0030"].get_items(jid="localhost")
        assert "bot.localhost" not in [item[0] for item in items["disco_items"]["items"]]
        await alice.quit()

    run(scenario())


def test_wrong_password_and_wrong_namespace_are_refused(meerkat, port):
    _, _, service_port = start(meerkat, port)
    wire, answer = raw_component(service_port, "bot.localhost", password="guess")
    assert stream_error(answer) == "not-authorized"
    wire = Wire.tcp(service_port)
    wire.send("<stream:stream xmlns='jabber:client' "
              "xmlns:stream='http://etherx.jabber.org/streams' to='bot.localhost'>")
    assert stream_error(wire.read_to_close()) == "invalid-namespace"
    # a component cannot take a domain of the server's own users
    wire, answer = raw_component(service_port, "localhost")
    assert stream_error(answer) == "host-unknown"


def test_conflict_disconnects_the_newcomer_by_default(meerkat, port):
    _, _, service_port = start(meerkat, port)
    first, answer = raw_component(service_port, "bot.localhost")
    assert "<handshake/>" in answer
    second, answer = raw_component(service_port, "bot.localhost")
    assert stream_error(answer) == "conflict"
    first.received = b""
    first.send("<presence from='bot.localhost' to='bot.localhost'/>")  # still connected
    first.send(f"<iq type='get' id='p1' from='bot.localhost' to='localhost'>"
               "<ping xmlns='urn:xmpp:ping'/></iq>")
    assert "id='p1'" in first.read_until(r"id=['\"]p1['\"]")


def test_kick_old_replaces_the_connected_component(meerkat, port):
    _, plain, service_port = start(meerkat, port, 'conflict_behaviour = "kick_old"')
    first, answer = raw_component(service_port, "bot.localhost")
    assert "<handshake/>" in answer
    second, answer = raw_component(service_port, "bot.localhost")
    assert "<handshake/>" in answer
    assert stream_error(first.read_to_close()) == "conflict"
    alice = wire_login(plain, "alice", "a")
    alice.send("<message to='bot.localhost' type='chat'><body>to the new one</body></message>")
    assert "to the new one" in second.read_until("to the new one")


def test_check_from_keeps_a_component_to_its_domain(meerkat, port):
    _, plain, service_port = start(meerkat, port)
    wire, _ = raw_component(service_port, "bot.localhost")
    wire.send("<message from='alice@localhost' to='alice@localhost'><body>forged</body>"
              "</message>")
    assert stream_error(wire.read_to_close()) == "invalid-from"


def test_without_check_from_a_gateway_may_speak_for_its_users(meerkat, port):
    _, plain, service_port = start(meerkat, port, "check_from = false")
    alice = wire_login(plain, "alice", "a")
    alice.send("<presence/>")
    wire, _ = raw_component(service_port, "gateway.localhost")
    wire.send("<message from='someone@elsewhere.example' to='alice@localhost/wire' "
              "type='chat'><body>via gateway</body></message>")
    text = alice.read_until("via gateway")
    assert "from='someone@elsewhere.example'" in text


def test_hidden_components_and_subdomains(meerkat, port):
    _, plain, service_port = start(meerkat, port, "hidden_components = true")
    wire, answer = raw_component(service_port, "muc", subdomain=True)
    assert "<handshake/>" in answer
    alice = wire_login(plain, "alice", "a")
    items = alice.iq("<query xmlns='http://jabber.org/protocol/disco#items'/>", to="localhost")
    assert "muc.localhost" not in items
    # is_subdomain='true': the name is served below every host of the server
    alice.send("<message to='room@muc.example.test' type='groupchat'><body>x</body></message>")
    assert "to='room@muc.example.test'" in wire.read_until("room@muc.example.test")


def test_access_decides_who_may_send_to_the_components(meerkat, port):
    _, plain, service_port = start(meerkat, port, 'access = "nobody"',
                                   top_extra='[access]\n  nobody = [{acl = "all", value = "deny"}]\n')
    wire, answer = raw_component(service_port, "bot.localhost")
    assert "<handshake/>" in answer
    alice = wire_login(plain, "alice", "a")
    reply = alice.exchange("<message id='m1' to='bot.localhost' type='chat'><body>hi</body>"
                           "</message>", r"type=['\"]error['\"]")
    assert error_condition(reply) == ("cancel", "not-allowed")
    # the component itself still reaches users
    alice.send("<presence/>")
    wire.send("<message from='bot.localhost' to='alice@localhost/wire'><body>news</body>"
              "</message>")
    assert "news" in alice.read_until("news")


def test_an_xmpp_js_component_talks_with_a_client(meerkat, port):
    """@xmpp/component (npm) connects over TCP, gets a message and answers it; with the wrong
    password it is refused with <not-authorized/>."""
    server, _, service_port = start(meerkat, port)
    service = f"xmpp://127.0.0.1:{service_port}"
    bot = JsClient("xmpp_component_driver.mjs", service, "bot.localhost", "secret")
    try:
        assert bot.wait_online() == "bot.localhost"

        async def scenario():
            alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile)
            alice.send_message(mto="bot.localhost", mbody="hello js bot", mtype="chat")
            got = await asyncio.get_running_loop().run_in_executor(None, bot.next_event, lambda e: (
                e["event"] == "stanza" and "hello js bot" in e["xml"]))
            assert "from=\"alice@localhost/phone\"" in got["xml"]
            bot.send("<message to='alice@localhost/phone' from='bot.localhost' type='chat'>"
                     "<body>hi from js</body></message>")
            reply = await alice.next_message()
            assert reply["body"] == "hi from js" and reply["from"] == "bot.localhost"
            await alice.quit()

        run(scenario())
    finally:
        bot.stop()
    intruder = JsClient("xmpp_component_driver.mjs", service, "bot2.localhost", "guess")
    try:
        event = intruder.next_event(lambda e: e["event"] == "error")
        assert "not-authorized" in event["message"]
    finally:
        intruder.kill()


def test_component_listener_with_tls_speaks_it_from_the_first_byte(meerkat, port):
    """[[listen.component]] with a tls section: the component connects with direct TLS, shakes
    hands and gets messages; a clear-text stream on that port gets nowhere."""
    tls_port = free_port()
    server, _, _ = start(meerkat, port, top_extra=f"""
    [[listen.component]]
      port = {tls_port}
      password = "secret"
      tls.verify_mode = "none"
    """)
    context = ssl.create_default_context(cafile=server.workdir / "var" / "selfsigned.pem")
    context.check_hostname = False
    sock = context.wrap_socket(socket.create_connection(("127.0.0.1", tls_port), timeout=5))
    wire = Wire(sock)
    wire.send(f"<stream:stream xmlns='{ACCEPT}' xmlns:stream='http://etherx.jabber.org/streams' "
              "to='secure.localhost'>")
    header = wire.read_until(r"<stream:stream[^>]*>")
    stream_id = re.search(r"id=['\"]([^'\"]+)", header).group(1)
    wire.send(f"<handshake>{hashlib.sha1((stream_id + 'secret').encode()).hexdigest()}"
              "</handshake>")
    wire.read_until(r"<handshake/>")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile)
        alice.send_message(mto="secure.localhost", mbody="over tls", mtype="chat")
        await asyncio.get_running_loop().run_in_executor(None, wire.read_until, r"over tls")
        await alice.quit()

    run(scenario())
    wire.close()
    clear = Wire.tcp(tls_port)
    clear.send(f"<stream:stream xmlns='{ACCEPT}' xmlns:stream='http://etherx.jabber.org/streams' "
               "to='plain.localhost'>")
    assert "<handshake" not in clear.read_to_close()
