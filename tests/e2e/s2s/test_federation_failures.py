# SPDX-License-Identifier: Apache-2.0
"""Federation when things go wrong: an unreachable or silent peer, a forged dialback key, a
certificate for another domain, an oversize stanza, a denied domain, a peer that goes away,
and the outgoing stream's reuse and idle close. Each ends with the error RFC 6120 and
XEP-0220 prescribe, and no accepted message is lost or duplicated."""

import asyncio
import hashlib
import hmac
import re
import socket
import threading

from federation_server import domain, server_wire, start_federated
from peers import CertificateAuthority
from xmpp_client import connected, run
from xmpp_wire import stream_error

def dialback_key(secret, receiving, originating, stream_id):
    key = hashlib.sha256(secret.encode()).hexdigest().encode()
    text = f"{receiving} {originating} {stream_id}".encode()
    return hmac.new(key, text, hashlib.sha256).hexdigest()


async def bounced(client, to, body="hi"):
    """Sends a message to `to` and returns the condition of the error that comes back."""
    client.send_message(mto=to, mbody=body, mtype="chat")
    error = await asyncio.wait_for(client.message_errors.get(), 20)
    return error["error"]["condition"]


def alice_on(meerkat, a, peers, **kwargs):
    server = start_federated(meerkat, a, peers, **kwargs)
    server.add_user(f"alice@{a.name}", "a")
    return server


def test_unreachable_peer_bounces_remote_server_not_found(meerkat):
    a, b = domain("a.test"), domain("b.test")  # nothing listens on b's ports
    server = alice_on(meerkat, a, [b])

    async def scenario():
        alice = await connected("alice@a.test/phone", "a", a.c2s, cafile=server.cafile)
        assert await bounced(alice, "bob@b.test") == "remote-server-not-found"
        # within the retry delay the next one bounces at once, without a new attempt
        assert await bounced(alice, "bob@b.test", "again") == "remote-server-not-found"
        await alice.quit()

    run(scenario())
    assert server.log.count("s2s_out_failed local=a.test remote=b.test") == 1


def test_silent_peer_bounces_remote_server_timeout(meerkat):
    a, b = domain("a.test"), domain("b.test")
    silent = socket.create_server(("127.0.0.1", b.s2s))
    accepted = []
    threading.Thread(target=lambda: accepted.append(silent.accept()), daemon=True).start()
    server = alice_on(meerkat, a, [b], s2s_extra="outgoing.state_timeout = 1000")

    async def scenario():
        alice = await connected("alice@a.test/phone", "a", a.c2s, cafile=server.cafile)
        assert await bounced(alice, "bob@b.test") == "remote-server-timeout"
        await alice.quit()

    run(scenario())
    silent.close()


def test_forged_dialback_key_is_refused_and_its_stanzas_too(meerkat):
    a, b = domain("a.test"), domain("b.test")
    server_a = alice_on(meerkat, a, [b])
    start_federated(meerkat, b, [a])  # the authoritative server of b.test, asked by a.test
    wire, features = server_wire(a.s2s, "b.test", "a.test")
    assert "urn:xmpp:features:dialback" in features
    wire.send("<db:result from='b.test' to='a.test'>0123456789abcdef</db:result>")
    wire.read_until(r"<db:result [^>]*type='invalid'")
    # stanzas from a domain that is not authenticated end the stream (RFC 6120 §4.9.3.9)
    wire.send("<message from='mallory@b.test' to='alice@a.test' type='chat'>"
              "<body>trust me</body></message>")
    assert stream_error(wire.read_to_close()) == "invalid-from"
    assert "s2s_in_dialback local=a.test remote=b.test result=invalid" in server_a.log


def test_db_verify_is_answered_from_the_shared_secret(meerkat):
    a, b = domain("a.test"), domain("b.test")
    start_federated(meerkat, a, [b], s2s_extra='shared = "s3cr3t"')
    wire, _ = server_wire(a.s2s, "b.test", "a.test")
    good = dialback_key("s3cr3t", "b.test", "a.test", "stream-1")
    wire.send(f"<db:verify from='b.test' to='a.test' id='stream-1'>{good}</db:verify>")
    wire.read_until(r"<db:verify [^>]*id='stream-1'[^>]*type='valid'|"
                    r"<db:verify [^>]*type='valid'[^>]*id='stream-1'")
    forged = dialback_key("guess", "b.test", "a.test", "stream-2")
    wire.send(f"<db:verify from='b.test' to='a.test' id='stream-2'>{forged}</db:verify>")
    answer = wire.read_until(r"<db:verify [^>]*stream-2[^>]*/>")
    assert re.search(r"<db:verify [^>]*stream-2[^>]*type='invalid'|"
                     r"<db:verify [^>]*type='invalid'[^>]*stream-2", answer), answer
    wire.close()


def test_sasl_external_needs_a_certificate_naming_the_domain(meerkat, tmp_path):
    ca = CertificateAuthority(tmp_path / "ca")
    a, b = domain("a.test"), domain("b.test")
    tls = f'certfile = "{ca.issue_combined("a.test")}", cacertfile = "{ca.cert}", ' \
          'verify_mode = "peer"'
    start_federated(meerkat, a, [b], s2s_tls=f"tls = {{{tls}}}")
    # a certificate for another domain: no EXTERNAL, dialback only
    _, features = server_wire(a.s2s, "b.test", "a.test", ca.issue_combined("other.test"))
    assert "EXTERNAL" not in features and "urn:xmpp:features:dialback" in features
    # the right one: EXTERNAL, and it succeeds
    wire, features = server_wire(a.s2s, "b.test", "a.test", ca.issue_combined("b.test"))
    assert "<mechanism>EXTERNAL</mechanism>" in features
    wire.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>")
    wire.read_until(r"<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")


