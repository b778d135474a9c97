# SPDX-License-Identifier: Apache-2.0
"""Dynamic domains (the GraphQL domain category, its REST routes and meerkatctl): a domain
added at run time to a host type is served at once to real clients, disabling it ends its
sessions and refuses new ones, removing it removes its accounts, and all of it survives a
restart. The refusals (static domains, unknown and wrong host types, duplicates, the domain
service off) answer MongooseIM's error codes."""

import asyncio
import json
import subprocess

import pytest

from conftest import BINARY, Meerkat
from graphql_client import (ADMIN_AUTH, ADMIN_PATH, DOMAIN_PATH, data_of, error_code,
                            eventually, gql, http_request, online, can_log_in,
                            start_graphql_server)
from xmpp_client import Client, TIMEOUT, run

ADD = """mutation($domain: DomainName!, $hostType: String!) {
  domain { addDomain(domain: $domain, hostType: $hostType) { domain hostType status } } }"""
REMOVE = """mutation($domain: DomainName!, $hostType: String!) {
  domain { removeDomain(domain: $domain, hostType: $hostType) { domain hostType status } } }"""
REQUEST_REMOVE = """mutation($domain: DomainName!, $hostType: String!) {
  domain { requestRemoveDomain(domain: $domain, hostType: $hostType) { domain status } } }"""
ENABLE = """mutation($domain: DomainName!) {
  domain { enableDomain(domain: $domain) { domain status } } }"""
DISABLE = """mutation($domain: DomainName!) {
  domain { disableDomain(domain: $domain) { domain status } } }"""
DETAILS = """query($domain: DomainName!) {
  domain { domainDetails(domain: $domain) { domain hostType status type } } }"""
ALL = "{ domain { allDomains { domain hostType status type } } }"
BY_TYPE = """query($hostType: String!) { domain { domainsByHostType(hostType: $hostType) } }"""
REGISTER = """mutation($domain: DomainName!, $username: UserName, $password: String!) {
  account { registerUser(domain: $domain, username: $username, password: $password) {
    jid message } } }"""
COUNT = """query($domain: DomainName!) { account { countUsers(domain: $domain) } }"""


@pytest.fixture
def server(meerkat, port):
    return start_graphql_server(meerkat, port)


def admin(server, query, variables=None, method="POST"):
    return gql(server.http_port, ADMIN_PATH, query, variables, method=method)


def command(server, query, variables, category, name, method="POST"):
    """The result of one command that must succeed."""
    return data_of(admin(server, query, variables, method))[category][name]


def refusal(server, query, variables):
    """extensions.code and message of a domain command that fails."""
    status, body = admin(server, query, variables)
    assert status == 200 and len(body["errors"]) == 1, (status, body)
    return error_code(body), body["errors"][0]["message"]


def register(server, jid, password):
    user, domain = jid.split("@")
    return command(server, REGISTER, {"domain": domain, "username": user,
                                      "password": password}, "account", "registerUser")


def details(server, domain):
    return command(server, DETAILS, {"domain": domain}, "domain", "domainDetails")


def gone(server, domain):
    """Whether the server no longer knows the domain."""
    _, body = admin(server, DETAILS, {"domain": domain})
    return bool(body.get("errors")) and error_code(body) == "domain_not_found"


def add(server, domain, host_type="type1", method="POST"):
    return command(server, ADD, {"domain": domain, "hostType": host_type}, "domain",
                   "addDomain", method)


async def stream_error_of(client):
    """The condition of the stream error that ended the client's stream."""
    await asyncio.wait_for(client.disconnected_event.wait(), TIMEOUT)
    return client.stream_errors


