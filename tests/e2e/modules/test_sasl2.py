# SPDX-License-Identifier: Apache-2.0
"""mod_sasl2 (XEP-0388), mod_bind2 (XEP-0386) and mod_fast_auth_token (XEP-0484).

A real client, @xmpp/client (npm, over TCP with STARTTLS), logs in with SASL2 and Bind 2,
enables stream management inline, resumes inline after its connection drops, and gets a FAST
token that its next process logs in with (with a wrong password, so only the token can have
worked); over WebSocket too. Raw streams check the exact protocol: the advertised inline features, SCRAM with its
server signature, the one-round-trip login with carbons, client state and stream management,
stable resources per user agent, binding the RFC 6120 way after SASL2, token rotation,
replayed counts, invalidation, expiry and malformed requests."""

import base64
import hashlib
import hmac
import json
import os
import re
import time
import uuid

from conftest import free_port
from http_server import start_http_server
from js_client import JsClient
from modules_server import WireClient, start_modules_server
from xmpp_wire import stream_error

SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
SASL2 = "urn:xmpp:sasl:2"
BIND2 = "urn:xmpp:bind:0"
FAST = "urn:xmpp:fast:0"
SM = "urn:xmpp:sm:3"

MODULES = """
[modules.mod_roster]
[modules.mod_carboncopy]
[modules.mod_csi]
[modules.mod_stream_management]
  resume_timeout = 60
[modules.mod_sasl2]
[modules.mod_bind2]
[modules.mod_fast_auth_token]
{fast}
"""


def start(meerkat, port, fast="", sasl2=True):
    plain = free_port()
    modules = MODULES.format(fast=fast) if sasl2 else "[modules.mod_stream_management]\n"
    server = start_modules_server(meerkat, port, modules, plain_port=plain)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")
    return server, plain


def b64(data):
    return base64.b64encode(data if isinstance(data, bytes) else data.encode()).decode()


def user_agent(agent_id):
    return (f"<user-agent id='{agent_id}'><software>meerkat-e2e</software>"
            "<device>test</device></user-agent>")


def authenticate(wire, mechanism, initial, inline=""):
    """Sends <authenticate/>; returns the text of the answer (challenge, success or failure)."""
    response = f"<initial-response>{b64(initial)}</initial-response>" if initial else ""
    return wire.exchange(
        f"<authenticate xmlns='{SASL2}' mechanism='{mechanism}'>{response}{inline}"
        "</authenticate>", r"</success>|<success[^>]*/>|</failure>|</challenge>")


def plain_login(port, user="alice", password="a", inline=""):
    wire = WireClient.tcp(port)
    features = wire.open_stream()
    return wire, features, authenticate(wire, "PLAIN", f"\0{user}\0{password}", inline)


def authorization_identifier(text):
    return re.search(r"<authorization-identifier>([^<]+)</authorization-identifier>",
                     text).group(1)


def ht_proof(token, label):
    return hmac.new(token.encode(), label.encode(), hashlib.sha256).digest()


def token_of(text):
    match = re.search(r"<token xmlns='urn:xmpp:fast:0' expiry='([^']+)' token='([^']+)'/>", text)
    assert match, text
    return match.group(2)


def fast_login(port, token, agent_id, user="alice", fast="<fast xmlns='urn:xmpp:fast:0'/>",
               inline=""):
    """Logs in with HT-SHA-256-NONE; returns (wire, answer)."""
    wire = WireClient.tcp(port)
    wire.open_stream()
    initial = user.encode() + b"\0" + ht_proof(token, "Initiator")
    answer = authenticate(wire, "HT-SHA-256-NONE", initial,
                          user_agent(agent_id) + fast + inline)
    return wire, answer


def request_token(port, agent_id):
    wire, _, answer = plain_login(
        port, inline=user_agent(agent_id) + f"<request-token xmlns='{FAST}' "
        "mechanism='HT-SHA-256-NONE'/>")
    assert "<success" in answer, answer
    wire.close()
    return token_of(answer)


