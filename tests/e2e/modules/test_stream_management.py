# SPDX-License-Identifier: Apache-2.0
"""mod_stream_management (XEP-0198): stanza counting and acks, resumption of a broken session
(by slixmpp's plugin and by raw clients), and what happens to stanzas the client never
acknowledged: resent on resumption, rerouted to offline storage when nobody resumes, never
lost and never duplicated. Refusals (unknown or foreign id, misplaced requests, a client
claiming too much, a full buffer) each get their XEP-0198 answer."""

import asyncio
import re
import time
from xml.etree import ElementTree

from conftest import Meerkat
from bosh_wire import BoshWire
from http_server import start_http_server
from js_client import JsClient
from ws_wire import WsWire
from modules_server import WireClient, free_port, plain_token, start_modules_server, wire_login
from xmpp_client import TIMEOUT, Client, connected, run
from xmpp_wire import stream_error

SM = "urn:xmpp:sm:3"

MODULES = """
[modules.mod_roster]
[modules.mod_offline]
[modules.mod_stream_management]
  resume_timeout = {resume_timeout}
  buffer_max = {buffer_max}
  ack_freq = {ack_freq}
  stale_h.enabled = true
"""


BOSH_HANDLER = """
      [[listen.http.handlers.mod_bosh]]
        host = "_"
        path = "/http-bind"
"""

PING = """
[modules.mod_ping]
  send_pings = true
  ping_interval = 60
  ping_req_timeout = 1
"""


def start(meerkat, port, resume_timeout=60, buffer_max=100, ack_freq=1, extra=""):
    plain = free_port()
    server = start_modules_server(meerkat, port, MODULES.format(
        resume_timeout=resume_timeout, buffer_max=buffer_max, ack_freq=ack_freq) + extra,
        plain_port=plain)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")
    return server, plain


def enable(wire, resume=True):
    """Enables stream management; returns the resumption id (None without resume)."""
    attr = " resume='true'" if resume else ""
    text = wire.exchange(f"<enable xmlns='{SM}'{attr}/>", r"<enabled [^>]*/>|<failed")
    enabled = re.search(r"<enabled [^>]*/>", text)
    assert enabled, text
    match = re.search(r"id='([^']+)'", enabled.group(0))
    return match.group(1) if match else None


