# SPDX-License-Identifier: Apache-2.0
"""mod_ping (XEP-0199): pings to the server, to an account's bare JID and to a resource; and
with send_pings, the server pinging an idle client: an answer (result or error) keeps the
session, silence ends it with <connection-timeout/> when timeout_action is "kill"."""

import asyncio
import re

import pytest
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import StanzaPath

from modules_server import (error_of, free_port, iq_error, start_modules_server,
                            wire_login)
from xmpp_client import TIMEOUT, connected, run
from xmpp_wire import stream_error

PING = "urn:xmpp:ping"

SERVER_PINGS = """
[modules.mod_ping]
  send_pings = true
  ping_interval = 1
  ping_req_timeout = 1
  timeout_action = "{action}"
"""

SERVER_PING = re.compile(r"<iq [^>]*>\s*<ping xmlns=['\"]urn:xmpp:ping['\"]\s*/>\s*</iq>")


def ping_iq(client, to, type_="get"):
    iq = client.make_iq(ito=to, itype=type_)
    iq.enable("ping")
    return iq


def attributes(tag):
    return dict(re.findall(r"(\w+)=['\"]([^'\"]*)['\"]", tag.split(">", 1)[0]))


def test_server_answers_ping(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_ping]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0199"])
        reply = await ping_iq(alice, "localhost").send(timeout=TIMEOUT)
        assert reply["type"] == "result"
        assert str(reply["from"]) == "localhost"
        assert str(reply["to"]) == "alice@localhost/phone"
        assert len(reply.xml) == 0  # XEP-0199 §4.2: an empty result
        await alice.quit()

    run(scenario())


def test_ping_to_a_bare_jid_is_answered_for_the_account(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_ping]\n")
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0199"])
        for to in ("bob@localhost", "alice@localhost"):  # bob is offline
            reply = await ping_iq(alice, to).send(timeout=TIMEOUT)
            assert reply["type"] == "result"
            assert str(reply["from"]) == to
            assert len(reply.xml) == 0
        await alice.quit()

    run(scenario())


def test_ping_to_a_missing_account_is_service_unavailable(meerkat, port):
    # RFC 6121 §8.5.1: an IQ to an account that does not exist gets <service-unavailable/>;
    # answering it would tell the sender the account exists.
    server = start_modules_server(meerkat, port, "[modules.mod_ping]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0199"])
        error = await iq_error(ping_iq(alice, "ghost@localhost"))
        assert error_of(error) == ("cancel", "service-unavailable")
        await alice.quit()

    run(scenario())


def test_ping_set_is_a_bad_request(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_ping]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0199"])
        for to in ("localhost", "alice@localhost"):
            error = await iq_error(ping_iq(alice, to, type_="set"))
            assert error_of(error) == ("modify", "bad-request"), to
        await alice.quit()

    run(scenario())


def test_ping_to_a_resource_reaches_the_client(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_ping]\n")
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0199"])
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile,
                              plugins=["xep_0199"])
        reply = await ping_iq(alice, "bob@localhost/laptop").send(timeout=TIMEOUT)
        assert reply["type"] == "result"
        assert str(reply["from"]) == "bob@localhost/laptop"  # bob's client answered
        error = await iq_error(ping_iq(alice, "bob@localhost/elsewhere"))
        assert error_of(error) == ("cancel", "service-unavailable")
        await alice.quit()
        await bob.quit()

    run(scenario())


def test_server_pings_an_idle_client_that_answers(meerkat, port):
    server = start_modules_server(meerkat, port, SERVER_PINGS.format(action="kill"))
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0199"])  # the plugin answers pings
        pings = asyncio.Queue()
        alice.register_handler(Callback("seen ping", StanzaPath("iq@type=get/ping"),
                                        pings.put_nowait))
        first = await asyncio.wait_for(pings.get(), TIMEOUT)
        assert str(first["from"]) == "localhost"
        assert str(first["to"]) == "alice@localhost/phone"
        # answered: the session goes on and the next idle interval brings another ping
        second = await asyncio.wait_for(pings.get(), TIMEOUT)
        assert second["id"] != first["id"]
        assert not alice.disconnected_event.is_set()
        reply = await ping_iq(alice, "localhost").send(timeout=TIMEOUT)
        assert reply["type"] == "result"
        await alice.quit()

    run(scenario())


