# SPDX-License-Identifier: Apache-2.0
"""mod_last (XEP-0012 last activity): the server's uptime; a contact's idle time, zero while
online and since the last unavailable presence (with its status) after logout; and only for
contacts subscribed to the user's presence."""

import time

from modules_server import error_of, iq_error, start_modules_server
from xmpp_client import TIMEOUT, Client, connected, run

LAST = "jabber:iq:last"

MODULES = """
[modules.mod_roster]
[modules.mod_last]
"""


def last_iq(client, to, type_="get"):
    iq = client.make_iq(ito=to, itype=type_)
    iq.enable("last_activity")
    return iq


async def last_of(client, to):
    """(seconds, status text) of a last activity answer from `to`."""
    reply = await last_iq(client, to).send(timeout=TIMEOUT)
    assert reply["type"] == "result"
    assert str(reply["from"]) == to
    query = reply.xml.find(f"{{{LAST}}}query")
    assert query is not None, reply
    return int(query.get("seconds")), query.text or ""


async def subscribe(asker, owner):
    """`asker` subscribes to `owner`'s presence; the owner's client approves automatically."""
    asker.send_presence(pto=owner.boundjid.bare, ptype="subscribe")
    await asker.next_presence(lambda p: p["type"] == "subscribed"
                              and p["from"].bare == owner.boundjid.bare)


def test_server_reports_its_uptime(meerkat, port):
    started = time.monotonic()
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0012"])
        seconds, status = await last_of(alice, "localhost")
        assert 0 <= seconds <= time.monotonic() - started + 1
        assert status == ""
        await alice.quit()

    run(scenario())


def test_server_last_set_is_not_allowed(meerkat, port):
    # XEP-0012 defines only a get; the user-level handler already refuses a set
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0012"])
        error = await iq_error(last_iq(alice, "localhost", type_="set"))
        assert error_of(error) == ("cancel", "not-allowed")
        await alice.quit()

    run(scenario())


def test_online_contact_has_been_idle_for_zero_seconds(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0012"])
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile,
                              plugins=["xep_0012"])
        await subscribe(alice, bob)
        assert await last_of(alice, "bob@localhost") == (0, "")
        # the account itself may always ask
        assert await last_of(bob, "bob@localhost") == (0, "")
        await alice.quit()
        await bob.quit()

    run(scenario())


def test_last_after_logout_carries_the_unavailable_status(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0012"])
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile)
        await subscribe(alice, bob)
        bob.send_presence(ptype="unavailable", pstatus="Gone fishing")
        await bob.get_roster(timeout=TIMEOUT)  # a round trip: the presence was handled
        left = time.monotonic()
        await bob.quit()
        seconds, status = await last_of(alice, "bob@localhost")
        assert status == "Gone fishing"
        assert 0 <= seconds <= time.monotonic() - left + 1
        await alice.quit()

    run(scenario())


def test_last_after_a_vanished_client_has_no_status(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0012"])
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile)
        await subscribe(alice, bob)
        bob.send_presence(pstatus="Around")
        await alice.next_presence(lambda p: p["status"] == "Around")
        left = time.monotonic()
        await bob.quit()  # no unavailable presence: the server makes one (RFC 6121 §4.5.2)
        await alice.next_presence(lambda p: p["type"] == "unavailable"
                                  and p["from"].bare == "bob@localhost")
        seconds, status = await last_of(alice, "bob@localhost")
        assert status == ""
        assert 0 <= seconds <= time.monotonic() - left + 1
        await alice.quit()

    run(scenario())


def test_asker_not_subscribed_to_the_presence_is_forbidden(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    for user in ("alice", "bob", "carol"):
        server.add_user(f"{user}@localhost", user)

    async def scenario():
        alice = await connected("alice@localhost/phone", "alice", port, cafile=server.cafile,
                                plugins=["xep_0012"])
        bob = Client("bob@localhost/laptop", "bob", port, cafile=server.cafile,
                     plugins=["xep_0012"])
        bob.auto_subscribe = False  # approve alice, but do not ask back
        assert await bob.login()
        carol = await connected("carol@localhost/tablet", "carol", port,
                                cafile=server.cafile, plugins=["xep_0012"])
        await subscribe(alice, bob)
        assert await last_of(alice, "bob@localhost") == (0, "")
        # the other way round: alice's item for bob is "to" (bob is not subscribed to her)
        error = await iq_error(last_iq(bob, "alice@localhost"))
        assert error_of(error) == ("auth", "forbidden")
        # carol is in nobody's roster
        error = await iq_error(last_iq(carol, "bob@localhost"))
        assert error_of(error) == ("auth", "forbidden")
        for client in (alice, bob, carol):
            await client.quit()

    run(scenario())


def test_user_last_set_is_not_allowed(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0012"])
        error = await iq_error(last_iq(alice, "alice@localhost", type_="set"))
        assert error_of(error) == ("cancel", "not-allowed")
        await alice.quit()

    run(scenario())


def test_without_mod_last_nobody_answers(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_roster]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0012"])
        for to in ("localhost", "alice@localhost"):
            error = await iq_error(last_iq(alice, to))
            assert error_of(error) == ("cancel", "service-unavailable"), to
        await alice.quit()

    run(scenario())
