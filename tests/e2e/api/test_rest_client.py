# SPDX-License-Identifier: Apache-2.0
"""The REST client API (mongoose_client_api, src/api/rest/openapi/client.json) over real
HTTP as logged-in users: Basic authentication, handler groups, messages (sent, archived and
streamed as Server-Sent Events), contacts, the rooms groups without their module, and Swagger
UI at <path>/api-docs, rendered in headless Chromium and screenshotted."""

import asyncio
import http.client
import json
import queue
import socket
import struct
import threading
import time
import zlib
from pathlib import Path

import pytest

from conftest import free_port
from graphql_client import auth_header, http_request
from js_client import JsClient
from xmpp_client import Client, run

ALICE = ("alice@localhost", "alice-pw")
BOB = ("bob@localhost", "bob-pw")
USERS = dict([ALICE, BOB, ("carol@localhost", "carol-pw")])
SWAGGER_UI = Path(__file__).resolve().parents[3] / "web" / "swagger-ui" / "node_modules"


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

      [[listen.http.handlers.mongoose_client_api]]
        host = "_"
        path = "/api"

      [[listen.http.handlers.mongoose_client_api]]
        host = "_"
        path = "/limited"
        handlers = ["messages"]
        docs = false

    [modules.mod_roster]
    [modules.mod_mam]
    [modules.mod_mam.pm]
    """, expect_listeners=2)
    started.http_port = port
    started.c2s_port = c2s_port
    for jid, password in USERS.items():
        started.add_user(jid, password)
    return started


def rest(server, method, path, body=None, raw=None, auth=ALICE, base="/api"):
    """(status, headers, body) of one request; `body` is sent as JSON, `raw` as it is. The
    answer's body is parsed when it is JSON, else decoded text."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    headers = {"Content-Type": "application/json"} if data is not None else {}
    status, response_headers, content = http_request(server.http_port, method, base + path,
                                                      body=data, headers=headers, auth=auth)
    if response_headers.get("content-type", "").startswith("application/json"):
        return status, response_headers, json.loads(content)
    return status, response_headers, content.decode(errors="replace")


def ok(server, method, path, body=None, expect=200, auth=ALICE):
    status, _, answer = rest(server, method, path, body, auth=auth)
    assert status == expect, (method, path, status, answer)
    return answer


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


