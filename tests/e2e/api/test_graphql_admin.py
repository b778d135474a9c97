# SPDX-License-Identifier: Apache-2.0
"""The admin GraphQL endpoint over HTTP (POST and GET) with real XMPP clients around it:
checkAuth and the access rules, the account, session and stanza commands, message
subscriptions over Server-Sent Events, the domain admin endpoint, allowed_categories, and the
answers to malformed requests."""

import asyncio
import json

import pytest

from conftest import free_port
from graphql_client import (ADMIN_AUTH, ADMIN_PATH, DOMAIN_PATH, SseStream, add_users,
                            can_log_in, data_of, error_code, eventually, gql, http_request,
                            online, server_starter, start_graphql_server)
from xmpp_client import run

CHECK_AUTH = "{ checkAuth { authStatus authType domain } }"
USERS = {"alice@localhost": "alice-pw", "bob@localhost": "bob-pw",
         "bob@example.test": "bob-et-pw"}


# Tests that change nothing on the server run on one it shares with them: mark them so.
shared = pytest.mark.usefixtures("shared_server")


@pytest.fixture(scope="module")
def shared_server(tmp_path_factory):
    with server_starter(tmp_path_factory.mktemp("shared")) as meerkat:
        started = start_graphql_server(meerkat, free_port())
        add_users(started, USERS)
        yield started


@pytest.fixture
def server(request):
    """A server with the accounts of USERS: the shared one for tests marked `shared`, a
    fresh one for every other test."""
    if "shared_server" in request.fixturenames:
        return request.getfixturevalue("shared_server")
    started = start_graphql_server(request.getfixturevalue("meerkat"),
                                   request.getfixturevalue("port"))
    add_users(started, USERS)
    return started


def admin(server, query, variables=None, method="POST", auth=ADMIN_AUTH):
    return gql(server.http_port, ADMIN_PATH, query, variables, auth=auth, method=method)


def admin_data(server, query, variables=None, method="POST"):
    return data_of(admin(server, query, variables, method))


def command_error(server, query, category, command, variables=None, method="POST"):
    """The one error of a command that fails: HTTP 200, the command's field null, the other
    fields of its category there. Returns the error."""
    status, body = admin(server, query, variables, method)
    assert status == 200, (status, body)
    assert len(body["errors"]) == 1, body
    assert body["data"][category][command] is None, body
    assert body["errors"][0]["path"] == [category, command], body
    return body["errors"][0]


async def ended(client, timeout=10):
    """Waits until the server has closed the client's stream."""
    await asyncio.wait_for(client.disconnected_event.wait(), timeout)


# --- checkAuth and access ------------------------------------------------------------------

@shared
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_check_auth(server, method):
    status, body = admin(server, CHECK_AUTH, method=method, auth=None)
    assert (status, body) == (200, {"data": {"checkAuth": {
        "authStatus": "UNAUTHORIZED", "authType": "UNAUTHORIZED", "domain": None}}})
    assert admin_data(server, CHECK_AUTH, method=method) == {"checkAuth": {
        "authStatus": "AUTHORIZED", "authType": "ADMIN", "domain": None}}
    status, body = admin(server, CHECK_AUTH, method=method, auth=("admin", "wrong"))
    assert status == 401, body
    assert error_code(body) == "wrong_credentials"
    assert "data" not in body
    status, body = admin(server, CHECK_AUTH, method=method, auth=("someone", "secret"))
    assert status == 401 and error_code(body) == "wrong_credentials", body


@shared
def test_wrong_credentials_ask_for_basic_authentication(server):
    status, headers, raw = http_request(server.http_port, "POST", ADMIN_PATH,
                                        body=json.dumps({"query": CHECK_AUTH}),
                                        headers={"Content-Type": "application/json"},
                                        auth=("admin", "wrong"))
    assert status == 401
    assert headers["www-authenticate"].startswith("Basic"), headers
    assert json.loads(raw)["errors"][0]["extensions"]["code"] == "wrong_credentials"


@shared
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_protected_query_without_credentials(server, method):
    status, body = admin(server, '{ account { countUsers(domain: "localhost") } }',
                         method=method, auth=None)
    assert status == 200, body
    assert body["data"] == {"account": None}
    assert error_code(body) == "no_permissions"
    assert body["errors"][0]["path"] == ["account"]


@shared
def test_protected_mutation_without_credentials(server):
    status, body = admin(server, 'mutation { account { registerUser(domain: "localhost", '
                         'username: "intruder", password: "x") { jid } } }', auth=None)
    assert status == 200, body
    assert body["data"] == {"account": None}
    assert error_code(body) == "no_permissions"
    checked = admin_data(server, '{ account { checkUser(user: "intruder@localhost") '
                         "{ exist } } }")
    assert checked["account"]["checkUser"]["exist"] is False


# --- account -------------------------------------------------------------------------------

