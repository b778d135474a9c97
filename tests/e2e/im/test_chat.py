# SPDX-License-Identifier: Apache-2.0
"""One-to-one messages between real clients (RFC 6121 §8): to full JIDs, to a bare JID with
resources of different priority, and offline storage with delivery at the next login."""

import asyncio
from xml.etree import ElementTree

from im_server import start_im_server
from xmpp_client import connected, run


def test_chat_between_two_users(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile)
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile)
        alice.send_message(mto="bob@localhost/laptop", mbody="hi bob", mtype="chat")
        message = await bob.next_message()
        assert message["body"] == "hi bob"
        assert str(message["from"]) == "alice@localhost/phone"  # stamped by the server
        bob.send_message(mto=message["from"], mbody="hi alice", mtype="chat")
        assert (await alice.next_message())["body"] == "hi alice"
        await alice.quit()
        await bob.quit()

    run(scenario())


def test_bare_jid_goes_to_the_highest_priority(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        high = await connected("bob@localhost/high", "b", port, cafile=server.cafile)
        low = await connected("bob@localhost/low", "b", port, cafile=server.cafile)
        high.send_presence(ppriority=10)
        low.send_presence(ppriority=1)
        # each resource sees its own new presence once the server has recorded it
        await high.next_presence(lambda p: p["from"] == high.boundjid and p["priority"] == 10)
        await low.next_presence(lambda p: p["from"] == low.boundjid and p["priority"] == 1)
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile)
        alice.send_message(mto="bob@localhost", mbody="to the bare JID", mtype="chat")
        assert (await high.next_message())["body"] == "to the bare JID"
        try:
            extra = await low.next_message(timeout=1)
            raise AssertionError(f"low priority resource got {extra}")
        except asyncio.TimeoutError:
            pass
        for client in (alice, high, low):
            await client.quit()

    run(scenario())


def test_message_to_unknown_user_bounces(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile)
        alice.send_message(mto="ghost@localhost", mbody="anyone?", mtype="chat")
        error = await asyncio.wait_for(alice.message_errors.get(), 10)
        assert error["type"] == "error"
        assert error["error"]["condition"] == "service-unavailable"
        await alice.quit()

    run(scenario())


def test_offline_messages_are_delivered_at_next_login(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile)
        for i in range(3):
            alice.send_message(mto="bob@localhost", mbody=f"while you were away {i}",
                               mtype="chat")
        # chat states alone are not stored (XEP-0160)
        state = alice.make_message(mto="bob@localhost", mtype="chat")
        state.append(ElementTree.Element("{http://jabber.org/protocol/chatstates}active"))
        state.send()
        await alice.quit()
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile)
        received = [await bob.next_message() for _ in range(3)]
        assert [m["body"] for m in received] == [f"while you were away {i}" for i in range(3)]
        assert all("urn:xmpp:delay" in str(m) for m in received)  # XEP-0203 stamp
        await bob.quit()
        # delivered once: the next login gets nothing
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile)
        try:
            extra = await bob.next_message(timeout=1, skip_empty=False)
            raise AssertionError(f"delivered twice: {extra}")
        except asyncio.TimeoutError:
            pass
        await bob.quit()

    run(scenario())
