# SPDX-License-Identifier: Apache-2.0
"""mod_private (XEP-0049 private XML storage): store and get back, per namespace, across
sessions; nothing stored gives the empty element; reserved namespaces are not acceptable and
another user's storage is forbidden."""

from xml.etree import ElementTree

from modules_server import error_of, iq_error, start_modules_server
from xmpp_client import TIMEOUT, connected, run

PRIVATE = "jabber:iq:private"
MODULES = "[modules.mod_private]\n"


def private_iq(client, children, type_="get", to=None):
    """An IQ whose <query xmlns='jabber:iq:private'/> holds `children` (XML strings)."""
    iq = client.make_iq(ito=to, itype=type_)
    query = ElementTree.SubElement(iq.xml, f"{{{PRIVATE}}}query")
    for child in children:
        query.append(ElementTree.fromstring(child))
    return iq


def stored(reply):
    """The children of the reply's query, as (tag, {child tag: text})."""
    query = reply.xml.find(f"{{{PRIVATE}}}query")
    assert query is not None, reply
    return [(element.tag, {c.tag: c.text for c in element}) for element in query]


PREFS = "<prefs xmlns='exodus:prefs'><defaultnick>Hamlet</defaultnick></prefs>"
BOOKMARKS = ("<storage xmlns='storage:bookmarks'><url>https://example.org/</url>"
             "</storage>")


def test_store_and_get_back(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        phone = await connected("alice@localhost/phone", "a", port, cafile=server.cafile)
        reply = await private_iq(phone, [PREFS], type_="set").send(timeout=TIMEOUT)
        assert reply["type"] == "result"
        assert len(reply.xml) == 0
        await phone.quit()
        # another session, later: the data is the account's
        laptop = await connected("alice@localhost/laptop", "a", port, cafile=server.cafile)
        reply = await private_iq(laptop, ["<prefs xmlns='exodus:prefs'/>"]).send(
            timeout=TIMEOUT)
        assert stored(reply) == [
            ("{exodus:prefs}prefs", {"{exodus:prefs}defaultnick": "Hamlet"})]
        await laptop.quit()

    run(scenario())


def test_nothing_stored_gives_the_empty_element(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile)
        reply = await private_iq(alice, ["<prefs xmlns='exodus:prefs'/>"]).send(
            timeout=TIMEOUT)
        assert stored(reply) == [("{exodus:prefs}prefs", {})]
        await alice.quit()

    run(scenario())


def test_set_replaces_only_its_namespaces(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile)
        await private_iq(alice, [PREFS, BOOKMARKS], type_="set").send(timeout=TIMEOUT)
        newer = "<prefs xmlns='exodus:prefs'><defaultnick>Ophelia</defaultnick></prefs>"
        await private_iq(alice, [newer], type_="set").send(timeout=TIMEOUT)
        # XEP-0049 §2.3: one namespace per get
        reply = await private_iq(alice, ["<prefs xmlns='exodus:prefs'/>"]).send(
            timeout=TIMEOUT)
        assert stored(reply) == [
            ("{exodus:prefs}prefs", {"{exodus:prefs}defaultnick": "Ophelia"})]
        reply = await private_iq(alice, ["<storage xmlns='storage:bookmarks'/>"]).send(
            timeout=TIMEOUT)
        assert stored(reply) == [
            ("{storage:bookmarks}storage", {"{storage:bookmarks}url": "https://example.org/"})]
        await alice.quit()

    run(scenario())


def test_reserved_namespaces_are_not_acceptable(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile)
        # XEP-0049 §2.3: jabber:* is reserved; every child needs its own namespace
        for child in ("<query xmlns='jabber:iq:roster'/>",
                      "<x xmlns='jabber:x:data' type='form'/>",
                      f"<exodus xmlns='{PRIVATE}'/>"):
            for type_ in ("get", "set"):
                error = await iq_error(private_iq(alice, [child], type_=type_))
                assert error_of(error) == ("modify", "not-acceptable"), (child, type_)
        # one reserved namespace spoils the whole set: nothing of it is stored
        error = await iq_error(private_iq(alice, [PREFS, "<query xmlns='jabber:iq:roster'/>"],
                                          type_="set"))
        assert error_of(error) == ("modify", "not-acceptable")
        reply = await private_iq(alice, ["<prefs xmlns='exodus:prefs'/>"]).send(
            timeout=TIMEOUT)
        assert stored(reply) == [("{exodus:prefs}prefs", {})]
        await alice.quit()

    run(scenario())


def test_get_without_a_child_is_a_bad_request(meerkat, port):
    # XEP-0049 §2.3: "Bad Format" (some servers say not-acceptable; this one does not)
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile)
        error = await iq_error(private_iq(alice, []))
        assert error_of(error) == ("modify", "bad-request")
        await alice.quit()

    run(scenario())


def test_another_users_storage_is_forbidden(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        bob = await connected("bob@localhost", "b", port, cafile=server.cafile)
        await private_iq(bob, [PREFS], type_="set").send(timeout=TIMEOUT)
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile)
        for type_, child in (("get", "<prefs xmlns='exodus:prefs'/>"),
                             ("set", "<prefs xmlns='exodus:prefs'><defaultnick>Yorick"
                                     "</defaultnick></prefs>")):
            error = await iq_error(private_iq(alice, [child], type_=type_, to="bob@localhost"))
            assert error_of(error) == ("cancel", "forbidden"), type_
        # bob's data is as he left it
        reply = await private_iq(bob, ["<prefs xmlns='exodus:prefs'/>"]).send(timeout=TIMEOUT)
        assert stored(reply) == [
            ("{exodus:prefs}prefs", {"{exodus:prefs}defaultnick": "Hamlet"})]
        for client in (alice, bob):
            await client.quit()

    run(scenario())


def test_storage_is_per_account(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile)
        bob = await connected("bob@localhost", "b", port, cafile=server.cafile)
        await private_iq(alice, [PREFS], type_="set").send(timeout=TIMEOUT)
        reply = await private_iq(bob, ["<prefs xmlns='exodus:prefs'/>"]).send(timeout=TIMEOUT)
        assert stored(reply) == [("{exodus:prefs}prefs", {})]
        for client in (alice, bob):
            await client.quit()

    run(scenario())