REGISTER = """mutation ($domain: DomainName!, $username: UserName, $password: String!) {
  account { registerUser(domain: $domain, username: $username, password: $password)
            { jid message } } }"""
CHECK_USER = "query ($user: JID!) { account { checkUser(user: $user) { exist message } } }"
CHECK_PASSWORD = """query ($user: JID!, $password: String!) {
  account { checkPassword(user: $user, password: $password) { correct message } } }"""


def exists(server, jid, method="POST"):
    return admin_data(server, CHECK_USER, {"user": jid}, method)["account"]["checkUser"]


def password_ok(server, jid, password):
    checked = admin_data(server, CHECK_PASSWORD, {"user": jid, "password": password})
    return checked["account"]["checkPassword"]["correct"]


def list_users(server, domain, method="POST", **page):
    arguments = "".join(f", {name}: {value}" for name, value in page.items())
    query = f'{{ account {{ listUsers(domain: "{domain}"{arguments}) }} }}'
    return admin_data(server, query, method=method)["account"]["listUsers"]


def count_users(server, domain, method="POST"):
    query = f'{{ account {{ countUsers(domain: "{domain}") }} }}'
    return admin_data(server, query, method=method)["account"]["countUsers"]


def test_register_user(server):
    registered = admin_data(server, REGISTER, {"domain": "localhost", "username": "carol",
                                               "password": "carol-pw"})
    assert registered["account"]["registerUser"] == {
        "jid": "carol@localhost", "message": "User carol@localhost successfully registered"}
    prepared = admin_data(server, REGISTER, {"domain": "example.test", "username": "Dave",
                                             "password": "dave-pw"})
    assert prepared["account"]["registerUser"]["jid"] == "dave@example.test"
    assert exists(server, "carol@localhost")["exist"] is True
    assert exists(server, "dave@example.test")["exist"] is True
    assert password_ok(server, "carol@localhost", "carol-pw")
    assert "carol@localhost" in list_users(server, "localhost")
    assert list_users(server, "example.test") == ["bob@example.test", "dave@example.test"]

    async def scenario():
        assert await can_log_in("carol@localhost", "carol-pw", server.c2s_port)
        assert await can_log_in("Dave@example.test", "dave-pw", server.c2s_port)

    run(scenario())


def test_register_user_without_username(server):
    generated = admin_data(server, REGISTER, {"domain": "example.test", "password": "pw"})
    jid = generated["account"]["registerUser"]["jid"]
    name, _, domain = jid.partition("@")
    assert name and domain == "example.test", jid
    assert generated["account"]["registerUser"]["message"] == \
        f"User {jid} successfully registered"
    # the account is there under the JID the answer gave
    assert exists(server, jid)["exist"] is True, jid
    assert password_ok(server, jid, "pw")
    assert sorted(list_users(server, "example.test")) == sorted(["bob@example.test", jid])
    another = admin_data(server, REGISTER, {"domain": "example.test", "password": "pw"})
    assert another["account"]["registerUser"]["jid"] != jid

    async def scenario():
        assert await can_log_in(jid, "pw", server.c2s_port)

    run(scenario())


@shared
def test_register_an_existing_user(server):
    error = command_error(server, REGISTER, "account", "registerUser",
                          {"domain": "localhost", "username": "alice", "password": "other"})
    assert error["extensions"]["code"] == "user_exists"
    assert "alice@localhost" in error["message"]
    assert password_ok(server, "alice@localhost", "alice-pw")  # untouched
    assert not password_ok(server, "alice@localhost", "other")


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_list_and_count_users(server, method):
    for n in range(5):
        admin_data(server, REGISTER, {"domain": "localhost", "username": f"user{n}",
                                      "password": "pw"})
    everyone = list_users(server, "localhost", method)
    assert sorted(everyone) == sorted(["alice@localhost", "bob@localhost"] +
                                      [f"user{n}@localhost" for n in range(5)])
    assert count_users(server, "localhost", method) == 7
    assert list_users(server, "example.test", method) == ["bob@example.test"]
    assert count_users(server, "example.test", method) == 1
    assert list_users(server, "localhost", method, limit=2) == everyone[:2]
    assert list_users(server, "localhost", method, limit=3, index=2) == everyone[2:5]
    assert list_users(server, "localhost", method, index=5) == everyone[5:]
    assert list_users(server, "localhost", method, index=7) == []
    assert list_users(server, "localhost", method, limit=100, index=0) == everyone


@shared
def test_list_users_rejects_a_zero_limit(server):
    error = command_error(server, '{ account { listUsers(domain: "localhost", limit: 0) } }',
                          "account", "listUsers")
    assert "positive" in error["message"], error


