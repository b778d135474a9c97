# SPDX-License-Identifier: Apache-2.0
"""The configuration the module tests run on: a c2s listener with STARTTLS on the generated
self-signed certificate for slixmpp clients, optionally a plain c2s listener for raw wire
clients, and the modules under test with their MongooseIM option names. Also the small
protocol steps the tests share: IQs that must fail, and a raw client logged in over PLAIN."""

import asyncio
import base64
import os
import re
import uuid
from pathlib import Path

import slixmpp.exceptions

from conftest import free_port  # noqa: F401 (the module tests import it from here)
from xmpp_client import TIMEOUT
from xmpp_wire import Wire

ROOT = Path(__file__).resolve().parents[3]
BINARY = Path(os.environ.get("MEERKAT_BIN", ROOT / "build" / "src" / "meerkat"))


def start_modules_server(meerkat, port, modules, plain_port=None, top="", args=()):
    """`modules` is the [modules.*] TOML; `top` goes before the listeners ([acl], [access]);
    `args` are extra command-line arguments (another server's --data-dir)."""
    listeners = top + f"""
    [[listen.c2s]]
      port = {port}
      tls.mode = "starttls"
    """
    if plain_port is not None:
        listeners += f"""
    [[listen.c2s]]
      port = {plain_port}
    """
    server = meerkat(listeners + modules, args=args)
    server.cafile = str(server.workdir / "var" / "selfsigned.pem")
    return server


async def iq_error(iq):
    """Sends `iq`, which must fail; returns the error reply."""
    try:
        reply = await iq.send(timeout=TIMEOUT)
    except slixmpp.exceptions.IqError as error:
        return error.iq
    raise AssertionError(f"expected an error, got {reply}")


def error_of(reply):
    """(type, condition) of an IQ error reply."""
    return reply["error"]["type"], reply["error"]["condition"]


async def no_stanza(queue, timeout=1):
    """Asserts that nothing arrives on `queue` within `timeout` seconds."""
    try:
        extra = await asyncio.wait_for(queue.get(), timeout)
    except asyncio.TimeoutError:
        return
    raise AssertionError(f"unexpected stanza: {extra}")


class WireClient(Wire):
    """A raw client on a plain listener; `exchange` sends and reads one answer."""

    def exchange(self, data, pattern, timeout=5):
        self.received = b""
        self.send(data)
        return self.read_until(pattern, timeout)

    def iq(self, body, type_="get", to=None, timeout=5):
        """Sends an IQ and returns the text of the reply with the same id."""
        iq_id = "w" + uuid.uuid4().hex[:8]
        to_attr = f" to='{to}'" if to else ""
        reply = rf"<iq [^>]*id=['\"]{iq_id}['\"][^>]*?(/>|>.*?</iq>)"
        text = self.exchange(f"<iq type='{type_}' id='{iq_id}'{to_attr}>{body}</iq>", reply,
                             timeout)
        return re.search(reply, text, re.S).group(0)


def plain_token(user, password):
    return base64.b64encode(f"\0{user}\0{password}".encode()).decode()


def wire_login(port, user, password, resource="wire", host="localhost"):
    """A raw client authenticated with SASL PLAIN and bound to `resource`."""
    wire = WireClient.tcp(port)
    wire.open_stream(host)
    answer = wire.exchange(
        f"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
        f"{plain_token(user, password)}</auth>", r"<success|<failure")
    assert "<success" in answer, answer
    wire.received = b""
    wire.open_stream(host)
    bound = wire.iq(f"<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>{resource}"
                    "</resource></bind>", type_="set")
    assert f"{user}@{host}/{resource}" in bound, bound
    return wire


def error_condition(text):
    """(type, condition) of the stanza error in raw reply `text`."""
    match = re.search(r"<error [^>]*type=['\"]([a-z]+)['\"][^>]*>\s*<([a-z-]+) "
                      r"xmlns=['\"]urn:ietf:params:xml:ns:xmpp-stanzas['\"]", text)
    assert match, f"no stanza error in {text!r}"
    return match.group(1), match.group(2)