def test_features_offer_the_profile_and_what_can_be_inlined(meerkat, port):
    _, plain = start(meerkat, port)
    wire = WireClient.tcp(plain)
    features = wire.open_stream()
    authentication = re.search(rf"<authentication xmlns='{SASL2}'>.*</authentication>",
                               features).group(0)
    assert "<mechanism>SCRAM-SHA-256</mechanism>" in authentication
    assert "<mechanism>PLAIN</mechanism>" in authentication
    bind = re.search(rf"<bind xmlns='{BIND2}'>.*?</bind>", authentication).group(0)
    for var in (SM, "urn:xmpp:csi:0", "urn:xmpp:carbons:2"):
        assert f"<feature var='{var}'/>" in bind, bind
    assert f"<sm xmlns='{SM}'/>" in authentication
    # plain TCP has no channel binding: only the -NONE token mechanism
    assert re.search(rf"<fast xmlns='{FAST}'><mechanism>HT-SHA-256-NONE</mechanism></fast>",
                     authentication), authentication
    # the RFC 6120 profile stays for older clients
    assert f"<mechanisms xmlns='{SASL}'>" in features


def test_without_the_module_nothing_is_offered_and_authenticate_is_refused(meerkat, port):
    _, plain = start(meerkat, port, sasl2=False)
    wire = WireClient.tcp(plain)
    assert "urn:xmpp:sasl:2" not in wire.open_stream()
    wire.send(f"<authenticate xmlns='{SASL2}' mechanism='PLAIN'/>")
    assert stream_error(wire.read_to_close()) == "unsupported-stanza-type"


def test_one_round_trip_login_binds_and_enables_everything(meerkat, port):
    _, plain = start(meerkat, port)
    agent = str(uuid.uuid4())
    inline = (user_agent(agent) + f"<bind xmlns='{BIND2}'><tag>phone</tag>"
              f"<enable xmlns='{SM}' resume='true'/><enable xmlns='urn:xmpp:carbons:2'/>"
              "<inactive xmlns='urn:xmpp:csi:0'/></bind>")
    alice, _, success = plain_login(plain, inline=inline)
    assert f"<success xmlns='{SASL2}'>" in success, success
    full = authorization_identifier(success)
    assert re.fullmatch(r"alice@localhost/phone\.[0-9a-f]{16}", full), full
    assert re.search(rf"<bound xmlns='{BIND2}'><enabled xmlns='{SM}' id='[^']+' resume='true' "
                     r"max='60'/></bound>", success), success
    assert "<stream:features" not in success  # no restart, nothing more to negotiate
    # The session works at once, with carbons on: a message another resource sends comes
    # back as a <sent/> carbon. The client said it is inactive, so the carbon (no body of its
    # own) waits until it is active again.
    alice.received = b""
    other, _, _ = plain_login(plain, inline=f"<bind xmlns='{BIND2}'><tag>desk</tag></bind>")
    other.send("<message to='bob@localhost' type='chat'><body>carbon me</body></message>")
    alice.assert_nothing("<message")
    alice.send("<active xmlns='urn:xmpp:csi:0'/>")
    carbon = alice.read_until(r"</message>")
    assert "<sent xmlns='urn:xmpp:carbons:2'>" in carbon, carbon
    assert "carbon me" in carbon
    roster = alice.iq("<query xmlns='jabber:iq:roster'/>")
    assert "type='result'" in roster, roster


def test_the_same_user_agent_gets_the_same_resource_and_replaces_its_stale_session(
        meerkat, port):
    _, plain = start(meerkat, port)
    agent = str(uuid.uuid4())
    inline = user_agent(agent) + f"<bind xmlns='{BIND2}'><tag>phone</tag></bind>"
    first, _, answer = plain_login(plain, inline=inline)
    second, _, again = plain_login(plain, inline=inline)
    assert authorization_identifier(answer) == authorization_identifier(again)
    assert stream_error(first.read_to_close()) == "conflict"
    # another device of the same user, and a client without a user-agent id, differ
    third, _, other = plain_login(plain, inline=user_agent(str(uuid.uuid4()))
                                  + f"<bind xmlns='{BIND2}'><tag>phone</tag></bind>")
    fourth, _, anonymous = plain_login(plain, inline=f"<bind xmlns='{BIND2}'/>")
    ids = {authorization_identifier(t) for t in (again, other, anonymous)}
    assert len(ids) == 3, ids
    assert "<stream:error" not in second.text