@shared
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_check_user_and_password(server, method):
    assert exists(server, "alice@localhost", method) == {"exist": True, "message": "User exists"}
    assert exists(server, "nobody@localhost", method) == {
        "exist": False, "message": "User does not exist"}
    checked = admin_data(server, CHECK_PASSWORD, {"user": "alice@localhost",
                                                  "password": "alice-pw"}, method)
    assert checked["account"]["checkPassword"] == {"correct": True,
                                                   "message": "Password is correct"}
    checked = admin_data(server, CHECK_PASSWORD, {"user": "alice@localhost",
                                                  "password": "bob-pw"}, method)
    assert checked["account"]["checkPassword"] == {"correct": False,
                                                   "message": "Password is not correct"}
    error = command_error(server, CHECK_PASSWORD, "account", "checkPassword",
                          {"user": "nobody@localhost", "password": "x"}, method)
    assert error["extensions"]["code"] == "user_does_not_exist"


def test_change_user_password_then_log_in(server):
    changed = admin_data(server, 'mutation { account { changeUserPassword('
                         'user: "alice@localhost", newPassword: "fresh") { jid message } } }')
    assert changed["account"]["changeUserPassword"] == {"jid": "alice@localhost",
                                                        "message": "Password changed"}
    assert password_ok(server, "alice@localhost", "fresh")
    assert not password_ok(server, "alice@localhost", "alice-pw")

    async def scenario():
        assert await can_log_in("alice@localhost/new", "fresh", server.c2s_port)
        assert not await can_log_in("alice@localhost/old", "alice-pw", server.c2s_port)

    run(scenario())
    error = command_error(server, 'mutation { account { changeUserPassword('
                          'user: "nobody@localhost", newPassword: "x") { jid } } }',
                          "account", "changeUserPassword")
    assert error["extensions"]["code"] == "user_does_not_exist"


def test_ban_user_kicks_the_connected_client(server):
    async def scenario():
        alice = await online("alice@localhost/phone", "alice-pw", server.c2s_port)
        bob = await online("bob@localhost/desk", "bob-pw", server.c2s_port)
        banned = admin_data(server, 'mutation { account { banUser(user: "alice@localhost", '
                            'reason: "spamming") { jid message } } }')
        assert banned["account"]["banUser"] == {
            "jid": "alice@localhost", "message": "User alice@localhost successfully banned"}
        await ended(alice)
        assert not bob.disconnected_event.is_set()
        assert not await can_log_in("alice@localhost/again", "alice-pw", server.c2s_port)
        await bob.quit()

    run(scenario())
    assert exists(server, "alice@localhost")["exist"] is True  # banned, not removed
    assert not password_ok(server, "alice@localhost", "alice-pw")


def test_remove_user(server):
    async def scenario():
        alice = await online("alice@localhost/phone", "alice-pw", server.c2s_port)
        removed = admin_data(server, 'mutation { account { removeUser(user: "alice@localhost") '
                             "{ jid message } } }")
        assert removed["account"]["removeUser"] == {
            "jid": "alice@localhost", "message": "User alice@localhost successfully unregistered"}
        await ended(alice)
        assert not await can_log_in("alice@localhost", "alice-pw", server.c2s_port)

    run(scenario())
    assert exists(server, "alice@localhost")["exist"] is False
    assert "alice@localhost" not in list_users(server, "localhost")
    assert count_users(server, "localhost") == 1
    error = command_error(server, 'mutation { account { removeUser(user: "alice@localhost") '
                          "{ jid } } }", "account", "removeUser")
    assert error["extensions"]["code"] == "user_does_not_exist"


@shared
@pytest.mark.parametrize("query, category, command", [
    ('{ account { countUsers(domain: "nowhere.test") } }', "account", "countUsers"),
    ('{ account { listUsers(domain: "nowhere.test") } }', "account", "listUsers"),
    ('{ account { checkUser(user: "alice@nowhere.test") { exist } } }', "account", "checkUser"),
    ('{ account { checkPassword(user: "alice@nowhere.test", password: "x") { correct } } }',
     "account", "checkPassword"),
    ('mutation { account { registerUser(domain: "nowhere.test", username: "x", password: "y") '
     "{ jid } } }", "account", "registerUser"),
    ('mutation { account { removeUser(user: "x@nowhere.test") { jid } } }',
     "account", "removeUser"),
    ('{ session { countSessions(domain: "nowhere.test") } }', "session", "countSessions"),
])
def test_unknown_domain(server, query, category, command):
    error = command_error(server, query, category, command)
    assert error["extensions"]["code"] == "domain_not_found", error


IMPORT = """mutation ($file: NonEmptyString!) { account { importUsers(filename: $file) {
  status created existing notAllowed invalidJID emptyPassword invalidRecord } } }"""


