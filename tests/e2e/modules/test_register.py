# SPDX-License-Identifier: Apache-2.0
"""mod_register (XEP-0077 in-band registration): the form and account creation before
authentication (with slixmpp, and on the wire for the refusals: conflict, missing fields, a
weak password, the access rule and ip_access), the welcome message and registration watchers,
and after login the password change and the removal of the account."""

import re
from xml.etree import ElementTree

import pytest

from modules_server import (WireClient, error_condition, error_of, free_port, iq_error,
                            plain_token, start_modules_server, wire_login)
from xmpp_client import TIMEOUT, Client, connected, run
from xmpp_wire import stream_error

REGISTER = "jabber:iq:register"


@pytest.fixture
def plain():
    return free_port()


def register_modules(options=""):
    return "[modules.mod_register]\n" + options + "\n[modules.mod_private]\n"


def iq_type(text):
    return re.match(r"<iq [^>]*type=['\"]([a-z]+)['\"]", text).group(1)


def raw_register(plain, username, password, host="localhost"):
    """Registers on a fresh unauthenticated stream; returns the raw reply."""
    wire = WireClient.tcp(plain)
    wire.open_stream(host)
    fields = ""
    if username is not None:
        fields += f"<username>{username}</username>"
    if password is not None:
        fields += f"<password>{password}</password>"
    reply = wire.iq(f"<query xmlns='{REGISTER}'>{fields}</query>", type_="set")
    wire.close()
    return reply


def can_log_in(plain, user, password):
    """Whether SASL PLAIN with these credentials succeeds."""
    wire = WireClient.tcp(plain)
    wire.open_stream()
    answer = wire.exchange(
        f"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
        f"{plain_token(user, password)}</auth>", r"<success|</failure>|<failure[^>]*/>")
    wire.close()
    return "<success" in answer


def private_query(child):
    query = ElementTree.Element("{jabber:iq:private}query")
    query.append(ElementTree.fromstring(child))
    return query


def register_iq(client, type_="set", to=None, **fields):
    iq = client.make_iq(ito=to, itype=type_)
    iq.enable("register")
    for name, value in fields.items():
        iq["register"][name] = value
    return iq


# --- before authentication ---------------------------------------------------------------


def test_registration_is_offered_with_a_form(meerkat, port, plain):
    start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    wire = WireClient.tcp(plain)
    features = wire.open_stream()
    assert "<register xmlns='http://jabber.org/features/iq-register'/>" in features
    reply = wire.iq(f"<query xmlns='{REGISTER}'/>")
    assert iq_type(reply) == "result"
    query = re.search(r"<query xmlns='jabber:iq:register'>(.*)</query>", reply).group(1)
    assert re.sub(r"<instructions>[^<]+</instructions>", "<instructions/>", query) == \
        "<instructions/><username/><password/>"


def test_register_over_starttls_then_log_in_with_slixmpp(meerkat, port):
    # slixmpp 1.8.3 queues every stanza but bind until a session exists, so its xep_0077
    # cannot register before authentication: the registration is done on the wire.
    server = start_modules_server(meerkat, port, register_modules())
    wire = WireClient.tcp(port)
    wire.open_stream()
    wire.starttls()
    features = wire.open_stream()
    assert "<register xmlns='http://jabber.org/features/iq-register'/>" in features
    form = wire.iq(f"<query xmlns='{REGISTER}'/>")
    assert "<username/><password/>" in form
    reply = wire.iq(f"<query xmlns='{REGISTER}'><username>newbie</username>"
                    "<password>Calliope-9</password></query>", type_="set")
    assert iq_type(reply) == "result"
    wire.close()
    server.wait_for_log(r"account_registered jid=newbie@localhost")

    async def scenario():
        newbie = await connected("newbie@localhost/first", "Calliope-9", port,
                                 cafile=server.cafile)
        assert str(newbie.boundjid) == "newbie@localhost/first"
        await newbie.quit()

    run(scenario())


def test_registered_account_logs_in(meerkat, port, plain):
    server = start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    reply = raw_register(plain, "bill", "Calliope-9")
    assert iq_type(reply) == "result"
    assert "<query" not in reply  # XEP-0077 §3.1: an empty result

    async def scenario():
        bill = await connected("bill@localhost", "Calliope-9", port, cafile=server.cafile)
        await bill.quit()

    run(scenario())
    assert not can_log_in(plain, "bill", "wrong")


