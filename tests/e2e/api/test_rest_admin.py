# SPDX-License-Identifier: Apache-2.0
"""The REST admin API (mongoose_admin_api, src/api/rest/openapi/admin.json) over real HTTP:
Basic authentication, handler groups, every implemented route with its MongooseIM status
codes, bad bodies, and the effects seen by real XMPP clients (a kicked session, a delivered
message, roster entries and subscription presences)."""

import asyncio
import json
import time
import urllib.parse

import pytest

from conftest import free_port
from graphql_client import eventually, http_request
from xmpp_client import Client, connected, run

AUTH = ("admin", "secret")
USERS = {"alice@localhost": "alice-pw", "bob@localhost": "bob-pw"}


@pytest.fixture
def server(meerkat, port):
    c2s_port = free_port()
    while c2s_port == port:
        c2s_port = free_port()
    started = meerkat(f"""
    [[listen.c2s]]
      port = {c2s_port}

    [[listen.http]]
      port = {port}

      [[listen.http.handlers.mongoose_admin_api]]
        host = "_"
        path = "/api"
        username = "{AUTH[0]}"
        password = "{AUTH[1]}"

      [[listen.http.handlers.mongoose_admin_api]]
        host = "_"
        path = "/open"
        handlers = ["users"]

    [modules.mod_roster]
    [modules.mod_mam]
    [modules.mod_mam.pm]
    """, expect_listeners=2)
    started.http_port = port
    started.c2s_port = c2s_port
    for jid, password in USERS.items():
        started.add_user(jid, password)
    return started


def rest(server, method, path, body=None, raw=None, auth=AUTH, base="/api"):
    """(status, headers, body) of one request; `body` is sent as JSON, `raw` as it is. The
    answer's body is parsed when it is JSON, else decoded text."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    headers = {"Content-Type": "application/json"} if data is not None else {}
    status, response_headers, content = http_request(server.http_port, method, base + path,
                                                      body=data, headers=headers, auth=auth)
    text = content.decode()
    if response_headers.get("content-type", "").startswith("application/json"):
        return status, response_headers, json.loads(text)
    return status, response_headers, text


def ok(server, method, path, body=None, expect=200):
    status, _, answer = rest(server, method, path, body)
    assert status == expect, (method, path, status, answer)
    return answer


def quoted(jid):
    return urllib.parse.quote(jid, safe="@")


async def online(jid, password, port, roster=False):
    client = Client(jid, password, port)
    assert await client.login(roster=roster), f"{jid} could not log in"
    await client.next_presence(lambda p: p["from"] == client.boundjid)
    return client


async def until(check, timeout=10):
    """Waits, without blocking the clients' event loop, until `check()` is true."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"still false after {timeout}s"
        await asyncio.sleep(0.05)


async def can_log_in(jid, password, port):
    client = Client(jid, password, port)
    if await client.login(presence=False):
        await client.quit()
        return True
    client.disconnect()
    return False


# --- authentication, paths, handler groups ---------------------------------------------------

def test_basic_authentication(server):
    status, headers, _ = rest(server, "GET", "/users/localhost", auth=None)
    assert status == 401
    assert headers["www-authenticate"].startswith("Basic")
    for wrong in [("admin", "nope"), ("root", "secret")]:
        assert rest(server, "GET", "/users/localhost", auth=wrong)[0] == 401
    status, _, bad = http_request(server.http_port, "GET", "/api/users/localhost", auth=None,
                                  headers={"Authorization": "Basic !!!"})
    assert status == 401, bad
    assert sorted(ok(server, "GET", "/users/localhost")) == ["alice@localhost", "bob@localhost"]


def test_api_without_credentials_and_with_some_handler_groups(server):
    # /open sets no username and password: no authentication, and only the "users" group.
    status, _, users = rest(server, "GET", "/users/localhost", auth=None, base="/open")
    assert status == 200 and "alice@localhost" in users
    for method, path in [("GET", "/sessions/localhost"), ("POST", "/messages"),
                         ("GET", "/contacts/alice@localhost"), ("GET", "/metrics/")]:
        assert rest(server, method, path, body={}, auth=None, base="/open")[0] == 404, path