def authenticated(port, user, password):
    """A raw client past SASL on a restarted stream, not bound."""
    wire = WireClient.tcp(port)
    wire.open_stream()
    answer = wire.exchange(f"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                           f"{plain_token(user, password)}</auth>", r"<success|<failure")
    assert "<success" in answer, answer
    wire.received = b""
    features = wire.open_stream()
    assert f"<sm xmlns='{SM}'/>" in features, features
    wire.received = b""
    return wire


def resume(port, previd, h, user="alice", password="a"):
    wire = authenticated(port, user, password)
    text = wire.exchange(f"<resume xmlns='{SM}' previd='{previd}' h='{h}'/>",
                         r"<resumed [^>]*/>|</failed>|<failed [^>]*/>")
    return wire, text


def bodies(text):
    return re.findall(r"<body>([^<]*)</body>", text)


async def send_numbered(sender, to, names):
    for name in names:
        sender.send_message(mto=to, mbody=name, mtype="chat")
        await asyncio.sleep(0.005)


async def collect(client, count, timeout=TIMEOUT):
    received = []
    while len(received) < count:
        message = await client.next_message(timeout=timeout)
        received.append(message["body"])
    return received


def test_server_counts_stanzas_and_asks_for_acks(meerkat, port):
    _, plain = start(meerkat, port)
    wire = wire_login(plain, "alice", "a")
    assert enable(wire, resume=False) is None  # no resume asked: no id
    assert f"<a xmlns='{SM}' h='0'/>" in wire.exchange(f"<r xmlns='{SM}'/>", r"<a [^>]*/>")

    # two stanzas from the client; the roster result back is followed by an ack request
    wire.received = b""
    wire.send("<presence/>")
    text = wire.exchange("<iq type='get' id='r1'><query xmlns='jabber:iq:roster'/></iq>",
                         rf"id='r1'.*?<r xmlns='{SM}'/>")
    assert "type='result'" in text
    wire.received = b""
    assert f"h='2'" in wire.exchange(f"<r xmlns='{SM}'/>", r"<a [^>]*/>")

    # a client acknowledging more than it got is taken as having everything (as ejabberd and
    # Prosody do: xmpp.js miscounts by one), and the stream goes on
    wire.received = b""
    wire.send(f"<a xmlns='{SM}' h='99'/>")
    text = wire.iq("<query xmlns='jabber:iq:roster'/>")
    assert "type='result'" in text


def test_misplaced_and_unknown_requests_are_refused(meerkat, port):
    _, plain = start(meerkat, port)
    wire = authenticated(plain, "alice", "a")
    # <enable/> before binding
    text = wire.exchange(f"<enable xmlns='{SM}'/>", r"</failed>")
    assert "<unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>" in text
    # an unknown id: <failed/>, and the stream goes on to bind a new session
    wire.received = b""
    text = wire.exchange(f"<resume xmlns='{SM}' previd='nope' h='0'/>", r"</failed>")
    assert "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>" in text
    bound = wire.iq("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>", type_="set")
    assert "alice@localhost/" in bound
    previd = enable(wire)
    # a second <enable/>, and <resume/> after binding
    wire.received = b""
    assert "<unexpected-request" in wire.exchange(f"<enable xmlns='{SM}'/>", r"</failed>")
    wire.received = b""
    text = wire.exchange(f"<resume xmlns='{SM}' previd='{previd}' h='0'/>", r"</failed>")
    assert "<unexpected-request" in text
    # bob may not take over alice's session
    other, text = resume(plain, previd, 0, user="bob", password="b")
    assert "<item-not-found" in text, text
    other.close()
    wire.close()


def test_resume_after_the_connection_breaks_loses_and_repeats_nothing(meerkat, port):
    server, _ = start(meerkat, port)
    names = [f"m{i}" for i in range(60)]

    async def scenario():
        alice = Client("alice@localhost/phone", "a", port, plugins=["xep_0198"],
                       cafile=server.cafile)
        enabled, resumed = asyncio.Event(), asyncio.Event()
        alice.add_event_handler("sm_enabled", lambda _: enabled.set())
        alice.add_event_handler("session_resumed", lambda _: resumed.set())
        assert await alice.login()
        await asyncio.wait_for(enabled.wait(), TIMEOUT)
        assert alice["xep_0198"].sm_id  # resumption was granted
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile)

        sending = asyncio.ensure_future(send_numbered(bob, "alice@localhost/phone", names))
        first = await collect(alice, 20)
        alice.transport.abort()  # the network goes away mid-conversation
        await alice.disconnected_event.wait()
        await asyncio.sleep(0.3)  # bob keeps sending to the detached session
        alice.disconnected_event.clear()
        alice.connect(address=("127.0.0.1", port))
        await asyncio.wait_for(resumed.wait(), TIMEOUT)
        rest = await collect(alice, len(names) - len(first))
        await sending
        assert first + rest == names
        try:  # and nothing comes twice
            extra = await alice.next_message(timeout=0.5)
            raise AssertionError(f"duplicate: {extra['body']}")
        except asyncio.TimeoutError:
            pass
        await alice.quit()
        await bob.quit()

    run(scenario(), timeout=60)


