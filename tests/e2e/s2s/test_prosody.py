# SPDX-License-Identifier: Apache-2.0
"""Federation with Prosody (Debian `prosody`): users on meerkat.example and prosody.example
chat and subscribe to each other's presence. Prosody finds Meerkat through SRV records of the
test's DNS server and Meerkat finds Prosody through s2s.outgoing.address. Once with STARTTLS
and Server Dialback (certificates nobody checks), once with SASL EXTERNAL (certificates from
a CA both servers trust, and Prosody insisting on them)."""

import pytest

from federation_server import domain, federate_with_peer
from peers import CertificateAuthority, Dns, Prosody, require

MEERKAT = "meerkat.example"
PROSODY = "prosody.example"


@pytest.fixture
def prosody_peer(tmp_path):
    """prosody_peer(meerkat_s2s_port, secure_auth) → a started Prosody with user bob."""
    require("prosody", "prosodyctl", "dnsmasq")
    started = []

    def start(meerkat_s2s, secure_auth=False):
        ca = CertificateAuthority(tmp_path / "ca")
        dns = Dns(tmp_path, {MEERKAT: meerkat_s2s})
        started.append(dns)
        server = Prosody(tmp_path / "prosody", PROSODY, ca, dns.port, secure_auth)
        server.add_user("bob", "b")
        server.start()
        started.append(server)
        server.ca = ca
        return server

    yield start
    for process in reversed(started):
        process.stop()


def test_dialback_over_starttls_with_prosody(meerkat, prosody_peer):
    me = domain(MEERKAT)
    prosody = prosody_peer(me.s2s)
    server = federate_with_peer(meerkat, me, prosody, PROSODY)
    # both directions authenticated by dialback, each verified with the other server
    assert f"s2s_in_dialback local={MEERKAT} remote={PROSODY} result=valid" in server.log
    assert f"s2s_out_established local={MEERKAT} remote={PROSODY}" in server.log
    assert "method=external" not in server.log


def test_sasl_external_with_prosody(meerkat, prosody_peer):
    me = domain(MEERKAT)
    prosody = prosody_peer(me.s2s, secure_auth=True)
    cert = prosody.ca.issue_combined(MEERKAT)
    tls = f'certfile = "{cert}", cacertfile = "{prosody.ca.cert}", verify_mode = "peer"'
    server = federate_with_peer(meerkat, me, prosody, PROSODY, s2s_tls=f"tls = {{{tls}}}",
                                outgoing_tls=f"tls = {{{tls}}}")
    assert f"s2s_in_authenticated local={MEERKAT} remote={PROSODY} method=external" in server.log
    assert "s2s_in_dialback" not in server.log
    assert "s2s_out_sasl_external_refused" not in server.log