def recording_stream_errors(client):
    client.stream_errors = []
    client.add_event_handler("stream_error",
                             lambda error: client.stream_errors.append(error["condition"]))
    return client


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_listing_static_domains(server, method):
    everything = command(server, ALL, None, "domain", "allDomains", method)
    assert everything == [
        {"domain": "localhost", "hostType": "localhost", "status": "ENABLED", "type": "STATIC"},
        {"domain": "example.test", "hostType": "example.test", "status": "ENABLED",
         "type": "STATIC"}]
    assert command(server, BY_TYPE, {"hostType": "localhost"}, "domain", "domainsByHostType",
                   method) == ["localhost"]
    assert command(server, BY_TYPE, {"hostType": "type1"}, "domain", "domainsByHostType",
                   method) == []


def test_an_added_domain_is_served_to_clients(server):
    assert add(server, "Dyn.Test") == {"domain": "dyn.test", "hostType": "type1",
                                       "status": "ENABLED"}
    assert details(server, "dyn.test") == {"domain": "dyn.test", "hostType": "type1",
                                           "status": "ENABLED", "type": "DYNAMIC"}
    assert command(server, BY_TYPE, {"hostType": "type1"}, "domain",
                   "domainsByHostType") == ["dyn.test"]
    assert register(server, "carol@dyn.test", "carol-pw")["jid"] == "carol@dyn.test"
    register(server, "alice@localhost", "alice-pw")

    async def chat():
        carol = await online("carol@dyn.test/phone", "carol-pw", server.c2s_port)
        alice = await online("alice@localhost/desk", "alice-pw", server.c2s_port)
        carol.send_message(mto="alice@localhost", mbody="from a dynamic domain")
        assert (await alice.next_message())["body"] == "from a dynamic domain"
        alice.send_message(mto="carol@dyn.test", mbody="back")
        got = await carol.next_message()
        assert (got["body"], got["from"].bare) == ("back", "alice@localhost")
        await carol.quit()
        await alice.quit()

    run(chat())
    # adding it again to the same host type changes nothing
    assert add(server, "dyn.test")["status"] == "ENABLED"


def test_disabling_ends_sessions_and_refuses_logins(server):
    add(server, "dyn.test")
    register(server, "carol@dyn.test", "carol-pw")

    async def scenario():
        carol = recording_stream_errors(
            await online("carol@dyn.test/phone", "carol-pw", server.c2s_port))
        assert command(server, DISABLE, {"domain": "dyn.test"}, "domain",
                       "disableDomain") == {"domain": "dyn.test", "status": "DISABLED"}
        assert await stream_error_of(carol) == ["host-gone"]
        assert not await can_log_in("carol@dyn.test", "carol-pw", server.c2s_port)
        assert command(server, ENABLE, {"domain": "dyn.test"}, "domain",
                       "enableDomain") == {"domain": "dyn.test", "status": "ENABLED"}
        assert await can_log_in("carol@dyn.test", "carol-pw", server.c2s_port)

    run(scenario())
    assert details(server, "dyn.test")["status"] == "ENABLED"


def test_a_disabled_domain_is_unknown_to_new_streams(server):
    add(server, "dyn.test")
    command(server, DISABLE, {"domain": "dyn.test"}, "domain", "disableDomain")

    async def scenario():
        client = recording_stream_errors(Client("carol@dyn.test", "x", server.c2s_port))
        client.connect(address=("127.0.0.1", server.c2s_port))
        return await stream_error_of(client)

    assert run(scenario()) == ["host-unknown"]
    assert command(server, BY_TYPE, {"hostType": "type1"}, "domain", "domainsByHostType") == []