def test_session_begun_on_one_connection_resumes_on_another_while_the_old_one_is_open(
        meerkat, port):
    _, plain = start(meerkat, port)
    old = wire_login(plain, "alice", "a", resource="desk")
    previd = enable(old)
    bob = wire_login(plain, "bob", "b")
    bob.send("<message to='alice@localhost/desk' type='chat'><body>one</body></message>")
    old.read_until(r"<body>one</body>.*<r xmlns='urn:xmpp:sm:3'/>")  # never acknowledged

    new, text = resume(plain, previd, 0)
    assert re.search(rf"<resumed xmlns='{SM}' h='0' previd='{previd}'/>", text), text
    assert bodies(new.read_until(r"<body>one</body>")) == ["one"]  # resent
    assert stream_error(old.read_to_close()) == "conflict"
    new.received = b""
    bob.send("<message to='alice@localhost/desk' type='chat'><body>two</body></message>")
    assert bodies(new.read_until(r"<body>two</body>")) == ["two"]
    # the client's h in <resume/> was 0; after acknowledging both, nothing is left to resend
    new.send(f"<a xmlns='{SM}' h='2'/><r xmlns='{SM}'/>")
    new.read_until(r"<a xmlns='urn:xmpp:sm:3' h='0'/>")


def test_unacknowledged_messages_go_offline_when_nobody_resumes(meerkat, port):
    server, plain = start(meerkat, port, resume_timeout=1)
    alice = wire_login(plain, "alice", "a", resource="gone")
    previd = enable(alice)
    alice.send("<presence/>")
    bob = wire_login(plain, "bob", "b")
    for body in ("u1", "u2", "u3"):
        bob.send(f"<message to='alice@localhost/gone' type='chat'><body>{body}</body></message>")
    alice.read_until(r"<body>u3</body>")
    alice.close()  # never acknowledged, and no </stream:stream>: the session waits
    time.sleep(0.3)
    for body in ("d1", "d2"):  # the detached session takes these
        bob.send(f"<message to='alice@localhost/gone' type='chat'><body>{body}</body></message>")
    time.sleep(2)  # past resume_timeout

    # too late to resume: stale_h remembers how far the server got
    late, text = resume(plain, previd, 0)
    assert re.search(r"<failed xmlns='urn:xmpp:sm:3' h='1'>", text), text
    late.close()

    async def scenario():
        back = await connected("alice@localhost/back", "a", port, cafile=server.cafile)
        got = await collect(back, 5)
        assert got == ["u1", "u2", "u3", "d1", "d2"]
        try:
            extra = await back.next_message(timeout=0.5)
            raise AssertionError(f"duplicate: {extra['body']}")
        except asyncio.TimeoutError:
            pass
        await back.quit()

    run(scenario())


def test_a_burst_waits_for_acks_instead_of_overflowing_the_buffer(meerkat, port):
    server, _ = start(meerkat, port, buffer_max=3)
    names = [f"o{i}" for i in range(12)]

    async def scenario():
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile)
        for name in names:  # alice is offline: all of them wait in storage
            bob.send_message(mto="alice@localhost", mbody=name, mtype="chat")
        await asyncio.sleep(0.5)
        alice = Client("alice@localhost/phone", "a", port, plugins=["xep_0198"],
                       cafile=server.cafile)
        assert await alice.login()  # SM is on before the presence that releases them
        assert await collect(alice, len(names)) == names  # in rounds of three, never cut off
        assert alice.transport is not None
        await alice.quit()
        await bob.quit()

    run(scenario())


def test_a_client_that_never_acknowledges_is_cut_off_without_losing_messages(meerkat, port):
    # the grace for an unanswered ack request is mod_ping's ping_req_timeout
    server, plain = start(meerkat, port, buffer_max=3, extra=PING)
    alice = wire_login(plain, "alice", "a", resource="slow")
    enable(alice)
    bob = wire_login(plain, "bob", "b")
    for i in range(8):
        bob.send(f"<message to='alice@localhost/slow' type='chat'><body>s{i}</body></message>")
    alice.read_until(r"<body>s2</body>.*<r ")
    time.sleep(1.5)  # our <r/> stays unanswered past the grace
    bob.send("<message to='alice@localhost/slow' type='chat'><body>s8</body></message>")
    text = alice.read_to_close()
    assert bodies(text) == ["s0", "s1", "s2"]  # the window; the rest waited for an ack
    assert stream_error(text) == "resource-constraint"

    async def scenario():
        back = await connected("alice@localhost/back", "a", port, cafile=server.cafile)
        assert await collect(back, 9) == [f"s{i}" for i in range(9)]
        await back.quit()

    run(scenario())


