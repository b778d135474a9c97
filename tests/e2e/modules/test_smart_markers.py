# SPDX-License-Identifier: Apache-2.0
"""mod_smart_markers (MongooseIM's esl:xmpp:smart-markers:0 over XEP-0333 chat markers): the
latest marker of each type per conversation and thread is kept, both peers' markers answer a
query (or only one's own with keep_private, which also stops routing them), 'after' and
'thread' filter, the write-behind backend ends the same way, bad queries get precise errors,
and markers go with the account (removed in band). slixmpp sends the markers (xep_0333); the query is raw."""

import asyncio
import re
import time

import pytest

from modules_server import error_condition, free_port, start_modules_server, wire_login
from xmpp_client import connected, run

SM = "esl:xmpp:smart-markers:0"
CM = "urn:xmpp:chat-markers:0"


def start(meerkat, port, options=""):
    plain = free_port()
    server = start_modules_server(meerkat, port, f"""
[modules.mod_disco]
[modules.mod_register]
  access = "all"
  ip_access = [{{address = "127.0.0.0/8", policy = "allow"}}]
[modules.mod_smart_markers]
  {options}
""", plain_port=plain)
    for user in ("alice", "bob"):
        server.add_user(f"{user}@localhost", user[0])
    return server, plain


def marker(wire, to, kind, message_id, thread=""):
    thread_xml = f"<thread>{thread}</thread>" if thread else ""
    wire.send(f"<message to='{to}' type='chat'>{thread_xml}<{kind} xmlns='{CM}' "
              f"id='{message_id}'/></message>")


def markers(wire, peer, extra=""):
    """(from, id, type, thread) of each marker the query answers, and the raw answer."""
    text = wire.iq(f"<query xmlns='{SM}' peer='{peer}'{extra}/>")
    found = re.findall(r"<marker from='([^']+)' id='([^']+)' type='([a-z]+)' "
                       r"timestamp='([^']+)'(?: thread='([^']+)')?/>", text)
    return [(f, i, t, th) for f, i, t, _, th in found], text


def test_slixmpp_markers_are_kept_per_conversation_thread_and_type(meerkat, port):
    server, plain = start(meerkat, port)

    async def scenario():
        alice = await connected("alice@localhost", "a", port, plugins=["xep_0333"],
                                cafile=server.cafile)
        bob = await connected("bob@localhost", "b", port, plugins=["xep_0333"],
                              cafile=server.cafile)
        seen = asyncio.Queue()
        bob.add_event_handler("marker", seen.put_nowait)
        to_bob = bob.boundjid.full
        alice["xep_0333"].send_marker(to_bob, "m1", "displayed")
        assert (await asyncio.wait_for(seen.get(), 10))["displayed"]["id"] == "m1"  # routed
        alice["xep_0333"].send_marker(to_bob, "m2", "displayed")
        alice["xep_0333"].send_marker(to_bob, "m2", "received")
        bob["xep_0333"].send_marker(alice.boundjid.full, "m9", "acknowledged")
        for _ in range(2):
            await asyncio.wait_for(seen.get(), 10)
        await alice.quit()
        await bob.quit()
    run(scenario())
    time.sleep(0.2)
    alice = wire_login(plain, "alice", "a")
    found, text = markers(alice, "bob@localhost")
    assert sorted(found) == [("alice@localhost", "m2", "displayed", ""),
                             ("alice@localhost", "m2", "received", ""),
                             ("bob@localhost", "m9", "acknowledged", "")], text
    assert f"<query xmlns='{SM}' peer='bob@localhost'>" in text
    # another thread is another conversation
    marker(alice, "bob@localhost", "displayed", "t1", thread="topic")
    time.sleep(0.2)
    found, _ = markers(alice, "bob@localhost", " thread='topic'")
    assert found == [("alice@localhost", "t1", "displayed", "topic")]
    # 'after' leaves out what came before it
    cut = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() + 0.5)) + ".000000Z"
    time.sleep(1.6)
    marker(alice, "bob@localhost", "displayed", "m3")
    time.sleep(0.2)
    found, _ = markers(alice, "bob@localhost", f" after='{cut}'")
    assert found == [("alice@localhost", "m3", "displayed", "")]
    info = alice.iq("<query xmlns='http://jabber.org/protocol/disco#info'/>", to="alice@localhost")
    assert f"var='{SM}'" in info


def test_keep_private_neither_routes_nor_shares_markers(meerkat, port):
    _, plain = start(meerkat, port, "keep_private = true")
    alice = wire_login(plain, "alice", "a")
    bob = wire_login(plain, "bob", "b")
    marker(alice, "bob@localhost/wire", "displayed", "mine")
    marker(bob, "alice@localhost/wire", "displayed", "theirs")
    bob.assert_nothing("<message")
    alice.assert_nothing("<message")
    assert markers(alice, "bob@localhost")[0] == [("alice@localhost", "mine", "displayed", "")]
    assert markers(bob, "alice@localhost")[0] == [("bob@localhost", "theirs", "displayed", "")]


def test_the_write_behind_backend_ends_the_same(meerkat, port):
    _, plain = start(meerkat, port, 'backend = "rdbms_async"')
    alice = wire_login(plain, "alice", "a")
    bob = wire_login(plain, "bob", "b")
    for n in range(5):
        marker(alice, "bob@localhost/wire", "displayed", f"m{n}")
    bob.read_until("id='m4'")
    deadline = time.monotonic() + 5
    while markers(alice, "bob@localhost")[0] != [("alice@localhost", "m4", "displayed", "")]:
        assert time.monotonic() < deadline
        time.sleep(0.05)


@pytest.mark.parametrize("query,condition", [
    ("<query xmlns='esl:xmpp:smart-markers:0'/>", "bad-request"),
    ("<query xmlns='esl:xmpp:smart-markers:0' peer='bob@localhost/res'/>", "bad-request"),
    ("<query xmlns='esl:xmpp:smart-markers:0' peer='@@'/>", "bad-request"),
    ("<query xmlns='esl:xmpp:smart-markers:0' peer='bob@localhost' after='yesterday'/>",
     "bad-request"),
])
def test_bad_queries_get_precise_errors(meerkat, port, query, condition):
    _, plain = start(meerkat, port)
    alice = wire_login(plain, "alice", "a")
    assert error_condition(alice.iq(query))[1] == condition
    assert error_condition(alice.iq(query.replace("/>", "/>"), type_="set"))[1] == "bad-request"
    assert error_condition(alice.iq(query, to="bob@localhost"))[1] == "not-allowed"


def test_markers_go_with_the_account(meerkat, port):
    server, plain = start(meerkat, port)
    alice = wire_login(plain, "alice", "a")
    marker(alice, "bob@localhost/none", "displayed", "gone")
    time.sleep(0.2)
    bob = wire_login(plain, "bob", "b")
    assert markers(bob, "alice@localhost")[0] == [("alice@localhost", "gone", "displayed", "")]
    removed = alice.iq("<query xmlns='jabber:iq:register'><remove/></query>", type_="set")
    assert "type='result'" in removed, removed
    assert markers(bob, "alice@localhost")[0] == []
