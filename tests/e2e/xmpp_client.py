# SPDX-License-Identifier: Apache-2.0
"""Real-client helpers: slixmpp clients driven from plain pytest functions. Every wait has a
timeout; received stanzas are collected in asyncio queues so tests read them in order."""

import asyncio
import logging

import slixmpp

TIMEOUT = 10

logging.getLogger("slixmpp").setLevel(logging.WARNING)


def run(coroutine, timeout=30):
    """Runs a test scenario on slixmpp's event loop."""
    loop = asyncio.get_event_loop()
    return loop.run_until_complete(asyncio.wait_for(coroutine, timeout))


class Client(slixmpp.ClientXMPP):
    """A slixmpp client that records what it receives and fails loudly on auth problems."""

    def __init__(self, jid, password, port, plugins=(), mechanism=None, cafile=None,
                 tls=False):
        super().__init__(jid, password, sasl_mech=mechanism)
        self.port = port
        self.messages = asyncio.Queue()
        self.presences = asyncio.Queue()
        self.message_errors = asyncio.Queue()
        self.session_started = asyncio.Event()
        self.failed = asyncio.Event()
        self.disconnected_event = asyncio.Event()
        self.enable_direct_tls = tls
        if cafile:
            self.ca_certs = cafile
        if mechanism and not mechanism.endswith("-PLUS"):
            self._without_channel_binding()
        for plugin in plugins:
            self.register_plugin(plugin)
        self.add_event_handler("session_start", self._on_session_start)
        self.add_event_handler("failed_all_auth", lambda *_: self.failed.set())
        self.add_event_handler("message", self.messages.put_nowait)
        self.add_event_handler("presence", self.presences.put_nowait)
        self.add_event_handler("message_error", self.message_errors.put_nowait)
        self.add_event_handler("disconnected", lambda *_: self.disconnected_event.set())

    def _without_channel_binding(self):
        """slixmpp 1.8 knows only tls-unique, which TLS 1.3 does not define; it would still
        claim channel-binding support with the 'y' flag, which the server rightly refuses as a
        downgrade (RFC 5802 §6) since it offers -PLUS. Tests of a plain SCRAM variant make
        the client say 'n' instead, as a client without channel binding does."""
        mechanisms = self["feature_mechanisms"]
        original = mechanisms.sasl_callback

        def credentials(required, optional):
            values = original(required, optional)
            if "channel_binding" in values:
                values["channel_binding"] = None
            return values

        mechanisms.sasl_callback = credentials

    async def _on_session_start(self, _):
        self.session_started.set()

    async def login(self, presence=True, roster=False):
        """Connects and waits for the session; returns False when authentication fails."""
        self.connect(address=("127.0.0.1", self.port), use_ssl=self.enable_direct_tls)
        started = asyncio.ensure_future(self.session_started.wait())
        failed = asyncio.ensure_future(self.failed.wait())
        done, pending = await asyncio.wait({started, failed}, timeout=TIMEOUT,
                                           return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        if started not in done:
            return False
        if roster:
            await self.get_roster(timeout=TIMEOUT)
        if presence:
            self.send_presence()
        return True

    async def next_message(self, timeout=TIMEOUT, skip_empty=True):
        while True:
            message = await asyncio.wait_for(self.messages.get(), timeout)
            if not skip_empty or message["body"]:
                return message

    async def next_presence(self, predicate=lambda p: True, timeout=TIMEOUT):
        while True:
            presence = await asyncio.wait_for(self.presences.get(), timeout)
            if predicate(presence):
                return presence

    async def quit(self):
        self.disconnect()
        try:
            await asyncio.wait_for(self.disconnected_event.wait(), TIMEOUT)
        except asyncio.TimeoutError:
            pass


async def connected(jid, password, port, **kwargs):
    """A logged-in client with initial presence sent."""
    client = Client(jid, password, port, **kwargs)
    assert await client.login(), f"{jid} could not log in"
    return client
