# SPDX-License-Identifier: Apache-2.0
"""mod_event_pusher with push (XEP-0357): a client enables push towards an app server (here an
external component, as a real push app server is), and a message that waits offline makes the
server publish a summary with the client's secret to that node, from the user's bare JID. The
message itself still waits for the client. An app server that answers with an error loses the
registration; disable stops notifications; bad requests get precise errors. (slixmpp has no
XEP-0357 plugin, so the client side is raw stanzas.)"""

import hashlib
import re
import subprocess

import pytest

from conftest import BINARY, free_port
from modules_server import error_condition, start_modules_server, wire_login
from xmpp_wire import Wire

PUSH = "urn:xmpp:push:0"
ACCEPT = "jabber:component:accept"
SECRET_FORM = ("<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'>"
               "<value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
               "<field var='secret'><value>s3cr3t</value></field></x>")


def start(meerkat, port, extra="", modules=""):
    service_port = free_port()
    plain = free_port()
    top = f"""
    [[listen.service]]
      port = {service_port}
      password = "secret"
    """
    server = start_modules_server(meerkat, port, f"""
[modules.mod_disco]
[modules.mod_offline]
{modules}
[modules.mod_event_pusher.push]
  {extra}
""", plain_port=plain, top=top)
    for user in ("alice", "bob"):
        server.add_user(f"{user}@localhost", user[0])
    return server, plain, service_port


def app_server(port, domain="push.localhost"):
    """The push app server: an external component on the wire."""
    wire = Wire.tcp(port)
    wire.send(f"<stream:stream xmlns='{ACCEPT}' xmlns:stream='http://etherx.jabber.org/streams' "
              f"to='{domain}'>")
    header = wire.read_until(r"<stream:stream[^>]*>")
    stream_id = re.search(r"id=['\"]([^'\"]+)", header).group(1)
    wire.send(f"<handshake>{hashlib.sha1((stream_id + 'secret').encode()).hexdigest()}"
              "</handshake>")
    wire.read_until("<handshake/>")
    wire.received = b""
    return wire


def next_publish(wire, timeout=5):
    """Waits for the next publish IQ; returns (its text, its id)."""
    text = wire.read_until(r"<iq [^>]*>.*?</iq>", timeout=timeout)
    iq = re.search(r"<iq [^>]*>.*?</iq>", text, re.S).group(0)
    wire.received = wire.received[wire.received.index(iq.encode()) + len(iq.encode()):]
    return iq, re.search(r"id=['\"]([^'\"]+)", iq).group(1)


def test_an_offline_message_is_pushed_to_the_app_server(meerkat, port):
    _, plain, service_port = start(meerkat, port)
    push = app_server(service_port)
    bob = wire_login(plain, "bob", "b", resource="phone")
    info = bob.iq("<query xmlns='http://jabber.org/protocol/disco#info'/>", to="bob@localhost")
    assert f"var='{PUSH}'" in info
    enabled = bob.iq(f"<enable xmlns='{PUSH}' jid='push.localhost' node='device-1'>{SECRET_FORM}"
                     "</enable>", type_="set")
    assert "type='result'" in enabled, enabled
    bob.close()
    alice = wire_login(plain, "alice", "a")
    alice.send("<message to='bob@localhost' type='chat'><body>are you there?</body></message>")
    iq, iq_id = next_publish(push)
    assert "from='bob@localhost'" in iq and "to='push.localhost'" in iq and "type='set'" in iq
    assert "<publish node='device-1'>" in iq
    assert "<value>urn:xmpp:push:summary</value>" in iq
    assert re.search(r"last-message-sender'><value>alice@localhost/wire</value>", iq)
    assert re.search(r"last-message-body'><value>are you there\?</value>", iq)
    assert "<value>s3cr3t</value>" in iq  # the client's publish options
    push.send(f"<iq type='result' id='{iq_id}' from='push.localhost' to='bob@localhost'/>")
    # the message itself waits for bob, and chat states or headlines wake nobody
    alice.send("<message to='bob@localhost' type='chat'><active "
               "xmlns='http://jabber.org/protocol/chatstates'/></message>")
    with pytest.raises(AssertionError, match="timed out"):
        push.read_until("<iq", timeout=1)
    bob = wire_login(plain, "bob", "b", resource="phone")
    bob.send("<presence/>")
    assert "are you there?" in bob.read_until("are you there")


