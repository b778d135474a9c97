# SPDX-License-Identifier: Apache-2.0
"""Starts a server with the GraphQL endpoints (admin at /api/graphql, domain admin at
/api/domain, user at /api/user) and sends GraphQL requests to them: plain requests (`gql`,
`http_request`) and subscriptions over Server-Sent Events (`SseStream`). Also the slixmpp
helpers the GraphQL tests share (`online`, `can_log_in`)."""

import asyncio
import base64
import contextlib
import http.client
import json
import queue
import re
import socket
import textwrap
import threading
import time
import urllib.parse

from conftest import GENERAL, Meerkat, free_port
from xmpp_client import TIMEOUT, Client, connected

ADMIN_PATH = "/api/graphql"
DOMAIN_PATH = "/api/domain"
USER_PATH = "/api/user"
ADMIN_AUTH = ("admin", "secret")

MODULES = """
[modules.mod_roster]
[modules.mod_offline]
"""


# The domain API needs service_domain_db; dynamic domains go to one of these host types.
HOST_TYPES = ["type1", "type2"]
DOMAIN_SERVICE = """
[services.service_domain_db]
"""


def general_with_host_types():
    return GENERAL.replace("[general]\n", f"[general]\n  host_types = {json.dumps(HOST_TYPES)}\n")


def start_graphql_server(meerkat, port, extra_handlers="", modules=MODULES, admin_options="",
                         domain_service=True):
    """A server with a c2s listener on another free port and an HTTP listener on `port` that
    serves the three GraphQL endpoints. `extra_handlers`: more [[listen.http.handlers.*]]
    tables for the HTTP listener; `admin_options`: more options (TOML lines) of the admin
    endpoint's table, e.g. 'allowed_categories = ["account"]'. `domain_service`: with
    service_domain_db and the host types of HOST_TYPES, for dynamic domains."""
    c2s_port = free_port()
    while c2s_port == port:
        c2s_port = free_port()
    listeners = f"""
    [[listen.c2s]]
      port = {c2s_port}

    [[listen.http]]
      port = {port}

      [[listen.http.handlers.mongoose_graphql_handler]]
        host = "_"
        path = "{ADMIN_PATH}"
        schema_endpoint = "admin"
        username = "{ADMIN_AUTH[0]}"
        password = "{ADMIN_AUTH[1]}"
        {admin_options}

      [[listen.http.handlers.mongoose_graphql_handler]]
        host = "_"
        path = "{DOMAIN_PATH}"
        schema_endpoint = "domain_admin"

      [[listen.http.handlers.mongoose_graphql_handler]]
        host = "_"
        path = "{USER_PATH}"
        schema_endpoint = "user"
    {extra_handlers}
    """ + modules + (DOMAIN_SERVICE if domain_service else "")
    general = general_with_host_types() if domain_service else GENERAL
    server = meerkat(listeners, general=general, expect_listeners=2)
    server.http_port = port
    server.c2s_port = c2s_port
    return server


def add_users(server, users):
    """Creates the accounts of a {jid: password} dict with one `meerkat account import`."""
    csv = server.workdir / "users.csv"
    csv.write_text("".join(f"{jid.replace('@', ',', 1)},{password}\n"
                           for jid, password in users.items()))
    server.account("import", str(csv))


@contextlib.contextmanager
def server_starter(directory):
    """What conftest's function-scoped `meerkat` fixture gives (a function that starts
    servers, here in subfolders of `directory`), for fixtures of a wider scope: a server
    that several tests share. The servers stop at the end and must exit cleanly."""
    started = []

    def start(listeners, general=GENERAL, expect_listeners=None, args=(), env=None):
        workdir = directory / f"server{len(started) + 1}"
        workdir.mkdir()
        text = textwrap.dedent(general) + "\n" + textwrap.dedent(listeners)
        server = Meerkat(workdir, text, args, env)
        started.append(server)
        if expect_listeners is None:
            expect_listeners = len(re.findall(r"\[\[listen\.(?!http\.handlers)", text))
        server.wait_listening(expect_listeners)
        return server

    try:
        yield start
    finally:
        for server in started:
            code = server.stop()
            assert code == 0, f"meerkat exited with {code}:\n{server.log}"


