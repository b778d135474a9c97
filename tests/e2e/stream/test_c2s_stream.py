# SPDX-License-Identifier: Apache-2.0
"""RFC 6120 stream set-up and teardown on a c2s listener, checked on the wire."""

import re
import socket
import time

from xmpp_wire import Wire, header, stream_error

PLAIN = """
[[listen.c2s]]
  port = {port}
"""


def test_server_answers_with_header_and_features(meerkat, port):
    meerkat(PLAIN.format(port=port))
    wire = Wire.tcp(port)
    text = wire.open_stream("localhost")
    opening = re.search(r"<stream:stream [^>]*>", text).group(0)
    assert "from='localhost'" in opening
    assert "version='1.0'" in opening
    assert "xmlns='jabber:client'" in opening
    assert "xmlns:stream='http://etherx.jabber.org/streams'" in opening
    assert re.search(r"id='[A-Za-z0-9_-]{8,}'", opening)
    assert "starttls" not in text  # no tls section: nothing to offer


def test_every_served_host_is_accepted_after_nameprep(meerkat, port):
    meerkat(PLAIN.format(port=port))
    text = Wire.tcp(port).open_stream("Example.TEST")
    assert "from='example.test'" in text


def test_unknown_host_gets_host_unknown(meerkat, port):
    meerkat(PLAIN.format(port=port))
    wire = Wire.tcp(port)
    wire.send(header("elsewhere.example"))
    text = wire.read_to_close()
    assert stream_error(text) == "host-unknown"
    assert text.endswith("</stream:stream>")
    # RFC 6120 §4.9.1.2: our header comes first even when we refuse the stream
    assert text.index("<stream:stream") < text.index("<stream:error>")


def test_missing_to_gets_host_unknown(meerkat, port):
    meerkat(PLAIN.format(port=port))
    wire = Wire.tcp(port)
    wire.send("<stream:stream xmlns='jabber:client' "
              "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>")
    assert stream_error(wire.read_to_close()) == "host-unknown"


def test_wrong_stream_namespace_gets_invalid_namespace(meerkat, port):
    meerkat(PLAIN.format(port=port))
    wire = Wire.tcp(port)
    wire.send("<stream:stream xmlns='jabber:client' xmlns:stream='urn:wrong' "
              "to='localhost' version='1.0'>")
    assert stream_error(wire.read_to_close()) == "invalid-namespace"


def test_wrong_content_namespace_gets_invalid_namespace(meerkat, port):
    meerkat(PLAIN.format(port=port))
    wire = Wire.tcp(port)
    wire.send("<stream:stream xmlns='jabber:server' "
              "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>")
    assert stream_error(wire.read_to_close()) == "invalid-namespace"


def test_pre_1_0_stream_gets_unsupported_version(meerkat, port):
    meerkat(PLAIN.format(port=port))
    wire = Wire.tcp(port)
    wire.send("<stream:stream xmlns='jabber:client' "
              "xmlns:stream='http://etherx.jabber.org/streams' to='localhost'>")
    assert stream_error(wire.read_to_close()) == "unsupported-version"


def test_garbage_gets_not_well_formed(meerkat, port):
    meerkat(PLAIN.format(port=port))
    wire = Wire.tcp(port)
    wire.open_stream()
    wire.send("<message><body>unclosed</message>")
    assert stream_error(wire.read_to_close()) == "not-well-formed"


def test_unbound_prefix_gets_not_well_formed(meerkat, port):
    meerkat(PLAIN.format(port=port))
    wire = Wire.tcp(port)
    wire.open_stream()
    wire.send("<foo:bar/>")
    assert stream_error(wire.read_to_close()) == "not-well-formed"


def test_restricted_xml_is_refused(meerkat, port):
    meerkat(PLAIN.format(port=port))
    for payload in ["<!-- a comment -->", "<?php echo 1; ?>",
                    "<message><body>&custom;</body></message>"]:
        wire = Wire.tcp(port)
        wire.open_stream()
        wire.send(payload)
        assert stream_error(wire.read_to_close()) in ("restricted-xml", "not-well-formed"), payload


def test_billion_laughs_and_external_entities_are_refused(meerkat, port):
    meerkat(PLAIN.format(port=port))
    doctype = ("<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>"
               "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>]>")
    xxe = "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>"
    for prologue in [doctype, xxe]:
        wire = Wire.tcp(port)
        wire.send(prologue + header())
        text = wire.read_to_close()
        assert stream_error(text) == "restricted-xml", text
        assert "root:" not in text


