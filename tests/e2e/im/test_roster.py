# SPDX-License-Identifier: Apache-2.0
"""Rosters and presence subscriptions with real clients (RFC 6121 §2–§4): add, push to every
resource, versioning, remove, the full subscription handshake and presence that follows it."""

import asyncio
from xml.etree import ElementTree

from im_server import MODULES, start_im_server
from xmpp_client import Client, connected, run


async def roster_item(client, jid, key):
    """One field of an item of the client's roster, read from the server."""
    reply = await client.make_iq_get(queryxmlns="jabber:iq:roster").send(timeout=10)
    return reply["roster"]["items"][jid][key]


def test_roster_add_push_and_remove(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")

    async def scenario():
        phone = await connected("alice@localhost/phone", "a", port, cafile=server.cafile)
        laptop = await connected("alice@localhost/laptop", "a", port, cafile=server.cafile)
        pushes = asyncio.Queue()
        laptop.add_event_handler("roster_update", pushes.put_nowait)
        await phone.update_roster("bob@localhost", name="Bob", groups=["Friends"])
        push = await asyncio.wait_for(pushes.get(), 10)
        item = push["roster"]["items"]["bob@localhost"]
        assert item["name"] == "Bob" and item["groups"] == ["Friends"]
        full = phone.make_iq_get(queryxmlns="jabber:iq:roster")
        reply = await full.send(timeout=10)
        assert reply["roster"]["items"]["bob@localhost"]["subscription"] == "none"
        version = reply["roster"]["ver"]
        assert version
        # XEP-0237: the same version gives an empty result; the client's copy is current
        same = phone.make_iq_get(queryxmlns="jabber:iq:roster")
        same["roster"]["ver"] = version
        reply = await same.send(timeout=10)
        assert "bob@localhost" not in str(reply)
        await phone.del_roster_item("bob@localhost")
        push = await asyncio.wait_for(pushes.get(), 10)
        assert push["roster"]["items"]["bob@localhost"]["subscription"] == "remove"
        await phone.quit()
        await laptop.quit()

    run(scenario())


def test_roster_set_with_two_items_is_a_bad_request(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile)
        iq = alice.Iq()
        iq["type"] = "set"
        iq["roster"]["items"] = {"a@localhost": {"name": "A"}, "b@localhost": {"name": "B"}}
        try:
            await iq.send(timeout=10)
            raise AssertionError("accepted")
        except Exception as error:  # slixmpp raises IqError
            assert error.iq["error"]["condition"] == "bad-request"
        await alice.quit()

    run(scenario())


def test_full_subscription_handshake_and_presence(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile)
        bob = Client("bob@localhost/laptop", "b", port, cafile=server.cafile)
        bob.auto_authorize = None  # answer by hand
        bob.auto_subscribe = False
        assert await bob.login()
        alice.send_presence(pto="bob@localhost", ptype="subscribe")
        request = await bob.next_presence(lambda p: p["type"] == "subscribe")
        assert str(request["from"]) == "alice@localhost"  # bare JID (RFC 6121 §3.1.2)
        bob.send_presence(pto="alice@localhost", ptype="subscribed")
        await alice.next_presence(lambda p: p["type"] == "subscribed")
        # alice now sees bob's presence (sent after approval) …
        online = await alice.next_presence(
            lambda p: p["from"].bare == "bob@localhost" and p["type"] == "available")
        assert str(online["from"]) == "bob@localhost/laptop"
        assert await roster_item(alice, "bob@localhost", "subscription") == "to"
        assert await roster_item(bob, "alice@localhost", "subscription") == "from"
        # … and bob going offline
        await bob.quit()
        offline = await alice.next_presence(lambda p: p["type"] == "unavailable"
                                            and p["from"].bare == "bob@localhost")
        assert str(offline["from"]) == "bob@localhost/laptop"
        # at bob's next login alice's probe-less view updates from his initial presence
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile)
        await alice.next_presence(lambda p: p["from"].bare == "bob@localhost"
                                  and p["type"] == "available")
        # and alice's own login probes bob
        await alice.quit()
        alice = await connected("alice@localhost/tablet", "a", port, cafile=server.cafile)
        await alice.next_presence(lambda p: p["from"].bare == "bob@localhost"
                                  and p["type"] == "available")
        await alice.quit()
        await bob.quit()

    run(scenario())


def test_subscription_request_waits_for_an_offline_contact(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile)
        alice.send_presence(pto="bob@localhost", ptype="subscribe", pstatus="it's alice")
        # a stream's stanzas are handled in order: once the roster answers, the request is stored
        assert await roster_item(alice, "bob@localhost", "subscription") == "none"
        await alice.quit()
        bob = Client("bob@localhost/laptop", "b", port, cafile=server.cafile)
        bob.auto_authorize = None
        bob.auto_subscribe = False
        assert await bob.login()
        request = await bob.next_presence(lambda p: p["type"] == "subscribe")
        assert request["status"] == "it's alice"
        await bob.quit()

    run(scenario())


def test_removed_account_unsubscribes_its_contacts(meerkat, port):
    """An account that cancels its registration (XEP-0077 <remove/>) tells its contacts: the
    subscriber sees it unavailable and unsubscribed."""
    server = start_im_server(meerkat, port, modules=MODULES + "[modules.mod_register]\n")
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile)
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile)
        alice.send_presence(pto="bob@localhost", ptype="subscribe")  # bob auto-approves
        await alice.next_presence(lambda p: p["type"] == "subscribed")
        await alice.next_presence(lambda p: p["from"].bare == "bob@localhost"
                                  and p["type"] == "available")
        remove = bob.Iq()
        remove["type"] = "set"
        remove.append(ElementTree.fromstring("<query xmlns='jabber:iq:register'><remove/></query>"))
        await remove.send(timeout=10)
        await alice.next_presence(lambda p: p["from"].bare == "bob@localhost"
                                  and p["type"] == "unavailable")
        await alice.next_presence(lambda p: p["from"].bare == "bob@localhost"
                                  and p["type"] == "unsubscribed")
        assert await roster_item(alice, "bob@localhost", "subscription") == "none"
        await asyncio.wait_for(bob.disconnected_event.wait(), 10)
        await alice.quit()

    run(scenario())


def test_simultaneous_mutual_subscriptions_both_end_as_both(meerkat, port):
    """Both users ask and approve at the same moment: the two roster changes each user's
    item gets (its own request, the contact's request or answer) land on different shards
    at once and must not overwrite each other."""
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        for attempt in range(5):
            alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile)
            bob = await connected("bob@localhost/desk", "b", port, cafile=server.cafile)
            for client in (alice, bob):
                client.auto_authorize = None  # neither accept nor refuse on their own
                client.auto_subscribe = False
            alice.send_presence(pto="bob@localhost", ptype="subscribe")
            bob.send_presence(pto="alice@localhost", ptype="subscribe")
            alice.send_presence(pto="bob@localhost", ptype="subscribed")
            bob.send_presence(pto="alice@localhost", ptype="subscribed")
            await asyncio.sleep(0.5)
            assert await roster_item(alice, "bob@localhost", "subscription") == "both", attempt
            assert await roster_item(bob, "alice@localhost", "subscription") == "both", attempt
            # start over: both cancel everything
            for client, other in ((alice, "bob@localhost"), (bob, "alice@localhost")):
                await client.del_roster_item(other)
            await asyncio.sleep(0.2)
            await alice.quit()
            await bob.quit()

    run(scenario(), timeout=60)