def test_unknown_paths_and_methods(server):
    assert rest(server, "GET", "/nothing")[0] == 404
    assert rest(server, "GET", "/users")[0] == 404
    assert rest(server, "GET", "/users/localhost/alice/extra")[0] == 404
    status, headers, _ = rest(server, "PATCH", "/users/localhost", body={})
    assert status == 405
    assert set(headers["allow"].split(", ")) == {"GET", "POST"}
    # an unknown path answers 404 before credentials are asked for
    assert rest(server, "GET", "/nothing", auth=None)[0] == 404


# --- users -----------------------------------------------------------------------------------

def test_register_change_password_and_remove_a_user(server):
    status, headers, answer = rest(server, "POST", "/users/localhost",
                                   {"username": "carol", "password": "carol-pw"})
    assert status == 201, answer
    assert answer == "User carol@localhost successfully registered"
    assert headers["location"] == "/api/users/localhost/carol"
    assert "carol@localhost" in ok(server, "GET", "/users/localhost")
    assert run(can_log_in("carol@localhost", "carol-pw", server.c2s_port))

    status, _, answer = rest(server, "POST", "/users/localhost",
                             {"username": "carol", "password": "other"})
    assert status == 409, answer
    assert "already exists" in answer

    ok(server, "PUT", "/users/localhost/carol", {"newpass": "fresh"}, expect=204)
    assert run(can_log_in("carol@localhost", "fresh", server.c2s_port))
    assert not run(can_log_in("carol@localhost", "carol-pw", server.c2s_port))

    ok(server, "DELETE", "/users/localhost/carol", expect=204)
    assert "carol@localhost" not in ok(server, "GET", "/users/localhost")
    assert not run(can_log_in("carol@localhost", "fresh", server.c2s_port))
    assert rest(server, "DELETE", "/users/localhost/carol")[0] == 404
    assert rest(server, "PUT", "/users/localhost/carol", {"newpass": "x"})[0] == 404


@pytest.mark.parametrize("method, path, body, raw, message", [
    ("POST", "/users/localhost", None, b"not json", "Invalid request body"),
    ("POST", "/users/localhost", None, b"", "Invalid request body"),
    ("POST", "/users/localhost", ["carol", "pw"], None, "Invalid request body"),
    ("POST", "/users/localhost", {"password": "pw"}, None, "Missing user name"),
    ("POST", "/users/localhost", {"username": "carol"}, None, "Missing password"),
    ("POST", "/users/localhost", {"username": 7, "password": "pw"}, None, "Invalid user name"),
    ("POST", "/users/localhost", {"username": "a b@c", "password": "pw"}, None, None),
    ("PUT", "/users/localhost/alice", {}, None, "Missing new password"),
    ("PUT", "/users/localhost/alice", None, b"{", "Invalid request body"),
])
def test_user_bad_requests(server, method, path, body, raw, message):
    status, _, answer = rest(server, method, path, body, raw=raw)
    assert status == 400, answer
    if message:
        assert answer == message


def test_users_of_an_unknown_domain(server):
    status, _, answer = rest(server, "GET", "/users/nowhere.test")
    assert status == 404, answer
    status, _, answer = rest(server, "POST", "/users/nowhere.test",
                             {"username": "x", "password": "y"})
    assert status == 404, answer


# --- sessions --------------------------------------------------------------------------------

def test_list_and_kick_sessions(server):
    async def scenario():
        phone = await online("alice@localhost/phone", "alice-pw", server.c2s_port)
        bob = await online("bob@localhost/desk", "bob-pw", server.c2s_port)
        assert sorted(ok(server, "GET", "/sessions/localhost")) == [
            "alice@localhost/phone", "bob@localhost/desk"]
        assert ok(server, "GET", "/sessions/example.test") == []
        ok(server, "DELETE", "/sessions/localhost/alice/phone", expect=204)
        await asyncio.wait_for(phone.disconnected_event.wait(), 10)
        eventually(lambda: ok(server, "GET", "/sessions/localhost") == ["bob@localhost/desk"])
        assert not bob.disconnected_event.is_set()
        status, _, answer = rest(server, "DELETE", "/sessions/localhost/alice/phone")
        assert status == 404, answer
        await bob.quit()

    run(scenario())
    assert rest(server, "GET", "/sessions/nowhere.test")[0] == 404


# --- messages and stanzas --------------------------------------------------------------------

