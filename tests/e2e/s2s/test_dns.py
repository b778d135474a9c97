# SPDX-License-Identifier: Apache-2.0
"""Finding a peer through DNS: with no s2s.outgoing.address for it, Meerkat asks for the
_xmpp-server._tcp SRV records of the remote domain and connects where they point. The server
under test runs in its own mount namespace whose /etc/resolv.conf names a dnsmasq of the
test, so the system's resolver configuration is left alone."""

import shutil
import subprocess

import pytest

import conftest
from federation_server import domain, start_federated
from peers import Dns, require
from xmpp_client import connected, run


@pytest.fixture
def private_resolver(tmp_path, monkeypatch):
    """private_resolver(records) → meerkat started from now on resolve with a dnsmasq that
    serves `records` ({domain: s2s port}) on 127.0.0.53:53."""
    require("dnsmasq", "unshare")
    if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        pytest.fail("unshare -m is not permitted here; the DNS test needs it (run as root)")
    started = []

    def start(records):
        dns = Dns(tmp_path, records, address="127.0.0.53", port=53)
        started.append(dns)
        resolv = tmp_path / "resolv.conf"
        resolv.write_text("nameserver 127.0.0.53\noptions attempts:1 timeout:2\n")
        wrapper = tmp_path / "meerkat-with-private-dns"
        wrapper.write_text(
            "#!/bin/sh\n"
            f"exec {shutil.which('unshare')} -m sh -c "
            f"'mount --bind {resolv} /etc/resolv.conf && exec \"$0\" \"$@\"' "
            f"{conftest.BINARY} \"$@\"\n")
        wrapper.chmod(0o755)
        monkeypatch.setattr(conftest, "BINARY", wrapper)

    yield start
    for dns in started:
        dns.stop()


def test_srv_records_lead_to_the_peer(meerkat, private_resolver):
    a, b = domain("a.example"), domain("b.example")
    server_b = start_federated(meerkat, b, [a])  # b finds a through its address option
    server_b.add_user("bob@b.example", "b")
    private_resolver({"b.example": b.s2s})
    server_a = start_federated(meerkat, a, [])  # a has no address for b: DNS it is
    server_a.add_user("alice@a.example", "a")

    async def scenario():
        alice = await connected("alice@a.example/phone", "a", a.c2s, cafile=server_a.cafile)
        bob = await connected("bob@b.example/laptop", "b", b.c2s, cafile=server_b.cafile)
        alice.send_message(mto="bob@b.example/laptop", mbody="found you", mtype="chat")
        assert (await bob.next_message())["body"] == "found you"
        # a domain without records: remote-server-not-found, quickly
        alice.send_message(mto="carol@nowhere.example", mbody="?", mtype="chat")
        error = await alice.message_errors.get()
        assert error["error"]["condition"] == "remote-server-not-found"
        await alice.quit()
        await bob.quit()

    run(scenario())
    assert f"s2s_out_established local=a.example remote=b.example address=127.0.0.1:{b.s2s}" \
        in server_a.log
