# SPDX-License-Identifier: Apache-2.0
"""The user GraphQL endpoint over HTTP (POST and GET), authenticated as an XMPP account with
Basic authentication: checkAuth, the caller's own account, sessions and messages, and the
subscription to the caller's messages over Server-Sent Events."""

import asyncio

import pytest

from conftest import free_port
from graphql_client import (ADMIN_PATH, USER_PATH, SseStream, add_users, can_log_in, data_of,
                            error_code, eventually, gql, online, server_starter,
                            start_graphql_server)
from xmpp_client import run

ALICE = ("alice@localhost", "alice-pw")
BOB = ("bob@localhost", "bob-pw")
CHECK_AUTH = "{ checkAuth { username authStatus } }"


# Tests that change nothing on the server run on one it shares with them: mark them so.
shared = pytest.mark.usefixtures("shared_server")


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    with server_starter(tmp_path_factory.mktemp("shared")) as meerkat:
        started = start_graphql_server(meerkat, free_port())
        add_users(started, dict([ALICE, BOB]))
        yield started


@pytest.fixture
def server(request):
    """A server with the accounts of alice and bob: the shared one for tests marked
    `shared`, a fresh one for every other test."""
    if "shared_server" in request.fixturenames:
        return request.getfixturevalue("shared_server")
    started = start_graphql_server(request.getfixturevalue("meerkat"),
                                   request.getfixturevalue("port"))
    add_users(started, dict([ALICE, BOB]))
    return started


def user(server, query, variables=None, auth=ALICE, method="POST"):
    return gql(server.http_port, USER_PATH, query, variables, auth=auth, method=method)


def user_data(server, query, variables=None, auth=ALICE, method="POST"):
    return data_of(user(server, query, variables, auth, method))


def admin_data(server, query, variables=None):
    return data_of(gql(server.http_port, ADMIN_PATH, query, variables))


# --- checkAuth and access ------------------------------------------------------------------

@shared
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_check_auth(server, method):
    assert user_data(server, CHECK_AUTH, method=method) == {
        "checkAuth": {"username": "alice@localhost", "authStatus": "AUTHORIZED"}}
    assert user_data(server, CHECK_AUTH, auth=BOB, method=method) == {
        "checkAuth": {"username": "bob@localhost", "authStatus": "AUTHORIZED"}}
    assert user_data(server, CHECK_AUTH, auth=None, method=method) == {
        "checkAuth": {"username": None, "authStatus": "UNAUTHORIZED"}}
    for auth in [("alice@localhost", "bob-pw"), ("nobody@localhost", "x"),
                 ("alice@nowhere.test", "alice-pw"), ("alice", "alice-pw"),
                 ("alice@localhost/phone", "alice-pw"), ("admin", "secret")]:
        status, body = user(server, CHECK_AUTH, auth=auth, method=method)
        assert status == 401, (auth, body)
        assert error_code(body) == "wrong_credentials", (auth, body)


@shared
@pytest.mark.parametrize("query, category", [
    ("{ session { countResources } }", "session"),
    ('mutation { stanza { sendMessage(to: "bob@localhost", body: "x") { id } } }', "stanza"),
    ("mutation { account { unregister } }", "account"),
])
def test_protected_command_without_credentials(server, query, category):
    status, body = user(server, query, auth=None)
    assert status == 200, body
    assert body["data"] == {category: None}
    assert error_code(body) == "no_permissions"
    assert admin_data(server, '{ account { checkUser(user: "alice@localhost") { exist } } }') \
        == {"account": {"checkUser": {"exist": True}}}


# --- account -------------------------------------------------------------------------------

def password_ok(server, jid, password):
    checked = admin_data(server, 'query ($u: JID!, $p: String!) { account { checkPassword('
                         'user: $u, password: $p) { correct } } }', {"u": jid, "p": password})
    return checked["account"]["checkPassword"]["correct"]


