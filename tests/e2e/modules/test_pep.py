# SPDX-License-Identifier: Apache-2.0
"""mod_pubsub (XEP-0163 personal eventing) with mod_caps (XEP-0115): slixmpp clients that
announce +notify in their caps get a contact's items live and the last item when they come
online; clients without the interest, strangers and forged caps get nothing; access models,
publish-options preconditions (the OMEMO flow), node configuration, retraction, deletion,
explicit subscriptions, discovery and account removal behave as XEP-0060 says."""

import asyncio
import base64
import hashlib
import re
import time

import pytest
from slixmpp.plugins.xep_0172 import UserNick

from modules_server import (error_condition, free_port, no_stanza, start_modules_server,
                            wire_login)
from xmpp_client import TIMEOUT, connected, run

NICK = "http://jabber.org/protocol/nick"
PUBSUB = "http://jabber.org/protocol/pubsub"
OWNER = "http://jabber.org/protocol/pubsub#owner"
ERRORS = "http://jabber.org/protocol/pubsub#errors"
DISCO_INFO = "http://jabber.org/protocol/disco#info"
DELAY = "urn:xmpp:delay"

MODULES = """
[modules.mod_disco]
[modules.mod_roster]
[modules.mod_caps]
[modules.mod_pubsub]
[modules.mod_register]
  access = "all"
  ip_access = [{address = "127.0.0.0/8", policy = "allow"}]
"""

USERS = ("alice", "bob", "carol", "dave")


def start(meerkat, port, modules=MODULES, args=(), users=USERS):
    plain = free_port()
    server = start_modules_server(meerkat, port, modules, plain_port=plain, args=args)
    for user in users:
        server.add_user(f"{user}@localhost", user[0])
    return server, plain


def presence_pattern(sender, type_):
    """A <presence/> from `sender`@localhost of `type_`, whatever the attribute order."""
    return (rf"<presence (?=[^>]*from=['\"]{sender}@localhost['\"])"
            rf"(?=[^>]*type=['\"]{type_}['\"])")


def befriend(plain, a, b):
    """Makes `a` and `b` subscribed to each other's presence (subscription both), one
    request after the other."""
    wa = wire_login(plain, a, a[0], resource="setup")
    wb = wire_login(plain, b, b[0], resource="setup")
    wa.send("<presence/>")
    wb.send("<presence/>")
    for (asker, answerer, x, y) in ((wa, wb, a, b), (wb, wa, b, a)):
        asker.send(f"<presence to='{y}@localhost' type='subscribe'/>")
        answerer.read_until(presence_pattern(x, "subscribe"))
        answerer.send(f"<presence to='{x}@localhost' type='subscribed'/>")
        asker.read_until(presence_pattern(y, "subscribed"))
    wa.read_until(rf"subscription=['\"]both")
    wb.read_until(rf"subscription=['\"]both")
    wa.close()
    wb.close()


def publish_xml(node, item_id, payload, options=""):
    return (f"<pubsub xmlns='{PUBSUB}'><publish node='{node}'><item id='{item_id}'>{payload}"
            f"</item></publish>{options}</pubsub>")


def options_form(form_type="publish-options", **fields):
    xml = (f"<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
           f"<value>{PUBSUB}#{form_type}</value></field>")
    for name, value in fields.items():
        xml += f"<field var='pubsub#{name}'><value>{value}</value></field>"
    return xml + "</x>"


def publish_options(**fields):
    return f"<publish-options>{options_form(**fields)}</publish-options>"


def nick_client(jid, password, port, server):
    """A slixmpp client interested in nicknames: its caps carry nick+notify."""
    return connected(jid, password, port, cafile=server.cafile,
                     plugins=["xep_0030", "xep_0115", "xep_0163", "xep_0172"])


def nick_events(client):
    events = asyncio.Queue()
    client.add_event_handler("user_nick_publish", events.put_nowait)
    return events


async def next_nick(events):
    message = await asyncio.wait_for(events.get(), TIMEOUT)
    return message, message["pubsub_event"]["items"]["item"]["nick"]["nick"]


