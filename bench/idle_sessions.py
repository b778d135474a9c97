#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""idle_sessions: logs N clients in over TCP (optionally STARTTLS), WebSocket or BOSH (SASL
PLAIN, resource binding, initial presence), holds the sessions, and reports the server's RSS growth per session, the
login rate and the server's CPU time per 1,000 logins. A first instrument until the C++ load
generator (meerkat-bench) exists; its own speed (one Python process) bounds the login rate.

    bench/idle_sessions.py --meerkat build-release/src/meerkat --sessions 10000 [--tls]
    bench/idle_sessions.py --meerkat build-release/src/meerkat --transport ws|bosh

The server runs with the `dummy` auth method (any password), so the numbers are the cost of
sessions, not of password hashing. Prints a table and one JSON line."""

import argparse
import asyncio
import json
import ssl
import sys
import time

from client_transports import make_client
from server_process import cpu_seconds, free_port, rss_kib, running_server

CONFIG = """
[general]
  hosts = ["localhost"]
  default_server_domain = "localhost"
  loglevel = "warning"

[auth]
  methods = ["dummy"]
  sasl_mechanisms = ["plain"]
[auth.dummy]
  base_time = 0
  variance = 1

[[listen.c2s]]
  port = {port}
  ip_address = "127.0.0.1"
  backlog = 4096
  {tls}

[[listen.http]]
  port = {http_port}
  ip_address = "127.0.0.1"
  transport.max_connections = "infinity"
  [[listen.http.handlers.mod_websockets]]
    host = "_"
    path = "/ws-xmpp"
  [[listen.http.handlers.mod_bosh]]
    host = "_"
    path = "/http-bind"

[services.service_bosh]
  inactivity = 300

[modules.mod_roster]
[modules.mod_carboncopy]
"""


async def login_all(transport, port, http_port, count, use_tls, concurrency=200):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    sessions = []
    semaphore = asyncio.Semaphore(concurrency)

    async def one(i):
        async with semaphore:
            client = make_client(transport, http_port if transport != "tcp" else port, i,
                                 context if use_tls else None)
            await client.login(f"user{i}")
            sessions.append(client)

    await asyncio.gather(*(one(i) for i in range(count)))
    return sessions


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meerkat", required=True, help="path to the meerkat binary")
    parser.add_argument("--sessions", type=int, default=10000)
    parser.add_argument("--tls", action="store_true", help="STARTTLS before logging in (tcp)")
    parser.add_argument("--transport", choices=["tcp", "ws", "bosh"], default="tcp")
    args = parser.parse_args()

    port, http_port = free_port(), free_port()
    tls = 'tls.mode = "starttls"' if args.tls else ""
    config = CONFIG.format(port=port, http_port=http_port, tls=tls)
    with running_server(args.meerkat, config, [port]) as server:
        time.sleep(0.3)
        rss_before, cpu_before = rss_kib(server.pid), cpu_seconds(server.pid)
        started = time.monotonic()
        loop = asyncio.new_event_loop()
        sessions = loop.run_until_complete(
            login_all(args.transport, port, http_port, args.sessions, args.tls))
        elapsed = time.monotonic() - started
        cpu_after = cpu_seconds(server.pid)
        loop.run_until_complete(asyncio.sleep(1.0))  # let idle sessions hibernate
        rss_after = rss_kib(server.pid)
        per_session = (rss_after - rss_before) * 1024 / args.sessions
        result = {
            "scenario": "idle_sessions", "transport": args.transport, "sessions": args.sessions,
            "tls": args.tls,
            "rss_before_kib": rss_before, "rss_after_kib": rss_after,
            "rss_per_session_bytes": round(per_session),
            "login_rate_per_s": round(args.sessions / elapsed),
            "server_cpu_s_per_1000_logins":
                round((cpu_after - cpu_before) * 1000 / args.sessions, 4),
        }
        print(f"{'sessions':>10} {'transport':>9} {'tls':>5} {'RSS before':>12} {'RSS after':>12} "
              f"{'per session':>12} {'logins/s':>10} {'CPU s/1k':>9}")
        print(f"{args.sessions:>10} {args.transport:>9} {str(args.tls):>5} "
              f"{rss_before:>9} KiB {rss_after:>9} KiB "
              f"{per_session:>9.0f} B {result['login_rate_per_s']:>10} "
              f"{result['server_cpu_s_per_1000_logins']:>9}")
        print(json.dumps(result))
        for client in sessions:
            client.close()


if __name__ == "__main__":
    sys.exit(main())
