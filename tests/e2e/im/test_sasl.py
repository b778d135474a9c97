# SPDX-License-Identifier: Apache-2.0
"""SASL on the wire, where client libraries hide it: SCRAM -PLUS with tls-server-end-point
channel binding, the 'y' downgrade check, EXTERNAL with a client certificate (XEP-0178),
ANONYMOUS, and the listener's access rule."""

import base64
import hashlib
import hmac
import os
import re
import subprocess

from im_server import start_im_server
from xmpp_wire import Wire, header

SASL = "urn:ietf:params:xml:ns:xmpp-sasl"


def b64(data):
    return base64.b64encode(data).decode()


def tls_stream(port, certfile=None):
    wire = Wire.tcp(port)
    wire.open_stream()
    wire.starttls(certfile=certfile)
    features = wire.open_stream()
    return wire, features


def scram(wire, mechanism, user, password, gs2_flag="n", cb_data=b""):
    """Runs a SCRAM exchange by hand (RFC 5802); returns the server's final element."""
    digest = {"SHA-1": "sha1", "SHA-256": "sha256", "SHA-512": "sha512"}[
        re.search(r"SHA-\d+", mechanism).group(0)]
    gs2 = f"{gs2_flag},,"
    client_nonce = b64(os.urandom(18))
    first_bare = f"n={user},r={client_nonce}"
    wire.received = b""
    wire.send(f"<auth xmlns='{SASL}' mechanism='{mechanism}'>{b64((gs2 + first_bare).encode())}"
              "</auth>")
    text = wire.read_until(r"</challenge>|</failure>|<failure[^>]*/>")
    if "<challenge" not in text:
        return text
    server_first = base64.b64decode(re.search(r">([^<]+)</challenge>", text).group(1)).decode()
    fields = dict(part.split("=", 1) for part in server_first.split(","))
    assert fields["r"].startswith(client_nonce)
    salted = hashlib.pbkdf2_hmac(digest, password.encode(), base64.b64decode(fields["s"]),
                                 int(fields["i"]))
    client_key = hmac.new(salted, b"Client Key", digest).digest()
    stored_key = hashlib.new(digest, client_key).digest()
    final_without_proof = f"c={b64(gs2.encode() + cb_data)},r={fields['r']}"
    auth_message = f"{first_bare},{server_first},{final_without_proof}"
    signature = hmac.new(stored_key, auth_message.encode(), digest).digest()
    proof = bytes(a ^ b for a, b in zip(client_key, signature))
    wire.received = b""
    wire.send(f"<response xmlns='{SASL}'>"
              f"{b64((final_without_proof + ',p=' + b64(proof)).encode())}</response>")
    text = wire.read_until(r"</success>|<success[^>]*/>|</failure>")
    if "<success" in text:
        server_key = hmac.new(salted, b"Server Key", digest).digest()
        expected = hmac.new(server_key, auth_message.encode(), digest).digest()
        final = base64.b64decode(re.search(r">([^<]+)</success>", text).group(1)).decode()
        assert final == "v=" + b64(expected), "the server proved it knows the password"
    return text


def end_point_hash(wire):
    """RFC 5929 §4.1 tls-server-end-point for a SHA-256-signed server certificate."""
    return hashlib.sha256(wire.sock.getpeercert(binary_form=True)).digest()


def test_scram_plus_with_tls_server_end_point(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "wonderland")
    wire, features = tls_stream(port)
    assert "<mechanism>SCRAM-SHA-256-PLUS</mechanism>" in features
    assert "<channel-binding type='tls-server-end-point'/>" in features  # XEP-0440
    result = scram(wire, "SCRAM-SHA-256-PLUS", "alice", "wonderland",
                   gs2_flag="p=tls-server-end-point", cb_data=end_point_hash(wire))
    assert "<success" in result


def test_scram_plus_with_wrong_binding_data_fails(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "wonderland")
    wire, _ = tls_stream(port)
    result = scram(wire, "SCRAM-SHA-256-PLUS", "alice", "wonderland",
                   gs2_flag="p=tls-server-end-point", cb_data=b"\0" * 32)
    assert "<not-authorized/>" in result


def test_y_flag_when_plus_is_offered_is_a_downgrade(meerkat, port):
    server = start_im_server(meerkat, port)
    server.add_user("alice@localhost", "wonderland")
    wire, _ = tls_stream(port)
    result = scram(wire, "SCRAM-SHA-1", "alice", "wonderland", gs2_flag="y")
    assert "<not-authorized/>" in result
    # the stream goes on: the same client may log in properly
    assert "<success" in scram(wire, "SCRAM-SHA-1", "alice", "wonderland")


def make_ca(directory):
    ca = directory / "ca.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=Test CA",
                    "-keyout", str(ca), "-out", str(ca)], check=True, capture_output=True)
    return ca


