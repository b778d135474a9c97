# SPDX-License-Identifier: Apache-2.0
"""Minimal asyncio XMPP clients for the bench scenarios, one per transport: plain TCP (with
optional STARTTLS), WebSocket (RFC 7395) and BOSH (XEP-0206). Each logs in with SASL PLAIN,
binds a resource and sends initial presence; then `send` writes stanzas and `receive` returns
what arrived. Lean on purpose: the client must cost less than the server it measures."""

import asyncio
import base64
import os
import re
import struct

STREAM_HEADER = ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                 "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' "
                 "version='1.0'>").encode()
FRAMING = "urn:ietf:params:xml:ns:xmpp-framing"
HTTPBIND = "http://jabber.org/protocol/httpbind"
BIND = ("<iq type='set' id='b' xmlns='jabber:client'><bind "
        "xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
PRESENCE = "<presence xmlns='jabber:client'/>"


def plain_auth(user, password="x"):
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode()
    return f"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{token}</auth>"


def source_address(index):
    """Spreads clients over 127.0.x.y so no source address runs out of ports."""
    return (f"127.0.{(index // 20000) + 1}.{(index % 200) + 1}", 0)


class TcpClient:
    def __init__(self, port, index, tls_context=None):
        self.port, self.index, self.tls_context = port, index, tls_context
        self.buffer = b""
        self.sm_handled = None  # stanzas received since XEP-0198 was enabled

    async def _until(self, marker):
        while marker not in self.buffer:
            chunk = await self.reader.read(65536)
            if not chunk:
                raise RuntimeError(f"closed before {marker!r}")
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(marker)
        return head

    async def login(self, user):
        self.reader, self.writer = await asyncio.open_connection(
            "127.0.0.1", self.port, local_addr=source_address(self.index))
        self.writer.write(STREAM_HEADER)
        await self._until(b"</stream:features>")
        if self.tls_context:
            self.writer.write(b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
            await self._until(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
            await self.writer.start_tls(self.tls_context, server_hostname="localhost")
            self.writer.write(STREAM_HEADER)
            await self._until(b"</stream:features>")
        self.writer.write(plain_auth(user).encode())
        await self._until(b"<success")
        self.writer.write(STREAM_HEADER)
        await self._until(b"</stream:features>")
        self.writer.write((BIND + PRESENCE).encode())
        await self._until(b"<presence")

    async def enable_sm(self):
        """XEP-0198 with resumption; `receive` then answers the server's ack requests."""
        self.writer.write(b"<enable xmlns='urn:xmpp:sm:3' resume='true'/>")
        await self._until(b"<enabled")
        self.sm_handled = 0

    async def send(self, stanzas):
        self.writer.write("".join(stanzas).encode())

    async def receive(self):
        data = self.buffer + await self.reader.read(65536)
        self.buffer = b""
        if not data:
            raise RuntimeError("closed")
        text = data.decode(errors="replace")
        if self.sm_handled is not None:
            # Messages are all the receivers get; one split across reads may be counted
            # late, which only keeps it in the server's buffer a little longer.
            self.sm_handled += text.count("<message")
            if "<r xmlns='urn:xmpp:sm:3'/>" in text:
                self.writer.write(f"<a xmlns='urn:xmpp:sm:3' h='{self.sm_handled}'/>".encode())
        return text

    def close(self):
        self.writer.transport.abort()


class WebSocketClient(TcpClient):
    def __init__(self, port, index, path="/ws-xmpp"):
        super().__init__(port, index)
        self.path = path
        self.text = ""

    def _frame(self, text):
        payload = text.encode()
        key = os.urandom(4)
        size = len(payload)
        head = bytes([0x81])
        if size < 126:
            head += bytes([0x80 | size])
        elif size <= 0xFFFF:
            head += bytes([0x80 | 126]) + struct.pack("!H", size)
        else:
            head += bytes([0x80 | 127]) + struct.pack("!Q", size)
        masked = bytes(b ^ key[i & 3] for i, b in enumerate(payload))
        return head + key + masked

    def _take_frame(self):
        """(opcode, payload) of the first whole frame in the buffer, or None."""
        if len(self.buffer) < 2:
            return None
        size, at = self.buffer[1] & 0x7F, 2
        if size == 126:
            if len(self.buffer) < 4:
                return None
            size, at = struct.unpack("!H", self.buffer[2:4])[0], 4
        elif size == 127:
            if len(self.buffer) < 10:
                return None
            size, at = struct.unpack("!Q", self.buffer[2:10])[0], 10
        if len(self.buffer) < at + size:
            return None
        frame = (self.buffer[0] & 0x0F, self.buffer[at:at + size])
        self.buffer = self.buffer[at + size:]
        return frame

    async def _messages(self):
        """The text messages that have arrived (at least one), joined."""
        out = []
        while True:
            while (frame := self._take_frame()) is not None:
                if frame[0] == 0x1:
                    out.append(frame[1].decode())
            if out:
                return "".join(out)
            chunk = await self.reader.read(65536)
            if not chunk:
                raise RuntimeError("closed")
            self.buffer += chunk

    async def _until_text(self, marker):
        while marker not in self.text:
            self.text += await self._messages()
        head, _, self.text = self.text.partition(marker)
        return head

    async def login(self, user):
        self.reader, self.writer = await asyncio.open_connection(
            "127.0.0.1", self.port, local_addr=source_address(self.index))
        key = base64.b64encode(os.urandom(16)).decode()
        self.writer.write((f"GET {self.path} HTTP/1.1\r\nHost: localhost\r\n"
                           f"Upgrade: websocket\r\nConnection: Upgrade\r\n"
                           f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                           f"Sec-WebSocket-Protocol: xmpp\r\n\r\n").encode())
        await self._until(b"\r\n\r\n")
        open_ = f"<open xmlns='{FRAMING}' to='localhost' version='1.0'/>"
        self.writer.write(self._frame(open_))
        await self._until_text("</stream:features>")
        self.writer.write(self._frame(plain_auth(user)))
        await self._until_text("<success")
        self.writer.write(self._frame(open_))
        await self._until_text("</stream:features>")
        self.writer.write(self._frame(BIND) + self._frame(PRESENCE))
        await self._until_text("<presence")

    async def send(self, stanzas):
        self.writer.write(b"".join(self._frame(s) for s in stanzas))

    async def receive(self):
        text, self.text = self.text + await self._messages(), ""
        return text


class BoshClient:
    """hold=1: one request is always waiting at the server (the long poll), and sends go on
    their own requests, over a second connection, as browsers do."""

    def __init__(self, port, index, path="/http-bind"):
        self.port, self.index, self.path = port, index, path
        self.rid = 1000 + index * 10
        self.sid = None
        self.connections = []
        self.received = asyncio.Queue()
        self.poller = None

    async def _connection(self):
        if self.connections:
            return self.connections.pop()
        return await asyncio.open_connection("127.0.0.1", self.port,
                                             local_addr=source_address(self.index))

    async def _post(self, content="", **attributes):
        self.rid += 1
        attrs = {"rid": self.rid, **({"sid": self.sid} if self.sid else {}), **attributes}
        text = " ".join(f"{k.replace('_', ':')}='{v}'" for k, v in attrs.items())
        body = (f"<body {text} xmlns='{HTTPBIND}' xmlns:xmpp='urn:xmpp:xbosh'>{content}"
                "</body>").encode()
        reader, writer = await self._connection()
        writer.write(f"POST {self.path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml"
                     f"\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"(?i)content-length: *(\d+)", head).group(1))
        answer = (await reader.readexactly(length)).decode()
        self.connections.append((reader, writer))
        return answer

    async def login(self, user):
        created = await self._post(to="localhost", wait=60, hold=1, xmpp_version="1.0")
        self.sid = re.search(r"sid='([^']+)'", created).group(1)
        assert "<success" in await self._post(plain_auth(user))
        await self._post(xmpp_restart="true")
        await self._post(BIND + PRESENCE)
        self.poller = asyncio.ensure_future(self._poll())

    async def _poll(self):
        while True:
            answer = await self._post()
            if "type='terminate'" in answer:
                return
            if "<message" in answer:
                await self.received.put(answer)

    async def send(self, stanzas):
        answer = await self._post("".join(stanzas))
        if "<message" in answer:
            await self.received.put(answer)

    async def receive(self):
        return await self.received.get()

    def close(self):
        if self.poller:
            self.poller.cancel()
        for _, writer in self.connections:
            writer.transport.abort()


def make_client(transport, port, index, tls_context=None):
    if transport == "ws":
        return WebSocketClient(port, index)
    if transport == "bosh":
        return BoshClient(port, index)
    return TcpClient(port, index, tls_context)
