# SPDX-License-Identifier: Apache-2.0
"""mod_carboncopy (XEP-0280): a session that enabled carbons sees the chat messages its
account's other sessions send and receive, wrapped in <sent/> or <received/>; private,
no-copy, groupchat and headline messages are not copied; sessions that did not enable
carbons (or disabled them) get nothing; only the account itself can enable them."""

import asyncio
from xml.etree import ElementTree

from modules_server import error_of, iq_error, no_stanza, start_modules_server
from xmpp_client import TIMEOUT, Client, connected, run

MODULES = """
[modules.mod_roster]
[modules.mod_disco]
[modules.mod_carboncopy]
"""


class CarbonClient(Client):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, plugins=["xep_0030", "xep_0280"], **kwargs)
        self.carbons = asyncio.Queue()
        self.add_event_handler("carbon_received",
                               lambda m: self.carbons.put_nowait(("received", m)))
        self.add_event_handler("carbon_sent", lambda m: self.carbons.put_nowait(("sent", m)))

    async def next_carbon(self):
        direction, message = await asyncio.wait_for(self.carbons.get(), TIMEOUT)
        return direction, message[f"carbon_{direction}"]


async def carbon_client(jid, password, port, cafile, enable=True):
    client = CarbonClient(jid, password, port, cafile=cafile)
    assert await client.login()
    if enable:
        await client["xep_0280"].enable(timeout=TIMEOUT)
    return client


def test_sent_and_received_messages_reach_the_other_sessions(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        phone = await carbon_client("alice@localhost/phone", "a", port, server.cafile)
        desktop = await carbon_client("alice@localhost/desktop", "a", port, server.cafile)
        tablet = await carbon_client("alice@localhost/tablet", "a", port, server.cafile,
                                     enable=False)
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile)
        info = await desktop["xep_0030"].get_info(jid="localhost", timeout=TIMEOUT)
        assert "urn:xmpp:carbons:2" in info["disco_info"]["features"]

        # received: bob writes to the phone; the desktop sees it too
        bob.send_message(mto="alice@localhost/phone", mbody="to the phone", mtype="chat")
        assert (await phone.next_message())["body"] == "to the phone"
        direction, copy = await desktop.next_carbon()
        assert direction == "received"
        assert (copy["body"], str(copy["from"]), str(copy["to"])) == (
            "to the phone", "bob@localhost/laptop", "alice@localhost/phone")

        # sent: the phone answers; the desktop sees the answer
        phone.send_message(mto="bob@localhost", mbody="answer from the phone", mtype="chat")
        assert (await bob.next_message())["body"] == "answer from the phone"
        direction, copy = await desktop.next_carbon()
        assert direction == "sent"
        assert (copy["body"], str(copy["from"]), str(copy["to"])) == (
            "answer from the phone", "alice@localhost/phone", "bob@localhost")
        # the sender itself gets no copy of what it sent
        await no_stanza(phone.carbons, timeout=0.5)

        # to the bare JID: every available resource gets the message itself, no copies
        bob.send_message(mto="alice@localhost", mbody="to everyone", mtype="chat")
        for client in (phone, desktop, tablet):
            assert (await client.next_message())["body"] == "to everyone"
        await no_stanza(desktop.carbons, timeout=0.5)
        await no_stanza(phone.carbons, timeout=0.1)

        # not copied: private, no-copy, headline, groupchat
        private = phone.make_message(mto="bob@localhost", mbody="private", mtype="chat")
        private.xml.append(ElementTree.Element("{urn:xmpp:carbons:2}private"))
        private.send()
        no_copy = phone.make_message(mto="bob@localhost", mbody="no-copy", mtype="chat")
        no_copy.xml.append(ElementTree.Element("{urn:xmpp:hints}no-copy"))
        no_copy.send()
        phone.send_message(mto="bob@localhost", mbody="headline", mtype="headline")
        for body in ("private", "no-copy", "headline"):
            assert (await bob.next_message())["body"] == body
        await no_stanza(desktop.carbons)

        # a session that never enabled carbons got none of it
        await no_stanza(tablet.carbons, timeout=0.1)

        # disabled: no more copies
        await desktop["xep_0280"].disable(timeout=TIMEOUT)
        bob.send_message(mto="alice@localhost/phone", mbody="after disable", mtype="chat")
        assert (await phone.next_message())["body"] == "after disable"
        await no_stanza(desktop.carbons)
        for client in (phone, desktop, tablet, bob):
            await client.quit()

    run(scenario())


def test_only_the_account_enables_its_carbons_and_only_with_a_set(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await carbon_client("alice@localhost/phone", "a", port, server.cafile,
                                    enable=False)
        get = alice.make_iq_get(queryxmlns=None)
        get.enable("carbon_enable")
        assert error_of(await iq_error(get)) == ("modify", "bad-request")
        other = alice.make_iq_set(ito="bob@localhost")
        other.enable("carbon_enable")
        assert error_of(await iq_error(other)) == ("cancel", "not-allowed")
        await alice["xep_0280"].enable(timeout=TIMEOUT)

        # a new session with the same full JID starts with carbons off
        replacement = await carbon_client("alice@localhost/phone", "a", port, server.cafile,
                                          enable=False)
        other_session = await carbon_client("alice@localhost/desktop", "a", port,
                                            server.cafile)
        other_session.send_message(mto="bob@localhost", mbody="hello", mtype="chat")
        await no_stanza(replacement.carbons)
        for client in (replacement, other_session):
            await client.quit()

    run(scenario())