def scram_client_first(user):
    nonce = b64(os.urandom(18))
    return nonce, f"n,,n={user},r={nonce}"


def test_scram_over_sasl2_proves_the_server_and_allows_rfc_binding(meerkat, port):
    """SCRAM-SHA-256 in <challenge/>/<response/>; the server signature comes back in
    <additional-data/>. Without a Bind 2 request the client gets the binding features."""
    _, plain = start(meerkat, port)
    wire = WireClient.tcp(plain)
    wire.open_stream()
    nonce, first = scram_client_first("alice")
    challenge = authenticate(wire, "SCRAM-SHA-256", first)
    server_first = base64.b64decode(
        re.search(rf"<challenge xmlns='{SASL2}'>([^<]+)</challenge>", challenge).group(1)).decode()
    fields = dict(part.split("=", 1) for part in server_first.split(","))
    assert fields["r"].startswith(nonce)
    salted = hashlib.pbkdf2_hmac("sha256", b"a", base64.b64decode(fields["s"]), int(fields["i"]))
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    stored_key = hashlib.sha256(client_key).digest()
    final_without_proof = f"c=biws,r={fields['r']}"
    auth_message = f"{first[3:]},{server_first},{final_without_proof}".encode()
    signature = hmac.new(stored_key, auth_message, hashlib.sha256).digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    success = wire.exchange(
        f"<response xmlns='{SASL2}'>{b64(final_without_proof + ',p=' + b64(proof))}</response>",
        r"</stream:features>")
    server_key = hmac.new(salted, b"Server Key", hashlib.sha256).digest()
    expected = "v=" + b64(hmac.new(server_key, auth_message, hashlib.sha256).digest())
    data = re.search(r"<additional-data>([^<]+)</additional-data>", success).group(1)
    assert base64.b64decode(data).decode() == expected
    assert authorization_identifier(success) == "alice@localhost"
    assert "<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>" in success
    assert "starttls" not in success
    bound = wire.iq("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>rfc</resource>"
                    "</bind>", type_="set")
    assert "alice@localhost/rfc" in bound


def test_failures_use_the_sasl2_namespace_and_the_stream_goes_on(meerkat, port):
    _, plain = start(meerkat, port)
    wire = WireClient.tcp(plain)
    wire.open_stream()
    failure = authenticate(wire, "PLAIN", "\0alice\0wrong")
    assert re.search(rf"<failure xmlns='{SASL2}'><not-authorized xmlns='{SASL}'/>", failure)
    assert "invalid-mechanism" in authenticate(wire, "SCRAM-SHA-9", "x")
    assert "malformed-request" in wire.exchange(f"<response xmlns='{SASL2}'>eA==</response>",
                                                r"</failure>")
    assert "incorrect-encoding" in wire.exchange(
        f"<authenticate xmlns='{SASL2}' mechanism='PLAIN'><initial-response>!!</initial-response>"
        "</authenticate>", r"</failure>")
    # a token login needs the user-agent id the token belongs to
    initial = b"alice\0" + ht_proof("x", "Initiator")
    assert "not-authorized" in authenticate(wire, "HT-SHA-256-NONE", initial)
    success = authenticate(wire, "PLAIN", "\0alice\0a", f"<bind xmlns='{BIND2}'/>")
    assert "<success" in success and "<bound" in success, success


