# SPDX-License-Identifier: Apache-2.0
"""Logging in with a real client (slixmpp): SASL PLAIN and every SCRAM variant over STARTTLS,
wrong passwords, unknown users, resource binding and the resource conflict."""

import asyncio

import pytest

from im_server import start_im_server
from xmpp_client import Client, connected, run

MECHANISMS = ["PLAIN", "SCRAM-SHA-1", "SCRAM-SHA-224", "SCRAM-SHA-256", "SCRAM-SHA-384",
              "SCRAM-SHA-512"]


@pytest.mark.parametrize("mechanism", MECHANISMS)
def test_login_with_each_mechanism(meerkat, port, mechanism):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "wonderland")

    async def scenario():
        client = Client("alice@localhost/phone", "wonderland", port, mechanism=mechanism,
                        cafile=server.cafile)
        assert await client.login()
        assert str(client.boundjid) == "alice@localhost/phone"
        await client.quit()

    run(scenario())
    assert "c2s_authenticated" in server.log


def test_wrong_password_and_unknown_user_are_refused(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "wonderland")

    async def scenario():
        for jid, password in [("alice@localhost", "guess"), ("nobody@localhost", "x")]:
            client = Client(jid, password, port, mechanism="SCRAM-SHA-256",
                            cafile=server.cafile)
            assert not await client.login()
            client.disconnect()
        # the server goes on serving the right password
        alice = await connected("alice@localhost", "wonderland", port, cafile=server.cafile)
        await alice.quit()

    run(scenario())
    assert server.log.count("c2s_auth_failed") >= 2


def test_server_generates_a_resource(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "wonderland")

    async def scenario():
        client = await connected("alice@localhost", "wonderland", port, cafile=server.cafile)
        assert client.boundjid.bare == "alice@localhost"
        assert len(client.boundjid.resource) >= 8
        await client.quit()

    run(scenario())


def test_same_resource_replaces_the_old_session(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "wonderland")

    async def scenario():
        first = await connected("alice@localhost/desk", "wonderland", port, cafile=server.cafile)
        errors = asyncio.Queue()
        first.add_event_handler("stream_error", errors.put_nowait)
        second = await connected("alice@localhost/desk", "wonderland", port, cafile=server.cafile)
        error = await asyncio.wait_for(errors.get(), 10)
        assert error["condition"] == "conflict"
        await asyncio.wait_for(first.disconnected_event.wait(), 10)
        # the new session is the one that receives
        bob_jid = "alice@localhost/desk"
        second.send_message(mto=bob_jid, mbody="to myself")
        message = await second.next_message()
        assert message["body"] == "to myself"
        await second.quit()

    run(scenario())


def test_account_command_manages_accounts(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "one")
    assert server.account("add", "alice@localhost", "two", check=False).returncode == 1
    assert server.account("check", "alice@localhost", "one").returncode == 0
    server.account("passwd", "alice@localhost", "three")
    assert server.account("check", "alice@localhost", "one", check=False).returncode == 1
    assert "alice@localhost" in server.account("list", "localhost").stdout
    assert server.account("add", "bob@nowhere.test", "x", check=False).returncode == 2

    async def scenario():
        alice = await connected("alice@localhost", "three", port, cafile=server.cafile)
        await alice.quit()

    run(scenario())
    server.account("remove", "alice@localhost")
    assert "alice@localhost" not in server.account("list", "localhost").stdout


def test_account_import_creates_accounts_from_csv(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("carol@localhost", "old")
    csv = server.workdir / "users.csv"
    csv.write_text("alice,localhost,pass,with,commas\r\n"
                   "bob,example.test,pw2\n"
                   "\n"
                   "carol,localhost,new\n"
                   "dave,nowhere.test,x\n"
                   "eve,localhost,\n"
                   "bad user,localhost,x\n"
                   "just-one-field\n")
    result = server.account("import", str(csv), check=False)
    assert result.returncode == 1, result.stderr
    assert "2 created, 1 existing, 1 not allowed, 1 invalid JIDs, 1 empty passwords, " \
           "1 invalid records" in result.stdout
    for line in ["carol@localhost: exists already", "dave@nowhere.test: domain not served here",
                 "eve@localhost: empty password", "just-one-field: not a username,domain"]:
        assert line in result.stderr
    assert server.account("check", "alice@localhost", "pass,with,commas").returncode == 0
    assert server.account("check", "carol@localhost", "old").returncode == 0
    assert server.account("import", "/nonexistent.csv", check=False).returncode == 2

    async def scenario():
        bob = await connected("bob@example.test", "pw2", port, cafile=server.cafile)
        await bob.quit()

    run(scenario())


@pytest.mark.parametrize("mechanism", ["SCRAM-SHA-256", "PLAIN"])
def test_login_over_direct_tls(meerkat, port, mechanism):
    """XEP-0368: TLS from the first byte, then SASL as usual."""
    server = meerkat(f"""
    [[listen.c2s]]
      port = {port}
      tls.mode = "tls"
    [modules.mod_roster]
    """)
    server.add_user("alice@localhost", "wonderland")
    cafile = str(server.workdir / "var" / "selfsigned.pem")

    async def scenario():
        client = Client("alice@localhost/tls", "wonderland", port, mechanism=mechanism,
                        cafile=cafile, tls=True)
        assert await client.login()
        assert str(client.boundjid) == "alice@localhost/tls"
        await client.quit()

    run(scenario())
