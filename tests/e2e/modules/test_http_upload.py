# SPDX-License-Identifier: Apache-2.0
"""mod_http_upload (XEP-0363): slixmpp finds the upload service through disco, gets a slot
and uploads over HTTP PUT; the file comes back over GET byte for byte. The service announces
and enforces max_file_size; the HTTP side refuses what the slot did not allow (expired, used
twice, another size or type, a forged URL); the S3 backend hands out presigned bucket URLs;
and a misconfiguration stops the server with the option named."""

import asyncio
import re
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import BINARY
from modules_server import error_condition, free_port, start_modules_server, wire_login
from xmpp_client import connected, run

UPLOAD = "urn:xmpp:http:upload:0"


def modules(http_port, extra=""):
    return f"""
[modules.mod_disco]
[modules.mod_http_upload]
  backend = "local"
  max_file_size = 100000
  expiration_time = 3
  local.base_url = "http://127.0.0.1:{http_port}/upload"
  {extra}
"""


def http_listener(http_port):
    """An HTTP listener serving the upload files at /upload."""
    return f"""
    [[listen.http]]
      port = {http_port}
      [[listen.http.handlers.mod_http_upload]]
        host = "_"
        path = "/upload"
    """


def start(meerkat, port, extra=""):
    http_port = free_port()
    plain = free_port()
    server = start_modules_server(meerkat, port, modules(http_port, extra), plain_port=plain,
                                  top=http_listener(http_port))
    server.add_user("alice@localhost", "a")
    return server, plain, http_port


def http(method, url, data=None, headers=None):
    """(status, headers, body) of one request; errors are answers too."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def request_slot(wire, filename, size, content_type="text/plain"):
    reply = wire.iq(f"<request xmlns='{UPLOAD}' filename='{filename}' size='{size}' "
                    f"content-type='{content_type}'/>", to="upload.localhost")
    put = re.search(r"<put url=['\"]([^'\"]+)['\"]", reply)
    get = re.search(r"<get url=['\"]([^'\"]+)['\"]", reply)
    return reply, (put.group(1).replace("&amp;", "&") if put else None), \
        (get.group(1) if get else None)


def test_slixmpp_uploads_and_the_file_comes_back(meerkat, port, tmp_path):
    server, _, http_port = start(meerkat, port)
    payload = bytes(range(256)) * 200  # 51,200 bytes, every byte value
    source = tmp_path / "photo of us.png"
    source.write_bytes(payload)

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0030", "xep_0128", "xep_0363"])
        # Discovery as slixmpp's find_upload_service does it (which itself fails on Python
        # 3.11: it hands coroutines to asyncio.wait): the server's items, then their info.
        items = await alice["xep_0030"].get_items(jid="localhost")
        for jid, _, _ in items["disco_items"]["items"]:
            info = await alice["xep_0030"].get_info(jid=jid)
            if ("store", "file", None, "HTTP File Upload") in info["disco_info"]["identities"]:
                alice["xep_0363"].upload_service = jid
                form = info["disco_info"].iterables[0]
                alice["xep_0363"].max_file_size = int(form["values"]["max-file-size"])
        assert alice["xep_0363"].upload_service == "upload.localhost"
        assert alice["xep_0363"].max_file_size == 100000
        url = await alice["xep_0363"].upload_file(source, content_type="image/png", timeout=10)
        await alice.quit()
        return url

    url = run(scenario())
    assert url.startswith(f"http://127.0.0.1:{http_port}/upload/")
    assert url.endswith("/photo%20of%20us.png")
    status, headers, body = http("GET", url)
    assert status == 200 and body == payload
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, body = http("HEAD", url)
    assert status == 200 and body == b"" and headers["Content-Length"] == str(len(payload))
    # the name is part of the address: the token alone does not find the file
    assert http("GET", url.replace("photo%20of%20us.png", "other.png"))[0] == 404


def test_the_service_announces_and_enforces_its_limit(meerkat, port):
    server, plain, _ = start(meerkat, port)
    alice = wire_login(plain, "alice", "a")
    items = alice.iq("<query xmlns='http://jabber.org/protocol/disco#items'/>", to="localhost")
    assert "jid='upload.localhost'" in items or 'jid="upload.localhost"' in items
    info = alice.iq("<query xmlns='http://jabber.org/protocol/disco#info'/>",
                    to="upload.localhost")
    assert "category='store'" in info and f"var='{UPLOAD}'" in info
    assert re.search(r"max-file-size['\"]>\s*<value>100000</value>", info), info
    reply, put, _ = request_slot(alice, "big.iso", 100001)
    assert put is None
    assert error_condition(reply) == ("modify", "not-acceptable")
    assert f"<file-too-large xmlns='{UPLOAD}'><max-file-size>100000</max-file-size>" in reply
    # a request without a size is malformed; other stanzas to the service are refused
    bad = alice.iq(f"<request xmlns='{UPLOAD}' filename='x'/>", to="upload.localhost")
    assert error_condition(bad) == ("modify", "bad-request")
    unknown = alice.iq("<query xmlns='jabber:iq:version'/>", to="upload.localhost")
    assert error_condition(unknown) == ("cancel", "service-unavailable")


def test_the_http_side_takes_only_what_the_slot_allows(meerkat, port):
    server, plain, http_port = start(meerkat, port)
    alice = wire_login(plain, "alice", "a")
    _, put, get = request_slot(alice, "notes.txt", 5)
    # another size, another type, a changed URL
    assert http("PUT", put, b"toolong", {"Content-Type": "text/plain"})[0] == 413
    assert http("PUT", put, b"abc", {"Content-Type": "text/plain"})[0] == 400
    assert http("PUT", put, b"hello", {"Content-Type": "text/html"})[0] == 400
    forged = put.replace("size=5", "size=6")
    assert http("PUT", forged, b"hello!", {"Content-Type": "text/plain"})[0] == 403
    assert http("PUT", get, b"hello", {"Content-Type": "text/plain"})[0] == 403
    assert http("GET", get)[0] == 404  # nothing stored yet
    # the real upload, once
    assert http("PUT", put, b"hello", {"Content-Type": "text/plain"})[0] == 201
    assert http("PUT", put, b"hello", {"Content-Type": "text/plain"})[0] == 409
    assert http("GET", get)[2] == b"hello"
    # browsers ask before they PUT from another origin
    status, headers, _ = http("OPTIONS", put, headers={"Origin": "https://web.example",
                                                       "Access-Control-Request-Method": "PUT"})
    assert status == 204 and "PUT" in headers["Access-Control-Allow-Methods"]
    # a slot is valid for expiration_time (3 s here)
    _, late, _ = request_slot(alice, "late.txt", 4)
    time.sleep(4)
    status, _, body = http("PUT", late, b"late", {"Content-Type": "text/plain"})
    assert status == 403 and b"expired" in body
    assert http("DELETE", get)[0] == 405


def test_files_and_slots_outlive_a_restart(meerkat, port):
    server, plain, http_port = start(meerkat, port)
    alice = wire_login(plain, "alice", "a")
    _, put, get = request_slot(alice, "kept.txt", 4)
    alice.close()
    server.stop()
    # same data directory, same port: the slot made before the restart still works
    start_modules_server(meerkat, free_port(), modules(http_port), top=http_listener(http_port),
                         args=("--data-dir", str(server.workdir / "var")))
    assert http("PUT", put, b"kept", {"Content-Type": "text/plain"})[0] == 201
    assert http("GET", get)[2] == b"kept"


def test_s3_backend_hands_out_presigned_bucket_urls(meerkat, port):
    plain = free_port()
    server = start_modules_server(meerkat, port, """