def test_send_messages_and_read_the_archive(server):
    async def scenario():
        bob = await online("bob@localhost/desk", "bob-pw", server.c2s_port)
        for text in ["first", "second"]:
            ok(server, "POST", "/messages",
               {"caller": "alice@localhost", "to": "bob@localhost", "body": text}, expect=204)
            message = await bob.next_message()
            assert (message["body"], str(message["from"]), message["type"]) == (
                text, "alice@localhost", "chat")
        await bob.quit()

    run(scenario())
    archive = ok(server, "GET", "/messages/alice@localhost")
    assert [m["body"] for m in archive] == ["second", "first"]  # newest first
    for item in archive:
        assert set(item) == {"sender", "timestamp", "message_id", "body"}
        assert item["sender"] == "alice@localhost"
        assert abs(item["timestamp"] - time.time()) < 120
        assert item["message_id"]
    # bob's own archive has them as incoming, from alice
    assert [m["sender"] for m in ok(server, "GET", "/messages/bob@localhost")] == [
        "alice@localhost", "alice@localhost"]
    assert [m["body"] for m in ok(server, "GET",
                                  "/messages/alice@localhost/bob@localhost?limit=1")] == ["second"]
    assert ok(server, "GET", "/messages/alice@localhost/carol@localhost") == []
    hour_ago = int(time.time()) - 3600
    assert ok(server, "GET", f"/messages/alice@localhost?before={hour_ago}") == []
    for query in ["before=yesterday", "limit=0", "limit=-1", "limit=x"]:
        status, _, answer = rest(server, "GET", f"/messages/alice@localhost?{query}")
        assert status == 400, (query, answer)
    assert rest(server, "GET", "/messages/ghost@localhost")[0] == 404
    assert rest(server, "GET", "/messages/not@a@jid")[0] == 400


@pytest.mark.parametrize("body, status, message", [
    ({"to": "bob@localhost", "body": "x"}, 400, "Missing sender JID"),
    ({"caller": "alice@localhost", "body": "x"}, 400, "Missing recipient JID"),
    ({"caller": "alice@localhost", "to": "bob@localhost"}, 400, "Missing message body"),
    ({"caller": "alice@localhost", "to": 5, "body": "x"}, 400, "Invalid recipient JID"),
    ({"caller": "@@", "to": "bob@localhost", "body": "x"}, 400, None),
    ({"caller": "ghost@localhost", "to": "bob@localhost", "body": "x"}, 404, None),
])
def test_send_message_refusals(server, body, status, message):
    got, _, answer = rest(server, "POST", "/messages", body)
    assert got == status, answer
    if message:
        assert answer == message


def test_send_a_raw_stanza(server):
    stanza = ("<message from='alice@localhost/raw' to='bob@localhost' type='chat' id='raw-1'>"
              "<body>raw &amp; ready</body></message>")

    async def scenario():
        bob = await online("bob@localhost/desk", "bob-pw", server.c2s_port)
        ok(server, "POST", "/stanzas", {"stanza": stanza}, expect=204)
        message = await bob.next_message()
        assert (message["body"], message["id"], str(message["from"])) == (
            "raw & ready", "raw-1", "alice@localhost/raw")
        await bob.quit()

    run(scenario())


@pytest.mark.parametrize("body, raw", [
    ({}, None),
    ({"stanza": "<message to='bob@localhost'"}, None),
    ({"stanza": "<message to='bob@localhost'><body>no sender</body></message>"}, None),
    ({"stanza": "<unknown from='alice@localhost' to='bob@localhost'/>"}, None),
    (None, b"<message/>"),
])
def test_send_stanza_refusals(server, body, raw):
    status, _, answer = rest(server, "POST", "/stanzas", body, raw=raw)
    assert status == 400, answer


# --- contacts --------------------------------------------------------------------------------