def test_existing_username_is_a_conflict(meerkat, port, plain):
    server = start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    server.add_user("alice@localhost", "a")
    for username in ("alice", "ALICE"):  # the same account after nodeprep
        reply = raw_register(plain, username, "Other-Pass-1")
        assert error_condition(reply) == ("cancel", "conflict"), username
    assert can_log_in(plain, "alice", "a")  # the password did not change
    assert not can_log_in(plain, "alice", "Other-Pass-1")


def test_missing_fields_are_not_acceptable(meerkat, port, plain):
    start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    for username, password in (("bill", None), (None, "Calliope-9"), ("bill", ""),
                               ("", "Calliope-9")):
        reply = raw_register(plain, username, password)
        assert error_condition(reply) == ("modify", "not-acceptable"), (username, password)
    assert not can_log_in(plain, "bill", "Calliope-9")
    assert not can_log_in(plain, "bill", "")


def test_invalid_username_is_jid_malformed(meerkat, port, plain):
    start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    for username in ("bill@elsewhere", "bi ll", "bill/phone"):
        reply = raw_register(plain, username, "Calliope-9")
        assert error_condition(reply) == ("modify", "jid-malformed"), username


def test_weak_password_is_not_acceptable(meerkat, port, plain):
    start_modules_server(meerkat, port, register_modules("  password_strength = 32"),
                         plain_port=plain)
    reply = raw_register(plain, "bill", "abc")  # 3 × log2(26) ≈ 14 bits
    assert error_condition(reply) == ("modify", "not-acceptable")
    assert not can_log_in(plain, "bill", "abc")
    reply = raw_register(plain, "bill", "Calliope-9x")  # 11 × log2(94) ≈ 72 bits
    assert iq_type(reply) == "result"
    assert can_log_in(plain, "bill", "Calliope-9x")


def test_access_none_denies_registration(meerkat, port, plain):
    start_modules_server(meerkat, port, register_modules('  access = "none"'),
                         plain_port=plain)
    reply = raw_register(plain, "bill", "Calliope-9")
    assert error_condition(reply) == ("cancel", "not-allowed")
    assert not can_log_in(plain, "bill", "Calliope-9")


def test_access_rule_decides_per_username(meerkat, port, plain):
    start_modules_server(meerkat, port, register_modules('  access = "register_bots"'),
                         plain_port=plain, top="""
    [acl]
      bots = [{user_glob = "bot*"}]

    [access]
      register_bots = [{acl = "bots", value = "allow"}, {acl = "all", value = "deny"}]
    """)
    assert iq_type(raw_register(plain, "bot1", "Calliope-9")) == "result"
    assert error_condition(raw_register(plain, "human", "Calliope-9")) == \
        ("cancel", "not-allowed")
    assert can_log_in(plain, "bot1", "Calliope-9")
    assert not can_log_in(plain, "human", "Calliope-9")


def test_ip_access_denies_matching_addresses(meerkat, port, plain):
    start_modules_server(meerkat, port, register_modules(
        '  ip_access = [{address = "127.0.0.0/8", policy = "deny"}]'), plain_port=plain)
    assert error_condition(raw_register(plain, "bill", "Calliope-9")) == \
        ("cancel", "not-allowed")
    assert not can_log_in(plain, "bill", "Calliope-9")


def test_ip_access_first_match_wins(meerkat, port, plain):
    start_modules_server(meerkat, port, register_modules(
        '  ip_access = [{address = "10.0.0.0/8", policy = "deny"},\n'
        '               {address = "127.0.0.1", policy = "allow"},\n'
        '               {address = "0.0.0.0/0", policy = "deny"}]'), plain_port=plain)
    assert iq_type(raw_register(plain, "bill", "Calliope-9")) == "result"


