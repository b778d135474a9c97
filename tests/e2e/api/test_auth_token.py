# SPDX-License-Identifier: Apache-2.0
"""mod_auth_token and the GraphQL token category: a slixmpp client asks for tokens with the
token IQ, the admin and user endpoints issue and revoke them, and raw clients log in with
SASL X-OAUTH: access tokens until they expire, refresh tokens (which answer a fresh access
token) until they are revoked. Forged, foreign, expired and malformed tokens fail, and so
does the token of a removed account."""

import base64
import re
import time
import xml.etree.ElementTree as ET

import pytest

from conftest import Meerkat
from graphql_client import (ADMIN_PATH, USER_PATH, add_users, data_of, error_code, gql,
                            start_graphql_server)
from xmpp_client import connected, run
from xmpp_wire import Wire

TOKEN_NS = "erlang-solutions.com:xmpp:token-auth:0"
USERS = {"alice@localhost": "alice-pw", "bob@example.test": "bob-pw"}
REQUEST = """mutation($user: JID!) { token { requestToken(user: $user) { access refresh } } }"""
REVOKE = """mutation($user: JID!) { token { revokeToken(user: $user) } }"""


def modules(extra=""):
    return f"""
[modules.mod_roster]
[modules.mod_auth_token]
  {extra}
[modules.mod_keystore]
  keys = [{{name = "token_secret", type = "ram"}}]
"""


@pytest.fixture
def server(meerkat, port):
    started = start_graphql_server(meerkat, port, modules=modules())
    add_users(started, USERS)
    return started


def x_oauth(server, token, host="localhost"):
    """The server's answer to an X-OAUTH login with `token` (base64): the <success/> or
    <failure/> element's text, and the wire, for a bind after success."""
    wire = Wire.tcp(server.c2s_port)
    features = wire.open_stream(host)
    assert "<mechanism>X-OAUTH</mechanism>" in features, features
    wire.received = b""
    wire.send(f"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='X-OAUTH'>{token}"
              "</auth>")
    answer = wire.read_until(r"<success[^>]*/>|</success>|</failure>")
    return answer, wire


def logs_in(server, token, jid="alice@localhost"):
    answer, wire = x_oauth(server, token, jid.split("@")[1])
    if "<success" not in answer:
        wire.close()
        return False
    wire.received = b""
    wire.open_stream(jid.split("@")[1])
    wire.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
              "<resource>token</resource></bind></iq>")
    bound = wire.read_until(r"</iq>")
    wire.close()
    assert f"{jid}/token" in bound, bound
    return True


def admin_tokens(server, user):
    answer = data_of(gql(server.http_port, ADMIN_PATH, REQUEST, {"user": user}))
    return answer["token"]["requestToken"]


def decoded(token):
    return base64.b64decode(token).split(b"\0")


def test_a_client_asks_for_tokens_and_logs_in_with_them(server):
    async def ask():
        alice = await connected("alice@localhost/phone", "alice-pw", server.c2s_port)
        iq = alice.make_iq_get(ito="alice@localhost")
        iq.append(ET.Element(f"{{{TOKEN_NS}}}query"))
        reply = await iq.send(timeout=10)
        await alice.quit()
        items = reply.xml.find(f"{{{TOKEN_NS}}}items")
        return (items.find(f"{{{TOKEN_NS}}}access_token").text,
                items.find(f"{{{TOKEN_NS}}}refresh_token").text)

    access, refresh = run(ask())
    # MongooseIM's format: type, JID, expiry in Gregorian seconds, [sequence,] MAC
    fields = decoded(access)
    assert fields[:2] == [b"access", b"alice@localhost"] and len(fields) == 4
    assert int(fields[2]) > 62167219200 + time.time()
    assert re.fullmatch(rb"[0-9a-f]{96}", fields[3])
    assert decoded(refresh)[:2] == [b"refresh", b"alice@localhost"]
    assert logs_in(server, access)
    # a refresh token's login answers a fresh access token, which works too
    answer, wire = x_oauth(server, refresh)
    wire.close()
    fresh = re.search(r"<success[^>]*>([^<]+)</success>", answer).group(1)
    assert decoded(fresh)[0] == b"access"
    assert logs_in(server, fresh)