def test_contacts_who_want_the_node_get_the_last_item_and_live_updates(meerkat, port):
    server, plain = start(meerkat, port)
    befriend(plain, "alice", "bob")
    befriend(plain, "alice", "dave")

    async def scenario():
        alice = await nick_client("alice@localhost/phone", "a", port, server)
        alice_events = nick_events(alice)
        await alice["xep_0172"].publish_nick("Alice")
        # The owner's own interested client hears of its publish too.
        _, nick = await next_nick(alice_events)
        assert nick == "Alice"

        # bob comes online later: the last item arrives once the server has learnt his caps
        # (by asking his client for disco#info), marked with when it was published.
        bob = await nick_client("bob@localhost/desk", "b", port, server)
        bob_events = nick_events(bob)
        message, nick = await next_nick(bob_events)
        assert nick == "Alice"
        assert message["from"] == "alice@localhost" and message["type"] == "headline"
        assert message.xml.find(f"{{{DELAY}}}delay").get("stamp")
        # carol is no contact; dave is one but did not ask for nicknames.
        carol = await nick_client("carol@localhost/x", "c", port, server)
        carol_events = nick_events(carol)
        dave = await connected("dave@localhost/y", "d", port, cafile=server.cafile,
                               plugins=["xep_0030", "xep_0115", "xep_0060"])
        dave_events = asyncio.Queue()
        dave.add_event_handler("pubsub_publish", dave_events.put_nowait)
        await asyncio.sleep(0.5)

        await alice["xep_0172"].publish_nick("Alice Liddell")
        message, nick = await next_nick(bob_events)
        assert nick == "Alice Liddell" and message.xml.find(f"{{{DELAY}}}delay") is None
        _, nick = await next_nick(alice_events)
        assert nick == "Alice Liddell"
        await no_stanza(carol_events)
        await no_stanza(dave_events, timeout=0.2)
        for client in (alice, bob, carol, dave):
            await client.quit()

    run(scenario())


def caps_presence(features, node="http://example.org/wire", ver=None):
    """Presence with XEP-0115 caps for a client with `features`; `ver` overrides the hash."""
    identity = "client/pc//wire"
    s = identity + "<" + "".join(f + "<" for f in sorted(features))
    real = base64.b64encode(hashlib.sha1(s.encode()).digest()).decode()
    ver = ver or real
    return (f"<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='{node}' "
            f"ver='{ver}'/></presence>"), node, ver


def answer_disco(wire, features):
    """Waits for the server's disco#info query and answers it with `features`."""
    text = wire.read_until(rf"<query xmlns=['\"]{DISCO_INFO}['\"][^>]*node=")
    query = re.search(r"<iq [^>]*type=['\"]get['\"][^>]*>", text).group(0)
    iq_id = re.search(r"id=['\"]([^'\"]+)", query).group(1)
    node = re.search(r"node=['\"]([^'\"]+)", text[text.index(DISCO_INFO):]).group(1)
    body = "".join(f"<feature var='{f}'/>" for f in features)
    wire.send(f"<iq type='result' id='{iq_id}' to='localhost'><query xmlns='{DISCO_INFO}' "
              f"node='{node}'><identity category='client' type='pc' name='wire'/>{body}"
              "</query></iq>")


def test_caps_are_verified_before_they_are_trusted(meerkat, port):
    server, plain = start(meerkat, port)
    befriend(plain, "alice", "bob")
    befriend(plain, "alice", "carol")
    wanted = [DISCO_INFO, NICK + "+notify"]
    # bob's client tells the truth; carol's announces a hash its answer does not match.
    bob = wire_login(plain, "bob", "b")
    presence, _, _ = caps_presence(wanted)
    bob.send(presence)
    answer_disco(bob, wanted)
    carol = wire_login(plain, "carol", "c")
    presence, _, _ = caps_presence(wanted, ver="Zm9yZ2VkIGNhcHMgaGFzaA==")
    carol.send(presence)
    answer_disco(carol, wanted)
    time.sleep(0.3)
    alice = wire_login(plain, "alice", "a")
    bob.received = b""
    carol.received = b""
    reply = alice.iq(publish_xml(NICK, "current", f"<nick xmlns='{NICK}'>Alice</nick>"),
                     type_="set")
    assert "type='result'" in reply or 'type="result"' in reply, reply
    event = bob.read_until(r"</message>")
    assert "<nick xmlns='http://jabber.org/protocol/nick'>Alice</nick>" in event
    assert "type='headline'" in event
    with pytest.raises(AssertionError, match="timed out"):
        carol.read_until(r"<message", timeout=1)
    # A second client announcing bob's (verified) hash is known at once: no query, and the
    # last item arrives right after its presence.
    bob2 = wire_login(plain, "bob", "b", resource="second")
    presence, _, _ = caps_presence(wanted)
    bob2.send(presence)
    text = bob2.read_until(r"</message>")
    assert "Alice" in text and "urn:xmpp:delay" in text
    assert DISCO_INFO not in text