def test_oversize_stanza_gets_policy_violation_and_others_keep_working(meerkat, port):
    meerkat("""
    [[listen.c2s]]
      port = {port}
      max_stanza_size = 1000
    """.format(port=port))
    other = Wire.tcp(port)
    other.open_stream()
    wire = Wire.tcp(port)
    wire.open_stream()
    wire.send("<message><body>" + "x" * 5000 + "</body></message>")
    assert stream_error(wire.read_to_close()) == "policy-violation"
    # a stanza under the limit on another stream is still handled
    other.send("<presence/>")
    assert stream_error(other.read_to_close()) == "not-authorized"


def test_stanza_before_authentication_gets_not_authorized(meerkat, port):
    meerkat(PLAIN.format(port=port))
    wire = Wire.tcp(port)
    wire.open_stream()
    wire.send("<message to='a@localhost'><body>hi</body></message>")
    assert stream_error(wire.read_to_close()) == "not-authorized"


def test_unknown_first_level_element_gets_unsupported_stanza_type(meerkat, port):
    meerkat(PLAIN.format(port=port))
    wire = Wire.tcp(port)
    wire.open_stream()
    wire.send("<frobnicate xmlns='urn:example'/>")
    assert stream_error(wire.read_to_close()) == "unsupported-stanza-type"


def test_client_close_is_answered_with_close(meerkat, port):
    meerkat(PLAIN.format(port=port))
    wire = Wire.tcp(port)
    wire.open_stream()
    wire.send("</stream:stream>")
    text = wire.read_to_close()
    assert text.endswith("</stream:stream>")
    assert stream_error(text) is None


def test_silent_client_gets_connection_timeout(meerkat, port):
    meerkat("""
    [[listen.c2s]]
      port = {port}
      c2s_state_timeout = 300
    """.format(port=port))
    wire = Wire.tcp(port)
    wire.open_stream()
    assert stream_error(wire.read_to_close(timeout=3)) == "connection-timeout"
    # a client that never sends its header is timed out too
    silent = Wire.tcp(port)
    assert stream_error(silent.read_to_close(timeout=3)) == "connection-timeout"


def test_trickling_client_is_timed_out_too(meerkat, port):
    meerkat("""
    [[listen.c2s]]
      port = {port}
      c2s_state_timeout = 500
    """.format(port=port))
    wire = Wire.tcp(port)
    wire.open_stream()
    deadline = time.monotonic() + 3
    for ch in "<message><body>" + "x" * 100:
        try:
            wire.send(ch)
        except OSError:
            break
        time.sleep(0.05)
        if time.monotonic() > deadline:
            break
    assert stream_error(wire.read_to_close(timeout=3)) == "connection-timeout"


def test_infinite_state_timeout_keeps_quiet_clients(meerkat, port):
    meerkat("""
    [[listen.c2s]]
      port = {port}
      c2s_state_timeout = "infinity"
      hibernate_after = 0
    """.format(port=port))
    wire = Wire.tcp(port)
    wire.open_stream()
    time.sleep(1)
    wire.sock.settimeout(0.2)
    try:
        assert wire.sock.recv(100) == b"", "unexpected data"
        raise AssertionError("server closed the stream")
    except socket.timeout:
        pass
    # after idling (and releasing its parser) the stream still parses what follows
    wire.send("</stream:stream>")
    assert wire.read_to_close().endswith("</stream:stream>")


def test_stanza_split_across_packets_after_hibernation(meerkat, port):
    meerkat("""
    [[listen.c2s]]
      port = {port}
      hibernate_after = 0
    """.format(port=port))
    wire = Wire.tcp(port)
    wire.open_stream()
    time.sleep(0.2)
    wire.send("<frob")
    time.sleep(0.2)
    wire.send("nicate xmlns='urn:example'/>")
    assert stream_error(wire.read_to_close()) == "unsupported-stanza-type"


def test_hide_service_name_closes_without_identifying_the_server(meerkat, port):
    meerkat(PLAIN.format(port=port), general="""
    [general]
      hosts = ["localhost"]
      default_server_domain = "localhost"
      loglevel = "info"
      hide_service_name = true
    """)
    wire = Wire.tcp(port)
    wire.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert wire.read_to_close() == ""
    unknown = Wire.tcp(port)
    unknown.send(header("elsewhere.example"))
    assert unknown.read_to_close() == ""
    # a proper client still gets its stream
    assert "from='localhost'" in Wire.tcp(port).open_stream()


def test_garbage_instead_of_a_header_gets_header_and_error_by_default(meerkat, port):
    meerkat(PLAIN.format(port=port))
    wire = Wire.tcp(port)
    wire.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
    text = wire.read_to_close()
    assert text.startswith("<?xml version='1.0'?><stream:stream")
    assert stream_error(text) == "not-well-formed"