def make_client_cert(directory, ca, name, xmpp_addr):
    key_and_cert = directory / f"{name}.pem"
    csr = directory / f"{name}.csr"
    ext = directory / f"{name}.ext"
    ext.write_text(f"subjectAltName=otherName:1.3.6.1.5.5.7.8.5;UTF8:{xmpp_addr}\n")
    subprocess.run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-subj", f"/CN={name}",
                    "-keyout", str(key_and_cert), "-out", str(csr)],
                   check=True, capture_output=True)
    cert = directory / f"{name}.crt"
    subprocess.run(["openssl", "x509", "-req", "-in", str(csr), "-CA", str(ca), "-CAkey", str(ca),
                    "-CAcreateserial", "-days", "2", "-extfile", str(ext), "-out", str(cert)],
                   check=True, capture_output=True)
    key_and_cert.write_text(cert.read_text() + key_and_cert.read_text())
    return key_and_cert


EXTERNAL_AUTH = """
[auth]
  methods = ["internal", "pki"]
  sasl_mechanisms = ["external", "scram_sha256", "plain"]
"""


def test_external_with_a_client_certificate(meerkat, port, tmp_path):
    ca = make_ca(tmp_path)
    alice_cert = make_client_cert(tmp_path, ca, "alice", "alice@localhost")
    server = start_im_server(meerkat, port, auth=EXTERNAL_AUTH,
                             listener_extra=f'tls.verify_mode = "peer"\n'
                                            f'      tls.cacertfile = "{ca}"')
    server.add_user("alice@localhost", "unused")
    wire, features = tls_stream(port, certfile=alice_cert)
    assert "<mechanism>EXTERNAL</mechanism>" in features
    wire.received = b""
    wire.send(f"<auth xmlns='{SASL}' mechanism='EXTERNAL'>=</auth>")
    assert "<success" in wire.read_until(r"<success|</failure>")
    wire.send(header())
    wire.read_until("</stream:features>")
    wire.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
    assert "<jid>alice@localhost/" in wire.read_until("</iq>")


def test_external_is_refused_for_another_identity_or_no_account(meerkat, port, tmp_path):
    ca = make_ca(tmp_path)
    bob_cert = make_client_cert(tmp_path, ca, "bob", "bob@localhost")
    server = start_im_server(meerkat, port, auth=EXTERNAL_AUTH,
                             listener_extra=f'tls.verify_mode = "peer"\n'
                                            f'      tls.cacertfile = "{ca}"')
    server.add_user("alice@localhost", "x")
    wire, _ = tls_stream(port, certfile=bob_cert)
    # asking to be alice with bob's certificate
    wire.send(f"<auth xmlns='{SASL}' mechanism='EXTERNAL'>{b64(b'alice@localhost')}</auth>")
    assert "<failure" in wire.read_until(r"</failure>")
    # bob's certificate is valid but bob has no account
    wire.received = b""
    wire.send(f"<auth xmlns='{SASL}' mechanism='EXTERNAL'>=</auth>")
    assert "<not-authorized/>" in wire.read_until(r"</failure>")
    # without a certificate, EXTERNAL is not offered at all
    _, features = tls_stream(port)
    assert "EXTERNAL" not in features


def test_anonymous_login_gets_a_fresh_user(meerkat, port):
    start_im_server(meerkat, port, auth="""
[auth.anonymous]
  protocol = "sasl_anon"
""")
    wire, features = tls_stream(port)
    assert "<mechanism>ANONYMOUS</mechanism>" in features
    wire.received = b""
    wire.send(f"<auth xmlns='{SASL}' mechanism='ANONYMOUS'>=</auth>")
    assert "<success" in wire.read_until(r"<success|</failure>")
    wire.send(header())
    wire.read_until("</stream:features>")
    wire.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
    assert re.search(r"<jid>[a-z2-7]{16}@localhost/", wire.read_until("</iq>"))


def test_access_rule_refuses_a_user(meerkat, port):
    server = start_im_server(meerkat, port, listener_extra='access = "c2s"', auth="""
[acl]
  blocked = [{user = "mallory"}]
[access]
  c2s = [{acl = "blocked", value = "deny"}, {acl = "all", value = "allow"}]
""")
    server.add_user("mallory@localhost", "m")
    server.add_user("alice@localhost", "a")
    wire, _ = tls_stream(port)
    assert "<not-authorized/>" in scram(wire, "SCRAM-SHA-256", "mallory", "m")
    wire, _ = tls_stream(port)
    assert "<success" in scram(wire, "SCRAM-SHA-256", "alice", "a")


def plain(wire, user, password):
    wire.received = b""
    token = b64(f"\0{user}\0{password}".encode())
    wire.send(f"<auth xmlns='{SASL}' mechanism='PLAIN'>{token}</auth>")
    return wire.read_until(r"<success|</failure>")


def test_login_anon_takes_any_name_but_a_registered_one(meerkat, port):
    server = start_im_server(meerkat, port, auth="""
[auth]
  methods = ["internal", "anonymous"]
[auth.anonymous]
  protocol = "both"
""")
    server.add_user("admin@localhost", "real-secret")
    wire, _ = tls_stream(port)
    assert "<not-authorized/>" in plain(wire, "admin", "guess")  # the owner's password counts
    assert "<success" in plain(wire, "admin", "real-secret")
    wire, _ = tls_stream(port)
    assert "<success" in plain(wire, "visitor", "anything")  # login_anon
