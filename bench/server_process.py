# SPDX-License-Identifier: Apache-2.0
"""The server process the bench scenarios measure: started on a configuration in a fresh
directory and stopped afterwards, its RSS and CPU time from /proc, a free loopback port for
it, and when it accepts connections."""

import contextlib
import os
import random
import socket
import subprocess
import tempfile
import time


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port():
    """A port nothing listens on, chosen below the kernel's ephemeral range: a port from
    inside it (what binding to port 0 gives) may meanwhile become the source port of some
    outgoing connection, and the server's bind then fails."""
    low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
    while True:
        port = random.randrange(10000, low)
        with socket.socket() as s:
            try:
                s.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port


def wait_for_port(port, attempts=200):
    for _ in range(attempts):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not start")


@contextlib.contextmanager
def running_server(binary, config_text, ports):
    """Runs `binary` on `config_text`; yields the process once every port in `ports` accepts
    connections, and stops it when the block ends."""
    workdir = tempfile.mkdtemp(prefix="meerkat-bench-")
    config = os.path.join(workdir, "meerkat.toml")
    with open(config, "w") as f:
        f.write(config_text)
    server = subprocess.Popen([os.path.abspath(binary), "--config", config], cwd=workdir,
                              stderr=subprocess.DEVNULL)
    try:
        for port in ports:
            wait_for_port(port)
        yield server
    finally:
        server.terminate()
        server.wait(30)
