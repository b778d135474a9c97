# SPDX-License-Identifier: Apache-2.0
"""Federation between Meerkat servers (RFC 6120 s2s, XEP-0220 Server Dialback after
STARTTLS): slixmpp users on a.test and b.test chat and subscribe to each other's presence."""

import asyncio
import hashlib
import re

from conftest import free_port
from federation_server import (MODULES, SERVER_HEADER, Domain, chat_and_subscribe, domain,
                               server_wire, start_federated)
from peers import CertificateAuthority
from xmpp_client import Client, connected, run
from xmpp_wire import Wire, stream_error


def test_users_on_two_servers_chat_and_subscribe(meerkat):
    a, b = domain("a.test"), domain("b.test")
    server_a = start_federated(meerkat, a, [b])
    server_b = start_federated(meerkat, b, [a])
    server_a.add_user("alice@a.test", "a")
    server_b.add_user("bob@b.test", "b")

    async def scenario():
        alice = await connected("alice@a.test/phone", "a", a.c2s, cafile=server_a.cafile)
        bob = Client("bob@b.test/laptop", "b", b.c2s, cafile=server_b.cafile)
        bob.auto_authorize = None
        bob.auto_subscribe = False
        assert await bob.login()
        alice.send_message(mto="bob@b.test/laptop", mbody="hello from a", mtype="chat")
        message = await bob.next_message()
        assert message["body"] == "hello from a"
        assert str(message["from"]) == "alice@a.test/phone"
        bob.send_message(mto="alice@a.test/phone", mbody="hello from b", mtype="chat")
        reply = await alice.next_message()
        assert reply["body"] == "hello from b"
        assert str(reply["from"]) == "bob@b.test/laptop"
        # RFC 6121 §3 across servers: request, approval, then presence flows
        alice.send_presence(pto="bob@b.test", ptype="subscribe")
        request = await bob.next_presence(lambda p: p["type"] == "subscribe")
        assert str(request["from"]) == "alice@a.test"
        bob.send_presence(pto="alice@a.test", ptype="subscribed")
        await alice.next_presence(lambda p: p["type"] == "subscribed")
        online = await alice.next_presence(
            lambda p: p["from"].bare == "bob@b.test" and p["type"] == "available")
        assert str(online["from"]) == "bob@b.test/laptop"
        await bob.quit()
        await alice.next_presence(
            lambda p: p["from"].bare == "bob@b.test" and p["type"] == "unavailable")
        await alice.quit()

    run(scenario())
    for server in (server_a, server_b):
        assert "s2s_out_established" in server.log
        assert "s2s_in_dialback" in server.log and "result=valid" in server.log


def test_two_servers_authenticate_each_other_with_certificates(meerkat, tmp_path):
    """SASL EXTERNAL both ways (XEP-0178): each server's certificate, from a CA the other
    trusts, names its domain; no dialback happens at all."""
    ca = CertificateAuthority(tmp_path / "ca")
    a, b = domain("a.test"), domain("b.test")
    servers = {}
    for me, peer in ((a, b), (b, a)):
        tls = (f'certfile = "{ca.issue_combined(me.name)}", cacertfile = "{ca.cert}", '
               'verify_mode = "peer"')
        servers[me.name] = start_federated(meerkat, me, [peer], s2s_tls=f"tls = {{{tls}}}",
                                           outgoing_tls=f'tls = {{{tls}, mode = "starttls_required"}}')
    servers["a.test"].add_user("alice@a.test", "a")
    servers["b.test"].add_user("bob@b.test", "b")

    async def scenario():
        alice = await connected("alice@a.test/phone", "a", a.c2s,
                                cafile=servers["a.test"].cafile)
        alice.auto_authorize = None
        bob = Client("bob@b.test/laptop", "b", b.c2s, cafile=servers["b.test"].cafile)
        bob.auto_authorize = None
        bob.auto_subscribe = False
        assert await bob.login()
        await chat_and_subscribe(alice, bob)
        await alice.quit()
        await bob.quit()

    run(scenario())
    for me, peer in (("a.test", "b.test"), ("b.test", "a.test")):
        log = servers[me].log
        assert f"s2s_in_authenticated local={me} remote={peer} method=external" in log
        assert "s2s_in_dialback" not in log