def test_contacts_and_subscriptions(server):
    alice_path = "/contacts/alice@localhost"

    async def scenario():
        alice = await online("alice@localhost/phone", "alice-pw", server.c2s_port, roster=True)
        pushes = []  # (jid, subscription) of each roster push alice's client gets
        alice.add_event_handler("roster_update", lambda iq: pushes.extend(
            (str(jid), item["subscription"]) for jid, item in iq["roster"]["items"].items()))
        bob = await online("bob@localhost/desk", "bob-pw", server.c2s_port)
        ok(server, "POST", alice_path, {"jid": "bob@localhost"}, expect=204)
        assert ok(server, "GET", alice_path) == [
            {"jid": "bob@localhost", "subscription": "none", "ask": "none"}]
        # the roster push reached alice's client
        await until(lambda: ("bob@localhost", "none") in pushes)

        ok(server, "PUT", f"{alice_path}/bob@localhost", {"action": "subscribe"}, expect=204)
        presence = await bob.next_presence(lambda p: p["type"] == "subscribe")
        assert presence["from"].bare == "alice@localhost"
        assert ok(server, "GET", alice_path)[0]["ask"] == "out"

        # bob approves through the API ("accept" is the client API's word for it)
        ok(server, "POST", "/contacts/bob@localhost", {"jid": "alice@localhost"}, expect=204)
        ok(server, "PUT", "/contacts/bob@localhost/alice@localhost", {"action": "accept"},
           expect=204)
        eventually(lambda: ok(server, "GET", alice_path)[0]["subscription"] == "to")

        status, _, answer = rest(server, "PUT", f"{alice_path}/carol@localhost",
                                 {"action": "subscribe"})
        assert status == 404, answer
        ok(server, "DELETE", f"{alice_path}/bob@localhost", expect=204)
        assert ok(server, "GET", alice_path) == []
        await until(lambda: ("bob@localhost", "remove") in pushes)
        assert rest(server, "DELETE", f"{alice_path}/carol@localhost")[0] == 404
        await alice.quit()
        await bob.quit()

    run(scenario())


def test_connect_and_disconnect_two_users(server):
    manage = "/contacts/alice@localhost/bob@localhost/manage"
    ok(server, "PUT", manage, {"action": "connect"}, expect=204)
    assert ok(server, "GET", "/contacts/alice@localhost") == [
        {"jid": "bob@localhost", "subscription": "both", "ask": "none"}]
    assert ok(server, "GET", "/contacts/bob@localhost") == [
        {"jid": "alice@localhost", "subscription": "both", "ask": "none"}]

    async def both_see_each_other():
        alice = await connected("alice@localhost/phone", "alice-pw", server.c2s_port)
        await alice.get_roster()
        assert alice.client_roster["bob@localhost"]["subscription"] == "both"
        await alice.quit()

    run(both_see_each_other())
    ok(server, "PUT", manage, {"action": "disconnect"}, expect=204)
    assert ok(server, "GET", "/contacts/alice@localhost") == []
    assert ok(server, "GET", "/contacts/bob@localhost") == []


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/contacts/alice@localhost", {}),
    ("POST", "/contacts/alice@localhost", {"jid": ""}),
    ("POST", "/contacts/alice@localhost", {"jid": "not@a@jid"}),
    ("PUT", "/contacts/alice@localhost/bob@localhost", {}),
    ("PUT", "/contacts/alice@localhost/bob@localhost", {"action": "dance"}),
    ("PUT", "/contacts/alice@localhost/bob@localhost/manage", {"action": "subscribe"}),
    ("PUT", "/contacts/alice@localhost/bob@localhost/manage", None),
])
def test_contact_bad_requests(server, method, path, body):
    status, _, answer = rest(server, method, path, body)
    assert status == 400, answer


def test_contacts_of_an_unknown_user(server):
    status, _, answer = rest(server, "GET", "/contacts/ghost@localhost")
    assert status == 404, answer


# --- groups whose modules are not enabled ----------------------------------------------------

