# SPDX-License-Identifier: Apache-2.0
"""A raw WebSocket client (RFC 6455) for the tests that must send what no real client would:
frames of any kind, split anywhere, masked or not."""

import base64
import os
import socket
import ssl
import struct

TEXT, BINARY, CLOSE, PING, PONG = 0x1, 0x2, 0x8, 0x9, 0xA
FRAMING = "urn:ietf:params:xml:ns:xmpp-framing"


def frame(opcode, payload=b"", fin=True, mask=True):
    if isinstance(payload, str):
        payload = payload.encode()
    head = bytes([(0x80 if fin else 0) | opcode])
    size = len(payload)
    mask_bit = 0x80 if mask else 0
    if size < 126:
        head += bytes([mask_bit | size])
    elif size <= 0xFFFF:
        head += bytes([mask_bit | 126]) + struct.pack("!H", size)
    else:
        head += bytes([mask_bit | 127]) + struct.pack("!Q", size)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


class WsWire:
    def __init__(self, port, path="/ws-xmpp", host="localhost", protocol="xmpp", tls=False,
                 timeout=5):
        raw = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            raw = context.wrap_socket(raw, server_hostname=host)
        self.sock = raw
        self.buffer = b""
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                   f"Sec-WebSocket-Version: 13\r\n")
        if protocol:
            request += f"Sec-WebSocket-Protocol: {protocol}\r\n"
        self.sock.sendall((request + "\r\n").encode())
        self.status, self.headers = self._read_response_head()

    def _read_response_head(self):
        while b"\r\n\r\n" not in self.buffer:
            data = self.sock.recv(4096)
            if not data:
                raise ConnectionError("closed during the handshake")
            self.buffer += data
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:])}
        return status, headers

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, text):
        self.send_raw(frame(TEXT, text))

    def open(self, to="localhost"):
        self.send(f"<open xmlns='{FRAMING}' to='{to}' version='1.0'/>")

    def _need(self, count):
        while len(self.buffer) < count:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("closed")
            self.buffer += data

    def read_frame(self):
        """(opcode, payload bytes) of the server's next frame."""
        self._need(2)
        b0, b1 = self.buffer[0], self.buffer[1]
        assert b1 & 0x80 == 0, "server frames are not masked"
        size, at = b1 & 0x7F, 2
        if size == 126:
            self._need(4)
            size, at = struct.unpack("!H", self.buffer[2:4])[0], 4
        elif size == 127:
            self._need(10)
            size, at = struct.unpack("!Q", self.buffer[2:10])[0], 10
        self._need(at + size)
        payload = self.buffer[at:at + size]
        self.buffer = self.buffer[at + size:]
        return b0 & 0x0F, payload

    def read_text(self):
        """The next text message, skipping pings."""
        while True:
            opcode, payload = self.read_frame()
            if opcode == TEXT:
                return payload.decode()
            if opcode == CLOSE:
                raise ConnectionError(f"close frame {payload!r}")

    def read_until(self, needle, limit=20):
        messages = []
        for _ in range(limit):
            messages.append(self.read_text())
            if needle in messages[-1]:
                return messages
        raise AssertionError(f"{needle!r} not in {messages}")

    def close_code(self):
        """Reads until the server's close frame; returns its code."""
        while True:
            opcode, payload = self.read_frame()
            if opcode == CLOSE:
                return struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None

    def close(self):
        self.sock.close()
