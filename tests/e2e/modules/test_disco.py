# SPDX-License-Identifier: Apache-2.0
"""mod_disco (XEP-0030 service discovery, XEP-0157 contact addresses) with a real client:
the server's identity and the features of every enabled module, the serverinfo form, items
with extra domains, a user's bare JID, and the errors for unknown nodes and accounts."""

from xml.etree import ElementTree

from modules_server import error_of, iq_error, start_modules_server
from xmpp_client import TIMEOUT, connected, run

DISCO_INFO = "http://jabber.org/protocol/disco#info"
DISCO_ITEMS = "http://jabber.org/protocol/disco#items"
DATA = "jabber:x:data"

ALL_MODULES = """
[modules.mod_disco]
[modules.mod_roster]
[modules.mod_offline]
[modules.mod_ping]
[modules.mod_version]
[modules.mod_time]
[modules.mod_last]
[modules.mod_private]
[modules.mod_vcard]
[modules.mod_blocking]
[modules.mod_register]
"""


async def info(client, jid, node=None):
    return await client["xep_0030"].get_info(jid=jid, node=node, local=False, timeout=TIMEOUT)


def identities(reply):
    return {(category, type_, name) for category, type_, _, name
            in reply["disco_info"]["identities"]}


def features(reply):
    return set(reply["disco_info"]["features"])


def info_iq(client, to, node=None, type_="get", xmlns=DISCO_INFO):
    iq = client.make_iq(ito=to, itype=type_)
    query = ElementTree.SubElement(iq.xml, f"{{{xmlns}}}query")
    if node:
        query.set("node", node)
    return iq


def test_server_info_names_the_server_and_every_enabled_module(meerkat, port):
    server = start_modules_server(meerkat, port, ALL_MODULES)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0030"])
        reply = await info(alice, "localhost")
        assert str(reply["from"]) == "localhost"
        assert identities(reply) == {("server", "im", "Meerkat")}
        assert features(reply) == {
            DISCO_INFO, DISCO_ITEMS, "urn:xmpp:ping", "jabber:iq:version", "urn:xmpp:time",
            "jabber:iq:last", "vcard-temp", "urn:xmpp:blocking", "msgoffline",
            "jabber:iq:register"}
        # no server_info option: no XEP-0157 form
        assert reply.xml.find(f"{{{DISCO_INFO}}}query/{{{DATA}}}x") is None
        await alice.quit()

    run(scenario())


def test_server_info_lists_only_the_enabled_modules(meerkat, port):
    server = start_modules_server(meerkat, port, """
    [modules.mod_disco]
    [modules.mod_ping]
    """)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0030"])
        reply = await info(alice, "localhost")
        assert features(reply) == {DISCO_INFO, DISCO_ITEMS, "urn:xmpp:ping"}
        await alice.quit()

    run(scenario())


def test_server_info_carries_the_xep_0157_form(meerkat, port):
    server = start_modules_server(meerkat, port, """
    [modules.mod_disco]
      server_info = [
        {name = "abuse-addresses", urls = ["mailto:abuse@localhost"]},
        {name = "support-addresses", urls = ["xmpp:support@localhost", "https://help.example"]},
        {name = "admin-addresses", urls = ["mailto:admin@localhost"], modules = ["mod_muc"]}
      ]
    """)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0030"])
        reply = await info(alice, "localhost")
        forms = reply.xml.findall(f"{{{DISCO_INFO}}}query/{{{DATA}}}x")
        assert len(forms) == 1
        form = forms[0]
        assert form.get("type") == "result"
        fields = {field.get("var"): (field.get("type"),
                                     [v.text for v in field.findall(f"{{{DATA}}}value")])
                  for field in form.findall(f"{{{DATA}}}field")}
        # the entry limited to mod_muc belongs to that service's disco, not the server's
        assert fields == {
            "FORM_TYPE": ("hidden", ["http://jabber.org/network/serverinfo"]),
            "abuse-addresses": (None, ["mailto:abuse@localhost"]),
            "support-addresses": (None, ["xmpp:support@localhost", "https://help.example"]),
        }
        await alice.quit()

    run(scenario())


def test_server_items_list_the_extra_domains(meerkat, port):
    server = start_modules_server(meerkat, port, """
    [modules.mod_disco]
      extra_domains = ["conference.localhost", "pubsub.localhost"]
    """)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0030"])
        reply = await alice["xep_0030"].get_items(jid="localhost", local=False, timeout=TIMEOUT)
        items = sorted((str(jid), node, name)
                       for jid, node, name in reply["disco_items"]["items"])
        assert items == [("conference.localhost", None, None), ("pubsub.localhost", None, None)]
        await alice.quit()

    run(scenario())


def test_server_items_are_empty_without_extra_domains(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_disco]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0030"])
        reply = await alice["xep_0030"].get_items(jid="localhost", local=False, timeout=TIMEOUT)
        assert reply["type"] == "result"
        assert reply["disco_items"]["items"] == set()
        await alice.quit()

    run(scenario())


def test_user_bare_jid_is_a_registered_account(meerkat, port):
    server = start_modules_server(meerkat, port, ALL_MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0030"])
        # bob is offline: the server answers for the account (XEP-0030 §3.1, RFC 6121 §8.5.1)
        reply = await info(alice, "bob@localhost")
        assert str(reply["from"]) == "bob@localhost"
        assert identities(reply) == {("account", "registered", None)}
        assert {DISCO_INFO, DISCO_ITEMS, "urn:xmpp:blocking"} <= features(reply)
        items = await alice["xep_0030"].get_items(jid="bob@localhost", local=False,
                                                  timeout=TIMEOUT)
        assert items["type"] == "result"
        assert items["disco_items"]["items"] == set()
        await alice.quit()

    run(scenario())


def test_unknown_node_is_item_not_found(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_disco]\n")
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0030"])
        for to, xmlns in [("localhost", DISCO_INFO), ("localhost", DISCO_ITEMS),
                          ("bob@localhost", DISCO_INFO), ("bob@localhost", DISCO_ITEMS)]:
            error = await iq_error(info_iq(alice, to, node="no-such-node", xmlns=xmlns))
            assert error_of(error) == ("cancel", "item-not-found"), (to, xmlns)
            assert str(error["from"]) == to
        await alice.quit()

    run(scenario())


def test_info_of_a_missing_account_is_service_unavailable(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_disco]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0030"])
        error = await iq_error(info_iq(alice, "ghost@localhost"))
        assert error_of(error) == ("cancel", "service-unavailable")
        await alice.quit()

    run(scenario())


def test_disco_set_is_not_allowed(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_disco]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0030"])
        for to, xmlns in [("localhost", DISCO_INFO), ("localhost", DISCO_ITEMS),
                          ("alice@localhost", DISCO_INFO)]:
            error = await iq_error(info_iq(alice, to, type_="set", xmlns=xmlns))
            assert error_of(error) == ("cancel", "not-allowed"), (to, xmlns)
        await alice.quit()

    run(scenario())


def test_without_mod_disco_nobody_answers_disco(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_ping]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0030"])
        error = await iq_error(info_iq(alice, "localhost"))
        assert error_of(error) == ("cancel", "service-unavailable")
        await alice.quit()

    run(scenario())