def test_a_message_held_for_a_session_waiting_to_be_resumed_is_pushed(meerkat, port):
    """A phone whose app was suspended: its connection broke, its session waits to be
    resumed (XEP-0198) and holds the message; the push wakes it long before the resume
    timeout would send the message to offline storage."""
    server, plain, service_port = start(
        meerkat, port, modules="[modules.mod_stream_management]\n  resume_timeout = 600")
    push = app_server(service_port)
    bob = wire_login(plain, "bob", "b", resource="phone")
    bob.iq(f"<enable xmlns='{PUSH}' jid='push.localhost' node='device-1'/>", type_="set")
    bob.exchange("<enable xmlns='urn:xmpp:sm:3' resume='true'/>", "<enabled")
    bob.close()
    server.wait_for_log(r"c2s_session_detached jid=bob@localhost/phone")
    alice = wire_login(plain, "alice", "a")
    alice.send("<message to='bob@localhost/phone' type='chat'><body>wake up</body></message>")
    iq, iq_id = next_publish(push)
    assert re.search(r"last-message-body'><value>wake up</value>", iq), iq
    push.send(f"<iq type='result' id='{iq_id}' from='push.localhost' to='bob@localhost'/>")
    # messages without a body wake nobody here either
    alice.send("<message to='bob@localhost/phone' type='chat'><active "
               "xmlns='http://jabber.org/protocol/chatstates'/></message>")
    with pytest.raises(AssertionError, match="timed out"):
        push.read_until("<iq", timeout=1)


def test_an_app_server_error_or_disable_stops_the_pushes(meerkat, port):
    _, plain, service_port = start(meerkat, port)
    push = app_server(service_port)
    bob = wire_login(plain, "bob", "b", resource="phone")
    bob.iq(f"<enable xmlns='{PUSH}' jid='push.localhost' node='n1'/>", type_="set")
    alice = wire_login(plain, "alice", "a")
    alice.send("<message to='bob@localhost' type='chat'><body>one</body></message>")
    _, iq_id = next_publish(push)
    push.send(f"<iq type='error' id='{iq_id}' from='push.localhost' to='bob@localhost'>"
              "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
              "</error></iq>")
    alice.send("<message to='bob@localhost' type='chat'><body>two</body></message>")
    with pytest.raises(AssertionError, match="timed out"):
        push.read_until("<iq", timeout=1)
    # enabled again, then disabled: nothing either
    bob.iq(f"<enable xmlns='{PUSH}' jid='push.localhost' node='n1'/>", type_="set")
    assert "type='result'" in bob.iq(f"<disable xmlns='{PUSH}' jid='push.localhost'/>",
                                     type_="set")
    alice.send("<message to='bob@localhost' type='chat'><body>three</body></message>")
    with pytest.raises(AssertionError, match="timed out"):
        push.read_until("<iq", timeout=1)


def test_bad_requests_get_precise_errors(meerkat, port):
    _, plain, _ = start(meerkat, port)
    bob = wire_login(plain, "bob", "b")
    no_node = bob.iq(f"<enable xmlns='{PUSH}' jid='push.localhost'/>", type_="set")
    assert error_condition(no_node) == ("modify", "bad-request")
    no_jid = bob.iq(f"<enable xmlns='{PUSH}' node='n'/>", type_="set")
    assert error_condition(no_jid) == ("modify", "bad-request")
    unknown = bob.iq(f"<disable xmlns='{PUSH}' jid='push.localhost'/>", type_="set")
    assert error_condition(unknown) == ("cancel", "item-not-found")
    alice = wire_login(plain, "alice", "a")
    other = alice.iq(f"<enable xmlns='{PUSH}' jid='push.localhost' node='n'/>", type_="set",
                     to="bob@localhost")
    assert error_condition(other) == ("auth", "forbidden")


def test_unimplemented_backends_stop_the_server(tmp_path):
    config = tmp_path / "meerkat.toml"
    config.write_text('[general]\n  hosts = ["localhost"]\n  default_server_domain = "localhost"\n'
                      '[modules.mod_event_pusher.push]\n'
                      '[modules.mod_event_pusher.http]\n')
    result = subprocess.run([str(BINARY), "--config", str(config), "--data-dir", str(tmp_path)],
                            capture_output=True, text=True, timeout=20)
    assert result.returncode != 0
    assert "modules.mod_event_pusher.http: this backend is not implemented yet" in result.stderr