class EventStream:
    """GET <base>/sse: a thread reads the Server-Sent Events and queues (event, parsed data)
    pairs, then None at the end of the stream."""

    def __init__(self, server, auth=ALICE, base="/api"):
        self.events = queue.Queue()
        self._connection = http.client.HTTPConnection("127.0.0.1", server.http_port, timeout=10)
        self._connection.request("GET", base + "/sse", headers={
            "Accept": "text/event-stream", **auth_header(auth)})
        self._socket = self._connection.sock
        self._response = self._connection.getresponse()
        self.status = self._response.status
        self.headers = {k.lower(): v for k, v in self._response.getheaders()}
        self._reader = None
        if self.status == 200:
            self._socket.settimeout(None)  # close() ends the reader
            self._reader = threading.Thread(target=self._read, daemon=True)
            self._reader.start()

    def _read(self):
        event, data = "message", []
        try:
            while True:
                line = self._response.readline()
                if not line:
                    break
                line = line.decode().rstrip("\r\n")
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].removeprefix(" "))
                elif not line and data:
                    self.events.put((event, json.loads("\n".join(data))))
                    event, data = "message", []
        except (OSError, ValueError, http.client.HTTPException):
            pass
        finally:
            self.events.put(None)

    async def next(self, timeout=10):
        """The next (event, data); waits without blocking the clients' event loop."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                item = self.events.get_nowait()
                assert item is not None, "the event stream ended"
                return item
            except queue.Empty:
                assert time.monotonic() < deadline, f"no event within {timeout}s"
                await asyncio.sleep(0.05)

    def close(self):
        try:
            self._socket.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        if self._reader is not None:
            self._reader.join(10)
        self._response.close()
        self._connection.close()


# --- authentication, paths, handler groups ---------------------------------------------------

def test_basic_authentication(server):
    status, headers, _ = rest(server, "GET", "/contacts", auth=None)
    assert status == 401
    assert headers["www-authenticate"].startswith("Basic")
    for wrong in [("alice@localhost", "bob-pw"), ("alice", "alice-pw"),
                  ("alice@nowhere.test", "alice-pw"), ("alice@localhost/phone", "alice-pw"),
                  ("ghost@localhost", "x")]:
        assert rest(server, "GET", "/contacts", auth=wrong)[0] == 401, wrong
    assert ok(server, "GET", "/contacts") == []
    assert ok(server, "GET", "/contacts", auth=BOB) == []


def test_paths_methods_and_handler_groups(server):
    assert rest(server, "GET", "/nothing")[0] == 404
    status, headers, _ = rest(server, "PATCH", "/messages", body={})
    assert status == 405
    assert set(headers["allow"].split(", ")) == {"GET", "POST"}
    # /limited serves only "messages", and no documentation
    assert rest(server, "GET", "/messages", base="/limited")[0] == 200
    for path in ["/contacts", "/sse", "/rooms", "/api-docs", "/api-docs/client.json"]:
        assert rest(server, "GET", path, base="/limited")[0] == 404, path


# --- messages --------------------------------------------------------------------------------

def test_send_messages_and_read_them_back(server):
    before_test = int(time.time() * 1000)

    async def scenario():
        bob = await online(*BOB, server.c2s_port)
        sent = ok(server, "POST", "/messages", {"to": "bob@localhost", "body": "hi bob"})
        assert set(sent) == {"id"} and sent["id"]
        message = await bob.next_message()
        assert (message["body"], message["id"], message["type"]) == ("hi bob", sent["id"], "chat")
        assert message["from"].bare == "alice@localhost"
        bob.send_message(mto="alice@localhost", mbody="hi alice", mtype="chat")
        await asyncio.sleep(0)
        await until(lambda: len(ok(server, "GET", "/messages")) == 2)
        await bob.quit()
        return sent["id"]

    sent_id = run(scenario())
    messages = ok(server, "GET", "/messages")
    assert [(m["from"], m["to"], m["body"]) for m in messages] == [
        ("alice@localhost", "bob@localhost", "hi bob"),
        ("bob@localhost", "alice@localhost", "hi alice")]
    assert messages[0]["id"] == sent_id
    for m in messages:
        assert before_test - 5000 <= m["timestamp"] <= time.time() * 1000 + 5000
    assert ok(server, "GET", "/messages/bob@localhost") == messages
    assert ok(server, "GET", "/messages/carol@localhost") == []
    assert [m["body"] for m in ok(server, "GET", "/messages?limit=1")] == ["hi alice"]
    assert ok(server, "GET", f"/messages?before={before_test - 3_600_000}") == []
    assert [m["body"] for m in ok(server, "GET", "/messages", auth=BOB)] == ["hi bob", "hi alice"]
    for query in ["limit=0", "limit=many", "before=-5", "before=soon"]:
        assert rest(server, "GET", f"/messages?{query}")[0] == 400, query


@pytest.mark.parametrize("body, raw, message", [
    (None, b"hello", "Invalid request body"),
    ({"body": "x"}, None, "Missing recipient JID"),
    ({"to": "bob@localhost"}, None, "Missing message body"),
    ({"to": ["bob@localhost"], "body": "x"}, None, "Invalid recipient JID"),
    ({"to": "@@", "body": "x"}, None, None),
])
def test_send_message_refusals(server, body, raw, message):
    status, _, answer = rest(server, "POST", "/messages", body, raw=raw)
    assert status == 400, answer
    if message:
        assert answer == message


# --- server-sent events ----------------------------------------------------------------------

def test_event_stream_delivers_messages(server):
    stream = EventStream(server)
    try:
        assert stream.status == 200
        assert stream.headers["content-type"].startswith("text/event-stream")

        async def scenario():
            bob = await online(*BOB, server.c2s_port)
            # a chat state without a body is not an event
            bob.send_message(mto="alice@localhost", mbody="", mtype="chat")
            bob.send_message(mto="alice@localhost", mbody="over xmpp", mtype="chat")
            event, data = await stream.next()
            assert event == "message"
            assert (data["from"], data["to"], data["body"]) == (
                "bob@localhost", "alice@localhost", "over xmpp")
            assert data["id"]
            assert abs(data["timestamp"] - time.time() * 1000) < 60_000
            sent = ok(server, "POST", "/messages", {"to": "alice@localhost", "body": "over rest"},
                      auth=BOB)
            event, data = await stream.next()
            assert (event, data["body"], data["id"]) == ("message", "over rest", sent["id"])
            await bob.quit()

        run(scenario())
    finally:
        stream.close()


def test_event_stream_needs_credentials(server):
    for auth in [None, ("alice@localhost", "wrong")]:
        stream = EventStream(server, auth=auth)
        stream.close()
        assert stream.status == 401


# --- contacts --------------------------------------------------------------------------------

def test_contacts_and_subscriptions(server):
    async def scenario():
        alice = await online(*ALICE, server.c2s_port, roster=True)
        pushes = []  # (jid, subscription) of each roster push alice's client gets
        alice.add_event_handler("roster_update", lambda iq: pushes.extend(
            (str(jid), item["subscription"]) for jid, item in iq["roster"]["items"].items()))
        bob = await online(*BOB, server.c2s_port)
        ok(server, "POST", "/contacts", {"jid": "bob@localhost"}, expect=204)
        assert ok(server, "GET", "/contacts") == [
            {"jid": "bob@localhost", "subscription": "none", "ask": "none"}]
        await until(lambda: ("bob@localhost", "none") in pushes)

        ok(server, "PUT", "/contacts/bob@localhost", {"action": "invite"}, expect=204)
        presence = await bob.next_presence(lambda p: p["type"] == "subscribe")
        assert presence["from"].bare == "alice@localhost"
        assert ok(server, "GET", "/contacts")[0]["ask"] == "out"
        # bob accepts through his own client API
        ok(server, "POST", "/contacts", {"jid": "alice@localhost"}, expect=204, auth=BOB)
        ok(server, "PUT", "/contacts/alice@localhost", {"action": "accept"}, expect=204, auth=BOB)
        await until(lambda: ok(server, "GET", "/contacts")[0]["subscription"] == "to")
        await alice.quit()
        await bob.quit()

    run(scenario())
    status, _, answer = rest(server, "PUT", "/contacts/carol@localhost", {"action": "invite"})
    assert status == 404, answer
    ok(server, "DELETE", "/contacts/bob@localhost", expect=204)
    assert ok(server, "GET", "/contacts") == []
    assert rest(server, "DELETE", "/contacts/bob@localhost")[0] == 404


def test_delete_several_contacts(server):
    for jid in ["bob@localhost", "carol@localhost"]:
        ok(server, "POST", "/contacts", {"jid": jid}, expect=204)
    answer = ok(server, "DELETE", "/contacts", {
        "to_delete": ["bob@localhost", "dave@localhost", "not@a@jid", 5, "carol@localhost"]})
    assert answer == {"not_deleted": ["dave@localhost", "not@a@jid", 5]}
    assert ok(server, "GET", "/contacts") == []
    assert ok(server, "DELETE", "/contacts", {"to_delete": []}) == {"not_deleted": []}


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/contacts", {}),
    ("POST", "/contacts", {"jid": 5}),
    ("POST", "/contacts", {"jid": "not@a@jid"}),
    ("PUT", "/contacts/bob@localhost", {}),
    ("PUT", "/contacts/bob@localhost", {"action": "befriend"}),
    ("DELETE", "/contacts", {}),
    ("DELETE", "/contacts", {"to_delete": "bob@localhost"}),
    ("DELETE", "/contacts", None),
])
def test_contact_bad_requests(server, method, path, body):
    status, _, answer = rest(server, method, path, body)
    assert status == 400, answer


# --- rooms: mod_muc_light is not enabled -----------------------------------------------------

@pytest.mark.parametrize("method, path, body", [
    ("POST", "/rooms", {"name": "Garden", "subject": "Plans"}),
    ("GET", "/rooms", None),
    ("GET", "/rooms/garden", None),
    ("PUT", "/rooms/garden", {"name": "Garden"}),
    ("PUT", "/rooms/garden/config", {"name": "Garden", "subject": "New"}),
    ("POST", "/rooms/garden/users", {"user": "bob@localhost"}),
    ("DELETE", "/rooms/garden/users/bob@localhost", None),
    ("POST", "/rooms/garden/messages", {"body": "hello room"}),
    ("GET", "/rooms/garden/messages", None),
])
def test_rooms_without_mod_muc_light(server, method, path, body):
    status, _, answer = rest(server, method, path, body)
    assert status == 404, answer
    assert answer.startswith("Module not enabled on this server: ") and "mod_muc_light" in answer


@pytest.mark.parametrize("body", [
    {},
    {"markable": True},
    {"chat_marker": {"type": "seen", "id": "m1"}},
    {"chat_marker": "displayed"},
])
def test_room_message_bad_requests(server, body):
    status, _, answer = rest(server, "POST", "/rooms/garden/messages", body)
    assert status == 400, answer


# --- Swagger UI ------------------------------------------------------------------------------

def test_api_documents(server):
    for auth in [None, ALICE]:
        status, headers, document = rest(server, "GET", "/api-docs/client.json", auth=auth)
        assert status == 200 and headers["content-type"] == "application/json"
        assert document["servers"][0]["url"] == "/api"
        assert {"/messages", "/messages/{with}", "/contacts", "/sse"} <= set(document["paths"])
    status, _, document = rest(server, "GET", "/api-docs/admin.json", auth=None)
    assert status == 200
    assert {"/users/{XMPPHost}", "/sessions/{XMPPHost}", "/metrics/"} <= set(document["paths"])
    assert rest(server, "GET", "/api-docs/nothing.js")[0] == 404
    assert rest(server, "POST", "/api-docs/client.json", body={})[0] == 405


def test_swagger_ui_files(server):
    status, headers, page = rest(server, "GET", "/api-docs", auth=None)
    if not SWAGGER_UI.exists():
        # built without web/swagger-ui installed: the documents are there, the UI is not
        assert status == 503 and "Swagger UI was not installed" in page
        return
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "/api/api-docs/swagger-ui-bundle.js" in page and "/api/api-docs/client.json" in page
    assert rest(server, "GET", "/api-docs/")[1]["content-type"].startswith("text/html")
    status, headers, bundle = rest(server, "GET", "/api-docs/swagger-ui-bundle.js", auth=None)
    assert status == 200 and headers["content-type"].startswith("text/javascript")
    assert len(bundle) > 500_000 and "SwaggerUIBundle" in bundle
    status, headers, css = rest(server, "GET", "/api-docs/swagger-ui.css", auth=None)
    assert status == 200 and headers["content-type"].startswith("text/css") and ".swagger-ui" in css


def test_swagger_ui_at_the_root_as_in_mongooseim(server):
    # the same UI and documents at /api-docs, the API itself still under /api
    status, _, document = rest(server, "GET", "/api-docs/client.json", auth=None, base="")
    assert status == 200 and document["servers"][0]["url"] == "/api"
    assert rest(server, "GET", "/api-docs/admin.json", auth=None, base="")[0] == 200
    assert rest(server, "GET", "/api-docs/nothing.js", auth=None, base="")[0] == 404
    assert rest(server, "DELETE", "/api-docs", auth=None, base="")[0] == 405
    status, headers, page = rest(server, "GET", "/api-docs", auth=None, base="")
    if not SWAGGER_UI.exists():
        assert status == 503
        return
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert "/api-docs/swagger-ui-bundle.js" in page and "/api/api-docs/" not in page
    status, _, bundle = rest(server, "GET", "/api-docs/swagger-ui-bundle.js", auth=None, base="")
    assert status == 200 and "SwaggerUIBundle" in bundle


def png_pixels(path):
    """(width, height, set of distinct pixel colours) of an 8-bit RGB or RGBA PNG, decoded with
    zlib from its IDAT chunks (the PNG filters undone row by row)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunk = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        position += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, header
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours = set()
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 0xFF
        colours.update(bytes(line[i:i + channels]) for i in range(0, stride, channels * 7))
        previous = line
    return width, height, colours


