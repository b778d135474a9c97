# SPDX-License-Identifier: Apache-2.0
"""Federation with ejabberd (Debian `ejabberd`): users on meerkat.example and
ejabberd.example chat and subscribe to each other's presence. ejabberd finds Meerkat through
SRV records of the test's DNS server; Meerkat finds ejabberd through s2s.outgoing.address.
Once with STARTTLS and Server Dialback, once with SASL EXTERNAL on certificates of a CA both
trust (ejabberd then has no dialback at all)."""

import pytest

from federation_server import domain, federate_with_peer
from peers import CertificateAuthority, Dns, Ejabberd, require

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


def test_dialback_over_starttls_with_ejabberd(meerkat, ejabberd_peer):
    me = domain(MEERKAT)
    ejabberd = ejabberd_peer(me.s2s, starttls="required")
    server = federate_with_peer(meerkat, me, ejabberd, EJABBERD)
    assert f"s2s_in_dialback local={MEERKAT} remote={EJABBERD} result=valid" in server.log
    assert f"s2s_out_established local={MEERKAT} remote={EJABBERD}" in server.log


def test_sasl_external_with_ejabberd(meerkat, ejabberd_peer):
    me = domain(MEERKAT)
    ejabberd = ejabberd_peer(me.s2s, starttls="required", dialback=False)
    cert = ejabberd.ca.issue_combined(MEERKAT)
    tls = f'certfile = "{cert}", cacertfile = "{ejabberd.ca.cert}", verify_mode = "peer"'
    server = federate_with_peer(meerkat, me, ejabberd, EJABBERD, s2s_tls=f"tls = {{{tls}}}",
                                outgoing_tls=f"tls = {{{tls}}}")
    assert f"s2s_in_authenticated local={MEERKAT} remote={EJABBERD} method=external" in server.log
    assert "s2s_in_dialback" not in server.log
