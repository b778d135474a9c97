# SPDX-License-Identifier: Apache-2.0
"""Meerkat servers that federate on loopback: each serves its own domain with a c2s listener
(STARTTLS) and an s2s listener, and reaches its peers through s2s.outgoing.address instead of
DNS."""

from dataclasses import dataclass

from conftest import free_port
from xmpp_client import Client, connected, run
from xmpp_wire import Wire

SERVER_HEADER = ("<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
                 "xmlns:stream='http://etherx.jabber.org/streams' "
                 "xmlns:db='jabber:server:dialback' from='{origin}' to='{to}' version='1.0'>")


@dataclass
class Domain:
    name: str
    c2s: int
    s2s: int


def server_wire(port, origin, to, certfile=None):
    """A raw server-to-server stream to `port`, after STARTTLS (optionally with a client
    certificate); returns it and the stream features it got."""
    wire = Wire.tcp(port)
    wire.send(SERVER_HEADER.format(origin=origin, to=to))
    wire.read_until(r"</stream:features>")
    wire.starttls(to, certfile)
    wire.send(SERVER_HEADER.format(origin=origin, to=to))
    features = wire.read_until(r"</stream:features>|<stream:features/>")
    return wire, features


_taken = set()


def domain(name):
    """A domain with two ports of its own: free_port() only knows what is bound right now, so
    ports handed out to servers not yet started are remembered and not given twice."""
    ports = []
    while len(ports) < 2:
        port = free_port()
        if port not in _taken:
            _taken.add(port)
            ports.append(port)
    return Domain(name, *ports)


def general(name):
    return f"""
    [general]
      hosts = ["{name}"]
      default_server_domain = "{name}"
      loglevel = "debug"
    """


def s2s_section(peers, outgoing_tls='tls.verify_mode = "none"', extra=""):
    addresses = ", ".join(
        f'{{host = "{p.name}", ip_address = "127.0.0.1", port = {p.s2s}}}' for p in peers)
    tls = f"outgoing.{outgoing_tls}" if outgoing_tls else ""
    return f"""
    [s2s]
      outgoing.address = [{addresses}]
      {tls}
      {extra}
    """


MODULES = """
[modules.mod_roster]
[modules.mod_offline]
[modules.mod_disco]
"""


def start_federated(meerkat, me, peers, s2s_tls='tls.verify_mode = "none"', s2s_extra="",
                    listener_extra="", outgoing_tls='tls.verify_mode = "none"', modules=MODULES):
    """A server for `me` (a Domain) that knows where `peers` listen."""
    listeners = f"""
    [[listen.c2s]]
      port = {me.c2s}
      tls.mode = "starttls"

    [[listen.s2s]]
      port = {me.s2s}
      {s2s_tls}
      {listener_extra}
    """ + s2s_section(peers, outgoing_tls, s2s_extra) + modules
    server = meerkat(listeners, general=general(me.name))
    server.cafile = str(server.workdir / "var" / "selfsigned.pem")
    return server


async def chat_and_subscribe(alice, bob):
    """Two logged-in clients on different servers: messages both ways, then each subscribes to
    the other's presence (RFC 6121 §3) and sees it. `bob` answers subscriptions by hand."""
    alice_jid, bob_jid = alice.boundjid, bob.boundjid
    alice.send_message(mto=bob_jid.full, mbody="hello bob", mtype="chat")
    message = await bob.next_message(timeout=20)
    assert message["body"] == "hello bob"
    assert message["from"] == alice_jid
    bob.send_message(mto=alice_jid.full, mbody="hello alice", mtype="chat")
    reply = await alice.next_message(timeout=20)
    assert reply["body"] == "hello alice"
    assert reply["from"] == bob_jid
    # alice → bob: request, approval, presence
    alice.send_presence(pto=bob_jid.bare, ptype="subscribe")
    request = await bob.next_presence(lambda p: p["type"] == "subscribe")
    assert request["from"].bare == alice_jid.bare
    bob.send_presence(pto=alice_jid.bare, ptype="subscribed")
    await alice.next_presence(lambda p: p["type"] == "subscribed")
    await alice.next_presence(lambda p: p["from"] == bob_jid and p["type"] == "available")
    # bob → alice, the other way round; alice approves automatically
    alice.auto_authorize = True
    bob.send_presence(pto=alice_jid.bare, ptype="subscribe")
    await bob.next_presence(lambda p: p["type"] == "subscribed")
    await bob.next_presence(lambda p: p["from"] == alice_jid and p["type"] == "available")


def federate_with_peer(meerkat, me, peer, peer_domain, **kwargs):
    """Starts Meerkat for `me` (user alice) beside a running peer server (Prosody or ejabberd,
    user bob on `peer_domain`), and has the two users chat and subscribe both ways. Returns the
    Meerkat server, whose log tells how the streams authenticated."""
    server = start_federated(meerkat, me, [Domain(peer_domain, peer.c2s, peer.s2s)], **kwargs)
    server.add_user(f"alice@{me.name}", "a")

    async def scenario():
        alice = await connected(f"alice@{me.name}/phone", "a", me.c2s, cafile=server.cafile)
        alice.auto_authorize = None
        bob = Client(f"bob@{peer_domain}/laptop", "b", peer.c2s, cafile=str(peer.ca.cert))
        bob.auto_authorize = None
        bob.auto_subscribe = False
        assert await bob.login(roster=True)  # Prosody tells only "interested" resources
        await chat_and_subscribe(alice, bob)
        await alice.quit()
        await bob.quit()

    run(scenario(), timeout=90)
    return server
