#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""transport_throughput: one-to-one chat messages through the server over one transport (TCP,
WebSocket or BOSH): P sender/receiver pairs, M messages each, at most W in flight per pair.
Reports delivered messages/s, the server's CPU seconds per 100,000 messages, and any lost or
duplicated message (bodies carry sequence numbers). The client is one Python process, so the
rate is client-bound; the server's CPU per message is the figure to compare.

    bench/transport_throughput.py --meerkat build-release/src/meerkat --transport ws

Prints a table and one JSON line."""

import argparse
import asyncio
import json
import re
import sys
import time

from client_transports import make_client
from idle_sessions import CONFIG
from server_process import cpu_seconds, free_port, running_server

BODY = re.compile(r"<body>(\d+)</body>")


async def run_pair(transport, port, index, messages, batch, window, sm):
    sender = make_client(transport, port, 2 * index)
    receiver = make_client(transport, port, 2 * index + 1)
    await sender.login(f"sender{index}")
    await receiver.login(f"receiver{index}")
    if sm:
        await sender.enable_sm()
        await receiver.enable_sm()
    seen, duplicates = set(), 0
    progress = asyncio.Event()

    async def receive():
        nonlocal duplicates
        while len(seen) < messages:
            for number in BODY.findall(await receiver.receive()):
                if number in seen:
                    duplicates += 1
                seen.add(number)
            progress.set()

    receiving = asyncio.ensure_future(receive())
    to = f"receiver{index}@localhost"
    sent = 0
    while sent < messages:
        while sent - len(seen) >= window:
            progress.clear()
            await progress.wait()
        count = min(batch, messages - sent)
        await sender.send([f"<message xmlns='jabber:client' to='{to}' type='chat'>"
                           f"<body>{sent + n}</body></message>" for n in range(count)])
        sent += count
    try:
        await asyncio.wait_for(receiving, 30)
    except asyncio.TimeoutError:
        receiving.cancel()
    sender.close()
    receiver.close()
    return messages - len(seen), duplicates


async def run_all(transport, port, pairs, messages, batch, window, sm):
    return await asyncio.gather(*(run_pair(transport, port, i, messages, batch, window, sm)
                                  for i in range(pairs)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meerkat", required=True)
    parser.add_argument("--transport", choices=["tcp", "ws", "bosh"], default="tcp")
    parser.add_argument("--pairs", type=int, default=20)
    parser.add_argument("--messages", type=int, default=5000, help="per pair")
    parser.add_argument("--batch", type=int, default=20, help="stanzas per write or request")
    parser.add_argument("--window", type=int, default=200, help="in flight per pair")
    parser.add_argument("--sm", action="store_true",
                        help="XEP-0198 on (tcp): the server counts, buffers and asks for acks")
    args = parser.parse_args()

    port, http_port = free_port(), free_port()
    config = CONFIG.format(port=port, http_port=http_port, tls="")
    if args.sm:
        config += "[modules.mod_stream_management]\n  buffer_max = 1000\n"
    with running_server(args.meerkat, config, [port, http_port]) as server:
        target = port if args.transport == "tcp" else http_port
        cpu_before, started = cpu_seconds(server.pid), time.monotonic()
        results = asyncio.run(run_all(args.transport, target, args.pairs, args.messages,
                                      args.batch, args.window, args.sm))
        elapsed, cpu = time.monotonic() - started, cpu_seconds(server.pid) - cpu_before
        total = args.pairs * args.messages
        lost = sum(r[0] for r in results)
        duplicated = sum(r[1] for r in results)
        result = {"scenario": "transport_throughput", "transport": args.transport, "sm": args.sm,
                  "pairs": args.pairs, "messages": total,
                  "delivered_per_s": round((total - lost) / elapsed),
                  "server_cpu_s_per_100k": round(cpu * 100000 / total, 3),
                  "lost": lost, "duplicated": duplicated}
        print(f"{'transport':>9} {'messages':>9} {'delivered/s':>12} {'CPU s/100k':>11} "
              f"{'lost':>5} {'dup':>4}")
        label = args.transport + ("+sm" if args.sm else "")
        print(f"{label:>9} {total:>9} {result['delivered_per_s']:>12} "
              f"{result['server_cpu_s_per_100k']:>11} {lost:>5} {duplicated:>4}")
        print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
