# SPDX-License-Identifier: Apache-2.0
"""mod_blocking (XEP-0191 blocking command) with slixmpp's xep_0191: block, the blocklist, the
push to the user's other resources, messages from and to a blocked JID, presence hidden from
a blocked contact, unblocking one JID or all, and malformed commands."""

import asyncio

from modules_server import error_of, iq_error, no_stanza, start_modules_server
from xmpp_client import TIMEOUT, connected, run

BLOCKING = "urn:xmpp:blocking"
BLOCKING_ERRORS = "urn:xmpp:blocking:errors"

MODULES = """
[modules.mod_roster]
[modules.mod_blocking]
"""


async def user(jid, password, port, server):
    return await connected(jid, password, port, cafile=server.cafile, plugins=["xep_0191"])


async def blocklist(client):
    reply = await client["xep_0191"].get_blocked(timeout=TIMEOUT)
    return {str(jid) for jid in reply["blocklist"]["items"]}


def pushes_of(client):
    """A queue of the block and unblock pushes the client receives."""
    queue = asyncio.Queue()
    client.add_event_handler("blocked", queue.put_nowait)
    client.add_event_handler("unblocked", queue.put_nowait)
    return queue


def command_iq(client, name, jids):
    iq = client.make_iq_set()
    iq.enable(name)
    command = iq.xml.find(f"{{{BLOCKING}}}{name}")
    for jid in jids:
        item = command.makeelement(f"{{{BLOCKING}}}item", {"jid": jid})
        command.append(item)
    return iq


def chat(sender, to, body):
    sender.send_message(mto=to, mbody=body, mtype="chat")


