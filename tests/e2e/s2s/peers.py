# SPDX-License-Identifier: Apache-2.0
"""Real XMPP servers to federate with, each started by the test on loopback with its own
configuration and data directory: Prosody (Debian `prosody`), and a DNS server (dnsmasq) that
tells it where the Meerkat under test listens, through SRV records, as a real deployment
would. Also a small certificate authority for SASL EXTERNAL between servers."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import free_port


def wait_for_port(port, process, log_path, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}:\n{Path(log_path).read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on {port}:\n{Path(log_path).read_text()}")


def stop(process, timeout=10):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class CertificateAuthority:
    """A throw-away CA that signs server certificates naming one domain (dNSName SAN)."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.cert = self.directory / "ca.pem"
        self.key = self.directory / "ca.key"
        self._openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                      "-subj", "/CN=Meerkat test CA", "-keyout", self.key, "-out", self.cert)

    def _openssl(self, *args):
        subprocess.run(["openssl", *map(str, args)], check=True, capture_output=True)

    def issue(self, domain):
        """Returns (certificate, key) paths for `domain`."""
        key = self.directory / f"{domain}.key"
        request = self.directory / f"{domain}.csr"
        cert = self.directory / f"{domain}.pem"
        extensions = self.directory / f"{domain}.ext"
        extensions.write_text(f"subjectAltName = DNS:{domain}\n")
        self._openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={domain}",
                      "-keyout", key, "-out", request)
        self._openssl("x509", "-req", "-in", request, "-CA", self.cert, "-CAkey", self.key,
                      "-CAcreateserial", "-days", "2", "-extfile", extensions, "-out", cert)
        return cert, key

    def issue_combined(self, domain):
        """One PEM file with the certificate and its key, as fast_tls options want it."""
        cert, key = self.issue(domain)
        combined = self.directory / f"{domain}.combined.pem"
        combined.write_text(cert.read_text() + key.read_text())
        return combined


class Dns:
    """dnsmasq answering SRV and A records for the test's domains, nothing else."""

    def __init__(self, workdir, records, address="127.0.0.1", port=None):
        """`records`: {domain: s2s port}; each gets an _xmpp-server._tcp SRV record naming
        localhost and that port. (The target is localhost because ejabberd resolves SRV
        targets with the C library, which knows nothing of this server.) Other names under
        .example are answered "no such domain" at once."""
        self.port = port or free_port()
        self.log_path = Path(workdir) / "dnsmasq.log"
        args = ["dnsmasq", "--no-daemon", f"--port={self.port}", f"--listen-address={address}",
                "--bind-interfaces", "--no-resolv", "--no-hosts", "--log-queries",
                "--local=/example/"]
        for domain, port in records.items():
            args.append(f"--srv-host=_xmpp-server._tcp.{domain},localhost,{port}")
        self._log = open(self.log_path, "wb")
        self.process = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT)
        time.sleep(0.2)
        if self.process.poll() is not None:
            raise AssertionError(self.log_path.read_text())

    def stop(self):
        stop(self.process)
        self._log.close()


PROSODY_CONFIG = """
pidfile = "{workdir}/prosody.pid"
data_path = "{workdir}/data"
run_as_root = true
log = {{ debug = "{workdir}/prosody.log" }}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {c2s} }}
s2s_ports = {{ {s2s} }}
modules_enabled = {{ "roster"; "saslauth"; "tls"; "dialback"; "disco"; "ping"; "presence" }}
authentication = "internal_hashed"
s2s_require_encryption = true
s2s_secure_auth = {secure_auth}
-- Every name is asked of the test's DNS server (Unbound serves .test itself, hence .example)
unbound = {{ forward = {{ "127.0.0.1@{dns}" }}; resolvconf = false }}
ssl = {{ key = "{key}"; certificate = "{cert}"; cafile = "{cafile}" }}
VirtualHost "{domain}"
"""


