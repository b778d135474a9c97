# SPDX-License-Identifier: Apache-2.0
"""A second real client library, aioxmpp (Debian's 0.13.3 with aiosasl 0.5), on the core
scenarios: login (SCRAM, PLAIN, SCRAM-PLUS with channel binding, a wrong password), the
roster (add, push, re-login, versioning, the subscription handshake) and chat (aioxmpp to
aioxmpp, to a bare JID, and aioxmpp to slixmpp and back).

Note: this folder must not get an __init__.py: tests/e2e is on sys.path (pytest.ini), and a
regular package tests/e2e/aioxmpp would then shadow the real aioxmpp library."""

import asyncio
import hashlib
from datetime import timedelta
import logging
import sys
from pathlib import Path

import aiosasl
import aiosasl.channel_binding
import aiosasl.scram
import aioxmpp
import aioxmpp.connector
import aioxmpp.dispatcher
import aioxmpp.errors
import aioxmpp.sasl
import aioxmpp.security_layer
import OpenSSL.crypto
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "im"))
from im_server import start_im_server  # noqa: E402
from xmpp_client import connected as slixmpp_connected, run  # noqa: E402

TIMEOUT = 10

logging.getLogger("aioxmpp").setLevel(logging.WARNING)

# aioxmpp 0.13's PKIX verifier still calls ssl.match_hostname (deprecated since 3.7)
pytestmark = pytest.mark.filterwarnings("ignore:ssl.match_hostname:DeprecationWarning")


# ---------------------------------------------------------------------------------------
# Connecting


def trust_only(cafile):
    """An ssl context factory trusting exactly the server's generated self-signed certificate.
    With aioxmpp's default PKIXCertificateVerifier this is real verification: the chain is
    checked against this CA file and the certificate's names against the JID's domain (the
    generated certificate carries DNS:localhost); no pinning and no no-verify shortcut."""

    def factory():
        context = aioxmpp.security_layer.default_ssl_context()
        context.load_verify_locations(cafile)
        return context

    return factory


def password_provider(password):
    """aioxmpp's PasswordSASLProvider with a single attempt, so a failure surfaces as the
    server's <failure/> condition. (With a plain string password aioxmpp asks again for a
    second attempt, gets None and raises its own 'aborted by user' failure instead.)"""

    async def provide(jid, attempt):
        return password

    return aioxmpp.security_layer.PasswordSASLProvider(provide, max_auth_attempts=1)


