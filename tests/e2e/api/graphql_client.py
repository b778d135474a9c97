# SPDX-License-Identifier: Apache-2.0
"""Starts a server with the GraphQL endpoints (admin at /api/graphql, domain admin at
/api/domain, user at /api/user) and sends GraphQL requests to them."""

import base64
import http.client
import json
import urllib.parse

from conftest import free_port

ADMIN_PATH = "/api/graphql"
DOMAIN_PATH = "/api/domain"
USER_PATH = "/api/user"
ADMIN_AUTH = ("admin", "secret")

MODULES = """
[modules.mod_roster]
[modules.mod_offline]
"""


def start_graphql_server(meerkat, port, extra_handlers="", modules=MODULES):
    """A server with a c2s listener on another free port and an HTTP listener on `port` that
    serves the three GraphQL endpoints. `extra_handlers`: more [[listen.http.handlers.*]]
    tables for the HTTP listener."""
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

      [[listen.http.handlers.mongoose_graphql_handler]]
        host = "_"
        path = "{DOMAIN_PATH}"
        schema_endpoint = "domain_admin"

      [[listen.http.handlers.mongoose_graphql_handler]]
        host = "_"
        path = "{USER_PATH}"
        schema_endpoint = "user"
    {extra_handlers}
    """ + modules
    server = meerkat(listeners, expect_listeners=2)
    server.http_port = port
    server.c2s_port = c2s_port
    return server


def gql(port, path, query, variables=None, auth=ADMIN_AUTH, method="POST",
        operation_name=None, timeout=10):
    """(HTTP status, parsed JSON body) of one GraphQL request. `auth`: (login, password) for
    Basic authentication, or None for none. GET puts `query`, `variables` (as JSON) and
    `operationName` in the query string; POST sends them as a JSON body."""
    headers = {"Accept": "application/json"}
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
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