def test_block_pushes_to_other_resources_and_lists(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        phone = await user("alice@localhost/phone", "a", port, server)
        laptop = await user("alice@localhost/laptop", "a", port, server)
        pushes = pushes_of(laptop)
        assert await blocklist(phone) == set()
        reply = await phone["xep_0191"].block("bob@localhost", timeout=TIMEOUT)
        assert reply["type"] == "result"
        assert len(reply.xml) == 0
        push = await asyncio.wait_for(pushes.get(), TIMEOUT)
        assert push["type"] == "set"
        assert str(push["to"]) == "alice@localhost/laptop"
        assert str(push["from"]) in ("", "alice@localhost")  # from the user's account
        assert {str(jid) for jid in push["block"]["items"]} == {"bob@localhost"}
        assert await blocklist(laptop) == {"bob@localhost"}
        await phone["xep_0191"].block(["carol@localhost", "example.test"], timeout=TIMEOUT)
        assert await blocklist(laptop) == {"bob@localhost", "carol@localhost", "example.test"}
        for client in (phone, laptop):
            await client.quit()

    run(scenario())


def test_messages_from_a_blocked_jid_bounce(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await user("alice@localhost/phone", "a", port, server)
        bob = await user("bob@localhost/laptop", "b", port, server)
        await alice["xep_0191"].block("bob@localhost", timeout=TIMEOUT)
        for to in ("alice@localhost", "alice@localhost/phone"):
            chat(bob, to, f"let me in ({to})")
            error = await asyncio.wait_for(bob.message_errors.get(), TIMEOUT)
            assert error["error"]["type"] == "cancel", to
            assert error["error"]["condition"] == "service-unavailable", to
            assert str(error["from"]) == to
        # IQ requests bounce too (XEP-0191 §3.3)
        ping = bob.make_iq_get(ito="alice@localhost/phone")
        ping.enable("blocklist")  # any payload: the request must not reach alice
        assert error_of(await iq_error(ping)) == ("cancel", "service-unavailable")
        await no_stanza(alice.messages)
        for client in (alice, bob):
            await client.quit()

    run(scenario())


def test_sending_to_a_blocked_jid_is_not_acceptable(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await user("alice@localhost/phone", "a", port, server)
        bob = await user("bob@localhost/laptop", "b", port, server)
        await alice["xep_0191"].block("bob@localhost", timeout=TIMEOUT)
        chat(alice, "bob@localhost/laptop", "a word despite everything")
        error = await asyncio.wait_for(alice.message_errors.get(), TIMEOUT)
        assert error["error"]["type"] == "cancel"
        assert error["error"]["condition"] == "not-acceptable"
        assert error.xml.find(f"{{jabber:client}}error/{{{BLOCKING_ERRORS}}}blocked") \
            is not None, error
        assert str(error["from"]) == "bob@localhost/laptop"
        await no_stanza(bob.messages)
        for client in (alice, bob):
            await client.quit()

    run(scenario())


def test_unblock_restores_delivery(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await user("alice@localhost/phone", "a", port, server)
        laptop = await user("alice@localhost/laptop", "a", port, server)
        bob = await user("bob@localhost/desk", "b", port, server)
        pushes = pushes_of(laptop)
        await alice["xep_0191"].block(["bob@localhost", "carol@localhost"], timeout=TIMEOUT)
        await asyncio.wait_for(pushes.get(), TIMEOUT)
        await alice["xep_0191"].unblock("bob@localhost", timeout=TIMEOUT)
        push = await asyncio.wait_for(pushes.get(), TIMEOUT)
        assert {str(jid) for jid in push["unblock"]["items"]} == {"bob@localhost"}
        assert await blocklist(alice) == {"carol@localhost"}
        chat(bob, "alice@localhost/phone", "hello again")
        assert (await alice.next_message())["body"] == "hello again"
        chat(alice, "bob@localhost/desk", "welcome back")
        assert (await bob.next_message())["body"] == "welcome back"
        for client in (alice, laptop, bob):
            await client.quit()

    run(scenario())


def test_unblock_all(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await user("alice@localhost/phone", "a", port, server)
        laptop = await user("alice@localhost/laptop", "a", port, server)
        bob = await user("bob@localhost/desk", "b", port, server)
        pushes = pushes_of(laptop)
        await alice["xep_0191"].block(["bob@localhost", "carol@localhost"], timeout=TIMEOUT)
        await asyncio.wait_for(pushes.get(), TIMEOUT)
        # §3.4: an <unblock/> without items empties the list, and is pushed as such
        reply = await alice["xep_0191"].unblock([], timeout=TIMEOUT)
        assert reply["type"] == "result"
        push = await asyncio.wait_for(pushes.get(), TIMEOUT)
        assert push.xml.find(f"{{{BLOCKING}}}unblock") is not None
        assert len(push.xml.find(f"{{{BLOCKING}}}unblock")) == 0
        assert await blocklist(alice) == set()
        chat(bob, "alice@localhost/phone", "free at last")
        assert (await alice.next_message())["body"] == "free at last"
        for client in (alice, laptop, bob):
            await client.quit()

    run(scenario())


def test_a_blocked_domain_covers_its_users(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")
    server.add_user("dave@example.test", "d")

    async def scenario():
        alice = await user("alice@localhost/phone", "a", port, server)
        bob = await user("bob@localhost/desk", "b", port, server)
        dave = await user("dave@example.test/home", "d", port, server)
        await alice["xep_0191"].block("example.test", timeout=TIMEOUT)
        chat(dave, "alice@localhost/phone", "from the blocked domain")
        error = await asyncio.wait_for(dave.message_errors.get(), TIMEOUT)
        assert error["error"]["condition"] == "service-unavailable"
        chat(bob, "alice@localhost/phone", "from an unblocked domain")
        assert (await alice.next_message())["body"] == "from an unblocked domain"
        await no_stanza(alice.messages)
        for client in (alice, bob, dave):
            await client.quit()

    run(scenario())


async def friends(alice, bob):
    """A mutual presence subscription (both clients approve and ask back automatically),
    then alice's presence with status "here" seen by bob."""
    alice.send_presence(pto="bob@localhost", ptype="subscribe")
    await alice.next_presence(lambda p: p["type"] == "subscribed")
    await bob.next_presence(lambda p: p["type"] == "subscribed")
    alice.send_presence(pstatus="here")
    await bob.next_presence(lambda p: p["status"] == "here")


async def no_presence(client, status):
    try:
        seen = await client.next_presence(lambda p: p["status"] == status, timeout=1)
    except asyncio.TimeoutError:
        return
    raise AssertionError(f"{client.boundjid} got {seen}")


def test_block_sends_unavailable_to_the_contact(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await user("alice@localhost/phone", "a", port, server)
        bob = await user("bob@localhost/desk", "b", port, server)
        await friends(alice, bob)
        await alice["xep_0191"].block("bob@localhost", timeout=TIMEOUT)
        # §3.3: the blocked contact sees the user go offline
        gone = await bob.next_presence(lambda p: p["from"].bare == "alice@localhost"
                                       and p["type"] != "subscribed")
        assert gone["type"] == "unavailable"
        assert str(gone["from"]) == "alice@localhost/phone"
        # §3.3: presence from the contact is dropped without an error
        bob.send_presence(pstatus="still here")
        await no_presence(alice, "still here")
        for client in (alice, bob):
            await client.quit()

    run(scenario())


def test_presence_broadcasts_skip_a_blocked_contact(meerkat, port):
    # XEP-0191 §3.3: the server MUST NOT route the user's outbound stanzas to the contact;
    # the user is to "appear offline to the contact"
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await user("alice@localhost/phone", "a", port, server)
        bob = await user("bob@localhost/desk", "b", port, server)
        await friends(alice, bob)
        await alice["xep_0191"].block("bob@localhost", timeout=TIMEOUT)
        await bob.next_presence(lambda p: p["type"] == "unavailable")
        alice.send_presence(pstatus="hidden from bob")
        await no_presence(bob, "hidden from bob")
        for client in (alice, bob):
            await client.quit()

    run(scenario())


def test_unblock_sends_the_current_presence_to_the_contact(meerkat, port):
    # XEP-0191 §3.4: "the user's server MUST send the user's current presence information to
    # the contact"
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await user("alice@localhost/phone", "a", port, server)
        bob = await user("bob@localhost/desk", "b", port, server)
        await friends(alice, bob)
        await alice["xep_0191"].block("bob@localhost", timeout=TIMEOUT)
        await bob.next_presence(lambda p: p["type"] == "unavailable")
        await alice["xep_0191"].unblock("bob@localhost", timeout=TIMEOUT)
        back = await bob.next_presence(lambda p: p["from"].bare == "alice@localhost")
        assert back["type"] == "available"
        assert back["status"] == "here"
        assert str(back["from"]) == "alice@localhost/phone"
        for client in (alice, bob):
            await client.quit()

    run(scenario())


def test_malformed_commands(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await user("alice@localhost/phone", "a", port, server)
        # §3.2: <block/> needs at least one item
        error = await iq_error(command_iq(alice, "block", []))
        assert error_of(error) == ("modify", "bad-request")
        # §3.2: an item whose JID is not valid
        for bad in ("bob@@localhost", "", "@localhost"):
            error = await iq_error(command_iq(alice, "block", [bad]))
            assert error_of(error) == ("modify", "jid-malformed"), bad
            error = await iq_error(command_iq(alice, "unblock", [bad]))
            assert error_of(error) == ("modify", "jid-malformed"), bad
        # nothing was blocked by the failed commands
        assert await blocklist(alice) == set()
        # a blocklist is only its owner's business
        other = alice.make_iq_get(ito="bob@localhost")
        other.enable("blocklist")
        assert error_of(await iq_error(other)) == ("cancel", "forbidden")
        await alice.quit()

    run(scenario())


def test_removed_accounts_blocklist_does_not_pass_to_a_new_registration(meerkat, port):
    # The store forgets a removed account's blocklist; mod_blocking's cache must too, or
    # whoever registers the freed name inherits it.
    server = start_modules_server(meerkat, port, MODULES + "[modules.mod_register]\n")
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0191", "xep_0077"])
        await alice["xep_0191"].block("bob@localhost", timeout=TIMEOUT)
        await alice["xep_0077"].cancel_registration(timeout=TIMEOUT)
        await alice.quit()
        server.add_user("alice@localhost", "new-owner")
        newcomer = await user("alice@localhost/phone", "new-owner", port, server)
        assert await blocklist(newcomer) == set()
        bob = await user("bob@localhost/desk", "b", port, server)
        chat(bob, "alice@localhost/phone", "hello, new alice")
        assert (await newcomer.next_message())["body"] == "hello, new alice"
        for client in (newcomer, bob):
            await client.quit()

    run(scenario())