def test_import_users_from_csv(server, tmp_path):
    csv = tmp_path / "users.csv"
    csv.write_text("dave,localhost,dave-pw\n"
                   "erin,example.test,pass,with,commas\r\n"
                   "\n"
                   "alice,localhost,replaced\n"
                   "frank,nowhere.test,x\n"
                   "gina,localhost,\n"
                   ",localhost,x\n"
                   "just-one-field\n")
    imported = admin_data(server, IMPORT, {"file": str(csv)})["account"]["importUsers"]
    assert imported["status"] == "Import completed"
    assert sorted(imported["created"]) == ["dave@localhost", "erin@example.test"]
    assert imported["existing"] == ["alice@localhost"]
    assert imported["notAllowed"] == ["frank@nowhere.test"]
    assert imported["emptyPassword"] == ["gina@localhost"]
    assert imported["invalidJID"] == ["@localhost"]
    assert imported["invalidRecord"] == ["just-one-field"]
    assert password_ok(server, "dave@localhost", "dave-pw")
    assert password_ok(server, "erin@example.test", "pass,with,commas")
    assert password_ok(server, "alice@localhost", "alice-pw")  # an existing user is kept
    assert exists(server, "gina@localhost")["exist"] is False
    assert count_users(server, "localhost") == 3

    async def scenario():
        assert await can_log_in("dave@localhost", "dave-pw", server.c2s_port)

    run(scenario())
    error = command_error(server, IMPORT, "account", "importUsers",
                          {"file": str(tmp_path / "missing.csv")})
    assert error["extensions"]["code"] == "bad_request"


# --- session -------------------------------------------------------------------------------

SESSION_FIELDS = "user connection ip port priority node uptime"


def sessions(server, query):
    return admin_data(server, "{ session { " + query + " } }")["session"]


def test_sessions_of_two_resources(server):
    port = server.c2s_port

    async def scenario():
        phone = await online("alice@localhost/phone", "alice-pw", port)
        laptop = await online("alice@localhost/laptop", "alice-pw", port)
        bob = await online("bob@example.test/desk", "bob-et-pw", port)
        alice_jids = ["alice@localhost/laptop", "alice@localhost/phone"]
        everyone = sorted(alice_jids + ["bob@example.test/desk"])

        listed = sessions(server, f"listSessions {{ {SESSION_FIELDS} }}")["listSessions"]
        assert sorted(s["user"] for s in listed) == everyone
        for session in listed:
            assert session["connection"] == "c2s"
            assert session["ip"] == "127.0.0.1"
            assert isinstance(session["port"], int) and session["port"] > 0
            assert session["priority"] == 0
            assert session["node"]
            assert 0 <= session["uptime"] < 60
        assert sessions(server, "countSessions")["countSessions"] == 3
        local = sessions(server, 'listSessions(domain: "localhost") { user } '
                         'countSessions(domain: "localhost")')
        assert sorted(s["user"] for s in local["listSessions"]) == alice_jids
        assert local["countSessions"] == 2
        other = sessions(server, 'listSessions(domain: "example.test") { user } '
                         'countSessions(domain: "example.test")')
        assert other == {"listSessions": [{"user": "bob@example.test/desk"}],
                         "countSessions": 1}

        of_alice = sessions(server, 'listUserSessions(user: "alice@localhost") '
                            f"{{ {SESSION_FIELDS} }} "
                            'countUserResources(user: "alice@localhost") '
                            'first: getUserResource(user: "alice@localhost", number: 1) '
                            'second: getUserResource(user: "alice@localhost", number: 2)')
        assert [s["user"] for s in of_alice["listUserSessions"]] == alice_jids
        assert of_alice["countUserResources"] == 2
        assert (of_alice["first"], of_alice["second"]) == ("laptop", "phone")
        error = command_error(server, '{ session { getUserResource(user: "alice@localhost", '
                              "number: 3) } }", "session", "getUserResource")
        assert error["extensions"]["code"] == "not_found"
        nobody = sessions(server, 'listUserSessions(user: "nobody@localhost") { user } '
                          'countUserResources(user: "nobody@localhost")')
        assert nobody == {"listUserSessions": [], "countUserResources": 0}

        available = sessions(server, 'listUsersWithStatus(status: "available") '
                             "{ user priority text } "
                             'countUsersWithStatus(status: "available")')
        assert sorted(u["user"] for u in available["listUsersWithStatus"]) == everyone
        assert available["countUsersWithStatus"] == 3
        local = sessions(server, 'listUsersWithStatus(domain: "localhost", '
                         'status: "available") { user }')
        assert sorted(u["user"] for u in local["listUsersWithStatus"]) == alice_jids

        laptop.send_presence(pshow="away", pstatus="in a meeting", ppriority=5)
        await laptop.next_presence(lambda p: p["from"] == laptop.boundjid and p["show"] == "away")
        away = sessions(server, 'listUsersWithStatus(status: "away") { user priority text }')
        assert away["listUsersWithStatus"] == [
            {"user": "alice@localhost/laptop", "priority": 5, "text": "in a meeting"}]
        available = sessions(server, 'countUsersWithStatus(status: "available")')
        assert available["countUsersWithStatus"] == 2
        for client in (phone, laptop, bob):
            await client.quit()

    run(scenario())
    eventually(lambda: sessions(server, "countSessions")["countSessions"] == 0)


