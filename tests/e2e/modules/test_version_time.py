# SPDX-License-Identifier: Apache-2.0
"""mod_version (XEP-0092 software version) and mod_time (XEP-0202 entity time) asked of the
server by a real client, with and without os_info, and the errors around them."""

import datetime
import os
import re
import subprocess

from modules_server import BINARY, error_of, iq_error, start_modules_server
from xmpp_client import TIMEOUT, connected, run

VERSION = "jabber:iq:version"
TIME = "urn:xmpp:time"


def server_version():
    """The version `meerkat --version` reports: XEP-0092 must tell the same."""
    out = subprocess.run([str(BINARY), "--version"], capture_output=True, text=True,
                         timeout=30).stdout
    return out.split()[-1]


def version_iq(client, to="localhost", type_="get"):
    iq = client.make_iq(ito=to, itype=type_)
    iq.enable("software_version")
    return iq


def time_iq(client, to="localhost", type_="get"):
    iq = client.make_iq(ito=to, itype=type_)
    iq.enable("entity_time")
    return iq


def children(reply, namespace, name):
    """{tag: text} of the payload's children."""
    payload = reply.xml.find(f"{{{namespace}}}{name}")
    assert payload is not None, reply
    return {child.tag.split("}")[1]: child.text for child in payload}


def test_version_names_meerkat_and_the_os(meerkat, port):
    server = start_modules_server(meerkat, port, """
    [modules.mod_version]
      os_info = true
    """)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0092"])
        reply = await version_iq(alice).send(timeout=TIMEOUT)
        assert str(reply["from"]) == "localhost"
        uname = os.uname()
        assert children(reply, VERSION, "query") == {
            "name": "Meerkat", "version": server_version(),
            "os": f"{uname.sysname} {uname.release}"}
        await alice.quit()

    run(scenario())


def test_version_leaves_out_the_os_by_default(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_version]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0092"])
        reply = await version_iq(alice).send(timeout=TIMEOUT)
        assert children(reply, VERSION, "query") == {"name": "Meerkat",
                                                     "version": server_version()}
        await alice.quit()

    run(scenario())


def test_version_set_is_not_allowed(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_version]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0092"])
        error = await iq_error(version_iq(alice, type_="set"))
        assert error_of(error) == ("cancel", "not-allowed")
        await alice.quit()

    run(scenario())


def test_version_of_an_account_is_not_answered_by_the_server(meerkat, port):
    # XEP-0092 asks software, which a bare account JID does not run (RFC 6121 §8.5.3.1)
    server = start_modules_server(meerkat, port, "[modules.mod_version]\n")
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0092"])
        error = await iq_error(version_iq(alice, to="bob@localhost"))
        assert error_of(error) == ("cancel", "service-unavailable")
        await alice.quit()

    run(scenario())


def test_without_mod_version_nobody_answers(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_time]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0092"])
        error = await iq_error(version_iq(alice))
        assert error_of(error) == ("cancel", "service-unavailable")
        await alice.quit()

    run(scenario())


def test_time_is_utc_now(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_time]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0202"])
        before = datetime.datetime.now(datetime.timezone.utc)
        reply = await time_iq(alice).send(timeout=TIMEOUT)
        after = datetime.datetime.now(datetime.timezone.utc)
        assert str(reply["from"]) == "localhost"
        fields = children(reply, TIME, "time")
        assert set(fields) == {"tzo", "utc"}
        assert fields["tzo"] == "+00:00"
        # XEP-0082 DateTime in UTC, optionally with fractions of a second
        match = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z", fields["utc"])
        assert match, fields["utc"]
        utc = datetime.datetime.fromisoformat(match.group(1) + (match.group(2) or "") +
                                              "+00:00")
        assert before - datetime.timedelta(seconds=1) <= utc <= after
        await alice.quit()

    run(scenario())


def test_time_set_is_not_allowed(meerkat, port):
    server = start_modules_server(meerkat, port, "[modules.mod_time]\n")
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0202"])
        error = await iq_error(time_iq(alice, type_="set"))
        assert error_of(error) == ("cancel", "not-allowed")
        await alice.quit()

    run(scenario())