def test_change_password(server):
    changed = user_data(server, 'mutation ($p: String!) { account { changePassword('
                        'newPassword: $p) } }', {"p": "alice-new"})
    assert changed == {"account": {"changePassword": "Password changed"}}
    assert password_ok(server, "alice@localhost", "alice-new")
    assert password_ok(server, "bob@localhost", "bob-pw")  # only the caller's
    status, body = user(server, CHECK_AUTH)
    assert status == 401 and error_code(body) == "wrong_credentials", body
    assert user_data(server, CHECK_AUTH, auth=("alice@localhost", "alice-new")) == {
        "checkAuth": {"username": "alice@localhost", "authStatus": "AUTHORIZED"}}

    async def scenario():
        assert await can_log_in("alice@localhost", "alice-new", server.c2s_port)
        assert not await can_log_in("alice@localhost", "alice-pw", server.c2s_port)

    run(scenario())
    status, body = user(server, 'mutation { account { changePassword(newPassword: "") } }',
                        auth=("alice@localhost", "alice-new"))
    assert status == 200, body
    assert body["data"] == {"account": {"changePassword": None}}
    assert error_code(body) == "bad_request"
    assert password_ok(server, "alice@localhost", "alice-new")


def test_unregister(server):
    async def scenario():
        alice = await online("alice@localhost/phone", "alice-pw", server.c2s_port)
        assert user_data(server, "mutation { account { unregister } }") == {
            "account": {"unregister": "Your account has been unregistered"}}
        await asyncio.wait_for(alice.disconnected_event.wait(), 10)
        assert not await can_log_in(*ALICE, server.c2s_port)

    run(scenario())
    checked = admin_data(server, '{ account { alice: checkUser(user: "alice@localhost") '
                         '{ exist } bob: checkUser(user: "bob@localhost") { exist } } }')
    assert checked == {"account": {"alice": {"exist": False}, "bob": {"exist": True}}}
    status, body = user(server, CHECK_AUTH)
    assert status == 401 and error_code(body) == "wrong_credentials", body


# --- session -------------------------------------------------------------------------------

OWN_SESSIONS = "{ session { listResources countResources listSessions { user connection ip } } }"


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_own_sessions(server, method):
    assert user_data(server, OWN_SESSIONS, method=method) == {
        "session": {"listResources": [], "countResources": 0, "listSessions": []}}

    async def scenario():
        phone = await online("alice@localhost/phone", "alice-pw", server.c2s_port)
        laptop = await online("alice@localhost/laptop", "alice-pw", server.c2s_port)
        bob = await online("bob@localhost/desk", "bob-pw", server.c2s_port)
        own = user_data(server, OWN_SESSIONS, method=method)["session"]
        assert own["listResources"] == ["laptop", "phone"]
        assert own["countResources"] == 2
        assert own["listSessions"] == [
            {"user": "alice@localhost/laptop", "connection": "c2s", "ip": "127.0.0.1"},
            {"user": "alice@localhost/phone", "connection": "c2s", "ip": "127.0.0.1"}]
        of_bob = user_data(server, OWN_SESSIONS, auth=BOB, method=method)["session"]
        assert (of_bob["listResources"], of_bob["countResources"]) == (["desk"], 1)
        await phone.quit()
        eventually(lambda: user_data(server, "{ session { countResources } }",
                                     method=method)["session"]["countResources"] == 1)
        assert user_data(server, "{ session { listResources } }", method=method) == {
            "session": {"listResources": ["laptop"]}}
        await laptop.quit()
        await bob.quit()

    run(scenario())


# --- stanza --------------------------------------------------------------------------------

SEND = """mutation ($from: JID, $to: JID!, $body: String!) {
  stanza { sendMessage(from: $from, to: $to, body: $body) { id } } }"""


