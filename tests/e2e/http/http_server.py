# SPDX-License-Identifier: Apache-2.0
"""The configuration the HTTP tests run on: a c2s listener for TCP clients and an HTTP
listener with the WebSocket handler, plus the IM modules."""

import http.client
import ssl
import subprocess

MODULES = """
[modules.mod_roster]
[modules.mod_offline]
"""


def make_certificate(directory):
    cert = directory / "https.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-nodes", "-days", "2", "-subj", "/CN=localhost", "-keyout", str(cert), "-out",
         str(cert)], check=True, capture_output=True)
    return cert


def start_http_server(meerkat, c2s_port, http_port, http_extra="", ws_extra="", cert=None,
                      general=None, modules=MODULES):
    """`cert`: serve HTTPS with that certificate (and its key, in the same file)."""
    tls = f'tls.certfile = "{cert}"\n      tls.keyfile = "{cert}"' if cert else ""
    listeners = f"""
    [[listen.c2s]]
      port = {c2s_port}

    [[listen.http]]
      port = {http_port}
      {tls}
      {http_extra}

      [[listen.http.handlers.mod_websockets]]
        host = "_"
        path = "/ws-xmpp"
        {ws_extra}
    """ + modules
    extra = {} if general is None else {"general": general}
    server = meerkat(listeners, expect_listeners=2, **extra)
    server.http_port = http_port
    return server


def http_connection(port, tls=False, timeout=5):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout, context=context)
    return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)


def request(port, method, path, body=None, headers=None, tls=False):
    """(status, headers dict with lower-case names, body bytes) of one request."""
    connection = http_connection(port, tls)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return (response.status, {k.lower(): v for k, v in response.getheaders()},
                response.read())
    finally:
        connection.close()