def test_fast_tokens_log_in_rotate_and_are_bound_to_their_client(meerkat, port):
    """rotate_before_expire as long as the validity: every token login brings a new token, and
    the old one works until the new one is used."""
    _, plain = start(meerkat, port, fast="""
  validity_period.access = {value = 1, unit = "days"}
  validity_period.rotate_before_expire = {value = 1, unit = "days"}
""")
    agent = str(uuid.uuid4())
    token = request_token(plain, agent)

    wire, answer = fast_login(plain, token, agent, inline=f"<bind xmlns='{BIND2}'/>")
    assert "<success" in answer, answer
    data = re.search(r"<additional-data>([^<]+)</additional-data>", answer).group(1)
    assert base64.b64decode(data) == ht_proof(token, "Responder")  # the server holds it too
    assert authorization_identifier(answer).startswith("alice@localhost/")
    rotated = token_of(answer)
    assert rotated != token
    assert "<success" in fast_login(plain, token, agent)[1]  # still valid: the new is unused
    assert "<success" in fast_login(plain, rotated, agent)[1]
    assert "not-authorized" in fast_login(plain, token, agent)[1]  # retired by the new one

    assert "not-authorized" in fast_login(plain, rotated, str(uuid.uuid4()))[1]  # another client
    assert "not-authorized" in fast_login(plain, rotated, agent, user="bob")[1]
    assert "not-authorized" in fast_login(plain, "forged", agent)[1]


def test_fast_counts_must_grow_and_invalidate_revokes(meerkat, port):
    _, plain = start(meerkat, port, fast="""
  validity_period.rotate_before_expire = {value = 0, unit = "days"}
""")
    agent = str(uuid.uuid4())
    token = request_token(plain, agent)
    count = lambda n: f"<fast xmlns='{FAST}' count='{n}'/>"  # noqa: E731
    _, answer = fast_login(plain, token, agent, fast=count(5))
    assert "<success" in answer and "<token" not in answer, answer  # no rotation configured
    assert "not-authorized" in fast_login(plain, token, agent, fast=count(5))[1]  # a replay
    assert "not-authorized" in fast_login(plain, token, agent, fast=count(4))[1]
    assert "<success" in fast_login(plain, token, agent, fast=count(6))[1]
    assert "malformed-request" in fast_login(plain, token, agent, fast=count("x"))[1]
    invalidate = f"<fast xmlns='{FAST}' invalidate='true'/>"
    assert "<success" in fast_login(plain, token, agent, fast=invalidate)[1]
    assert "not-authorized" in fast_login(plain, token, agent)[1]


def test_an_expired_token_is_refused_as_expired(meerkat, port):
    _, plain = start(meerkat, port, fast="""
  validity_period.access = {value = 1, unit = "seconds"}
  validity_period.rotate_before_expire = {value = 0, unit = "days"}
""")
    agent = str(uuid.uuid4())
    token = request_token(plain, agent)
    time.sleep(2.1)
    assert f"<credentials-expired xmlns='{SASL}'/>" in fast_login(plain, token, agent)[1]


def test_inline_resumption_resends_what_was_not_acknowledged(meerkat, port):
    server, plain = start(meerkat, port)
    agent = str(uuid.uuid4())
    alice, _, success = plain_login(plain, inline=user_agent(agent) + f"<bind xmlns='{BIND2}'>"
                                    f"<enable xmlns='{SM}' resume='true'/></bind>")
    full = authorization_identifier(success)
    previd = re.search(r"<enabled [^>]*id='([^']+)'", success).group(1)
    bob, _, _ = plain_login(plain, "bob", "b", inline=f"<bind xmlns='{BIND2}'/>")
    bob.send(f"<message to='{full}' type='chat'><body>in flight</body></message>")
    alice.read_until("in flight")
    alice.close()  # no <a/>: the message is unacknowledged
    server.wait_for_log(rf"c2s_session_detached jid={re.escape(full)}")
    again, _, resumed = plain_login(
        plain, inline=user_agent(agent) + f"<resume xmlns='{SM}' previd='{previd}' h='0'/>"
        f"<bind xmlns='{BIND2}'/>")
    assert authorization_identifier(resumed) == full
    assert re.search(rf"<resumed xmlns='{SM}' h='0' previd='{previd}'/>", resumed), resumed
    assert "<bound" not in resumed  # resumed, so not bound anew
    again.read_until("in flight")
    # an unknown id fails inline, and the Bind 2 request beside it is served
    _, _, fallback = plain_login(plain, inline=f"<resume xmlns='{SM}' previd='nope' h='0'/>"
                                 f"<bind xmlns='{BIND2}'/>")
    assert f"<failed xmlns='{SM}'><item-not-found" in fallback, fallback
    assert "<bound" in fallback