def test_removal_takes_the_accounts_along(server):
    add(server, "dyn.test")
    register(server, "carol@dyn.test", "carol-pw")
    register(server, "dave@dyn.test", "dave-pw")
    register(server, "alice@localhost", "alice-pw")

    async def scenario():
        carol = recording_stream_errors(
            await online("carol@dyn.test/phone", "carol-pw", server.c2s_port))
        removed = command(server, REMOVE, {"domain": "dyn.test", "hostType": "type1"},
                          "domain", "removeDomain")
        assert removed == {"domain": "dyn.test", "hostType": "type1", "status": "DELETED"}
        assert await stream_error_of(carol) == ["host-gone"]

    run(scenario())
    assert gone(server, "dyn.test")
    # back again, the domain is empty; the static domain kept its account
    add(server, "dyn.test", "type2")
    assert command(server, COUNT, {"domain": "dyn.test"}, "account", "countUsers") == 0
    assert command(server, COUNT, {"domain": "localhost"}, "account", "countUsers") == 1
    assert "domain_removed domain=dyn.test accounts=2" in server.log


def test_a_requested_removal_finishes_in_the_background(server):
    add(server, "dyn.test")
    register(server, "carol@dyn.test", "carol-pw")
    requested = command(server, REQUEST_REMOVE, {"domain": "dyn.test", "hostType": "type1"},
                        "domain", "requestRemoveDomain")
    assert requested == {"domain": "dyn.test", "status": "DELETING"}
    eventually(lambda: gone(server, "dyn.test"))
    add(server, "dyn.test")
    assert command(server, COUNT, {"domain": "dyn.test"}, "account", "countUsers") == 0


@pytest.mark.parametrize("query, variables, code", [
    (ADD, {"domain": "localhost", "hostType": "type1"}, "static"),
    (ADD, {"domain": "new.test", "hostType": "nosuchtype"}, "unknown_host_type"),
    (ADD, {"domain": "new.test", "hostType": "localhost"}, "unknown_host_type"),
    (ADD, {"domain": "dyn.test", "hostType": "type2"}, "duplicate"),
    (ENABLE, {"domain": "localhost"}, "static"),
    (DISABLE, {"domain": "example.test"}, "static"),
    (DISABLE, {"domain": "nowhere.test"}, "domain_not_found"),
    (REMOVE, {"domain": "localhost", "hostType": "localhost"}, "static"),
    (REMOVE, {"domain": "dyn.test", "hostType": "type2"}, "wrong_host_type"),
    (REMOVE, {"domain": "dyn.test", "hostType": "nosuchtype"}, "unknown_host_type"),
    (REMOVE, {"domain": "nowhere.test", "hostType": "type1"}, "domain_not_found"),
    (REQUEST_REMOVE, {"domain": "nowhere.test", "hostType": "type1"}, "domain_not_found"),
    (DETAILS, {"domain": "nowhere.test"}, "domain_not_found"),
])
def test_refusals(server, query, variables, code):
    add(server, "dyn.test")
    assert refusal(server, query, variables)[0] == code
    # nothing changed
    assert details(server, "dyn.test")["status"] == "ENABLED"
    assert details(server, "localhost")["status"] == "ENABLED"


def test_bad_domain_names_are_input_errors(server):
    status, body = admin(server, ADD, {"domain": "not a domain", "hostType": "type1"})
    assert status == 400 and body["errors"], body


def test_domains_and_their_state_survive_a_restart(server):
    add(server, "on.test")
    add(server, "off.test", "type2")
    command(server, DISABLE, {"domain": "off.test"}, "domain", "disableDomain")
    register(server, "carol@on.test", "carol-pw")
    assert server.stop() == 0
    again = Meerkat(server.workdir, server.config.read_text())
    try:
        again.wait_listening(2)
        again.http_port, again.c2s_port = server.http_port, server.c2s_port
        assert details(again, "on.test") == {"domain": "on.test", "hostType": "type1",
                                             "status": "ENABLED", "type": "DYNAMIC"}
        assert details(again, "off.test")["status"] == "DISABLED"
        assert run(can_log_in("carol@on.test", "carol-pw", again.c2s_port))
    finally:
        assert again.stop() == 0