class Recording(aioxmpp.security_layer.SASLProvider):
    """Wraps a SASL provider and records what the server offered over which TLS version."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner
        self.offered = None
        self.tls_version = None

    async def execute(self, client_jid, features, xmlstream, tls_transport):
        mechanisms = features[aioxmpp.security_layer.SASLMechanisms]
        self.offered = mechanisms.get_mechanism_list()
        if tls_transport is not None:
            ssl_object = tls_transport.get_extra_info("ssl_object")
            self.tls_version = ssl_object.get_protocol_version_name()
        return await self.inner.execute(client_jid, features, xmlstream, tls_transport)


class TLSExporter(aiosasl.channel_binding.ChannelBindingProvider):
    """tls-exporter (RFC 9266): 32 bytes of keying material for the label
    'EXPORTER-Channel-Binding' and no context. aiosasl 0.5 has no provider for it."""

    def __init__(self, connection):
        super().__init__()
        self._connection = connection

    @property
    def cb_name(self):
        return b"tls-exporter"

    def extract_cb_data(self):
        return self._connection.export_keying_material(b"EXPORTER-Channel-Binding", 32)


class TLSServerEndPoint(aiosasl.channel_binding.ChannelBindingProvider):
    """tls-server-end-point (RFC 5929 §4.1): the hash of the server certificate with the hash
    of its signature algorithm, SHA-256 for MD5/SHA-1. aiosasl's own TLSServerEndPoint cannot
    be used: it splits the algorithm name at 'with', which for the generated certificate's
    'ecdsa-with-SHA256' gives 'ecdsa-' and then fails inside cert.digest()."""

    def __init__(self, connection):
        super().__init__()
        self._connection = connection

    @property
    def cb_name(self):
        return b"tls-server-end-point"

    def extract_cb_data(self):
        certificate = self._connection.get_peer_certificate()
        algorithm = certificate.get_signature_algorithm().decode().lower()
        name = next((h for h in ("sha512", "sha384", "sha256") if h in algorithm), "sha256")
        der = OpenSSL.crypto.dump_certificate(OpenSSL.crypto.FILETYPE_ASN1, certificate)
        return hashlib.new(name, der).digest()


class ForcedMechanism(aioxmpp.security_layer.SASLProvider):
    """Runs exactly one SASL mechanism. aioxmpp's PasswordSASLProvider only ever tries
    aiosasl.SCRAM (SCRAM-SHA-1 and SCRAM-SHA-256, never -PLUS) and then PLAIN; this drives
    aiosasl's SCRAM, SCRAMPLUS and PLAIN directly for the other variants the server offers."""

    def __init__(self, mechanism, password, binding=None):
        super().__init__()
        self.mechanism = mechanism
        self.password = password
        self.binding = binding

    async def execute(self, client_jid, features, xmlstream, tls_transport):
        offered = features[aioxmpp.security_layer.SASLMechanisms].get_mechanism_list()
        assert self.mechanism in offered, offered

        async def credentials():
            return client_jid.localpart, self.password

        if self.mechanism == "PLAIN":
            mechanism, token = aiosasl.PLAIN(credentials), "PLAIN"
        else:
            family = self.mechanism[len("SCRAM-"):].removesuffix("-PLUS")
            info = aiosasl.scram.SCRAMHashInfo(family.replace("-", "").lower(), 0, 4096)
            token = (self.mechanism, info)
            if self.mechanism.endswith("-PLUS"):
                connection = tls_transport.get_extra_info("ssl_object")
                mechanism = aiosasl.SCRAMPLUS(credentials, self.binding(connection))
            else:
                mechanism = aiosasl.SCRAM(credentials)
        interface = aioxmpp.sasl.SASLXMPPInterface(xmlstream)
        return await self._execute(interface, mechanism, token)


def make_client(jid, password, port, cafile, sasl=None, services=()):
    security = aioxmpp.security_layer.SecurityLayer(
        trust_only(cafile), aioxmpp.security_layer.PKIXCertificateVerifier, True,
        (sasl or password_provider(password),))
    client = aioxmpp.Client(
        aioxmpp.JID.fromstr(jid), security, max_initial_attempts=1,
        negotiation_timeout=timedelta(seconds=TIMEOUT),
        override_peer=[("127.0.0.1", port, aioxmpp.connector.STARTTLSConnector())])
    for service in services:
        client.summon(service)
    return client


async def start(client):
    """Starts the client and waits until the stream is established (resource bound, and
    services such as the roster got their initial data); raises the failure otherwise."""
    established = asyncio.get_running_loop().create_future()

    def on_established():
        if not established.done():
            established.set_result(None)

    def on_failure(error):
        if not established.done():
            established.set_exception(error)

    client.on_stream_established.connect(on_established)
    client.on_failure.connect(on_failure)
    client.start()
    try:
        await asyncio.wait_for(established, TIMEOUT)
    except BaseException:
        client.stop()
        raise
    return client


async def login(jid, password, port, cafile, available=False, **kwargs):
    """A connected client; with available=True it sends initial presence and waits for the
    server to reflect it back (RFC 6121 §4.2.2), so later stanzas from other connections
    find this resource available without any sleep."""
    services = tuple(kwargs.pop("services", ()))
    if available:
        services += (aioxmpp.PresenceClient, aioxmpp.PresenceServer)
    client = make_client(jid, password, port, cafile, services=services, **kwargs)
    if not available:
        return await start(client)
    reflected = Events(client.summon(aioxmpp.PresenceClient).on_available,
                       lambda full_jid, stanza: full_jid)
    client.summon(aioxmpp.PresenceServer).set_presence(
        aioxmpp.PresenceState(True))
    await start(client)
    assert await reflected.next(lambda full: full == client.local_jid) == client.local_jid
    reflected.close()
    return client