def test_access_models_decide_who_reads_items(meerkat, port):
    server, plain = start(meerkat, port)
    befriend(plain, "alice", "bob")
    alice = wire_login(plain, "alice", "a")
    bob = wire_login(plain, "bob", "b")
    carol = wire_login(plain, "carol", "c")
    for node, access in (("presence-node", "presence"), ("open-node", "open"),
                         ("private-node", "whitelist")):
        reply = alice.iq(publish_xml(node, "1", "<data xmlns='urn:example'>x</data>",
                                     publish_options(access_model=access)), type_="set")
        assert "<item id='1'/>" in reply or '<item id="1"/>' in reply, reply
    get = "<pubsub xmlns='" + PUBSUB + "'><items node='{}'/></pubsub>"
    # the contact reads the presence node; the stranger is told why not
    assert "urn:example" in bob.iq(get.format("presence-node"), to="alice@localhost")
    denied = carol.iq(get.format("presence-node"), to="alice@localhost")
    assert error_condition(denied) == ("auth", "not-authorized")
    assert f"<presence-subscription-required xmlns='{ERRORS}'/>" in denied
    # anyone reads the open node; nobody but alice the whitelist one
    assert "urn:example" in carol.iq(get.format("open-node"), to="alice@localhost")
    closed = bob.iq(get.format("private-node"), to="alice@localhost")
    assert error_condition(closed) == ("cancel", "not-allowed")
    assert f"<closed-node xmlns='{ERRORS}'/>" in closed
    assert "urn:example" in alice.iq(get.format("private-node"))
    # no such node; and nobody publishes to another account's nodes
    assert error_condition(bob.iq(get.format("nothing"), to="alice@localhost")) == \
        ("cancel", "item-not-found")
    forbidden = bob.iq(publish_xml("open-node", "2", "<data xmlns='urn:example'/>"),
                       type_="set", to="alice@localhost")
    assert error_condition(forbidden) == ("auth", "forbidden")
    # an account that does not exist has no PEP service to ask
    assert error_condition(bob.iq(get.format("open-node"), to="nobody@localhost")) == \
        ("cancel", "service-unavailable")


def test_publish_options_preconditions_and_reconfiguration(meerkat, port):
    """The OMEMO flow: publish with publish-options; if the node is configured otherwise the
    server says precondition-not-met, the client reconfigures the node and publishes again."""
    server, plain = start(meerkat, port)
    alice = wire_login(plain, "alice", "a")
    node = "eu.siacs.conversations.axolotl.devicelist"
    devices = "<list xmlns='eu.siacs.conversations.axolotl'><device id='1'/></list>"
    assert "type='result'" in alice.iq(publish_xml(node, "current", devices), type_="set")
    refused = alice.iq(publish_xml(node, "current", devices, publish_options(access_model="open")),
                       type_="set")
    assert error_condition(refused) == ("cancel", "conflict")
    assert f"<precondition-not-met xmlns='{ERRORS}'/>" in refused
    form = alice.iq(f"<pubsub xmlns='{OWNER}'><configure node='{node}'/></pubsub>")
    assert "pubsub#access_model" in form and "<value>presence</value>" in form
    configured = alice.iq(f"<pubsub xmlns='{OWNER}'><configure node='{node}'>"
                          f"{options_form('node_config', access_model='open')}</configure>"
                          "</pubsub>", type_="set")
    assert "type='result'" in configured, configured
    again = alice.iq(publish_xml(node, "current", devices, publish_options(access_model="open")),
                     type_="set")
    assert "type='result'" in again, again
    # options the server does not support are refused with the field named
    bad = alice.iq(f"<pubsub xmlns='{OWNER}'><configure node='{node}'>"
                   f"{options_form('node_config', access_model='roster')}</configure></pubsub>",
                   type_="set")
    assert error_condition(bad) == ("modify", "not-acceptable") and "access_model" in bad
    bad_publish = alice.iq(publish_xml("new-node", "1", "<x xmlns='urn:x'/>",
                                       publish_options(collection="x")), type_="set")
    assert f"<precondition-not-met xmlns='{ERRORS}'/>" in bad_publish
    # a malformed publish says what is missing
    no_item = alice.iq(f"<pubsub xmlns='{PUBSUB}'><publish node='{node}'/></pubsub>",
                       type_="set")
    assert error_condition(no_item) == ("modify", "bad-request")
    assert f"<item-required xmlns='{ERRORS}'/>" in no_item