def test_a_domain_of_a_host_type_no_longer_configured_is_left_out(server):
    add(server, "kept.test", "type1")
    add(server, "dropped.test", "type2")
    assert server.stop() == 0
    config = server.config.read_text().replace('host_types = ["type1", "type2"]',
                                               'host_types = ["type1"]')
    assert config != server.config.read_text()
    again = Meerkat(server.workdir, config)
    try:
        again.wait_listening(2)
        again.http_port, again.c2s_port = server.http_port, server.c2s_port
        assert details(again, "kept.test")["status"] == "ENABLED"
        assert gone(again, "dropped.test")
        assert "dynamic_domain_ignored domain=dropped.test host_type=type2" in again.log
    finally:
        assert again.stop() == 0


def test_a_dynamic_domain_has_its_own_domain_admin(server):
    add(server, "dyn.test")
    register(server, "carol@dyn.test", "carol-pw")
    set_password = """mutation { domain {
      setDomainPassword(domain: "dyn.test", password: "dyn-admin-pw") } }"""
    assert data_of(admin(server, set_password))
    auth = ("admin@dyn.test", "dyn-admin-pw")
    counted = gql(server.http_port, DOMAIN_PATH, COUNT, {"domain": "dyn.test"}, auth=auth)
    assert data_of(counted) == {"account": {"countUsers": 1}}
    status, body = gql(server.http_port, DOMAIN_PATH, COUNT, {"domain": "localhost"}, auth=auth)
    assert error_code(body) == "no_permissions", body
    # domains are the global admin's business
    status, body = gql(server.http_port, DOMAIN_PATH, ADD,
                       {"domain": "more.test", "hostType": "type1"}, auth=auth)
    assert error_code(body) == "no_permissions", body
    # removing the domain removes its administrator too
    command(server, REMOVE, {"domain": "dyn.test", "hostType": "type1"}, "domain", "removeDomain")
    add(server, "dyn.test")
    status, body = gql(server.http_port, DOMAIN_PATH, COUNT, {"domain": "dyn.test"}, auth=auth)
    assert status == 401, (status, body)


REST_ADMIN = """
      [[listen.http.handlers.mongoose_admin_api]]
        host = "_"
        path = "/api"
        username = "admin"
        password = "secret"
"""


def test_without_the_domain_service(meerkat, port):
    server = start_graphql_server(meerkat, port, extra_handlers=REST_ADMIN,
                                  domain_service=False)
    for query, variables in [(ADD, {"domain": "dyn.test", "hostType": "type1"}), (ALL, None)]:
        status, body = admin(server, query, variables)
        assert error_code(body) == "deps_not_loaded", body
        assert body["errors"][0]["extensions"]["not_loaded_services"] == ["service_domain_db"]
    # MongooseIM's domain REST API: 403 when the service is off
    assert rest(server, "PUT", "/domains/dyn.test", {"host_type": "type1"})[0] == 403
    assert rest(server, "GET", "/domains/localhost")[0] == 403


@pytest.fixture
def rest_server(meerkat, port):
    return start_graphql_server(meerkat, port, extra_handlers=REST_ADMIN)


def rest(server, method, path, body=None):
    status, _, raw = http_request(server.http_port, method, "/api" + path,
                                  body=None if body is None else json.dumps(body),
                                  headers={"Content-Type": "application/json"},
                                  auth=("admin", "secret"))
    return status, (json.loads(raw) if raw and raw[:1] in b"{[" else raw.decode())


