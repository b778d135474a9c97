# SPDX-License-Identifier: Apache-2.0
"""Converse.js, the web client, in headless Chromium: it logs in over WebSocket (and over BOSH,
through Strophe.js) and shows a message that a TCP client sends; the test checks the page's
DOM and keeps a screenshot."""

import asyncio

import pytest

from conftest import free_port
from http_server import start_http_server
from js_client import JsClient
from xmpp_client import connected, run

MODULES = """
[modules.mod_roster]
[modules.mod_offline]
[modules.mod_disco]
[modules.mod_vcard]
[modules.mod_ping]
"""


BOSH = """
      [[listen.http.handlers.mod_bosh]]
        host = "_"
        path = "/http-bind"
"""


@pytest.mark.parametrize("transport", ["websocket", "bosh"])
def test_converse_shows_a_received_message(meerkat, port, tmp_path, transport):
    http_port = free_port()
    server = start_http_server(meerkat, port, http_port, http_extra=BOSH, modules=MODULES)
    server.add_user("alice@localhost", "a")
    server.add_user("bob@localhost", "b")

    async def add_bob():
        alice = await connected("alice@localhost/setup", "a", port)
        await alice.update_roster("bob@localhost", name="Bob")
        await alice.quit()

    run(add_bob())
    screenshot = tmp_path / "converse.png"
    url = (f"ws://127.0.0.1:{http_port}/ws-xmpp" if transport == "websocket"
           else f"http://127.0.0.1:{http_port}/http-bind")
    browser = JsClient("converse_driver.mjs", url, "alice@localhost", "a", screenshot)
    try:
        browser.next_event(lambda e: e["event"] == "online", timeout=60)

        async def send():
            bob = await connected("bob@localhost/tcp", "b", port)
            bob.send_message(mto="alice@localhost", mbody="hello from a TCP client",
                             mtype="chat")
            await asyncio.sleep(0.5)
            await bob.quit()

        run(send())
        browser.command(expect="hello from a TCP client", **{"from": "bob@localhost"})
        shown = browser.next_event(lambda e: e["event"] in ("shown", "error"), timeout=60)
        assert shown["event"] == "shown", shown
        assert "hello from a TCP client" in shown["dom"]
        assert screenshot.stat().st_size > 10_000  # a rendered page, not a blank one
        assert browser.stop() == 0
    finally:
        browser.kill()
