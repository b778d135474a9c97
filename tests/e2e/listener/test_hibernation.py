# SPDX-License-Identifier: Apache-2.0
"""hibernate_after: idle streams give their parser memory back. Measured as the server's RSS
growth over a few hundred idle streams, with and without hibernation."""

import os
import selectors
import socket
import time

from xmpp_wire import header

STREAMS = 400


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def hold_streams(port, count):
    selector = selectors.DefaultSelector()
    pending = {}
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(header().encode())
        sock.setblocking(False)
        pending[sock] = b""
        selector.register(sock, selectors.EVENT_READ)
    held = []
    deadline = time.monotonic() + 30
    while pending and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=1):
            data = key.fileobj.recv(65536)
            assert data, "server closed a stream"
            pending[key.fileobj] += data
            if b"<stream:features" in pending[key.fileobj]:
                selector.unregister(key.fileobj)
                held.append(key.fileobj)
                del pending[key.fileobj]
    assert not pending
    return held


def growth_per_stream(meerkat, port, hibernate_after):
    # Under AddressSanitizer freed memory waits in a quarantine and would still count in RSS.
    asan = os.environ.get("ASAN_OPTIONS", "")
    server = meerkat(f"""
    [[listen.c2s]]
      port = {port}
      c2s_state_timeout = "infinity"
      hibernate_after = {hibernate_after}
    """, env={"ASAN_OPTIONS": (asan + ":" if asan else "") + "quarantine_size_mb=0"})
    time.sleep(0.2)
    before = rss_kib(server.process.pid)
    streams = hold_streams(port, STREAMS)
    time.sleep(0.5)
    after = rss_kib(server.process.pid)
    for sock in streams:
        sock.close()
    return (after - before) * 1024 / STREAMS


def test_hibernating_streams_hold_less_memory(meerkat, tmp_path_factory):
    from conftest import free_port
    hibernating = growth_per_stream(meerkat, free_port(), 0)
    awake = growth_per_stream(meerkat, free_port(), '"infinity"')
    # the parser of an awake stream keeps its buffers (several KiB); a hibernating one does not
    print(f"RSS per idle stream: hibernating {hibernating:.0f} B, awake {awake:.0f} B")
    assert awake > hibernating + 4096, (awake, hibernating)