def js_client(port, user, password, agent, token=None, resource="phone"):
    env = {"MEERKAT_AGENT_ID": agent}
    if token:
        env["MEERKAT_FAST_TOKEN"] = token
    return JsClient("xmpp_client_driver.mjs", f"xmpp://127.0.0.1:{port}", "localhost", user,
                    password, resource, env=env)


def test_xmpp_js_logs_in_with_bind2_resumes_inline_and_reuses_its_fast_token(meerkat, port):
    server, plain = start(meerkat, port)
    agent = str(uuid.uuid4())
    alice = js_client(port, "alice", "a", agent)
    try:
        full = alice.wait_online()
        assert full.startswith("alice@localhost/phone."), full
        # the token arrives in <success/>, before the client reports itself online
        token = next(e for e in alice.seen if e["event"] == "token")
        assert token["mechanism"] == "HT-SHA-256-NONE"
        server.wait_for_log(rf"c2s_sm_enabled jid={re.escape(full)} resume=true")
        bob, _, _ = plain_login(plain, "bob", "b", inline=f"<bind xmlns='{BIND2}'/>")
        send = lambda body: bob.send(  # noqa: E731
            f"<message to='{full}' type='chat'><body>{body}</body></message>")
        # over TCP, xmpp.js prints stanzas without the stream's default namespace
        body = lambda text: lambda e: f"<body>{text}</body>" in e.get("xml", "")  # noqa: E731
        send("before")
        alice.next_event(body("before"))
        alice.command(drop=True)
        server.wait_for_log(rf"c2s_session_detached jid={re.escape(full)}")
        send("while away")
        alice.next_event(lambda e: e["event"] == "resumed", timeout=20)
        if not any(body("while away")(e) for e in alice.seen):
            alice.next_event(body("while away"))
        # resumed inside the SASL2 exchange: the second login came back bound
        server.wait_for_log(r"c2s_session_resumed")
        assert server.log.count("user=alice@localhost profile=sasl2 bound=true") == 2
    finally:
        alice.kill()
    # A new process of the same client, with the token and a wrong password: only FAST can
    # log it in.
    token_json = json.dumps({k: token[k] for k in ("mechanism", "token", "expiry")})
    again = js_client(port, "alice", "wrong", agent, token=token_json)
    try:
        assert again.wait_online() == full  # the same user agent: the same resource
    finally:
        again.kill()
    forged = json.dumps({**json.loads(token_json), "token": "forged"})
    refused = js_client(port, "alice", "wrong", agent, token=forged)
    try:
        refused.next_event(lambda e: e["event"] == "error" and "not-authorized" in e["message"])
    finally:
        refused.kill()


def test_xmpp_js_over_websocket_logs_in_with_sasl2_and_its_token(meerkat, port):
    """The same profile over XMPP-over-WebSocket: no stream restart to frame."""
    http_port = free_port()
    server = start_http_server(meerkat, port, http_port, modules=MODULES.format(fast=""))
    server.add_user("alice@localhost", "a")
    agent = str(uuid.uuid4())
    url = f"ws://127.0.0.1:{http_port}/ws-xmpp"
    env = {"MEERKAT_AGENT_ID": agent}
    first = JsClient("xmpp_client_driver.mjs", url, "localhost", "alice", "a", "web", env=env)
    try:
        full = first.wait_online()
        assert full.startswith("alice@localhost/web."), full
        token = next(e for e in first.seen if e["event"] == "token")
    finally:
        first.kill()
    token_json = json.dumps({k: token[k] for k in ("mechanism", "token", "expiry")})
    again = JsClient("xmpp_client_driver.mjs", url, "localhost", "alice", "wrong", "web",
                     env={**env, "MEERKAT_FAST_TOKEN": token_json})
    try:
        assert again.wait_online() == full
    finally:
        again.kill()