KICK_SESSION = """mutation ($user: FullJID!) { session {
  kickUserSession(user: $user, reason: "enough") { jid kicked code message } } }"""


def test_kick_user_session_and_kick_user(server):
    port = server.c2s_port

    def count(user=None):
        if user:
            return sessions(server, f'countUserResources(user: "{user}")')["countUserResources"]
        return sessions(server, "countSessions")["countSessions"]

    async def scenario():
        phone = await online("alice@localhost/phone", "alice-pw", port)
        laptop = await online("alice@localhost/laptop", "alice-pw", port)
        tablet = await online("alice@localhost/tablet", "alice-pw", port)
        bob = await online("bob@localhost/desk", "bob-pw", port)
        assert count() == 4

        kicked = admin_data(server, KICK_SESSION, {"user": "alice@localhost/phone"})
        assert kicked["session"]["kickUserSession"] == {
            "jid": "alice@localhost/phone", "kicked": True, "code": None,
            "message": "Session kicked"}
        await ended(phone)
        eventually(lambda: count("alice@localhost") == 2)
        assert not laptop.disconnected_event.is_set()

        missing = admin_data(server, KICK_SESSION, {"user": "alice@localhost/nothere"})
        result = missing["session"]["kickUserSession"]
        assert result["jid"] == "alice@localhost/nothere"
        assert result["kicked"] is False
        assert result["code"] == "no_session"
        assert result["message"]

        everything = admin_data(server, 'mutation { session { kickUser('
                                'user: "alice@localhost") { jid kicked code } } }')
        results = everything["session"]["kickUser"]
        assert sorted(results, key=lambda r: r["jid"]) == [
            {"jid": "alice@localhost/laptop", "kicked": True, "code": None},
            {"jid": "alice@localhost/tablet", "kicked": True, "code": None}]
        await ended(laptop)
        await ended(tablet)
        eventually(lambda: count() == 1)
        assert not bob.disconnected_event.is_set()
        again = admin_data(server, 'mutation { session { kickUser(user: "alice@localhost") '
                           "{ jid } } }")
        assert again["session"]["kickUser"] == []
        await bob.quit()

    run(scenario())


@shared
def test_kick_user_session_needs_a_full_jid(server):
    status, body = admin(server, 'mutation { session { kickUserSession(user: "alice@localhost") '
                         "{ kicked } } }")
    assert status == 200, body
    assert body["data"]["session"]["kickUserSession"] is None
    assert "full JID" in body["errors"][0]["message"], body


# --- stanza --------------------------------------------------------------------------------

SEND_MESSAGE = """mutation ($from: JID!, $to: JID!, $body: String!) {
  stanza { sendMessage(from: $from, to: $to, body: $body) { id } } }"""
SEND_STANZA = "mutation ($stanza: XmlElement) { stanza { sendStanza(stanza: $stanza) { id } } }"


def test_send_message_to_a_connected_client(server):
    async def scenario():
        alice = await online("alice@localhost/phone", "alice-pw", server.c2s_port)
        sent = admin_data(server, SEND_MESSAGE, {"from": "bob@localhost", "to":
                                                 "alice@localhost/phone", "body": "hello alice"})
        assert sent["stanza"]["sendMessage"]["id"]
        message = await alice.next_message()
        assert message["body"] == "hello alice"
        assert str(message["from"]) == "bob@localhost"
        assert message["type"] == "chat"
        assert message["id"] == sent["stanza"]["sendMessage"]["id"]
        # from a resource of another domain, to the bare JID
        admin_data(server, SEND_MESSAGE, {"from": "bob@example.test/desk",
                                          "to": "alice@localhost", "body": "second"})
        message = await alice.next_message()
        assert (message["body"], str(message["from"])) == ("second", "bob@example.test/desk")
        await alice.quit()

    run(scenario())


def test_send_headline(server):
    async def scenario():
        alice = await online("alice@localhost/phone", "alice-pw", server.c2s_port)
        sent = admin_data(server, 'mutation { stanza { sendMessageHeadLine(from: '
                          '"bob@localhost/news", to: "alice@localhost", subject: "Breaking", '
                          'body: "Something happened") { id } } }')
        assert sent["stanza"]["sendMessageHeadLine"]["id"]
        message = await alice.next_message()
        assert message["type"] == "headline"
        assert message["subject"] == "Breaking"
        assert message["body"] == "Something happened"
        assert str(message["from"]) == "bob@localhost/news"
        await alice.quit()

    run(scenario())