def test_peer_certificate_for_another_domain_fails_verification(meerkat, tmp_path):
    ca = CertificateAuthority(tmp_path / "ca")
    a, b = domain("a.test"), domain("b.test")
    server_a = alice_on(meerkat, a, [b], outgoing_tls=f'tls = {{cacertfile = "{ca.cert}"}}')
    # b.test presents a certificate for other.test
    start_federated(meerkat, b, [a],
                    s2s_tls=f'tls = {{certfile = "{ca.issue_combined("other.test")}"}}')

    async def scenario():
        alice = await connected("alice@a.test/phone", "a", a.c2s, cafile=server_a.cafile)
        assert await bounced(alice, "bob@b.test") == "remote-server-not-found"
        await alice.quit()

    run(scenario())
    assert "s2s_out_tls_failed local=a.test remote=b.test" in server_a.log


def test_oversize_stanza_from_a_peer_closes_its_stream_only(meerkat):
    a, b = domain("a.test"), domain("b.test")
    server_a = alice_on(meerkat, a, [b], listener_extra="max_stanza_size = 2000")
    server_b = start_federated(meerkat, b, [a])
    server_b.add_user("bob@b.test", "b")

    async def scenario():
        alice = await connected("alice@a.test/phone", "a", a.c2s, cafile=server_a.cafile)
        bob = await connected("bob@b.test/laptop", "b", b.c2s, cafile=server_b.cafile)
        bob.send_message(mto="alice@a.test/phone", mbody="first", mtype="chat")
        assert (await alice.next_message())["body"] == "first"
        bob.send_message(mto="alice@a.test/phone", mbody="x" * 5000, mtype="chat")
        await asyncio.sleep(1)
        bob.send_message(mto="alice@a.test/phone", mbody="after", mtype="chat")
        # the oversize message never arrives; the next one does, on a new stream
        assert (await alice.next_message())["body"] == "after"
        await asyncio.sleep(0.5)
        assert alice.messages.empty()
        await alice.quit()
        await bob.quit()

    run(scenario())
    assert "s2s_in_stream_error" in server_a.log and "policy-violation" in server_a.log
    assert server_b.log.count("s2s_out_established local=b.test remote=a.test") == 2


def test_denied_domains_are_refused_both_ways(meerkat):
    a, b = domain("a.test"), domain("b.test")
    server_a = alice_on(meerkat, a, [b], s2s_extra='host_policy = [{host = "b.test", '
                                                   'policy = "deny"}]')
    server_b = start_federated(meerkat, b, [a])
    server_b.add_user("bob@b.test", "b")

    async def scenario():
        alice = await connected("alice@a.test/phone", "a", a.c2s, cafile=server_a.cafile)
        bob = await connected("bob@b.test/laptop", "b", b.c2s, cafile=server_b.cafile)
        assert await bounced(alice, "bob@b.test") == "remote-server-not-found"
        assert await bounced(bob, "alice@a.test") == "remote-server-not-found"
        assert alice.messages.empty()
        await alice.quit()
        await bob.quit()

    run(scenario())
    assert "s2s_in_denied local=a.test remote=b.test" in server_a.log


def test_one_stream_per_domain_pair_reused_then_closed_when_idle(meerkat):
    a, b = domain("a.test"), domain("b.test")
    server_a = alice_on(meerkat, a, [b], s2s_extra="outgoing.stream_timeout = 1500")
    server_b = start_federated(meerkat, b, [a])
    server_b.add_user("bob@b.test", "b")

    async def scenario():
        alice = await connected("alice@a.test/phone", "a", a.c2s, cafile=server_a.cafile)
        bob = await connected("bob@b.test/laptop", "b", b.c2s, cafile=server_b.cafile)
        # sent before the stream exists: they queue, then arrive once each, in order
        for i in range(20):
            alice.send_message(mto="bob@b.test/laptop", mbody=f"m{i}", mtype="chat")
        got = [(await bob.next_message())["body"] for _ in range(20)]
        assert got == [f"m{i}" for i in range(20)]
        await asyncio.sleep(3)  # idle longer than stream_timeout
        alice.send_message(mto="bob@b.test/laptop", mbody="later", mtype="chat")
        assert (await bob.next_message())["body"] == "later"
        await asyncio.sleep(0.3)
        assert bob.messages.empty()
        await alice.quit()
        await bob.quit()

    run(scenario())
    assert server_a.log.count("s2s_out_established local=a.test remote=b.test") == 2
    assert "s2s_out_closed local=a.test remote=b.test" in server_a.log


def test_peer_that_goes_away_bounces_what_follows(meerkat):
    a, b = domain("a.test"), domain("b.test")
    server_a = alice_on(meerkat, a, [b])
    server_b = start_federated(meerkat, b, [a])
    server_b.add_user("bob@b.test", "b")

    async def scenario():
        alice = await connected("alice@a.test/phone", "a", a.c2s, cafile=server_a.cafile)
        bob = await connected("bob@b.test/laptop", "b", b.c2s, cafile=server_b.cafile)
        alice.send_message(mto="bob@b.test/laptop", mbody="before", mtype="chat")
        assert (await bob.next_message())["body"] == "before"
        server_b.stop()
        server_a.wait_for_log("s2s_out_closed local=a.test remote=b.test")
        assert await bounced(alice, "bob@b.test/laptop", "after") == "remote-server-not-found"
        await alice.quit()

    run(scenario())
