# SPDX-License-Identifier: Apache-2.0
"""Raw BOSH requests (XEP-0124) for the tests that need exact control over rids and timing."""

import base64
import re
import threading

from http_server import request

HTTPBIND = "http://jabber.org/protocol/httpbind"


def body(rid, sid=None, content="", **attributes):
    attrs = {"rid": str(rid), **({"sid": sid} if sid else {}), **attributes}
    text = " ".join(f"{k.replace('_', ':')}='{v}'" for k, v in attrs.items())
    return (f"<body {text} xmlns='{HTTPBIND}' xmlns:xmpp='urn:xmpp:xbosh'>{content}</body>")


class BoshWire:
    """One session driven request by request: `post` waits for the answer."""

    def __init__(self, port, path="/http-bind", to="localhost", wait=5, hold=1, rid=1000, **extra):
        self.port, self.path = port, path
        self.rid = rid
        status, self.created = self.raw(body(rid, to=to, wait=wait, hold=hold, xml_lang="en",
                                             xmpp_version="1.0", **extra))
        assert status == 200, self.created
        match = re.search(r"sid='([^']+)'", self.created)
        self.sid = match.group(1) if match else None

    def raw(self, text):
        status, _, answer = request(self.port, "POST", self.path, body=text.encode(),
                                    headers={"Content-Type": "text/xml; charset=utf-8"})
        return status, answer.decode()

    def post(self, content="", rid=None, **attributes):
        if rid is None:
            self.rid += 1
            rid = self.rid
        return self.raw(body(rid, self.sid, content, **attributes))[1]

    def post_async(self, content="", rid=None, **attributes):
        """Starts a request in a thread; join() the thread, then read `.answer`."""
        if rid is None:
            self.rid += 1
            rid = self.rid
        thread = threading.Thread(target=lambda: setattr(
            thread, "answer", self.raw(body(rid, self.sid, content, **attributes))[1]))
        thread.start()
        return thread

    def login(self, user, password, resource="raw"):
        creds = base64.b64encode(f"\0{user}\0{password}".encode()).decode()
        answer = self.post(f"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' "
                           f"mechanism='PLAIN'>{creds}</auth>")
        assert "<success" in answer, answer
        assert "<bind" in self.post(xmpp_restart="true")
        answer = self.post(f"<iq type='set' id='b' xmlns='jabber:client'><bind "
                           f"xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>{resource}"
                           f"</resource></bind></iq>")
        assert "<jid>" in answer, answer