[modules.mod_http_upload]
  host = "files.@HOST@"
  backend = "s3"
  s3.bucket_url = "https://s3.eu-west-1.amazonaws.com/meerkat-test"
  s3.region = "eu-west-1"
  s3.add_acl = true
  s3.access_key_id = "AKIAIOSFODNN7EXAMPLE"
  s3.secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
""", plain_port=plain)
    server.add_user("alice@localhost", "a")
    alice = wire_login(plain, "alice", "a")
    reply = alice.iq(f"<request xmlns='{UPLOAD}' filename='cat.jpg' size='10' "
                     "content-type='image/jpeg'/>", to="files.localhost")
    put = re.search(r"<put url=['\"]([^'\"]+)['\"]", reply).group(1).replace("&amp;", "&")
    get = re.search(r"<get url=['\"]([^'\"]+)['\"]", reply).group(1)
    assert put.startswith("https://s3.eu-west-1.amazonaws.com/meerkat-test/")
    assert get == put.split("?")[0] and get.endswith("/cat.jpg")
    assert "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F" in put
    assert re.search(r"X-Amz-Signature=[0-9a-f]{64}$", put)
    assert "<header name='x-amz-acl'>public-read</header>" in reply


def run_server(tmp_path, config):
    path = tmp_path / "meerkat.toml"
    path.write_text(config)
    return subprocess.run([str(BINARY), "--config", str(path), "--data-dir", str(tmp_path)],
                          capture_output=True, text=True, timeout=20)


def test_misconfigurations_stop_the_server_with_the_option_named(tmp_path):
    general = '[general]\n  hosts = ["localhost"]\n  default_server_domain = "localhost"\n'
    missing = run_server(tmp_path, general + '[modules.mod_http_upload]\n  backend = "local"\n')
    assert missing.returncode != 0
    assert re.search(r"meerkat.toml:\d+:\d+: modules.mod_http_upload.local: required section "
                     r"missing", missing.stderr), missing.stderr
    handler_alone = run_server(tmp_path, general + f"""
[[listen.http]]
  port = {free_port()}
  [[listen.http.handlers.mod_http_upload]]
    host = "_"
    path = "/upload"
""")
    assert handler_alone.returncode != 0
    assert "listen.http[1].handlers.mod_http_upload: needs modules.mod_http_upload with " \
           "backend = \"local\"" in handler_alone.stderr, handler_alone.stderr
