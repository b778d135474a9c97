# SPDX-License-Identifier: Apache-2.0
"""Federation with ejabberd (Debian `ejabberd`): users on meerkat.example and
ejabberd.example chat and subscribe to each other's presence. ejabberd finds Meerkat through
SRV records of the test's DNS server; Meerkat finds ejabberd through s2s.outgoing.address.
Once with STARTTLS and Server Dialback, once with SASL EXTERNAL on certificates of a CA both
trust (ejabberd then has no dialback at all)."""

import pytest

from conftest import free_port
from federation_server import Domain, chat_and_subscribe, start_federated
from peers import CertificateAuthority, Dns, Ejabberd, require
from xmpp_client import Client, connected, run

MEERKAT = "meerkat.example"
EJABBERD = "ejabberd.example"


@pytest.fixture
def ejabberd_peer(tmp_path):
    """ejabberd_peer(meerkat_s2s_port, **options) → a started ejabberd with user bob."""
    require("ejabberdctl", "dnsmasq")
    started = []

    def start(meerkat_s2s, **options):
        ca = CertificateAuthority(tmp_path / "ca")
        dns = Dns(tmp_path, {MEERKAT: meerkat_s2s})
        started.append(dns)
        server = Ejabberd(tmp_path / "ejabberd", EJABBERD, ca, dns.port, **options)
        server.start()
        started.append(server)
        server.add_user("bob", "b")
        server.ca = ca
        return server

    yield start
    for process in reversed(started):
        process.stop()


def federate(meerkat, ejabberd, me, **kwargs):
    server = start_federated(meerkat, me, [Domain(EJABBERD, ejabberd.c2s, ejabberd.s2s)],
                             **kwargs)
    server.add_user(f"alice@{MEERKAT}", "a")

    async def scenario():
        alice = await connected(f"alice@{MEERKAT}/phone", "a", me.c2s, cafile=server.cafile)
        alice.auto_authorize = None
        bob = Client(f"bob@{EJABBERD}/laptop", "b", ejabberd.c2s, cafile=str(ejabberd.ca.cert))
        bob.auto_authorize = None
        bob.auto_subscribe = False
        assert await bob.login(roster=True)
        await chat_and_subscribe(alice, bob)
        await alice.quit()
        await bob.quit()

    run(scenario(), timeout=90)
    return server


def test_dialback_over_starttls_with_ejabberd(meerkat, ejabberd_peer):
    me = Domain(MEERKAT, free_port(), free_port())
    ejabberd = ejabberd_peer(me.s2s, starttls="required")
    server = federate(meerkat, ejabberd, me)
    assert f"s2s_in_dialback local={MEERKAT} remote={EJABBERD} result=valid" in server.log
    assert f"s2s_out_established local={MEERKAT} remote={EJABBERD}" in server.log


def test_sasl_external_with_ejabberd(meerkat, ejabberd_peer):
    me = Domain(MEERKAT, free_port(), free_port())
    ejabberd = ejabberd_peer(me.s2s, starttls="required", dialback=False)
    cert = ejabberd.ca.issue_combined(MEERKAT)
    tls = f'certfile = "{cert}", cacertfile = "{ejabberd.ca.cert}", verify_mode = "peer"'
    server = federate(meerkat, ejabberd, me, s2s_tls=f"tls = {{{tls}}}",
                      outgoing_tls=f"tls = {{{tls}}}")
    assert f"s2s_in_authenticated local={MEERKAT} remote={EJABBERD} method=external" in server.log
    assert "s2s_in_dialback" not in server.log