async def stop(client):
    if not client.running:
        return
    stopped = asyncio.get_running_loop().create_future()
    client.on_stopped.connect(lambda: stopped.done() or stopped.set_result(None))
    client.on_failure.connect(lambda _: stopped.done() or stopped.set_result(None))
    client.stop()
    await asyncio.wait_for(stopped, TIMEOUT)


class Events:
    """Collects an aioxmpp signal's emissions in a queue, in order."""

    def __init__(self, signal, convert=lambda *args: args if len(args) != 1 else args[0]):
        self.queue = asyncio.Queue()
        self.signal = signal
        self.token = signal.connect(lambda *args: self.queue.put_nowait(convert(*args)))

    async def next(self, predicate=lambda value: True, timeout=TIMEOUT):
        while True:
            value = await asyncio.wait_for(self.queue.get(), timeout)
            if predicate(value):
                return value

    def close(self):
        self.signal.disconnect(self.token)


def messages(client):
    """Chat messages with a body that reach the client, via the simple message dispatcher."""
    queue = asyncio.Queue()
    dispatcher = client.summon(aioxmpp.dispatcher.SimpleMessageDispatcher)
    dispatcher.register_callback(
        aioxmpp.MessageType.CHAT, None,
        lambda message: message.body and queue.put_nowait(message))
    return queue


def chat(to, text):
    message = aioxmpp.Message(type_=aioxmpp.MessageType.CHAT, to=aioxmpp.JID.fromstr(to))
    message.body[None] = text
    return message


def jid(text):
    return aioxmpp.JID.fromstr(text)


# ---------------------------------------------------------------------------------------
# Login


def test_login_picks_scram_sha_256(meerkat, port, caplog):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")
    caplog.set_level(logging.INFO, logger="aiosasl")

    async def scenario():
        recording = Recording(password_provider("a"))
        client = make_client("alice@localhost/aio", "a", port, server.cafile, sasl=recording)
        await start(client)
        assert client.local_jid == jid("alice@localhost/aio")
        await stop(client)
        return recording

    recording = run(scenario())
    for mechanism in ("SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512",
                      "SCRAM-SHA-256-PLUS", "PLAIN"):
        assert mechanism in recording.offered, recording.offered
    assert recording.tls_version == "TLSv1.3"
    # aioxmpp only knows non-PLUS SCRAM with SHA-1 and SHA-256, prefers SHA-256, and says
    # 'n,,' (no channel binding support) so the -PLUS offers do not make it a downgrade
    attempts = [r.getMessage() for r in caplog.records if r.name.startswith("aiosasl")]
    assert any(m.startswith("attempting SCRAM-SHA-256 mechanism") for m in attempts), attempts
    assert "c2s_authenticated peer=" in server.log


@pytest.mark.parametrize("mechanism", [
    "SCRAM-SHA-1", "SCRAM-SHA-224", "SCRAM-SHA-256", "SCRAM-SHA-384", "SCRAM-SHA-512",
    "PLAIN"])
def test_login_with_each_mechanism(meerkat, port, mechanism):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "pässwörd")  # SASLprep'd non-ASCII password

    async def scenario():
        client = make_client("alice@localhost/aio", "pässwörd", port, server.cafile,
                             sasl=ForcedMechanism(mechanism, "pässwörd"))
        await start(client)
        await stop(client)

    run(scenario())


@pytest.mark.parametrize("mechanism,binding", [
    ("SCRAM-SHA-256-PLUS", TLSExporter),
    ("SCRAM-SHA-256-PLUS", TLSServerEndPoint),
    ("SCRAM-SHA-1-PLUS", TLSExporter),
    ("SCRAM-SHA-512-PLUS", TLSServerEndPoint),
])
def test_login_with_scram_plus_channel_binding(meerkat, port, mechanism, binding):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")

    async def scenario():
        client = make_client("alice@localhost/aio", "a", port, server.cafile,
                             sasl=ForcedMechanism(mechanism, "a", binding))
        await start(client)
        await stop(client)

    run(scenario())


