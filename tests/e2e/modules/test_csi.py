# SPDX-License-Identifier: Apache-2.0
"""mod_csi (XEP-0352): while a client is inactive, presence and messages without a body wait
(the latest presence per contact only); a message with a body takes them along, in order;
<active/> or more than buffer_max waiting releases them; and what waits when the session
ends is not lost."""

import asyncio
from xml.etree import ElementTree

from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

from modules_server import no_stanza, start_modules_server
from xmpp_client import TIMEOUT, Client, connected, run

MODULES = """
[modules.mod_roster]
[modules.mod_offline]
[modules.mod_csi]
  buffer_max = {buffer_max}
"""

CHAT_STATE = "{http://jabber.org/protocol/chatstates}composing"


class CsiClient(Client):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, plugins=["xep_0352"], **kwargs)
        self.stanzas = asyncio.Queue()
        # every message: slixmpp's "message" event skips those without a body
        self.register_handler(Callback("any message", MatchXPath("{jabber:client}message"),
                                       lambda m: self.stanzas.put_nowait(("message", m))))
        self.add_event_handler("presence", lambda p: self.stanzas.put_nowait(("presence", p)))

    async def next_stanza(self):
        return await asyncio.wait_for(self.stanzas.get(), TIMEOUT)

    async def go_inactive(self):
        self["xep_0352"].send_inactive()
        await asyncio.sleep(0.2)  # the server has it before anything else is sent


def composing(sender, to):
    message = sender.make_message(mto=to, mtype="chat")
    message.xml.append(ElementTree.Element(CHAT_STATE))
    return message


def test_inactive_client_gets_waiting_stanzas_with_the_next_message(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES.format(buffer_max=20))
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = CsiClient("alice@localhost/phone", "a", port, cafile=server.cafile)
        assert await alice.login()
        assert alice["xep_0352"].enabled  # the server offered the feature
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile)
        while not alice.stanzas.empty():
            alice.stanzas.get_nowait()
        await alice.go_inactive()

        composing(bob, "alice@localhost/phone").send()
        for show in ("away", "xa", "dnd"):  # directed presence; only the last one matters
            bob.send_presence(pto="alice@localhost/phone", pshow=show)
        await no_stanza(alice.stanzas, timeout=1)

        bob.send_message(mto="alice@localhost/phone", mbody="wake up", mtype="chat")
        kind, first = await alice.next_stanza()
        assert kind == "message" and first.xml.find(CHAT_STATE) is not None
        kind, presence = await alice.next_stanza()
        assert kind == "presence" and presence["show"] == "dnd"
        kind, message = await alice.next_stanza()
        assert kind == "message" and message["body"] == "wake up"
        await no_stanza(alice.stanzas, timeout=0.5)

        # <active/> releases what waits at once
        await alice.go_inactive()
        bob.send_presence(pto="alice@localhost/phone", pshow="chat")
        await no_stanza(alice.stanzas, timeout=0.5)
        alice["xep_0352"].send_active()
        kind, presence = await alice.next_stanza()
        assert kind == "presence" and presence["show"] == "chat"
        for client in (alice, bob):
            await client.quit()

    run(scenario())


def test_buffer_max_and_session_end(meerkat, port):
    server = start_modules_server(meerkat, port, MODULES.format(buffer_max=3))
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = CsiClient("alice@localhost/phone", "a", port, cafile=server.cafile)
        assert await alice.login()
        bob = await connected("bob@localhost/laptop", "b", port, cafile=server.cafile)
        while not alice.stanzas.empty():
            alice.stanzas.get_nowait()
        await alice.go_inactive()
        for _ in range(3):
            composing(bob, "alice@localhost/phone").send()
        await no_stanza(alice.stanzas, timeout=1)
        composing(bob, "alice@localhost/phone").send()  # the 4th: over buffer_max
        for _ in range(4):
            kind, _ = await alice.next_stanza()
            assert kind == "message"

        # messages waiting when the session ends go back to the account (offline storage)
        await alice.go_inactive()
        receipt = bob.make_message(mto="alice@localhost/phone", mtype="chat")
        receipt["id"] = "still-here"
        receipt.xml.append(ElementTree.Element("{urn:xmpp:receipts}received", {"id": "m1"}))
        receipt.send()
        await asyncio.sleep(0.5)
        await alice.quit()
        again = CsiClient("alice@localhost/phone", "a", port, cafile=server.cafile)
        assert await again.login()
        while True:
            kind, stanza = await again.next_stanza()
            if kind == "message":
                break
        assert stanza["id"] == "still-here"
        for client in (again, bob):
            await client.quit()

    run(scenario())
