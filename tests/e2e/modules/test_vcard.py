# SPDX-License-Identifier: Apache-2.0
"""mod_vcard (XEP-0054 vcard-temp) with slixmpp's xep_0054: publish and read one's own vCard,
read another user's, the server's own vCard, and the refusals: someone else's vCard, an
oversized one, and vCards that do not exist."""

from modules_server import error_of, iq_error, start_modules_server
from xmpp_client import TIMEOUT, connected, run

VCARD = "vcard-temp"
MODULES = """
[modules.mod_vcard]
  search = false
"""


def card_of(client, fn, nickname=None, email=None):
    card = client["xep_0054"].make_vcard()
    card["FN"] = fn
    if nickname:
        card["NICKNAME"] = nickname
    if email:
        card["EMAIL"]["USERID"] = email
    return card


def vcard_get(client, to=None):
    iq = client.make_iq(ito=to, itype="get")
    iq.enable("vcard_temp")
    return iq


def vcard_set(client, card, to=None):
    iq = client.make_iq(ito=to, itype="set")
    iq.append(card)
    return iq


def fields(reply):
    """{element: text} of the vCard's top-level children, EMAIL flattened to its USERID."""
    card = reply.xml.find(f"{{{VCARD}}}vCard")
    assert card is not None, reply
    result = {}
    for child in card:
        name = child.tag.split("}")[1]
        if name == "EMAIL":
            result[name] = child.findtext(f"{{{VCARD}}}USERID")
        else:
            result[name] = child.text
    return result


def test_publish_and_read_own_vcard(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        phone = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0054"])
        card = card_of(phone, "Alice Liddell", "alice", "alice@example.org")
        await phone["xep_0054"].publish_vcard(card, timeout=TIMEOUT)
        await phone.quit()
        laptop = await connected("alice@localhost/laptop", "a", port, cafile=server.cafile,
                                 plugins=["xep_0054"])
        # XEP-0054 §3.1: one's own vCard is asked with no 'to'
        reply = await vcard_get(laptop).send(timeout=TIMEOUT)
        assert reply["type"] == "result"
        assert fields(reply) == {"FN": "Alice Liddell", "NICKNAME": "alice",
                                 "EMAIL": "alice@example.org"}
        await laptop.quit()

    run(scenario())


def test_another_user_reads_the_vcard_from_the_server(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0054"])
        await alice["xep_0054"].publish_vcard(card_of(alice, "Alice Liddell", "alice"),
                                              timeout=TIMEOUT)
        await alice.quit()  # §3.3: the server answers for the account, online or not
        bob = await connected("bob@localhost", "b", port, cafile=server.cafile,
                              plugins=["xep_0054"])
        reply = await bob["xep_0054"].get_vcard("alice@localhost", local=False,
                                                timeout=TIMEOUT)
        assert str(reply["from"]) == "alice@localhost"
        assert fields(reply) == {"FN": "Alice Liddell", "NICKNAME": "alice"}
        await bob.quit()

    run(scenario())


def test_update_replaces_the_whole_vcard(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0054"])
        await alice["xep_0054"].publish_vcard(card_of(alice, "Alice", "alice"),
                                              timeout=TIMEOUT)
        # §3.2: no partial updates; the NICKNAME left out is gone
        await alice["xep_0054"].publish_vcard(card_of(alice, "Alice Liddell"),
                                              timeout=TIMEOUT)
        reply = await vcard_get(alice).send(timeout=TIMEOUT)
        assert fields(reply) == {"FN": "Alice Liddell"}
        await alice.quit()

    run(scenario())


def test_own_vcard_before_publishing_is_empty(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0054"])
        # §3.1 allows an empty <vCard/> (or item-not-found); this server answers empty
        reply = await vcard_get(alice).send(timeout=TIMEOUT)
        assert reply["type"] == "result"
        assert fields(reply) == {}
        await alice.quit()

    run(scenario())


def test_missing_vcard_of_another_user_is_an_error(meerkat, port):
    # XEP-0054 §3.3: "If no vCard exists or the user does not exist, the server MUST return a
    # stanza error, which SHOULD be <service-unavailable/> or <item-not-found/>" — the same in
    # both cases, so that nobody learns which accounts exist.
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0054"])
        no_card = await iq_error(vcard_get(alice, "bob@localhost"))
        no_user = await iq_error(vcard_get(alice, "ghost@localhost"))
        assert error_of(no_user) in {("cancel", "service-unavailable"),
                                     ("cancel", "item-not-found")}
        assert error_of(no_card) == error_of(no_user)
        await alice.quit()

    run(scenario())


def test_setting_another_users_vcard_is_forbidden(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        bob = await connected("bob@localhost", "b", port, cafile=server.cafile,
                              plugins=["xep_0054"])
        await bob["xep_0054"].publish_vcard(card_of(bob, "Bob"), timeout=TIMEOUT)
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0054"])
        error = await iq_error(vcard_set(alice, card_of(alice, "Mallory"), to="bob@localhost"))
        assert error_of(error) == ("auth", "forbidden")  # §3.2
        reply = await vcard_get(bob).send(timeout=TIMEOUT)
        assert fields(reply) == {"FN": "Bob"}
        for client in (alice, bob):
            await client.quit()

    run(scenario())


def test_oversized_vcard_is_not_acceptable(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0054"])
        await alice["xep_0054"].publish_vcard(card_of(alice, "Alice"), timeout=TIMEOUT)
        big = card_of(alice, "Alice with a huge avatar")
        big["PHOTO"]["TYPE"] = "image/png"
        big["PHOTO"]["BINVAL"] = b"\0" * (300 * 1024)
        error = await iq_error(vcard_set(alice, big))
        assert error_of(error) == ("modify", "not-acceptable")
        reply = await vcard_get(alice).send(timeout=TIMEOUT)
        assert fields(reply) == {"FN": "Alice"}  # the old one stays
        await alice.quit()

    run(scenario())


def test_server_has_its_own_vcard(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0054"])
        reply = await vcard_get(alice, "localhost").send(timeout=TIMEOUT)
        assert str(reply["from"]) == "localhost"
        assert fields(reply) == {"FN": "Meerkat", "DESC": "Meerkat XMPP server"}
        error = await iq_error(vcard_set(alice, card_of(alice, "Not the server"),
                                         to="localhost"))
        assert error_of(error) == ("cancel", "not-allowed")
        await alice.quit()

    run(scenario())