def test_send_raw_stanza(server):
    stanza = ("<message xmlns='jabber:client' from='bob@localhost/raw' "
              "to='alice@localhost/phone' type='chat' id='raw-1'><body>raw &amp; ready</body>"
              "<thing xmlns='urn:example:thing'>x</thing></message>")

    async def scenario():
        alice = await online("alice@localhost/phone", "alice-pw", server.c2s_port)
        sent = admin_data(server, SEND_STANZA, {"stanza": stanza})
        assert sent["stanza"]["sendStanza"] == {"id": "raw-1"}
        message = await alice.next_message()
        assert message["body"] == "raw & ready"
        assert str(message["from"]) == "bob@localhost/raw"
        assert message["id"] == "raw-1"
        assert message.xml.find("{urn:example:thing}thing").text == "x"
        await alice.quit()

    run(scenario())


@shared
def test_send_from_a_user_that_does_not_exist(server):
    error = command_error(server, SEND_MESSAGE, "stanza", "sendMessage",
                          {"from": "ghost@localhost", "to": "alice@localhost", "body": "boo"})
    assert error["extensions"]["code"] == "user_does_not_exist"
    stanza = "<message from='ghost@localhost' to='alice@localhost'><body>boo</body></message>"
    error = command_error(server, SEND_STANZA, "stanza", "sendStanza", {"stanza": stanza})
    assert error["extensions"]["code"] == "user_does_not_exist"


@shared
def test_send_malformed_stanza(server):
    broken = "<message to='alice@localhost'><body>unclosed</message>"
    status, body = admin(server, "mutation { stanza { sendStanza(stanza: "
                         f"{json.dumps(broken)}) {{ id }} }} }}")
    assert status == 200, body
    assert body["data"] == {"stanza": {"sendStanza": None}}, body
    assert "Invalid XML" in body["errors"][0]["message"], body
    assert body["errors"][0]["path"] == ["stanza", "sendStanza"]


@shared
def test_send_malformed_stanza_in_a_variable(server):
    # A variable value its type refuses is a request error: nothing runs.
    status, body = admin(server, SEND_STANZA, {"stanza": "<message><body>x</message>"})
    assert status == 400, body
    assert "data" not in body, body
    assert "Invalid XML" in body["errors"][0]["message"], body


# --- subscriptions over SSE ----------------------------------------------------------------

ADMIN_SUBSCRIPTION = ('subscription { stanza { subscribeForMessages(caller: "alice@localhost") '
                      "{ sender stanza } } }")


def count_sessions(server):
    return sessions(server, "countSessions")["countSessions"]


def test_subscription_receives_messages(server):
    with SseStream(server.http_port, ADMIN_PATH, ADMIN_SUBSCRIPTION) as stream:
        assert stream.status == 200, stream.body
        assert stream.headers["content-type"].startswith("text/event-stream")
        listed = sessions(server, 'listUserSessions(user: "alice@localhost") '
                          "{ user connection priority }")["listUserSessions"]
        assert len(listed) == 1, listed
        assert listed[0]["user"].startswith("alice@localhost/graphql-sse-"), listed
        assert listed[0]["connection"] == "graphql_sse"

        async def scenario():
            bob = await online("bob@localhost/desk", "bob-pw", server.c2s_port)
            bob.send_message(mto="alice@localhost", mbody="over SSE", mtype="chat")
            bob.send_message(mto="alice@localhost", mbody="and again", mtype="chat")
            for body in ("over SSE", "and again"):
                event = await asyncio.to_thread(stream.next_event)
                assert "errors" not in event, event
                received = event["data"]["stanza"]["subscribeForMessages"]
                assert received["sender"] == "bob@localhost/desk"
                assert f"<body>{body}</body>" in received["stanza"], received
            await bob.quit()

        run(scenario())
        eventually(lambda: count_sessions(server) == 1)
    eventually(lambda: count_sessions(server) == 0)


def test_subscription_over_get_with_variables(server):
    query = ("subscription ($who: JID!) { stanza { subscribeForMessages(caller: $who) "
             "{ sender stanza } } }")
    with SseStream(server.http_port, ADMIN_PATH, query, variables={"who": "alice@localhost"}) \
            as stream:
        assert stream.status == 200, stream.body
        admin_data(server, SEND_MESSAGE, {"from": "bob@example.test/x", "to": "alice@localhost",
                                          "body": "sent by the admin"})
        received = stream.next_event()["data"]["stanza"]["subscribeForMessages"]
        assert received["sender"] == "bob@example.test/x"
        assert "<body>sent by the admin</body>" in received["stanza"]


def test_closing_the_stream_ends_its_session(server):
    assert count_sessions(server) == 0
    streams = [SseStream(server.http_port, ADMIN_PATH, ADMIN_SUBSCRIPTION) for _ in range(2)]
    try:
        assert [s.status for s in streams] == [200, 200]
        assert count_sessions(server) == 2
        streams[0].close()
        eventually(lambda: count_sessions(server) == 1)
    finally:
        for stream in streams:
            stream.close()
    eventually(lambda: count_sessions(server) == 0)


