#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""idle_streams: opens N XMPP client streams (header sent, features received) and holds them,
then reports the server's RSS growth per stream. A first measurement instrument until the
C++ load generator (meerkat-bench) exists.

    bench/idle_streams.py --meerkat build-release/src/meerkat --streams 10000

Connections come from several loopback source addresses so that no single address runs out
of ephemeral ports. Prints a table and one JSON line."""

import argparse
import json
import selectors
import socket
import sys
import time

from server_process import cpu_seconds, free_port, rss_kib, running_server

HEADER = ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>").encode()

CONFIG = """
[general]
  hosts = ["localhost"]
  default_server_domain = "localhost"
  loglevel = "warning"

[[listen.c2s]]
  port = {port}
  ip_address = "127.0.0.1"
  c2s_state_timeout = "infinity"
  hibernate_after = {hibernate_after}
  backlog = 4096
"""








def open_streams(port, count, batch=500):
    """Opens `count` streams, `batch` at a time; returns the sockets once all have features."""
    selector = selectors.DefaultSelector()
    opened = []
    for start in range(0, count, batch):
        pending = {}
        for i in range(start, min(count, start + batch)):
            sock = socket.socket()
            sock.bind((f"127.0.{(i // 20000) + 1}.{(i % 200) + 1}", 0))
            sock.connect(("127.0.0.1", port))
            sock.sendall(HEADER)
            sock.setblocking(False)
            pending[sock] = b""
            selector.register(sock, selectors.EVENT_READ)
        deadline = time.monotonic() + 60
        while pending:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{len(pending)} streams got no features")
            for key, _ in selector.select(timeout=1):
                sock = key.fileobj
                data = sock.recv(65536)
                if not data:
                    raise RuntimeError("server closed a stream")
                pending[sock] += data
                if b"</stream:features>" in pending[sock] or b"<stream:features/>" in pending[sock]:
                    selector.unregister(sock)
                    del pending[sock]
                    opened.append(sock)
    return opened


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meerkat", required=True, help="path to the meerkat binary")
    parser.add_argument("--streams", type=int, default=10000)
    parser.add_argument("--hibernate-after", default="0")
    args = parser.parse_args()

    port = free_port()
    config = CONFIG.format(port=port, hibernate_after=args.hibernate_after)
    with running_server(args.meerkat, config, [port]) as server:
        time.sleep(0.3)
        rss_before, cpu_before = rss_kib(server.pid), cpu_seconds(server.pid)
        started = time.monotonic()
        streams = open_streams(port, args.streams)
        elapsed = time.monotonic() - started
        time.sleep(1.0)  # let idle streams hibernate
        rss_after, cpu_after = rss_kib(server.pid), cpu_seconds(server.pid)
        per_stream = (rss_after - rss_before) * 1024 / args.streams
        result = {
            "scenario": "idle_streams", "streams": args.streams,
            "hibernate_after": args.hibernate_after,
            "rss_before_kib": rss_before, "rss_after_kib": rss_after,
            "rss_per_stream_bytes": round(per_stream),
            "open_rate_per_s": round(args.streams / elapsed),
            "server_cpu_s_per_1000_streams": round((cpu_after - cpu_before) * 1000 / args.streams, 4),
        }
        print(f"{'streams':>10} {'RSS before':>12} {'RSS after':>12} {'per stream':>12} {'opens/s':>10}")
        print(f"{args.streams:>10} {rss_before:>9} KiB {rss_after:>9} KiB "
              f"{per_stream:>8.0f} B {result['open_rate_per_s']:>10}")
        print(json.dumps(result))
        for sock in streams:
            sock.close()


if __name__ == "__main__":
    sys.exit(main())