def test_max_items_keeps_the_newest_and_retrieval_by_id_and_count(meerkat, port):
    server, plain = start(meerkat, port)
    alice = wire_login(plain, "alice", "a")
    options = publish_options(max_items="3", access_model="open")
    for n in range(1, 6):
        alice.iq(publish_xml("urn:example:list", str(n), f"<n xmlns='urn:x'>{n}</n>", options),
                 type_="set")
    items = alice.iq(f"<pubsub xmlns='{PUBSUB}'><items node='urn:example:list'/></pubsub>")
    assert re.findall(r"<item id=['\"](\d)['\"]", items) == ["3", "4", "5"]
    last = alice.iq(f"<pubsub xmlns='{PUBSUB}'><items node='urn:example:list' max_items='1'/>"
                    "</pubsub>")
    assert re.findall(r"<item id=['\"](\d)['\"]", last) == ["5"]
    chosen = alice.iq(f"<pubsub xmlns='{PUBSUB}'><items node='urn:example:list'>"
                      "<item id='4'/><item id='1'/></items></pubsub>")
    assert re.findall(r"<item id=['\"](\d)['\"]", chosen) == ["4"]
    # an item published with an id that exists replaces it and becomes the newest
    alice.iq(publish_xml("urn:example:list", "3", "<n xmlns='urn:x'>three</n>", options),
             type_="set")
    items = alice.iq(f"<pubsub xmlns='{PUBSUB}'><items node='urn:example:list'/></pubsub>")
    assert re.findall(r"<item id=['\"](\d)['\"]", items) == ["4", "5", "3"]
    assert "three" in items
    # the items outlive the server
    server.stop()
    server2, plain2 = start(meerkat, free_port(), args=("--data-dir", str(server.workdir / "var")),
                            users=())
    alice = wire_login(plain2, "alice", "a")
    items = alice.iq(f"<pubsub xmlns='{PUBSUB}'><items node='urn:example:list'/></pubsub>")
    assert re.findall(r"<item id=['\"](\d)['\"]", items) == ["4", "5", "3"]


def test_retract_and_delete_are_announced(meerkat, port):
    server, plain = start(meerkat, port)
    befriend(plain, "alice", "bob")

    async def scenario():
        bob = await nick_client("bob@localhost/desk", "b", port, server)
        retracted = asyncio.Queue()
        deleted = asyncio.Queue()
        bob.add_event_handler("user_nick_retract", retracted.put_nowait)
        bob.add_event_handler("pubsub_delete", deleted.put_nowait)
        bob_events = nick_events(bob)
        alice = await nick_client("alice@localhost/phone", "a", port, server)
        # published while bob's caps are surely known: he is online, with the interest
        await asyncio.sleep(0.5)
        await alice["xep_0172"].publish_nick("Alice")
        await next_nick(bob_events)
        await alice["xep_0060"].retract("alice@localhost", NICK, "current", notify=True)
        message = await asyncio.wait_for(retracted.get(), TIMEOUT)
        assert message["pubsub_event"]["items"]["retract"]["id"] == "current"
        await alice["xep_0060"].delete_node("alice@localhost", NICK)
        message = await asyncio.wait_for(deleted.get(), TIMEOUT)
        assert message["pubsub_event"]["delete"]["node"] == NICK
        items = await alice["xep_0060"].get_nodes("alice@localhost")
        assert NICK not in [item[1] for item in items["disco_items"]["items"]]
        await alice.quit()
        await bob.quit()

    run(scenario())