@shared
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_subscription_on_the_query_path_is_refused(server, method):
    status, body = admin(server, ADMIN_SUBSCRIPTION, method=method)
    assert status == 400, body
    assert body["errors"] and "data" not in body, body
    assert count_sessions(server) == 0


@shared
def test_sse_with_a_plain_query_is_refused(server):
    stream = SseStream(server.http_port, ADMIN_PATH, CHECK_AUTH)
    assert stream.status == 400, stream.body
    assert stream.body["errors"], stream.body


@shared
def test_sse_refuses_other_methods(server):
    status, headers, _ = http_request(server.http_port, "POST", ADMIN_PATH + "/sse",
                                      body=json.dumps({"query": ADMIN_SUBSCRIPTION}),
                                      headers={"Content-Type": "application/json"})
    assert status == 405
    assert headers["allow"] == "GET"


@shared
def test_subscription_without_credentials(server):
    stream = SseStream(server.http_port, ADMIN_PATH, ADMIN_SUBSCRIPTION, auth=None)
    assert stream.status == 200, stream.body
    assert stream.body["data"] == {"stanza": None}
    assert error_code(stream.body) == "no_permissions"
    assert count_sessions(server) == 0


@shared
def test_subscription_for_a_user_that_does_not_exist(server):
    stream = SseStream(server.http_port, ADMIN_PATH, ADMIN_SUBSCRIPTION.replace("alice", "ghost"))
    assert stream.status == 200, stream.body
    assert error_code(stream.body) == "user_does_not_exist"
    assert count_sessions(server) == 0


# --- domain admin --------------------------------------------------------------------------

SET_DOMAIN_PASSWORD = """mutation ($domain: DomainName!, $password: NonEmptyString!) {
  domain { setDomainPassword(domain: $domain, password: $password) } }"""


def set_domain_password(server, domain, password):
    answer = admin_data(server, SET_DOMAIN_PASSWORD, {"domain": domain, "password": password})
    assert answer["domain"]["setDomainPassword"], answer


def domain_admin(server, query, variables=None, auth=("admin@localhost", "dpw"),
                 method="POST"):
    return gql(server.http_port, DOMAIN_PATH, query, variables, auth=auth, method=method)


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_domain_admin_works_on_its_own_domain_only(server, method):
    set_domain_password(server, "localhost", "dpw")
    assert data_of(domain_admin(server, CHECK_AUTH, method=method)) == {"checkAuth": {
        "authStatus": "AUTHORIZED", "authType": "DOMAIN_ADMIN", "domain": "localhost"}}
    counted = data_of(domain_admin(server, '{ account { countUsers(domain: "localhost") } }',
                                   method=method))
    assert counted == {"account": {"countUsers": 2}}
    assert data_of(domain_admin(server, '{ account { checkUser(user: "alice@localhost") '
                                "{ exist } } }", method=method)) == {
        "account": {"checkUser": {"exist": True}}}
    for query, category, command in [
            ('{ account { countUsers(domain: "example.test") } }', "account", "countUsers"),
            ('{ account { checkUser(user: "bob@example.test") { exist } } }',
             "account", "checkUser"),
            ("{ session { countSessions } }", "session", "countSessions"),
            ("{ server { status { statusCode message } } }", "server", "status")]:
        status, body = domain_admin(server, query, method=method)
        assert status == 200, (query, body)
        assert body["data"][category][command] is None, (query, body)
        assert error_code(body) == "no_permissions", (query, body)


def test_domain_admin_cannot_run_global_commands(server):
    set_domain_password(server, "localhost", "dpw")
    stanza = "<message from='alice@localhost' to='bob@localhost'><body>x</body></message>"
    status, body = domain_admin(server, SEND_STANZA, {"stanza": stanza})
    assert status == 200, body
    assert body["data"] == {"stanza": {"sendStanza": None}}
    assert error_code(body) == "no_permissions"
    status, body = domain_admin(server, REGISTER, {"domain": "example.test",
                                                   "username": "sneaky", "password": "x"})
    assert status == 200 and error_code(body) == "no_permissions", body
    assert exists(server, "sneaky@example.test")["exist"] is False
    registered = data_of(domain_admin(server, REGISTER, {"domain": "localhost",
                                                         "username": "fine", "password": "x"}))
    assert registered["account"]["registerUser"]["jid"] == "fine@localhost"


def test_domain_admin_with_wrong_credentials(server):
    set_domain_password(server, "localhost", "dpw")
    for auth in [("admin@localhost", "wrong"), ("admin@example.test", "dpw"),
                 ("admin@nowhere.test", "dpw"), ADMIN_AUTH]:
        status, body = domain_admin(server, CHECK_AUTH, auth=auth)
        assert status == 401, (auth, body)
        assert error_code(body) == "wrong_credentials"
    status, body = domain_admin(server, CHECK_AUTH, auth=None)
    assert (status, body["data"]["checkAuth"]["authStatus"]) == (200, "UNAUTHORIZED"), body