def auth_header(auth):
    """The Basic Authorization header for (login, password), or none for None."""
    if auth is None:
        return {}
    token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def gql(port, path, query, variables=None, auth=ADMIN_AUTH, method="POST",
        operation_name=None, timeout=10):
    """(HTTP status, parsed JSON body) of one GraphQL request. `auth`: (login, password) for
    Basic authentication, or None for none. GET puts `query`, `variables` (as JSON) and
    `operationName` in the query string; POST sends them as a JSON body."""
    headers = {"Accept": "application/json", **auth_header(auth)}
    body = None
    target = path
    if method == "GET":
        params = {"query": query}
        if variables is not None:
            params["variables"] = json.dumps(variables)
        if operation_name is not None:
            params["operationName"] = operation_name
        target = f"{path}?{urllib.parse.urlencode(params)}"
    else:
        payload = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        if operation_name is not None:
            payload["operationName"] = operation_name
        body = json.dumps(payload).encode()
        headers["Content-Type"] = "application/json"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, target, body=body, headers=headers)
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        raise AssertionError(f"{method} {target}: HTTP {response.status}, not JSON: {raw!r}")
    return response.status, parsed


def http_request(port, method, target, body=None, headers=None, auth=ADMIN_AUTH, timeout=10):
    """(status, headers as a dict with lower-case names, raw body) of one plain HTTP request,
    for what `gql` cannot send: bodies that are not GraphQL requests, other methods."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, target, body=body,
                           headers={**auth_header(auth), **(headers or {})})
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, raw


def data_of(result):
    """The `data` of a (status, body) answer that must have succeeded without errors."""
    status, body = result
    assert status == 200 and "errors" not in body, (status, body)
    return body["data"]


def error_code(body, index=0):
    """extensions.code of the `index`th error of a response body."""
    assert body.get("errors"), body
    return body["errors"][index].get("extensions", {}).get("code")


def eventually(check, timeout=10, interval=0.05):
    """Calls `check` until it returns something true and returns that; fails with the last
    value after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            assert value, f"still {value!r} after {timeout}s"
            return value
        time.sleep(interval)


class SseStream:
    """One GraphQL subscription over Server-Sent Events: GET <path>/sse?query=…. `status`
    and `headers` are the response's; when it is an event stream, a thread reads it line by
    line and queues each event's parsed `data`, then None at the end of the stream. Without
    an event stream, `body` is the parsed JSON answer."""

    def __init__(self, port, path, query, auth=ADMIN_AUTH, variables=None, timeout=10):
        params = {"query": query}
        if variables is not None:
            params["variables"] = json.dumps(variables)
        self.target = f"{path}/sse?{urllib.parse.urlencode(params)}"
        self.events = queue.Queue()
        self.body = None
        self._reader = None
        self._connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self._connection.request("GET", self.target, headers={
            "Accept": "text/event-stream", **auth_header(auth)})
        self._socket = self._connection.sock
        self._response = self._connection.getresponse()
        self.status = self._response.status
        self.headers = {k.lower(): v for k, v in self._response.getheaders()}
        if self.headers.get("content-type", "").startswith("text/event-stream"):
            self._socket.settimeout(None)  # close() ends the reader
            self._reader = threading.Thread(target=self._read, daemon=True)
            self._reader.start()
        else:
            raw = self._response.read()
            self.body = json.loads(raw) if raw else None
            self.close()

    def _read(self):
        data = []
        try:
            while True:
                line = self._response.readline()
                if not line:
                    break
                line = line.decode().rstrip("\r\n")
                if line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))
                elif not line and data:
                    self.events.put(json.loads("\n".join(data)))
                    data = []
        except (OSError, ValueError, http.client.HTTPException):
            pass
        finally:
            self.events.put(None)

    def next_event(self, timeout=10):
        """The next event's data; fails when none comes within `timeout` seconds or the
        stream ends first."""
        try:
            event = self.events.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no SSE event within {timeout}s on {self.target}")
        assert event is not None, f"the SSE stream {self.target} ended"
        return event

    def close(self):
        """Closes the connection; the reader, if any, sees the end of the stream first."""
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        if self._reader is not None:
            self._reader.join(10)
        self._response.close()
        self._connection.close()
        self._socket.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()


async def online(jid, password, port):
    """A logged-in slixmpp client whose initial presence the server has taken in: it comes
    back to the client's own resource."""
    client = await connected(jid, password, port)
    await client.next_presence(lambda p: p["from"] == client.boundjid)
    return client


async def can_log_in(jid, password, port):
    """Whether a slixmpp client logs in with this password. Without TLS slixmpp tries one
    mechanism after the other and never reports that all failed: the server closing the
    stream after the failures is the answer too."""
    client = Client(jid, password, port)
    client.connect(address=("127.0.0.1", port))
    waits = [asyncio.ensure_future(event.wait()) for event in
             (client.session_started, client.failed, client.disconnected_event)]
    done, pending = await asyncio.wait(waits, timeout=TIMEOUT,
                                       return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    assert done, f"{jid}: neither logged in nor refused within {TIMEOUT}s"
    if client.session_started.is_set():
        await client.quit()
        return True
    client.disconnect()
    return False