def test_only_the_owner_asks_for_tokens(server):
    async def ask():
        bob = await connected("bob@example.test/phone", "bob-pw", server.c2s_port)
        iq = bob.make_iq_get(ito="alice@localhost")
        iq.append(ET.Element(f"{{{TOKEN_NS}}}query"))
        try:
            await iq.send(timeout=10)
        except Exception as error:  # slixmpp raises IqError with the reply
            return error.iq["error"]["condition"]
        finally:
            await bob.quit()

    assert run(ask()) == "forbidden"


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_revoking_ends_refresh_tokens_only(server, method):
    tokens = admin_tokens(server, "alice@localhost")
    assert logs_in(server, tokens["refresh"])
    status, body = gql(server.http_port, ADMIN_PATH, REVOKE, {"user": "alice@localhost"})
    assert data_of((status, body)) == {"token": {"revokeToken": "Revoked."}}
    answer, wire = x_oauth(server, tokens["refresh"])
    wire.close()
    assert "<not-authorized/>" in answer, answer
    # access tokens are not tracked: they work until they expire
    assert logs_in(server, tokens["access"])
    # a new pair after the revocation works again
    assert logs_in(server, admin_tokens(server, "alice@localhost")["refresh"])
    # no refresh token was ever issued to bob
    status, body = gql(server.http_port, ADMIN_PATH, REVOKE, {"user": "bob@example.test"})
    assert error_code(body) == "not_found", body


def test_the_user_endpoint_issues_and_revokes_the_callers_tokens(server):
    auth = ("bob@example.test", "bob-pw")
    request = "mutation { token { requestToken { access refresh } } }"
    tokens = data_of(gql(server.http_port, USER_PATH, request, auth=auth))["token"]["requestToken"]
    assert decoded(tokens["access"])[1] == b"bob@example.test"
    assert logs_in(server, tokens["refresh"], "bob@example.test")
    revoked = data_of(gql(server.http_port, USER_PATH, "mutation { token { revokeToken } }",
                          auth=auth))
    assert revoked == {"token": {"revokeToken": "Revoked."}}
    assert not logs_in(server, tokens["refresh"], "bob@example.test")
    status, body = gql(server.http_port, USER_PATH, request, auth=("bob@example.test", "wrong"))
    assert status == 401, (status, body)


def test_bad_tokens_fail(server):
    tokens = admin_tokens(server, "alice@localhost")
    raw = base64.b64decode(tokens["access"])
    forged = base64.b64encode(raw.replace(b"alice", b"carol")).decode()
    later = raw.split(b"\0")
    later[2] = str(int(later[2]) + 1000).encode()
    tampered = base64.b64encode(b"\0".join(later)).decode()
    for token in [forged, tampered, base64.b64encode(b"access\0alice@localhost").decode(),
                  base64.b64encode(b"garbage").decode(), "=", "not base64!"]:
        answer, wire = x_oauth(server, token)
        wire.close()
        assert "<failure" in answer, (token, answer)
    # a token of one domain opens no stream to another
    bob = admin_tokens(server, "bob@example.test")
    answer, wire = x_oauth(server, bob["access"], "localhost")
    wire.close()
    assert "<not-authorized/>" in answer
    # the server keeps serving: the good token still works
    assert logs_in(server, tokens["access"])


def test_a_removed_account_loses_its_tokens(server):
    tokens = admin_tokens(server, "alice@localhost")
    remove = "mutation { account { removeUser(user: \"alice@localhost\") { message } } }"
    data_of(gql(server.http_port, ADMIN_PATH, remove))
    assert not logs_in(server, tokens["access"])
    assert not logs_in(server, tokens["refresh"])


def test_expired_tokens_fail(meerkat, port):
    server = start_graphql_server(meerkat, port, modules=modules(
        'validity_period.access = {value = 1, unit = "seconds"}'))
    add_users(server, USERS)
    tokens = admin_tokens(server, "alice@localhost")
    time.sleep(2.2)
    assert not logs_in(server, tokens["access"])
    assert logs_in(server, tokens["refresh"])


def test_a_file_key_survives_a_restart(meerkat, port, tmp_path):
    key = tmp_path / "token_secret"
    key.write_bytes(b"a secret shared by every start of this server")
    config = f"""
[modules.mod_auth_token]
[modules.mod_keystore]
  keys = [{{name = "token_secret", type = "file", path = "{key}"}}]
"""
    server = start_graphql_server(meerkat, port, modules=config)
    add_users(server, USERS)
    tokens = admin_tokens(server, "alice@localhost")
    assert server.stop() == 0
    again = Meerkat(server.workdir, server.config.read_text())
    try:
        again.wait_listening(2)
        again.http_port, again.c2s_port = server.http_port, server.c2s_port
        assert logs_in(again, tokens["access"])
        assert logs_in(again, tokens["refresh"])
    finally:
        assert again.stop() == 0


def test_without_the_module(meerkat, port):
    server = start_graphql_server(meerkat, port)
    add_users(server, USERS)
    status, body = gql(server.http_port, ADMIN_PATH, REQUEST, {"user": "alice@localhost"})
    assert error_code(body) == "deps_not_loaded", body
    assert body["errors"][0]["extensions"]["not_loaded_modules"] == ["mod_auth_token"]
    wire = Wire.tcp(server.c2s_port)
    features = wire.open_stream()
    assert "X-OAUTH" not in features
    wire.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='X-OAUTH'>AAAA</auth>")
    assert "<invalid-mechanism/>" in wire.read_until(r"</failure>")
    wire.close()