@pytest.mark.parametrize("binding", [TLSExporter, TLSServerEndPoint])
def test_scram_plus_with_wrong_binding_data_is_refused(meerkat, port, binding):
    """The channel binding data is really checked: the right type with other bytes, as a
    man in the middle terminating TLS would send, fails (RFC 5802 §6)."""

    class Wrong(binding):
        def extract_cb_data(self):
            return bytes(len(super().extract_cb_data()))

    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")

    async def scenario():
        client = make_client("alice@localhost/aio", "a", port, server.cafile,
                             sasl=ForcedMechanism("SCRAM-SHA-256-PLUS", "a", Wrong))
        with pytest.raises(aiosasl.SASLError):
            await start(client)

    run(scenario())
    assert "c2s_authenticated" not in server.log


def test_scram_plus_with_tls_unique_is_refused(meerkat, port):
    """tls-unique is not defined for TLS 1.3 (RFC 9266 §3); the server does not offer it and
    must not accept 'p=tls-unique' (pyOpenSSL still returns some Finished bytes)."""
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")

    async def scenario():
        client = make_client("alice@localhost/aio", "a", port, server.cafile,
                             sasl=ForcedMechanism("SCRAM-SHA-256-PLUS", "a",
                                                   aiosasl.channel_binding.TLSUnique))
        with pytest.raises(aiosasl.SASLError) as failure:
            await start(client)
        return failure.value

    failure = run(scenario())
    assert "c2s_authenticated" not in server.log
    # RFC 5802 §7 has 'e=channel-binding-not-supported' for this; over XMPP the server may
    # as well end the exchange at once with <failure/>: it answers the <auth/> carrying
    # 'p=tls-unique,,' with <not-authorized/> and the text 'unsupported channel binding type'
    assert failure.opaque_error == "not-authorized", repr(failure)
    assert "channel binding" in (failure.text or ""), repr(failure)


