#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""mam_query: the message archive (mod_mam) under load. Fills one user's archive with N
messages sent over TCP (reporting the rate and the server's CPU per 100,000 archived
messages), then times archive queries as a client pages: the first page, page P by RSM
<index/>, the page after a known id (how clients page on), and the last page. Each query is
repeated and the median and worst round trip are reported.

    bench/mam_query.py --meerkat build-release/src/meerkat --messages 100000

Prints a table and one JSON line."""

import argparse
import asyncio
import json
import re
import statistics
import sys
import time

from client_transports import TcpClient
from idle_sessions import CONFIG
from server_process import cpu_seconds, free_port, running_server

MAM = "urn:xmpp:mam:2"
RSM = "http://jabber.org/protocol/rsm"


async def drain(client, stop):
    while not stop.is_set():
        try:
            await asyncio.wait_for(client.reader.read(1 << 20), 0.5)
        except asyncio.TimeoutError:
            pass


async def fill(port, count, batch=500):
    receiver, sender = TcpClient(port, 0), TcpClient(port, 1)
    await receiver.login("alice")
    await sender.login("bob")
    stop = asyncio.Event()
    draining = asyncio.ensure_future(drain(receiver, stop))
    for start in range(0, count, batch):
        sender.writer.write("".join(
            f"<message to='alice@localhost' type='chat' xmlns='jabber:client'>"
            f"<body>message number {n}</body></message>"
            for n in range(start, min(count, start + batch))).encode())
        await sender.writer.drain()
    sender.writer.write(b"<iq type='get' id='done' xmlns='jabber:client'>"
                        b"<ping xmlns='urn:xmpp:ping'/></iq>")
    await sender._until(b"id='done'")  # every message was routed (and archived) before it
    stop.set()
    await draining
    sender.close()
    receiver.close()


async def timed_query(client, paging, number):
    """(round trip in seconds, the archive ids returned)."""
    qid = f"q{number}"
    client.writer.write(
        f"<iq type='set' id='{qid}' xmlns='jabber:client'><query xmlns='{MAM}' queryid='{qid}'>"
        f"<set xmlns='{RSM}'>{paging}</set></query></iq>".encode())
    began = time.perf_counter()
    text = (await client._until(b"</fin>")).decode(errors="replace")
    elapsed = time.perf_counter() - began
    return elapsed, re.findall(rf"<result xmlns='{MAM}' queryid='{qid}' id='(\d+)'", text)


async def measure(port, pages, page_size, repeat):
    client = TcpClient(port, 2)
    await client.login("alice")
    deep = (pages - 1) * page_size
    _, before_deep = await timed_query(client, f"<max>1</max><index>{deep - 1}</index>", 0)
    cases = {"first page": f"<max>{page_size}</max>",
             f"page {pages} by index": f"<max>{page_size}</max><index>{deep}</index>",
             f"page {pages} by after-id": f"<max>{page_size}</max><after>{before_deep[0]}</after>",
             "last page": f"<max>{page_size}</max><before/>"}
    timings = {}
    number = 0
    for name, paging in cases.items():
        samples = []
        for _ in range(repeat):
            number += 1
            elapsed, ids = await timed_query(client, paging, number)
            assert len(ids) == page_size, f"{name}: {len(ids)} results"
            samples.append(elapsed)
        timings[name] = samples
    client.close()
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meerkat", required=True)
    parser.add_argument("--messages", type=int, default=100000)
    parser.add_argument("--page-size", type=int, default=50)
    parser.add_argument("--page", type=int, default=500, help="the deep page to time")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    port, http_port = free_port(), free_port()
    config = CONFIG.format(port=port, http_port=http_port, tls="")
    config += "[modules.mod_mam]\n  max_result_limit = 100\n[modules.mod_mam.pm]\n"
    with running_server(args.meerkat, config, [port]) as server:
        cpu_before, started = cpu_seconds(server.pid), time.monotonic()
        asyncio.run(fill(port, args.messages))
        fill_s, fill_cpu = time.monotonic() - started, cpu_seconds(server.pid) - cpu_before
        timings = asyncio.run(measure(port, args.page, args.page_size, args.repeat))
        result = {"scenario": "mam_query", "messages": args.messages,
                  "archived_per_s": round(args.messages / fill_s),
                  "server_cpu_s_per_100k_archived": round(fill_cpu * 100000 / args.messages, 3),
                  "page_size": args.page_size,
                  "queries_ms": {name: {"median": round(statistics.median(s) * 1000, 2),
                                        "max": round(max(s) * 1000, 2)}
                                 for name, s in timings.items()}}
        print(f"archive of {args.messages} messages filled at {result['archived_per_s']}/s, "
              f"server CPU {result['server_cpu_s_per_100k_archived']} s per 100,000")
        print(f"{'query':>24} {'median ms':>10} {'max ms':>8}")
        for name, values in result["queries_ms"].items():
            print(f"{name:>24} {values['median']:>10} {values['max']:>8}")
        print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