def test_a_tcp_session_resumes_over_websocket(meerkat, port):
    http_port = free_port()
    server = start_http_server(meerkat, port, http_port, modules=MODULES.format(
        resume_timeout=60, buffer_max=100, ack_freq=1))
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")
    tcp = wire_login(port, "alice", "a", resource="roaming")
    previd = enable(tcp)
    bob = wire_login(port, "bob", "b")
    bob.send("<message to='alice@localhost/roaming' type='chat'><body>hop</body></message>")
    tcp.read_until(r"<body>hop</body>")
    tcp.close()  # the phone left the network: it comes back through a web proxy

    ws = WsWire(http_port)
    ws.open()
    ws.read_until("</stream:features>")
    ws.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
            f"{plain_token('alice', 'a')}</auth>")
    ws.read_until("<success")
    ws.open()
    ws.read_until("</stream:features>")
    ws.send(f"<resume xmlns='{SM}' previd='{previd}' h='0'/>")
    assert "<resumed" in ws.read_until("<resumed")[-1]
    assert "<body>hop</body>" in ws.read_until("<body>hop</body>")[-1]  # resent
    bob.send("<message to='alice@localhost/roaming' type='chat'><body>again</body></message>")
    assert "<body>again</body>" in ws.read_until("<body>again</body>")[-1]
    ws.close()


def test_shutdown_ends_detached_sessions_at_once_and_keeps_their_messages(meerkat, port):
    server, plain = start(meerkat, port, resume_timeout=600)
    alice = wire_login(plain, "alice", "a", resource="away")
    enable(alice)
    bob = wire_login(plain, "bob", "b")
    bob.send("<message to='alice@localhost/away' type='chat'><body>keep me</body></message>")
    alice.read_until(r"<body>keep me</body>")
    alice.close()
    server.wait_for_log(r"c2s_session_detached jid=alice@localhost/away")
    bob.close()
    began = time.monotonic()
    assert server.stop() == 0
    assert time.monotonic() - began < 5  # not resume_timeout

    again = Meerkat(server.workdir, server.config.read_text())
    try:
        again.wait_listening(2)

        async def scenario():
            back = await connected("alice@localhost/back", "a", port, cafile=server.cafile)
            assert await collect(back, 1) == ["keep me"]
            await back.quit()

        run(scenario())
    finally:
        again.stop()


COPIES = MODULES.format(resume_timeout=1, buffer_max=100, ack_freq=1) + """
[modules.mod_carboncopy]
[modules.mod_mam]
[modules.mod_mam.pm]
"""


def test_copies_made_for_an_unresumed_session_are_not_sent_elsewhere(meerkat, port):
    plain = free_port()
    server = start_modules_server(meerkat, port, COPIES, plain_port=plain)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")
    desk = wire_login(plain, "alice", "a", resource="desk")
    desk.send("<presence/>")
    phone = wire_login(plain, "alice", "a", resource="phone")
    phone.send("<presence/>")
    assert "type='result'" in phone.iq("<enable xmlns='urn:xmpp:carbons:2'/>", type_="set")
    enable(phone)
    bob = wire_login(plain, "bob", "b")
    bob.send("<message to='alice@localhost/desk' type='chat'><body>for the desk</body>"
             "</message>")
    phone.read_until(r"<received xmlns='urn:xmpp:carbons:2'>")  # a carbon, never acknowledged
    phone.received = b""
    phone.iq("<query xmlns='urn:xmpp:mam:2' queryid='x'/>", type_="set")  # archive results too
    desk.read_until(r"<body>for the desk</body>")
    phone.close()
    time.sleep(2)  # past resume_timeout: the phone's session ends

    desk.received = b""
    desk.iq("<ping xmlns='urn:xmpp:ping'/>")
    assert "carbons" not in desk.text and "urn:xmpp:mam:2" not in desk.text, desk.text
    later = wire_login(plain, "alice", "a", resource="later")
    later.send("<presence/>")
    later.iq("<ping xmlns='urn:xmpp:ping'/>")
    time.sleep(0.3)
    later.iq("<ping xmlns='urn:xmpp:ping'/>")
    assert "<message" not in later.text, later.text  # nothing went to offline storage