def test_silent_client_is_closed_with_connection_timeout(meerkat, port):
    plain = free_port()
    server = start_modules_server(meerkat, port, SERVER_PINGS.format(action="kill"),
                                  plain_port=plain)
    server.add_user("alice@localhost", "a")
    wire = wire_login(plain, "alice", "a", resource="quiet")
    wire.received = b""
    text = wire.read_until(SERVER_PING.pattern)
    ping = attributes(SERVER_PING.search(text).group(0))
    assert ping["type"] == "get"
    assert ping["from"] == "localhost"
    assert ping["to"] == "alice@localhost/quiet"
    assert ping["id"]
    # no answer: the stream ends (XEP-0199 §4.2, MongooseIM timeout_action = "kill")
    text = wire.read_to_close(timeout=5)
    assert stream_error(text) == "connection-timeout"
    assert text.endswith("</stream:stream>")


def test_silent_client_stays_when_timeout_action_is_none(meerkat, port):
    plain = free_port()
    server = start_modules_server(meerkat, port, SERVER_PINGS.format(action="none"),
                                  plain_port=plain)
    server.add_user("alice@localhost", "a")
    wire = wire_login(plain, "alice", "a", resource="quiet")
    wire.received = b""
    first = attributes(SERVER_PING.search(wire.read_until(SERVER_PING.pattern)).group(0))
    # the unanswered ping is forgotten; after the next idle interval comes a new one
    text = wire.read_until(r"(?s)<ping xmlns=['\"]urn:xmpp:ping['\"]/>.*"
                           r"<ping xmlns=['\"]urn:xmpp:ping['\"]/>", timeout=6)
    pings = [attributes(m.group(0)) for m in SERVER_PING.finditer(text)]
    assert len(pings) == 2
    assert pings[1]["id"] != first["id"]
    assert stream_error(text) is None
    # still a working session
    reply = wire.iq("<ping xmlns='urn:xmpp:ping'/>", to="localhost")
    assert "type='result'" in reply or 'type="result"' in reply


def test_an_error_answer_counts_as_alive(meerkat, port):
    plain = free_port()
    server = start_modules_server(meerkat, port, SERVER_PINGS.format(action="kill"),
                                  plain_port=plain)
    server.add_user("alice@localhost", "a")
    wire = wire_login(plain, "alice", "a", resource="grumpy")
    wire.received = b""
    first = attributes(SERVER_PING.search(wire.read_until(SERVER_PING.pattern)).group(0))
    # XEP-0199 §4.2: a client without ping support answers with an error; it is alive
    wire.received = b""
    wire.send(f"<iq type='error' id='{first['id']}' to='localhost'>"
              "<ping xmlns='urn:xmpp:ping'/><error type='cancel'><service-unavailable "
              "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>")
    text = wire.read_until(SERVER_PING.pattern, timeout=6)
    second = attributes(SERVER_PING.search(text).group(0))
    assert second["id"] != first["id"]
    assert stream_error(text) is None


def test_no_server_pings_without_send_pings(meerkat, port):
    plain = free_port()
    server = start_modules_server(meerkat, port, """
    [modules.mod_ping]
      ping_interval = 1
      ping_req_timeout = 1
      timeout_action = "kill"
    """, plain_port=plain)
    server.add_user("alice@localhost", "a")
    wire = wire_login(plain, "alice", "a")
    wire.received = b""
    with pytest.raises(AssertionError, match="timed out"):
        wire.read_until(r"<ping ", timeout=2.5)  # longer than interval and timeout together
    assert "ping" not in wire.text
    reply = wire.iq("<ping xmlns='urn:xmpp:ping'/>", to="localhost")
    assert "type='result'" in reply or 'type="result"' in reply
