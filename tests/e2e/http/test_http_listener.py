# SPDX-License-Identifier: Apache-2.0
"""The [[listen.http]] listener itself: routing by host and path, error answers, limits,
keep-alive, compression, HTTPS, the server name, and XEP-0156 host-meta."""

import gzip
import json
import socket
import zlib

from conftest import GENERAL, free_port
from http_server import http_connection, make_certificate, request, start_http_server


def test_routing_errors(meerkat, port):
    http_port = free_port()
    start_http_server(meerkat, port, http_port, http_extra="""
      [[listen.http.handlers.mongoose_graphql_handler]]
        host = "localhost"
        path = "/api/graphql"
        schema_endpoint = "admin"
    """)
    status, headers, body = request(http_port, "GET", "/nowhere")
    assert (status, body) == (404, b"404 Not Found\n")
    assert headers["server"] == "Cowboy"  # general.http_server_name's default
    # the handler is for host "localhost" only
    assert request(http_port, "GET", "/api/graphql", headers={"Host": "other.test"})[0] == 404
    status, _, body = request(http_port, "GET", "/api/graphql", headers={"Host": "localhost:1"})
    assert status == 400 and b"No query was given" in body  # the GraphQL handler answered
    status, headers, _ = request(http_port, "POST", "/.well-known/host-meta", body=b"x")
    assert status == 405 and headers["allow"] == "GET, HEAD"
    assert request(http_port, "GET", "/ws-xmpp")[0] == 426  # no upgrade asked for


def test_oversize_and_malformed_requests(meerkat, port):
    http_port = free_port()
    server = start_http_server(meerkat, port, http_port)
    status, headers, _ = request(http_port, "POST", "/ws-xmpp", body=b"x" * 200_000)
    assert status == 413 and headers["connection"] == "close"
    status, _, _ = request(http_port, "GET", "/", headers={"X-Big": "y" * 20_000})
    assert status == 431
    with socket.create_connection(("127.0.0.1", http_port), timeout=5) as raw:
        raw.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        assert raw.recv(4096).startswith(b"HTTP/1.1 400 Bad Request\r\n")
    assert request(http_port, "GET", "/.well-known/host-meta")[0] == 200
    assert server.process.poll() is None


def test_keep_alive_serves_several_requests_on_one_connection(meerkat, port):
    http_port = free_port()
    start_http_server(meerkat, port, http_port)
    connection = http_connection(http_port)
    for _ in range(3):
        connection.request("GET", "/.well-known/host-meta.json")
        response = connection.getresponse()
        assert response.status == 200
        response.read()
    connection.close()
    with socket.create_connection(("127.0.0.1", http_port), timeout=5) as raw:
        # pipelined: both answered, in order, on one connection
        raw.sendall(b"GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n"
                    b"Connection: close\r\n\r\n")
        received = b""
        while chunk := raw.recv(4096):
            received += chunk
        assert received.count(b"HTTP/1.1 404 Not Found") == 2


def test_host_meta_lists_the_websocket_endpoint(meerkat, port):
    http_port = free_port()
    start_http_server(meerkat, port, http_port)
    status, headers, body = request(http_port, "GET", "/.well-known/host-meta",
                                    headers={"Host": f"chat.example.test:{http_port}"})
    assert status == 200 and headers["content-type"] == "application/xrd+xml"
    assert headers["access-control-allow-origin"] == "*"
    assert (f"<Link rel='urn:xmpp:alt-connections:websocket' "
            f"href='ws://chat.example.test:{http_port}/ws-xmpp'/>").encode() in body
    status, headers, body = request(http_port, "GET", "/.well-known/host-meta.json",
                                    headers={"Host": "localhost"})
    assert json.loads(body) == {"links": [{"rel": "urn:xmpp:alt-connections:websocket",
                                           "href": "ws://localhost/ws-xmpp"}]}


def test_compression_when_the_client_accepts_it(meerkat, port):
    http_port = free_port()
    more_endpoints = "".join(f"""
      [[listen.http.handlers.mod_websockets]]
        host = "_"
        path = "/ws-{n}"
    """ for n in range(3))  # enough of a body to be worth compressing
    start_http_server(meerkat, port, http_port, http_extra="protocol.compress = true" + more_endpoints)
    path = "/.well-known/host-meta"
    _, plain_headers, plain = request(http_port, "GET", path)
    assert "content-encoding" not in plain_headers
    _, headers, body = request(http_port, "GET", path, headers={"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == plain
    _, headers, body = request(http_port, "GET", path,
                               headers={"Accept-Encoding": "gzip;q=0, deflate"})
    assert headers["content-encoding"] == "deflate" and zlib.decompress(body) == plain


def test_https_listener_and_server_name(meerkat, port, tmp_path):
    http_port = free_port()
    general = GENERAL + '  http_server_name = "Meerkat test"\n'
    start_http_server(meerkat, port, http_port, cert=make_certificate(tmp_path), general=general)
    status, headers, body = request(http_port, "GET", "/.well-known/host-meta.json", tls=True,
                                    headers={"Host": "localhost"})
    assert status == 200 and headers["server"] == "Meerkat test"
    assert json.loads(body)["links"][0]["href"] == "wss://localhost/ws-xmpp"
    with socket.create_connection(("127.0.0.1", http_port), timeout=5) as raw:
        raw.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")  # plain HTTP to the TLS port
        assert not raw.recv(4096).startswith(b"HTTP/1.1")