def test_wrong_password_is_rejected(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")

    async def scenario():
        client = make_client("alice@localhost/aio", "wrong", port, server.cafile)
        with pytest.raises(aiosasl.AuthenticationFailure) as failure:
            await start(client)
        assert failure.value.opaque_error == "not-authorized"
        # and the right one still works afterwards
        client = await login("alice@localhost/aio", "a", port, server.cafile)
        await stop(client)

    run(scenario())
    assert "c2s_authenticated peer=" in server.log


def test_unknown_user_is_rejected_like_a_wrong_password(meerkat, port):
    server = start_im_server(meerkat, port)

    async def scenario():
        client = make_client("ghost@localhost/aio", "a", port, server.cafile)
        with pytest.raises(aiosasl.AuthenticationFailure) as failure:
            await start(client)
        assert failure.value.opaque_error == "not-authorized"

    run(scenario())


# ---------------------------------------------------------------------------------------
# Roster


def test_roster_add_push_and_relogin(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")

    async def scenario():
        phone = await login("alice@localhost/phone", "a", port, server.cafile,
                            services=[aioxmpp.RosterClient])
        laptop = await login("alice@localhost/laptop", "a", port, server.cafile,
                             services=[aioxmpp.RosterClient])
        phone_roster = phone.summon(aioxmpp.RosterClient)
        laptop_roster = laptop.summon(aioxmpp.RosterClient)
        assert phone_roster.items == {}
        phone_added = Events(phone_roster.on_entry_added)
        laptop_added = Events(laptop_roster.on_entry_added)

        await phone_roster.set_entry(jid("bob@localhost"), name="Bob",
                                     add_to_groups={"Friends"}, timeout=TIMEOUT)
        # the push goes to every resource, including the one that set it (RFC 6121 §2.3.2);
        # aioxmpp refuses pushes with a 'from' other than the account's bare JID
        for added in (phone_added, laptop_added):
            item = await added.next()
            assert item.jid == jid("bob@localhost")
            assert item.name == "Bob" and item.groups == {"Friends"}
            assert item.subscription == "none" and item.ask is None
        version = phone_roster.version
        assert version  # versioning is on in the IM config
        saved = phone_roster.export_as_json()
        await stop(phone)

        # a fresh login without a cached roster gets the whole roster
        again = await login("alice@localhost/phone", "a", port, server.cafile,
                            services=[aioxmpp.RosterClient])
        items = again.summon(aioxmpp.RosterClient).items
        assert set(items) == {jid("bob@localhost")}
        assert items[jid("bob@localhost")].name == "Bob"
        assert items[jid("bob@localhost")].groups == {"Friends"}
        assert items[jid("bob@localhost")].subscription == "none"
        await stop(again)

        # XEP-0237: a login with the cached roster and its version gets an empty result
        # (aioxmpp then keeps its copy), and later changes still arrive as pushes
        cached = make_client("alice@localhost/phone", "a", port, server.cafile,
                             services=[aioxmpp.RosterClient])
        cached_roster = cached.summon(aioxmpp.RosterClient)
        cached_roster.import_from_json(saved)
        entries = Events(cached_roster.on_entry_added)
        await start(cached)
        assert cached_roster.version == version
        assert set(cached_roster.items) == {jid("bob@localhost")}
        await laptop_roster.set_entry(jid("carol@localhost"), name="Carol", timeout=TIMEOUT)
        assert (await entries.next()).jid == jid("carol@localhost")
        assert cached_roster.version != version
        await stop(cached)
        await stop(laptop)

    run(scenario())


def test_roster_remove_is_pushed(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await login("alice@localhost", "a", port, server.cafile,
                            services=[aioxmpp.RosterClient])
        roster = alice.summon(aioxmpp.RosterClient)
        added, removed = Events(roster.on_entry_added), Events(roster.on_entry_removed)
        await roster.set_entry(jid("bob@localhost"), name="Bob", timeout=TIMEOUT)
        await added.next()
        await roster.remove_entry(jid("bob@localhost"), timeout=TIMEOUT)
        assert (await removed.next()).jid == jid("bob@localhost")
        assert roster.items == {}
        await stop(alice)

    run(scenario())


def test_full_subscription_handshake_and_presence(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")
    roster_and_presence = [aioxmpp.RosterClient]

    async def scenario():
        alice = await login("alice@localhost/phone", "a", port, server.cafile,
                            available=True, services=roster_and_presence)
        bob = await login("bob@localhost/laptop", "b", port, server.cafile,
                          available=True, services=roster_and_presence)
        alice_roster = alice.summon(aioxmpp.RosterClient)
        bob_roster = bob.summon(aioxmpp.RosterClient)
        subscribe_requests = Events(bob_roster.on_subscribe)
        subscribed = Events(alice_roster.on_subscribed)
        alice_entries = Events(alice_roster.on_entry_added)
        alice_changes = Events(alice_roster.on_entry_subscription_state_changed)
        bob_entries = Events(bob_roster.on_entry_added)
        seen_by_alice = Events(alice.summon(aioxmpp.PresenceClient).on_available,
                               lambda full_jid, stanza: full_jid)

        alice_roster.subscribe(jid("bob@localhost"))
        # RFC 6121 §3.1.2: the user's roster gets the contact with ask='subscribe'
        pending = await alice_entries.next()
        assert pending.jid == jid("bob@localhost")
        assert pending.subscription == "none" and pending.ask == "subscribe"
        # §3.1.3: the contact gets the request from the user's bare JID
        request = await subscribe_requests.next()
        assert request.from_ == jid("alice@localhost")

        bob_roster.approve(request.from_)
        # §3.1.5: the contact's roster gets the user with subscription 'from'
        item = await bob_entries.next()
        assert item.jid == jid("alice@localhost") and item.subscription == "from"
        # §3.1.6: the user gets 'subscribed', a push with subscription 'to', and then the
        # contact's presence from each of its available resources
        answer = await subscribed.next()
        assert answer.from_ == jid("bob@localhost")
        item = await alice_changes.next(lambda i: i.subscription == "to")
        assert item.jid == jid("bob@localhost") and item.ask is None
        assert await seen_by_alice.next(
            lambda full: full.bare() == jid("bob@localhost")) == jid("bob@localhost/laptop")

        # the subscription survives: bob's presence change reaches alice, and not vice versa
        changed = Events(alice.summon(aioxmpp.PresenceClient).on_changed,
                         lambda full_jid, stanza: (full_jid, stanza.status.any()))
        bob.summon(aioxmpp.PresenceServer).set_presence(
            aioxmpp.PresenceState(True, aioxmpp.PresenceShow.AWAY), status="lunch")
        assert await changed.next() == (jid("bob@localhost/laptop"), "lunch")
        await stop(alice)
        await stop(bob)

    run(scenario())


# ---------------------------------------------------------------------------------------
# Chat


def test_two_aioxmpp_clients_chat(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await login("alice@localhost/phone", "a", port, server.cafile)
        bob = await login("bob@localhost/laptop", "b", port, server.cafile)
        to_alice, to_bob = messages(alice), messages(bob)
        await alice.send(chat("bob@localhost/laptop", "hi bob"))
        message = await asyncio.wait_for(to_bob.get(), TIMEOUT)
        assert message.body.any() == "hi bob"
        assert message.from_ == jid("alice@localhost/phone")  # stamped by the server
        assert message.to == jid("bob@localhost/laptop")
        await bob.send(chat(str(message.from_), "hi alice"))
        reply = await asyncio.wait_for(to_alice.get(), TIMEOUT)
        assert reply.body.any() == "hi alice"
        assert reply.from_ == jid("bob@localhost/laptop")
        # order is kept
        for i in range(5):
            await alice.send(chat("bob@localhost/laptop", f"line {i}"))
        received = [await asyncio.wait_for(to_bob.get(), TIMEOUT) for _ in range(5)]
        assert [m.body.any() for m in received] == [f"line {i}" for i in range(5)]
        await stop(alice)
        await stop(bob)

    run(scenario())


def test_message_to_bare_jid_reaches_the_resource(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        bob = await login("bob@localhost/laptop", "b", port, server.cafile, available=True)
        to_bob = messages(bob)
        alice = await login("alice@localhost/phone", "a", port, server.cafile)
        await alice.send(chat("bob@localhost", "to the bare JID"))
        message = await asyncio.wait_for(to_bob.get(), TIMEOUT)
        assert message.body.any() == "to the bare JID"
        assert message.from_ == jid("alice@localhost/phone")
        await stop(alice)
        await stop(bob)

    run(scenario())


def test_aioxmpp_and_slixmpp_chat(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await login("alice@localhost/aioxmpp", "a", port, server.cafile)
        to_alice = messages(alice)
        bob = await slixmpp_connected("bob@localhost/slixmpp", "b", port, cafile=server.cafile)
        await alice.send(chat("bob@localhost/slixmpp", "hello from aioxmpp"))
        message = await bob.next_message()
        assert message["body"] == "hello from aioxmpp"
        assert str(message["from"]) == "alice@localhost/aioxmpp"
        bob.send_message(mto=message["from"], mbody="hello from slixmpp", mtype="chat")
        reply = await asyncio.wait_for(to_alice.get(), TIMEOUT)
        assert reply.body.any() == "hello from slixmpp"
        assert reply.from_ == jid("bob@localhost/slixmpp")
        # the bare JID of the slixmpp user (available, priority 0) reaches its resource too
        await alice.send(chat("bob@localhost", "to your bare JID"))
        assert (await bob.next_message())["body"] == "to your bare JID"
        await bob.quit()
        await stop(alice)

    run(scenario())