def test_the_older_use_starttls_switch(meerkat):
    """s2s.use_starttls = "required" (MongooseIM before 6.0, ejabberd's s2s_use_starttls) turns
    TLS on both ways without any tls section, and a peer must STARTTLS before dialback;
    "required_trusted" refuses dialback from a peer whose certificate it cannot verify."""
    a, b = domain("a.test"), domain("b.test")
    required = dict(s2s_tls="", outgoing_tls=None, s2s_extra='use_starttls = "required"')
    servers = {a.name: start_federated(meerkat, a, [b], **required),
               b.name: start_federated(meerkat, b, [a], **required)}
    servers["a.test"].add_user("alice@a.test", "a")
    servers["b.test"].add_user("bob@b.test", "b")

    async def scenario():
        alice = await connected("alice@a.test/phone", "a", a.c2s, cafile=servers["a.test"].cafile)
        bob = await connected("bob@b.test/laptop", "b", b.c2s, cafile=servers["b.test"].cafile)
        alice.send_message(mto="bob@b.test/laptop", mbody="secured", mtype="chat")
        assert (await bob.next_message())["body"] == "secured"
        await alice.quit()
        await bob.quit()

    run(scenario())
    wire = Wire.tcp(a.s2s)
    wire.send(SERVER_HEADER.format(origin="b.test", to="a.test"))
    features = wire.read_until(r"</stream:features>")
    assert re.search(r"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>", features)
    assert "urn:xmpp:features:dialback" not in features
    wire.send("<db:result from='b.test' to='a.test'>0123</db:result>")
    assert stream_error(wire.read_to_close()) == "policy-violation"

    c = domain("c.test")
    trusting = start_federated(meerkat, c, [a], s2s_tls="", outgoing_tls=None,
                               s2s_extra='use_starttls = "required_trusted"')
    wire, features = server_wire(c.s2s, "a.test", "c.test")
    assert "urn:xmpp:features:dialback" not in features  # a self-signed peer: nothing to offer
    wire.send("<db:result from='a.test' to='c.test'>0123</db:result>")
    wire.read_until(r"<db:result [^>]*type='invalid'")
    assert "s2s_in_dialback" not in trusting.log  # refused without asking a.test


def test_a_remote_user_reaches_a_service_under_a_host(meerkat):
    """A service domain (upload.a.test of mod_http_upload) federates like a host: b.test opens
    a stream to it, and its answer goes out on a stream from upload.a.test, whose dialback key
    b.test checks with a.test's listener."""
    a, b = domain("a.test"), domain("b.test")
    upload = Domain("upload.a.test", a.c2s, a.s2s)
    modules = MODULES + """
    [modules.mod_http_upload]
      backend = "local"
      local.base_url = "http://127.0.0.1:1/upload"
    """
    server_a = start_federated(meerkat, a, [b], modules=modules)
    server_b = start_federated(meerkat, b, [a, upload])
    server_b.add_user("bob@b.test", "b")

    async def scenario():
        bob = await connected("bob@b.test/laptop", "b", b.c2s, cafile=server_b.cafile,
                              plugins=["xep_0030"])
        info = await bob["xep_0030"].get_info(jid="upload.a.test", timeout=20)
        assert "urn:xmpp:http:upload:0" in info["disco_info"]["features"]
        await bob.quit()

    run(scenario())
    assert "s2s_in_dialback local=upload.a.test remote=b.test result=valid" in server_a.log
    assert "s2s_out_established local=upload.a.test remote=b.test" in server_a.log


def test_a_component_federates_for_its_own_domain_only(meerkat):
    """An external component (XEP-0114) under a.test reaches bob on b.test through a stream
    from its own domain; a gateway without check_from that claims a domain this server does
    not serve is not sent out at all (no peer could verify it)."""
    a, b = domain("a.test"), domain("b.test")
    gateway = Domain("gw.a.test", a.c2s, a.s2s)
    service_port = free_port()
    server_a = start_federated(meerkat, a, [b], s2s_extra=f"""
    [[listen.service]]
      port = {service_port}
      password = "secret"
      check_from = false
    """)
    server_b = start_federated(meerkat, b, [a, gateway])
    server_b.add_user("bob@b.test", "b")
    wire = Wire.tcp(service_port)
    wire.send("<stream:stream xmlns='jabber:component:accept' "
              "xmlns:stream='http://etherx.jabber.org/streams' to='gw.a.test'>")
    stream_id = re.search(r"id='([^']+)'", wire.read_until(r"<stream:stream[^>]*>")).group(1)
    digest = hashlib.sha1((stream_id + "secret").encode()).hexdigest()
    wire.send(f"<handshake>{digest}</handshake>")
    wire.read_until(r"<handshake/>")

    async def scenario():
        bob = await connected("bob@b.test/laptop", "b", b.c2s, cafile=server_b.cafile)
        wire.send("<message from='forged@elsewhere.test' to='bob@b.test/laptop' type='chat'>"
                  "<body>forged</body></message>")
        wire.send("<message from='gw.a.test' to='bob@b.test/laptop' type='chat'>"
                  "<body>from the gateway</body></message>")
        message = await bob.next_message(timeout=20)
        assert message["body"] == "from the gateway" and message["from"] == "gw.a.test"
        await asyncio.sleep(0.5)
        assert bob.messages.empty()
        await bob.quit()

    run(scenario())
    wire.close()
    assert "s2s_out_refused from=elsewhere.test to=b.test" in server_a.log
    assert "s2s_out_established local=gw.a.test remote=b.test" in server_a.log