def test_unauthenticated_remove_is_refused(meerkat, port, plain):
    server = start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    server.add_user("alice@localhost", "a")
    wire = WireClient.tcp(plain)
    wire.open_stream()
    reply = wire.iq(f"<query xmlns='{REGISTER}'><username>alice</username><remove/></query>",
                    type_="set")
    # XEP-0077 §3.2 names unexpected-request; an authentication error says as much
    assert error_condition(reply) in {("auth", "not-authorized"),
                                      ("cancel", "unexpected-request"),
                                      ("wait", "unexpected-request")}
    assert can_log_in(plain, "alice", "a")


def test_welcome_message_and_registration_watchers(meerkat, port, plain):
    server = start_modules_server(meerkat, port, register_modules(
        '  welcome_message = {subject = "Hello", body = "Welcome to Meerkat!"}\n'
        '  registration_watchers = ["alice@localhost"]') + "[modules.mod_offline]\n",
        plain_port=plain)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost/desk", "a", port, cafile=server.cafile)
        assert iq_type(raw_register(plain, "bill", "Calliope-9")) == "result"
        notice = await alice.next_message()
        assert str(notice["from"]) == "localhost"
        assert notice["subject"] == "registration"
        assert re.fullmatch(r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] The account bill@localhost "
                            r"was registered from 127\.0\.0\.1", notice["body"]), \
            notice["body"]
        # bill was not online when welcomed: the message waits in offline storage
        bill = await connected("bill@localhost", "Calliope-9", port, cafile=server.cafile)
        welcome = await bill.next_message()
        assert str(welcome["from"]) == "localhost"
        assert welcome["subject"] == "Hello"
        assert welcome["body"] == "Welcome to Meerkat!"
        for client in (alice, bill):
            await client.quit()

    run(scenario())


# --- after authentication ----------------------------------------------------------------


def test_registered_user_gets_its_registration(meerkat, port):
    server = start_modules_server(meerkat, port, register_modules())
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0077"])
        reply = await register_iq(alice, type_="get").send(timeout=TIMEOUT)
        query = reply.xml.find(f"{{{REGISTER}}}query")
        assert [child.tag.split("}")[1] for child in query] == ["registered", "username"]
        assert query.findtext(f"{{{REGISTER}}}username") == "alice"
        await alice.quit()

    run(scenario())


def test_password_change_then_login_with_the_new_one(meerkat, port, plain):
    server = start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    server.add_user("alice@localhost", "old-Pass-1")

    async def scenario():
        alice = await connected("alice@localhost", "old-Pass-1", port, cafile=server.cafile,
                                plugins=["xep_0077"])
        reply = await alice["xep_0077"].change_password("new-Pass-2", timeout=TIMEOUT)
        assert reply["type"] == "result"
        await alice.quit()
        again = await connected("alice@localhost", "new-Pass-2", port, cafile=server.cafile)
        await again.quit()

    run(scenario())
    assert not can_log_in(plain, "alice", "old-Pass-1")


def test_password_change_addressed_to_the_server(meerkat, port, plain):
    # XEP-0077 §3.3 Example 18 sends the change to the server's domain
    server = start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    server.add_user("alice@localhost", "old-Pass-1")

    async def scenario():
        alice = await connected("alice@localhost", "old-Pass-1", port, cafile=server.cafile,
                                plugins=["xep_0077"])
        reply = await alice["xep_0077"].change_password("new-Pass-2", jid="localhost",
                                                        timeout=TIMEOUT)
        assert reply["type"] == "result"
        await alice.quit()

    run(scenario())
    assert can_log_in(plain, "alice", "new-Pass-2")