def test_rest_domain_routes(rest_server):
    server = rest_server
    assert rest(server, "PUT", "/domains/dyn.test", {"host_type": "type1"})[0] == 204
    assert rest(server, "GET", "/domains/dyn.test") == (200, {"host_type": "type1",
                                                            "status": "enabled"})
    assert rest(server, "PUT", "/domains/dyn.test", {"host_type": "type2"})[0] == 409
    assert rest(server, "PUT", "/domains/new.test", {"host_type": "nosuch"})[0] == 403
    assert rest(server, "PUT", "/domains/localhost", {"host_type": "type1"})[0] == 403
    assert rest(server, "PATCH", "/domains/dyn.test", {"enabled": False})[0] == 204
    assert rest(server, "GET", "/domains/dyn.test")[1]["status"] == "disabled"
    assert rest(server, "PATCH", "/domains/nowhere.test", {"enabled": True})[0] == 404
    assert rest(server, "PATCH", "/domains/localhost", {"enabled": False})[0] == 403
    assert rest(server, "DELETE", "/domains/dyn.test", {"host_type": "type2"})[0] == 403
    assert rest(server, "DELETE", "/domains/dyn.test", {"host_type": "type1"})[0] == 204
    assert rest(server, "GET", "/domains/dyn.test")[0] == 404
    # deleting what is not there is done already
    assert rest(server, "DELETE", "/domains/dyn.test", {"host_type": "type1"})[0] == 204
    assert rest(server, "PUT", "/domains/later.test", {"host_type": "type2"})[0] == 204
    assert rest(server, "DELETE", "/domains/later.test",
                {"host_type": "type2", "request": True})[0] == 202
    eventually(lambda: rest(server, "GET", "/domains/later.test")[0] == 404)


def test_meerkatctl_manages_domains(server):
    def ctl(*args):
        return subprocess.run(
            [str(BINARY.parent / "meerkatctl"),
             "--url", f"http://127.0.0.1:{server.http_port}{ADMIN_PATH}",
             "--user", ADMIN_AUTH[0], "--password", ADMIN_AUTH[1], *args],
            capture_output=True, text=True, timeout=30)

    added = ctl("domain", "addDomain", "--domain", "ctl.test", "--hostType", "type2")
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout) == {"domain": "ctl.test", "hostType": "type2",
                                        "status": "ENABLED"}
    refused = ctl("domain", "addDomain", "--domain", "localhost", "--hostType", "type2")
    assert refused.returncode == 1 and "(static)" in refused.stderr, refused.stderr
    listed = ctl("domain", "allDomains")
    assert '"domain": "ctl.test"' in listed.stdout
    removed = ctl("domain", "removeDomain", "--domain", "ctl.test", "--hostType", "type2")
    assert removed.returncode == 0, removed.stderr
    assert gone(server, "ctl.test")




def test_an_added_domain_has_its_upload_service(meerkat, port, tmp_path):
    modules = f"""
[modules.mod_roster]
[modules.mod_disco]
[modules.mod_http_upload]
  backend = "local"
  local.base_url = "http://127.0.0.1:{port}/upload"
"""
    upload_handler = """
      [[listen.http.handlers.mod_http_upload]]
        host = "_"
        path = "/upload"
"""
    server = start_graphql_server(meerkat, port, extra_handlers=upload_handler, modules=modules)
    add(server, "dyn.test")
    register(server, "carol@dyn.test", "carol-pw")
    source = tmp_path / "note.txt"
    source.write_bytes(b"uploaded from a dynamic domain")

    async def scenario():
        carol = Client("carol@dyn.test/phone", "carol-pw", server.c2s_port,
                       plugins=["xep_0030", "xep_0363"])
        assert await carol.login()
        items = await carol["xep_0030"].get_items(jid="dyn.test")
        services = [jid for jid, _, _ in items["disco_items"]["items"]]
        assert "upload.dyn.test" in services, services
        info = await carol["xep_0030"].get_info(jid="upload.dyn.test")
        assert "urn:xmpp:http:upload:0" in info["disco_info"]["features"]
        carol["xep_0363"].upload_service = "upload.dyn.test"
        url = await carol["xep_0363"].upload_file(source, content_type="text/plain", timeout=10)
        await carol.quit()
        return url

    url = run(scenario())
    status, _, body = http_request(port, "GET", url.split(str(port), 1)[1], auth=None)
    assert (status, body) == (200, b"uploaded from a dynamic domain")