# --- allowed_categories --------------------------------------------------------------------

def test_allowed_categories(meerkat, port):
    server = start_graphql_server(meerkat, port, admin_options='allowed_categories = ["account"]')
    add_users(server, {"alice@localhost": "alice-pw"})
    assert count_users(server, "localhost") == 1
    status, body = admin(server, "{ session { countSessions } }")
    assert status == 200, body
    assert body["data"] == {"session": None}
    assert error_code(body) == "category_disabled"
    status, body = admin(server, 'mutation { stanza { sendMessage(from: "alice@localhost", '
                         'to: "alice@localhost", body: "x") { id } } }')
    assert status == 200 and body["data"] == {"stanza": None}, body
    assert error_code(body) == "category_disabled"
    # both in one request: the allowed category answers next to the refused one
    status, body = admin(server, '{ account { countUsers(domain: "localhost") } '
                         "session { countSessions } }")
    assert status == 200, body
    assert body["data"] == {"account": {"countUsers": 1}, "session": None}
    assert [e["path"] for e in body["errors"]] == [["session"]]


# --- bad input -----------------------------------------------------------------------------

def post(body, content_type="application/json"):
    return ("POST", ADMIN_PATH, body, {"Content-Type": content_type})


def as_json(query, variables=None):
    payload = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    return json.dumps(payload)


COUNT_USERS_VAR = "query ($d: DomainName!) { account { countUsers(domain: $d) } }"
NESTED = "query " + "{ stat " * 199 + "{ __typename" + " }" * 200

BAD_REQUESTS = {
    "syntax error": (post(as_json('{ account { countUsers(domain: ) } }')), 400, None),
    "unclosed document": (post(as_json("{ checkAuth { authStatus }")), 400, None),
    "unknown field": (post(as_json('{ account { countUsers(domain: "localhost") nope } }')),
                      400, None),
    "wrong variable type": (post(as_json(COUNT_USERS_VAR, {"d": 5})), 400, None),
    "missing required variable": (post(as_json(COUNT_USERS_VAR, {})), 400, None),
    "body not JSON": (post("this is not JSON"), 400, "bad_request"),
    "body a JSON array": (post("[1, 2]"), 400, "bad_request"),
    "empty body": (post(""), 400, "bad_request"),
    "no query": (post(json.dumps({"variables": {}})), 400, "bad_request"),
    "variables not an object": (post(json.dumps({"query": CHECK_AUTH, "variables": [1]})),
                                400, "bad_request"),
    "PUT": (("PUT", ADMIN_PATH, as_json(CHECK_AUTH), {"Content-Type": "application/json"}),
            405, "bad_request"),
    "DELETE": (("DELETE", ADMIN_PATH, None, {}), 405, "bad_request"),
    "2 MiB body": (post(as_json(CHECK_AUTH + " " * (2 << 20))), 413, None),
    "nested 200 levels": (post(as_json(NESTED)), 400, None),
    "GET with invalid variables": (
        ("GET", ADMIN_PATH + "?query=%7B%20checkAuth%20%7B%20authStatus%20%7D%20%7D"
         "&variables=%7Bnot-json", None, {}), 400, "bad_request"),
    "GET without a query": (("GET", ADMIN_PATH, None, {}), 400, "bad_request"),
    "two operations, none chosen": (post(as_json("query A { checkAuth { authStatus } } "
                                                 "query B { checkAuth { authType } }")),
                                    400, None),
}


@shared
@pytest.mark.parametrize("request_, status, code", BAD_REQUESTS.values(),
                         ids=BAD_REQUESTS.keys())
def test_bad_request(server, request_, status, code):
    method, target, body, headers = request_
    answer_status, answer_headers, raw = http_request(server.http_port, method, target,
                                                      body=body, headers=headers)
    assert answer_status == status, raw[:500]
    if status != 413:
        assert answer_headers["content-type"].startswith("application/json")
        answer = json.loads(raw)
        assert answer["errors"] and answer["errors"][0]["message"], answer
        assert "data" not in answer, answer
        if code is not None:
            assert answer["errors"][0]["extensions"]["code"] == code, answer
    if status == 405:
        assert answer_headers["allow"] == "GET, POST"
    # the server goes on answering
    for method in ("POST", "GET"):
        assert admin_data(server, CHECK_AUTH, method=method)["checkAuth"]["authType"] == "ADMIN"


@shared
def test_syntax_error_has_a_location(server):
    status, body = admin(server, "{ checkAuth {\n  authStatus\n  ) } }")
    assert status == 400, body
    error = body["errors"][0]
    assert error["message"].startswith("Syntax Error"), error
    assert error["locations"] == [{"line": 3, "column": 3}], error