def render(url, screenshot):
    browser = JsClient("swagger_screenshot.mjs", url, screenshot)
    try:
        result = browser.next_event(lambda e: e["event"] in ("rendered", "error"), timeout=90)
        assert result["event"] == "rendered", (result, browser.stderr())
        browser.process.wait(30)
        return result
    finally:
        browser.kill()


def test_swagger_ui_renders_in_chromium(server, tmp_path):
    if not SWAGGER_UI.exists():
        pytest.skip("web/swagger-ui is not installed (scripts/install-deps.sh)")
    base = f"http://127.0.0.1:{server.http_port}/api/api-docs"
    screenshot = tmp_path / "swagger-client.png"
    shown = render(base, screenshot)
    assert "Meerkat REST client API" in shown["title"]
    assert {"/messages", "/messages/{with}", "/contacts", "/contacts/{contact}", "/sse",
            "/rooms"} <= set(shown["paths"]), shown["paths"]
    assert screenshot.stat().st_size > 20_000
    width, height, colours = png_pixels(screenshot)
    assert (width, height) == (1280, 1000)
    assert len(colours) > 50, len(colours)  # a rendered page, not a blank one

    # the top bar's selector: the admin document, chosen by its name in the URL
    admin_shot = tmp_path / "swagger-admin.png"
    shown = render(base + "/?urls.primaryName=Admin%20API", admin_shot)
    assert "Meerkat REST admin API" in shown["title"]
    assert {"/users/{XMPPHost}", "/sessions/{XMPPHost}", "/contacts/{user}"} <= set(
        shown["paths"]), shown["paths"]
    assert admin_shot.stat().st_size > 20_000