def test_bad_password_changes_keep_the_password(meerkat, port, plain):
    server = start_modules_server(meerkat, port, register_modules("  password_strength = 32"),
                                  plain_port=plain)
    server.add_user("alice@localhost", "old-Pass-1")
    server.add_user("bob@localhost", "bob-Pass-1")

    async def scenario():
        alice = await connected("alice@localhost", "old-Pass-1", port, cafile=server.cafile,
                                plugins=["xep_0077"])
        # §3.3: an empty password never replaces the existing one
        error = await iq_error(register_iq(alice, username="alice", password=""))
        assert error_of(error) == ("modify", "bad-request")
        # someone else's username
        error = await iq_error(register_iq(alice, username="bob", password="new-Pass-2"))
        assert error_of(error) == ("modify", "bad-request")
        # no username at all (§3.3: the request is incomplete)
        error = await iq_error(register_iq(alice, password="new-Pass-2"))
        assert error_of(error) == ("modify", "bad-request")
        # too weak for password_strength
        error = await iq_error(register_iq(alice, username="alice", password="abc"))
        assert error_of(error) == ("modify", "not-acceptable")
        # bob's account is not alice's to change
        error = await iq_error(register_iq(alice, to="bob@localhost", username="bob",
                                           password="new-Pass-2"))
        assert error_of(error) == ("cancel", "not-allowed")
        await alice.quit()

    run(scenario())
    assert can_log_in(plain, "alice", "old-Pass-1")
    assert can_log_in(plain, "bob", "bob-Pass-1")
    assert not can_log_in(plain, "bob", "new-Pass-2")


def test_remove_account_then_login_fails(meerkat, port, plain):
    server = start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0077"])
        reply = await alice["xep_0077"].cancel_registration(timeout=TIMEOUT)
        assert reply["type"] == "result"
        await alice.quit()
        gone = Client("alice@localhost", "a", port, cafile=server.cafile)
        assert not await gone.login()
        await gone.quit()

    run(scenario())
    assert not can_log_in(plain, "alice", "a")
    server.wait_for_log(r"account_removed jid=alice@localhost")


def test_remove_with_other_children_is_a_bad_request(meerkat, port, plain):
    # XEP-0077 §3.2: bad-request when <remove/> is not the only child of <query/>
    server = start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    server.add_user("alice@localhost", "a")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0077"])
        error = await iq_error(register_iq(alice, username="alice", password="x", remove=True))
        assert error_of(error) == ("modify", "bad-request")
        await alice.quit()

    run(scenario())
    assert can_log_in(plain, "alice", "a")


def test_removing_someone_elses_account_is_not_allowed(meerkat, port, plain):
    server = start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0077"])
        error = await iq_error(register_iq(alice, to="bob@localhost", remove=True))
        assert error_of(error) == ("cancel", "not-allowed")
        await alice.quit()

    run(scenario())
    assert can_log_in(plain, "bob", "b")


def test_remove_ends_the_accounts_other_sessions(meerkat, port, plain):
    # XEP-0077 §3.2: the server SHOULD send a <not-authorized/> stream error and terminate
    # all active sessions of the removed account
    server = start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    server.add_user("alice@localhost", "a")
    other = wire_login(plain, "alice", "a", resource="other")

    async def scenario():
        alice = await connected("alice@localhost/main", "a", port, cafile=server.cafile,
                                plugins=["xep_0077"])
        reply = await alice["xep_0077"].cancel_registration(timeout=TIMEOUT)
        assert reply["type"] == "result"
        await alice.quit()

    run(scenario())
    other.received = b""
    assert stream_error(other.read_to_close(timeout=5)) == "not-authorized"


def test_removed_accounts_data_does_not_pass_to_a_new_registration(meerkat, port, plain):
    # The account "and its data" go (register_module.cpp, XEP-0077 §3.2): whoever registers
    # the freed name later must not read the old owner's private storage.
    server = start_modules_server(meerkat, port, register_modules(), plain_port=plain)
    server.add_user("alice@localhost", "a")
    secret = "<notes xmlns='urn:example:notes'><note>the safe code is 1234</note></notes>"

    async def scenario():
        alice = await connected("alice@localhost", "a", port, cafile=server.cafile,
                                plugins=["xep_0077"])
        store = alice.make_iq_set()
        store.append(private_query(secret))
        await store.send(timeout=TIMEOUT)
        await alice["xep_0077"].cancel_registration(timeout=TIMEOUT)
        await alice.quit()
        assert iq_type(raw_register(plain, "alice", "Someone-Else-1")) == "result"
        newcomer = await connected("alice@localhost", "Someone-Else-1", port,
                                   cafile=server.cafile)
        fetch = newcomer.make_iq_get()
        fetch.append(private_query("<notes xmlns='urn:example:notes'/>"))
        reply = await fetch.send(timeout=TIMEOUT)
        assert "1234" not in str(reply), reply
        await newcomer.quit()

    run(scenario())