@pytest.mark.parametrize("method, path, body, module", [
    ("POST", "/muc-lights/muclight.localhost", {"owner": "alice@localhost", "name": "Garden"},
     "mod_muc_light"),
    ("PUT", "/muc-lights/muclight.localhost",
     {"id": "garden", "owner": "alice@localhost", "name": "Garden"}, "mod_muc_light"),
    ("POST", "/muc-lights/muclight.localhost/garden/participants",
     {"sender": "alice@localhost", "recipient": "bob@localhost"}, "mod_muc_light"),
    ("POST", "/muc-lights/muclight.localhost/garden/messages",
     {"from": "alice@localhost", "body": "hi"}, "mod_muc_light"),
    ("DELETE", "/muc-lights/muclight.localhost/garden/management", None, "mod_muc_light"),
    ("POST", "/mucs/localhost", {"name": "garden", "owner": "alice@localhost", "nick": "al"},
     "mod_muc"),
    ("POST", "/mucs/localhost/garden/participants",
     {"sender": "alice@localhost", "recipient": "bob@localhost"}, "mod_muc"),
    ("POST", "/mucs/localhost/garden/messages", {"from": "alice@localhost", "body": "hi"},
     "mod_muc"),
    ("DELETE", "/mucs/localhost/garden/al", None, "mod_muc"),
    ("DELETE", "/inbox/localhost/alice/0/bin", None, "mod_inbox"),
    ("DELETE", "/inbox/localhost/7/bin", None, "mod_inbox"),
])
def test_rooms_and_inbox_without_their_modules(server, method, path, body, module):
    status, _, answer = rest(server, method, path, body)
    assert status == 404, answer
    assert answer.startswith("Module not enabled on this server: ") and module in answer, answer


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/muc-lights/muclight.localhost", {"name": "no owner"}),
    ("PUT", "/muc-lights/muclight.localhost", {"owner": "alice@localhost"}),
    ("POST", "/muc-lights/muclight.localhost/garden/messages", {"from": "alice@localhost"}),
    ("POST", "/mucs/localhost", {"name": "garden", "owner": "alice@localhost"}),
    ("POST", "/mucs/localhost/garden/participants", {"sender": "alice@localhost"}),
    ("DELETE", "/inbox/localhost/alice/soon/bin", None),
    ("DELETE", "/inbox/localhost/-1/bin", None),
])
def test_room_and_inbox_bad_requests(server, method, path, body):
    status, _, answer = rest(server, method, path, body)
    assert status == 400, answer


# --- domains and metrics ---------------------------------------------------------------------

@pytest.mark.parametrize("method, body, message", [
    ("PUT", {}, "Missing host type"),
    ("PATCH", {}, "Missing domain status"),
    ("PATCH", {"enabled": "yes"}, "Invalid domain status"),
    ("DELETE", {}, "Missing host type"),
    ("DELETE", {"host_type": "type1", "request": "now"}, "Invalid value of 'request'"),
])
def test_domain_bad_requests(server, method, body, message):
    status, _, answer = rest(server, method, "/domains/dyn.test", body)
    assert (status, answer) == (400, message)


def test_domains_without_the_domain_service(server):
    # This server has no service_domain_db: MongooseIM's domain routes answer 403 then (the
    # routes with the service on are in test_dynamic_domains.py).
    for method, path, body in [("GET", "/domains/localhost", None),
                               ("PUT", "/domains/dyn.test", {"host_type": "type1"}),
                               ("PATCH", "/domains/dyn.test", {"enabled": False}),
                               ("DELETE", "/domains/dyn.test", {"host_type": "type1"})]:
        status, _, answer = rest(server, method, path, body)
        assert status == 403 and "service_domain_db" in answer, (method, status, answer)


def test_metrics(server):
    async def log_in_and_out():
        client = await online("alice@localhost/phone", "alice-pw", server.c2s_port)
        await client.quit()

    run(log_in_and_out())
    names = ok(server, "GET", "/metrics/")
    assert set(names) == {"host_types", "metrics", "global"}
    assert sorted(names["host_types"]) == ["example.test", "localhost"]
    assert names["global"], names
    # every listed metric can be read on its own, with numeric data points
    everything = ok(server, "GET", "/metrics/global")["metrics"]
    assert sorted(everything) == sorted(names["global"])
    for name in names["global"][:5]:
        one = ok(server, "GET", f"/metrics/global/{name}")
        assert set(one) == {"metric"} and set(one["metric"]) == set(everything[name])
        assert all(isinstance(v, (int, float)) for v in one["metric"].values()), one
    # the successful login was counted
    logins = [name for name in names["global"] if "auth" in name and "success" in name]
    assert logins and any(everything[name].get("value", everything[name].get("count", 0)) >= 1
                          for name in logins), (logins, everything)
    # nothing is kept per host type, but the host types are known
    assert ok(server, "GET", "/metrics/all") == {"metrics": {}}
    assert ok(server, "GET", "/metrics/host_type/localhost") == {"metrics": {}}
    for path in ["/metrics/host_type/no-such-type", "/metrics/global/no_such_metric",
                 "/metrics/all/no_such_metric", "/metrics/host_type/localhost/no_such_metric"]:
        assert rest(server, "GET", path)[0] == 404, path
