#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""login_profiles: what a login costs under each authentication profile, over plain TCP:
  rfc6120  SASL PLAIN, stream restart, resource binding, presence (4 round trips);
  sasl2    XEP-0388 PLAIN with an inline XEP-0386 Bind 2 request, presence (2 round trips);
  fast     XEP-0484 HT-SHA-256-NONE with a token fetched beforehand, Bind 2, presence.
Reports logins/s with `--concurrency` clients logging in over and over, the median login
time of one client alone, and the server's CPU per 1,000 logins. Authentication is the dummy
method, so no password hashing hides the protocol's own cost.

    bench/login_profiles.py --meerkat build-release/src/meerkat --logins 3000

Prints a table and one JSON line."""

import argparse
import asyncio
import base64
import hashlib
import hmac
import json
import re
import statistics
import time
import uuid

from client_transports import STREAM_HEADER, plain_auth, source_address
from server_process import cpu_seconds, free_port, running_server

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
[modules.mod_sasl2]
[modules.mod_bind2]
[modules.mod_fast_auth_token]
"""
SASL2 = "urn:xmpp:sasl:2"
BIND2 = "<bind xmlns='urn:xmpp:bind:0'><tag>bench</tag></bind>"
PRESENCE = b"<presence/>"


def b64(data):
    return base64.b64encode(data).decode()


def authenticate(mechanism, initial, inline):
    return (f"<authenticate xmlns='{SASL2}' mechanism='{mechanism}'><initial-response>"
            f"{b64(initial)}</initial-response>{inline}</authenticate>").encode()


class Login:
    def __init__(self, port, index):
        self.port, self.index, self.buffer = port, index, b""

    async def until(self, marker):
        while marker not in self.buffer:
            chunk = await self.reader.read(65536)
            if not chunk:
                raise RuntimeError(f"closed before {marker!r}: {self.buffer[-300:]!r}")
            self.buffer += chunk
        head, _, self.buffer = self.buffer.partition(marker)
        return head + marker

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection(
            "127.0.0.1", self.port, local_addr=source_address(self.index))
        self.writer.write(STREAM_HEADER)
        await self.until(b"</stream:features>")

    async def close(self):
        self.writer.write(b"</stream:stream>")
        self.writer.close()

    async def rfc6120(self, user, _agent):
        await self.open()
        self.writer.write(plain_auth(user).encode())
        await self.until(b"<success")
        self.writer.write(STREAM_HEADER)
        await self.until(b"</stream:features>")
        self.writer.write(b"<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'"
                          b"/></iq>" + PRESENCE)
        await self.until(b"<presence")

    async def sasl2(self, user, agent, extra=""):
        await self.open()
        inline = f"<user-agent id='{agent}'/>{BIND2}{extra}"
        self.writer.write(authenticate("PLAIN", f"\0{user}\0x".encode(), inline) + PRESENCE)
        return await self.until(b"</success>")

    async def fast(self, user, agent, token):
        await self.open()
        proof = hmac.new(token.encode(), b"Initiator", hashlib.sha256).digest()
        inline = f"<user-agent id='{agent}'/>{BIND2}<fast xmlns='urn:xmpp:fast:0'/>"
        self.writer.write(authenticate("HT-SHA-256-NONE", user.encode() + b"\0" + proof, inline)
                          + PRESENCE)
        await self.until(b"</success>")


async def fetch_token(port, index, user, agent):
    login = Login(port, index)
    success = await login.sasl2(user, agent, "<request-token xmlns='urn:xmpp:fast:0' "
                                "mechanism='HT-SHA-256-NONE'/>")
    await login.close()
    return re.search(rb"token='([^']+)'", success).group(1).decode()


async def one_login(port, index, profile, user, agent, token):
    login = Login(port, index)
    if profile == "fast":
        await login.fast(user, agent, token)
    else:
        await getattr(login, profile)(user, agent)
    await login.close()


async def run_profile(port, profile, logins, concurrency, tokens):
    async def worker(w):
        for n in range(w, logins, concurrency):
            user, agent, token = tokens[n % len(tokens)]
            await one_login(port, n, profile, user, agent, token)
    started = time.monotonic()
    await asyncio.gather(*(worker(w) for w in range(concurrency)))
    return time.monotonic() - started


async def latency(port, profile, tokens, rounds=200):
    times = []
    for n in range(rounds):
        user, agent, token = tokens[n % len(tokens)]
        started = time.perf_counter()
        await one_login(port, n, profile, user, agent, token)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meerkat", required=True)
    parser.add_argument("--logins", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    port = free_port()
    results = {}
    with running_server(args.meerkat, CONFIG.format(port=port), [port]) as server:
        loop = asyncio.new_event_loop()
        tokens = []
        for n in range(args.concurrency):
            user, agent = f"user{n}", str(uuid.uuid4())
            tokens.append((user, agent, loop.run_until_complete(
                fetch_token(port, n, user, agent))))
        for profile in ("rfc6120", "sasl2", "fast"):
            cpu_before = cpu_seconds(server.pid)
            elapsed = loop.run_until_complete(
                run_profile(port, profile, args.logins, args.concurrency, tokens))
            cpu = cpu_seconds(server.pid) - cpu_before
            median = loop.run_until_complete(latency(port, profile, tokens))
            results[profile] = {"logins_per_s": round(args.logins / elapsed),
                                "server_cpu_s_per_1000": round(cpu * 1000 / args.logins, 3),
                                "median_login_ms": round(median, 2)}
    print(f"{'profile':>8} {'logins/s':>9} {'CPU s/1000':>11} {'median ms':>10}")
    for profile, r in results.items():
        print(f"{profile:>8} {r['logins_per_s']:>9} {r['server_cpu_s_per_1000']:>11} "
              f"{r['median_login_ms']:>10}")
    print(json.dumps({"scenario": "login_profiles", "logins": args.logins,
                      "concurrency": args.concurrency, "profiles": results}))


if __name__ == "__main__":
    main()
