# SPDX-License-Identifier: Apache-2.0
"""Runs a JavaScript XMPP client (tests/e2e/js) as a child process and talks to it in JSON
lines: its events arrive on stdout, our commands go to its stdin."""

import json
import os
import queue
import subprocess
import threading
import time
from pathlib import Path
from xml.etree import ElementTree

JS_DIR = Path(__file__).resolve().parents[1] / "js"


class JsClient:
    def __init__(self, script, *args, env=None):
        self.process = subprocess.Popen(
            ["node", str(JS_DIR / script), *map(str, args)], cwd=JS_DIR, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            # the test servers' certificates are self-signed
            env={**os.environ, "NODE_TLS_REJECT_UNAUTHORIZED": "0", **(env or {})})
        self.events = queue.Queue()
        self.seen = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.events.put(json.loads(line))
        self.events.put({"event": "exit"})

    def next_event(self, predicate=lambda event: True, timeout=15):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                event = self.events.get(timeout=max(left, 0.01))
            except queue.Empty:
                raise AssertionError(f"no matching event within {timeout}s; seen {self.seen}\n"
                                     + self.stderr()) from None
            self.seen.append(event)
            if predicate(event):
                return event
            if event["event"] == "exit":
                raise AssertionError(f"client exited; seen {self.seen}\n{self.stderr()}")

    def wait_online(self, timeout=20):
        return self.next_event(lambda e: e["event"] == "online", timeout)["jid"]

    def next_stanza(self, name, timeout=15):
        """The next stanza with tag `name`, as an ElementTree element."""
        tag = "{jabber:client}" + name
        event = self.next_event(
            lambda e: e["event"] == "stanza" and ElementTree.fromstring(e["xml"]).tag == tag,
            timeout)
        return ElementTree.fromstring(event["xml"])

    def command(self, **command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def send(self, xml):
        self.command(send=xml)

    def stop(self, timeout=10):
        if self.process.poll() is None:
            try:
                self.command(stop=True)
                self.next_event(lambda e: e["event"] in ("offline", "exit"), timeout)
                self.process.wait(timeout)
            finally:
                self.kill()
        return self.process.returncode

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    def stderr(self):
        if self.process.poll() is None:
            return ""
        return self.process.stderr.read()
