# SPDX-License-Identifier: Apache-2.0
"""A raw XMPP wire client for stream-level tests: sends bytes, reads until a pattern shows up
or the server closes. Stream errors and headers are checked on the exact bytes."""

import re
import socket
import ssl
import time

STREAM_HEADER = ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                 "xmlns:stream='http://etherx.jabber.org/streams' to='{to}' version='1.0'>")


def header(to="localhost"):
    return STREAM_HEADER.format(to=to)


class Wire:
    def __init__(self, sock):
        self.sock = sock
        self.received = b""

    @classmethod
    def tcp(cls, port, host="127.0.0.1", timeout=5):
        sock = socket.create_connection((host, port), timeout=timeout)
        return cls(sock)

    @classmethod
    def unix(cls, path, timeout=5):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(path)
        return cls(sock)

    def send(self, data):
        self.sock.sendall(data.encode() if isinstance(data, str) else data)

    def read_until(self, pattern, timeout=5):
        """Reads until `pattern` (a regex) matches the text received so far; returns the text."""
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.text):
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise AssertionError(f"timed out waiting for {pattern!r}; got {self.text!r}")
            if not chunk:
                raise AssertionError(f"connection closed before {pattern!r}; got {self.text!r}")
            self.received += chunk
        return self.text

    def assert_nothing(self, pattern, timeout=0.5):
        """Reads for `timeout` seconds; fails if `pattern` shows up in what arrives."""
        try:
            text = self.read_until(pattern, timeout)
        except AssertionError as timed_out:
            if "timed out" in str(timed_out):
                return
            raise
        raise AssertionError(f"unexpected {pattern!r} in {text!r}")

    def read_to_close(self, timeout=5):
        """Reads until the server closes the connection; returns all text received."""
        deadline = time.monotonic() + timeout
        while True:
            self.sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                raise AssertionError(f"server did not close; got {self.text!r}")
            except (ConnectionResetError, ssl.SSLError):
                return self.text
            if not chunk:
                return self.text
            self.received += chunk

    @property
    def text(self):
        return self.received.decode(errors="replace")

    def open_stream(self, to="localhost"):
        self.send(header(to))
        return self.read_until(r"</stream:features>|<stream:features/>")

    def starttls(self, hostname="localhost", certfile=None):
        """Upgrades the stream; `certfile` (certificate and key) is offered as client
        certificate."""
        self.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        self.read_until(r"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        if certfile:
            context.load_cert_chain(str(certfile))
        self.sock = context.wrap_socket(self.sock, server_hostname=hostname)
        self.received = b""

    def close(self):
        self.sock.close()


def stream_error(text):
    """The condition of the stream error in `text`, or None."""
    match = re.search(r"<stream:error><([a-z-]+) xmlns='urn:ietf:params:xml:ns:xmpp-streams'",
                      text)
    return match.group(1) if match else None