def test_send_message_as_oneself(server):
    async def scenario():
        bob = await online("bob@localhost/desk", "bob-pw", server.c2s_port)
        sent = user_data(server, SEND, {"to": "bob@localhost/desk", "body": "from alice"})
        assert sent["stanza"]["sendMessage"]["id"]
        message = await bob.next_message()
        assert message["body"] == "from alice"
        assert str(message["from"]) == "alice@localhost"
        assert message["type"] == "chat"
        user_data(server, SEND, {"from": "alice@localhost/api", "to": "bob@localhost",
                                 "body": "from a resource"})
        message = await bob.next_message()
        assert (message["body"], str(message["from"])) == ("from a resource",
                                                            "alice@localhost/api")
        headline = user_data(server, 'mutation { stanza { sendMessageHeadLine('
                             'to: "bob@localhost", subject: "S", body: "B") { id } } }')
        assert headline["stanza"]["sendMessageHeadLine"]["id"]
        message = await bob.next_message()
        assert (message["type"], message["subject"], message["body"]) == ("headline", "S", "B")
        stanza = "<message to='bob@localhost/desk' id='own-1'><body>raw</body></message>"
        sent = user_data(server, 'mutation ($s: XmlElement) { stanza { sendStanza(stanza: $s) '
                         "{ id } } }", {"s": stanza})
        assert sent["stanza"]["sendStanza"] == {"id": "own-1"}
        message = await bob.next_message()
        assert (message["body"], str(message["from"])) == ("raw", "alice@localhost")
        await bob.quit()

    run(scenario())


def test_send_message_as_someone_else(server):
    async def scenario():
        bob = await online("bob@localhost/desk", "bob-pw", server.c2s_port)
        for sender in ("bob@localhost", "bob@localhost/desk", "carol@localhost",
                       "alice@example.test"):
            status, body = user(server, SEND, {"from": sender, "to": "bob@localhost",
                                               "body": "forged"})
            assert status == 200, body
            assert body["data"] == {"stanza": {"sendMessage": None}}, body
            assert error_code(body) == "no_permission", body
        stanza = "<message from='bob@localhost' to='bob@localhost/desk'><body>x</body></message>"
        status, body = user(server, 'mutation ($s: XmlElement) { stanza { sendStanza('
                            "stanza: $s) { id } } }", {"s": stanza})
        assert status == 200 and error_code(body) == "no_permission", body
        with pytest.raises(asyncio.TimeoutError):
            await bob.next_message(timeout=1)
        await bob.quit()

    run(scenario())


# --- subscription over SSE -----------------------------------------------------------------

SUBSCRIPTION = "subscription { stanza { subscribeForMessages { sender stanza } } }"


def test_subscription_receives_own_messages(server):
    def count_resources():
        return user_data(server, "{ session { countResources } }")["session"]["countResources"]

    with SseStream(server.http_port, USER_PATH, SUBSCRIPTION, auth=ALICE) as stream:
        assert stream.status == 200, stream.body
        assert stream.headers["content-type"].startswith("text/event-stream")
        resources = user_data(server, "{ session { listResources } }")["session"]
        assert len(resources["listResources"]) == 1
        assert resources["listResources"][0].startswith("graphql-sse-"), resources

        async def scenario():
            bob = await online("bob@localhost/desk", "bob-pw", server.c2s_port)
            bob.send_message(mto="alice@localhost", mbody="to alice's stream", mtype="chat")
            event = await asyncio.to_thread(stream.next_event)
            assert "errors" not in event, event
            received = event["data"]["stanza"]["subscribeForMessages"]
            assert received["sender"] == "bob@localhost/desk"
            assert "<body>to alice&apos;s stream</body>" in received["stanza"] or \
                "<body>to alice's stream</body>" in received["stanza"], received
            await bob.quit()

        run(scenario())
    eventually(lambda: count_resources() == 0)


@shared
def test_subscription_of_the_user_endpoint_on_the_query_path(server):
    status, body = user(server, SUBSCRIPTION)
    assert status == 400 and body["errors"], body
    stream = SseStream(server.http_port, USER_PATH, CHECK_AUTH, auth=ALICE)
    assert stream.status == 400 and stream.body["errors"], stream.body


@shared
def test_subscription_needs_credentials(server):
    stream = SseStream(server.http_port, USER_PATH, SUBSCRIPTION, auth=("alice@localhost", "no"))
    assert stream.status == 401, stream.body
    assert error_code(stream.body) == "wrong_credentials"
    stream = SseStream(server.http_port, USER_PATH, SUBSCRIPTION, auth=None)
    assert stream.status == 200, stream.body
    assert stream.body["data"] == {"stanza": None}
    assert error_code(stream.body) == "no_permissions"