def test_explicit_subscription_to_an_open_node(meerkat, port):
    server, plain = start(meerkat, port)
    alice = wire_login(plain, "alice", "a")
    carol = wire_login(plain, "carol", "c")
    carol.send("<presence/>")
    alice.iq(publish_xml("urn:example:blog", "first", "<entry xmlns='urn:x'>one</entry>",
                         publish_options(access_model="open")), type_="set")
    alice.iq(publish_xml("urn:example:diary", "d", "<entry xmlns='urn:x'>secret</entry>"),
             type_="set")
    carol.received = b""
    reply = carol.iq(f"<pubsub xmlns='{PUBSUB}'><subscribe node='urn:example:blog' "
                     "jid='carol@localhost/wire'/></pubsub>", type_="set", to="alice@localhost")
    assert "subscription='subscribed'" in reply, reply
    assert "one" in carol.read_until(r"</message>")  # the last item, on subscription
    carol.received = b""
    alice.iq(publish_xml("urn:example:blog", "second", "<entry xmlns='urn:x'>two</entry>"),
             type_="set")
    assert "two" in carol.read_until(r"</message>")
    # someone else's JID, a presence-only node, and an unsubscribe that has nothing to end
    wrong = carol.iq(f"<pubsub xmlns='{PUBSUB}'><subscribe node='urn:example:blog' "
                     "jid='bob@localhost'/></pubsub>", type_="set", to="alice@localhost")
    assert f"<invalid-jid xmlns='{ERRORS}'/>" in wrong
    diary = carol.iq(f"<pubsub xmlns='{PUBSUB}'><subscribe node='urn:example:diary' "
                     "jid='carol@localhost'/></pubsub>", type_="set", to="alice@localhost")
    assert error_condition(diary) == ("auth", "not-authorized")
    done = carol.iq(f"<pubsub xmlns='{PUBSUB}'><unsubscribe node='urn:example:blog' "
                    "jid='carol@localhost/wire'/></pubsub>", type_="set", to="alice@localhost")
    assert "type='result'" in done, done
    again = carol.iq(f"<pubsub xmlns='{PUBSUB}'><unsubscribe node='urn:example:blog' "
                     "jid='carol@localhost/wire'/></pubsub>", type_="set", to="alice@localhost")
    assert f"<not-subscribed xmlns='{ERRORS}'/>" in again
    carol.received = b""
    alice.iq(publish_xml("urn:example:blog", "third", "<entry xmlns='urn:x'>three</entry>"),
             type_="set")
    with pytest.raises(AssertionError, match="timed out"):
        carol.read_until(r"<message", timeout=1)


def test_discovery_shows_the_service_and_only_accessible_nodes(meerkat, port):
    server, plain = start(meerkat, port)
    befriend(plain, "alice", "bob")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0030", "xep_0060"])
        bob = await connected("bob@localhost/desk", "b", port, cafile=server.cafile,
                              plugins=["xep_0030"])
        info = await bob["xep_0030"].get_info(jid="alice@localhost")
        identities = info["disco_info"]["identities"]
        assert ("pubsub", "pep", None, None) in identities
        features = info["disco_info"]["features"]
        assert f"{PUBSUB}#publish-options" in features
        assert f"{PUBSUB}#access-whitelist" in features
        form = alice["xep_0004"].make_form(ftype="submit")
        form.add_field(var="FORM_TYPE", ftype="hidden", value=f"{PUBSUB}#publish-options")
        form.add_field(var="pubsub#access_model", value="whitelist")
        payload = UserNick()
        payload["nick"] = "private"
        await alice["xep_0060"].publish("alice@localhost", "storage:private", id="x",
                                        payload=payload.xml, options=form)
        payload["nick"] = "public"
        await alice["xep_0060"].publish("alice@localhost", NICK, id="current",
                                        payload=payload.xml)
        seen_by_bob = await bob["xep_0030"].get_items(jid="alice@localhost")
        assert [i[1] for i in seen_by_bob["disco_items"]["items"]] == [NICK]
        seen_by_alice = await alice["xep_0030"].get_items(jid="alice@localhost")
        assert sorted(i[1] for i in seen_by_alice["disco_items"]["items"]) == \
            sorted([NICK, "storage:private"])
        node_info = await bob["xep_0030"].get_info(jid="alice@localhost", node=NICK)
        assert ("pubsub", "leaf", None, None) in node_info["disco_info"]["identities"]
        node_items = await bob["xep_0030"].get_items(jid="alice@localhost", node=NICK)
        assert [i[2] for i in node_items["disco_items"]["items"]] == ["current"]
        await alice.quit()
        await bob.quit()

    run(scenario())


def test_removed_account_loses_its_nodes(meerkat, port):
    server, plain = start(meerkat, port)
    alice = wire_login(plain, "alice", "a")
    alice.iq(publish_xml("urn:example:n", "1", "<x xmlns='urn:x'/>"), type_="set")
    removed = alice.iq("<query xmlns='jabber:iq:register'><remove/></query>", type_="set")
    assert "type='result'" in removed, removed
    server.add_user("alice@localhost", "a")
    alice = wire_login(plain, "alice", "a")
    gone = alice.iq(f"<pubsub xmlns='{PUBSUB}'><items node='urn:example:n'/></pubsub>")
    assert error_condition(gone) == ("cancel", "item-not-found")