def test_a_websocket_client_resumes_after_its_connection_drops(meerkat, port):
    """@xmpp/client (npm) enables stream management on its own and resumes after a drop."""
    http_port = free_port()
    server = start_http_server(meerkat, port, http_port, modules=MODULES.format(
        resume_timeout=60, buffer_max=100, ack_freq=1))
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")
    alice = JsClient("xmpp_client_driver.mjs", f"ws://127.0.0.1:{http_port}/ws-xmpp",
                     "localhost", "alice", "a", "web")
    try:
        alice.wait_online()
        server.wait_for_log(r"c2s_sm_enabled jid=alice@localhost/web resume=true")
        bob = wire_login(port, "bob", "b")
        send = lambda body: bob.send(  # noqa: E731
            f"<message to='alice@localhost/web' type='chat'><body>{body}</body></message>")
        send("before")
        assert alice.next_stanza("message").findtext("{jabber:client}body") == "before"
        alice.command(drop=True)
        server.wait_for_log(r"c2s_session_detached jid=alice@localhost/web")
        send("while away")  # the detached session keeps it
        # resent while the client processes <resumed/>, so either may be reported first
        alice.next_event(lambda e: e["event"] == "resumed", timeout=20)
        if not any("while away" in e.get("xml", "") for e in alice.seen):
            assert alice.next_stanza("message").findtext("{jabber:client}body") == "while away"
        send("after")
        assert alice.next_stanza("message").findtext("{jabber:client}body") == "after"
        bodies = [ElementTree.fromstring(e["xml"]).findtext("{jabber:client}body")
                  for e in alice.seen if e["event"] == "stanza"]
        # Nothing lost, in order. xmpp.js starts its counter when it has handled <enabled/>,
        # which can be after it counted a stanza that followed it: it then acknowledges one
        # stanza less than it got, and the last one before the drop comes again.
        received = [b for b in bodies if b]
        assert [b for i, b in enumerate(received) if i == 0 or b != received[i - 1]] == [
            "before", "while away", "after"]
    finally:
        alice.kill()


def test_a_bosh_session_that_expires_resumes_over_tcp(meerkat, port):
    """BOSH inactivity is a lost connection: the session waits, and TCP picks it up."""
    http_port = free_port()
    server = start_http_server(
        meerkat, port, http_port, http_extra=BOSH_HANDLER,
        modules=MODULES.format(resume_timeout=60, buffer_max=100, ack_freq=1)
        + "[services.service_bosh]\n  inactivity = 1\n")
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")
    bosh = BoshWire(http_port)
    bosh.login("alice", "a", resource="laptop")
    answer = bosh.post(f"<enable xmlns='{SM}' resume='true'/>")
    previd = re.search(r"<enabled [^>]*id='([^']+)'", answer).group(1)
    bob = wire_login(port, "bob", "b")
    bob.send("<message to='alice@localhost/laptop' type='chat'><body>in the air</body>"
             "</message>")
    server.wait_for_log(r"c2s_session_detached jid=alice@localhost/laptop")  # after 1 s

    tcp, text = resume(port, previd, 0)
    assert f"previd='{previd}'" in text, text
    assert bodies(tcp.read_until(r"<body>in the air</body>")) == ["in the air"]