class Prosody:
    """One Prosody server for `domain`, its certificate signed by `ca`."""

    def __init__(self, workdir, domain, ca, dns_port, secure_auth=False):
        self.workdir = Path(workdir)
        (self.workdir / "data").mkdir(parents=True, exist_ok=True)
        self.domain = domain
        self.c2s = free_port()
        self.s2s = free_port()
        self.cert, key = ca.issue(domain)
        self.config = self.workdir / "prosody.cfg.lua"
        self.config.write_text(PROSODY_CONFIG.format(
            workdir=self.workdir, c2s=self.c2s, s2s=self.s2s, dns=dns_port, key=key,
            cert=self.cert, cafile=ca.cert, domain=domain,
            secure_auth="true" if secure_auth else "false"))
        self.log_path = self.workdir / "prosody.log"
        self.process = None

    def add_user(self, user, password):
        subprocess.run(["prosodyctl", "--config", str(self.config), "register", user, self.domain,
                        password], check=True, capture_output=True, timeout=30)

    def start(self):
        self._out = open(self.workdir / "prosody.out", "wb")
        self.process = subprocess.Popen(["prosody", "-F", "--config", str(self.config)],
                                        stdout=self._out, stderr=subprocess.STDOUT)
        wait_for_port(self.c2s, self.process, self.workdir / "prosody.out")
        wait_for_port(self.s2s, self.process, self.workdir / "prosody.out")

    @property
    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self):
        if self.process:
            stop(self.process)
            self._out.close()


def require(*programs):
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        pytest.fail(f"missing {', '.join(missing)}: run scripts/install-deps.sh")


EJABBERD_CONFIG = """
hosts: ["{domain}"]
loglevel: info
certfiles: ["{certfile}"]
ca_file: "{cafile}"
s2s_use_starttls: {starttls}
listen:
  - port: {c2s}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    starttls: true
  - port: {s2s}
    ip: "127.0.0.1"
    module: ejabberd_s2s_in
auth_method: internal
modules:
  mod_roster: {{}}
  mod_disco: {{}}
  mod_ping: {{}}
  mod_s2s_dialback: {{}}
"""

# Erlang's resolver asks only the test's DNS server (SRV lookups); "localhost" stays local.
EJABBERD_INETRC = """
{{lookup, [file, dns]}}.
{{host, {{127,0,0,1}}, ["localhost"]}}.
{{resolv_conf, ""}}.
{{hosts_file, ""}}.
{{nameserver, {{127,0,0,1}}, {dns}}}.
"""


class Ejabberd:
    """One ejabberd node for `domain` in its own config, spool and log directories."""

    def __init__(self, workdir, domain, ca, dns_port, starttls="optional", dialback=True):
        self.workdir = Path(workdir)
        self.domain = domain
        self.c2s = free_port()
        self.s2s = free_port()
        self.node = f"meerkat_peer_{self.s2s}@localhost"
        config = self.workdir / "config"
        for name in ("config", "logs", "spool"):
            (self.workdir / name).mkdir(parents=True, exist_ok=True)
        text = EJABBERD_CONFIG.format(domain=domain, certfile=ca.issue_combined(domain),
                                      cafile=ca.cert, starttls=starttls, c2s=self.c2s,
                                      s2s=self.s2s)
        if not dialback:
            text = text.replace("  mod_s2s_dialback: {}\n", "")
        (config / "ejabberd.yml").write_text(text)
        (config / "inetrc").write_text(EJABBERD_INETRC.format(dns=dns_port))
        (config / "ejabberdctl.cfg").write_text("")
        # ejabberdctl switches to the ejabberd user when run as root, who cannot read the
        # test's directories: a copy without that switch runs the node as the test's user.
        self.ctl = self.workdir / "ejabberdctl"
        script = Path(shutil.which("ejabberdctl")).read_text()
        self.ctl.write_text(script.replace("\nINSTALLUSER=ejabberd\n", "\nINSTALLUSER=\n"))
        self.ctl.chmod(0o755)
        self.log_path = self.workdir / "logs" / "ejabberd.log"
        self.process = None

    def _ctl(self, *args):
        return [str(self.ctl), "--config-dir", str(self.workdir / "config"), "--logs",
                str(self.workdir / "logs"), "--spool", str(self.workdir / "spool"), "--node",
                self.node, *args]

    def start(self):
        self._out = open(self.workdir / "ejabberd.out", "wb")
        self.process = subprocess.Popen(self._ctl("foreground"), stdout=self._out,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        wait_for_port(self.c2s, self.process, self.workdir / "ejabberd.out", timeout=60)
        wait_for_port(self.s2s, self.process, self.workdir / "ejabberd.out", timeout=60)

    def add_user(self, user, password):
        subprocess.run(self._ctl("register", user, self.domain, password), check=True,
                       capture_output=True, timeout=60)

    @property
    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self):
        if self.process:
            subprocess.run(self._ctl("stop"), capture_output=True, timeout=60)
            stop(self.process, timeout=30)
            self._out.close()
