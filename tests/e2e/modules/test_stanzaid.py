# SPDX-License-Identifier: Apache-2.0
"""mod_stanzaid (XEP-0359) and mod_mam's same_mam_id_for_peers: a message between two local
users has one archive id in both archives and carries it as the recipient's <stanza-id/>;
messages that are not archived are stamped too; claims by clients are removed; an archive
written before the per-user ids (schema 6) is kept by the migration."""

import re

from modules_server import free_port, start_modules_server, wire_login
from test_mam import MODULES as MAM_MODULES
from test_mam import query

SID = "urn:xmpp:sid:0"


def start(meerkat, port, modules):
    plain = free_port()
    server = start_modules_server(meerkat, port, modules, plain_port=plain)
    for user in ("alice", "bob"):
        server.add_user(f"{user}@localhost", user[0])
    return server, plain


def stamps(text, by):
    return re.findall(rf"<stanza-id xmlns='{SID}' by='{by}' id='([^']+)'/>", text)


def converse(plain, body, extra=""):
    """alice sends `body` to bob (with forged stamps); returns (alice, bob, what bob got)."""
    alice = wire_login(plain, "alice", "a")
    bob = wire_login(plain, "bob", "b")
    alice.send(f"<message to='bob@localhost/wire' type='chat'><body>{body}</body>"
               f"<stanza-id xmlns='{SID}' by='bob@localhost' id='forged-for-bob'/>"
               f"<stanza-id xmlns='{SID}' by='alice@localhost' id='forged-for-alice'/>"
               f"{extra}</message>")
    got = bob.read_until(rf"<body>{body}</body>.*?</message>")
    return alice, bob, got


def test_both_archives_hold_the_message_under_the_id_the_recipient_sees(meerkat, port):
    _, plain = start(meerkat, port, MAM_MODULES + "[modules.mod_stanzaid]\n")
    alice, bob, got = converse(plain, "one id")
    assert "forged" not in got, got
    (stanza_id,) = stamps(got, "bob@localhost")
    assert query(alice)[0] == [("one id", stanza_id)]
    assert query(bob)[0] == [("one id", stanza_id)]
    # the account lists the feature once, though mod_mam stamps too
    info = bob.iq("<query xmlns='http://jabber.org/protocol/disco#info'/>", to="bob@localhost")
    assert info.count(f"var='{SID}'") == 1, info


def test_same_mam_id_for_peers_alone_gives_one_id(meerkat, port):
    _, plain = start(meerkat, port,
                     MAM_MODULES + "  same_mam_id_for_peers = true\n")
    alice, bob, got = converse(plain, "shared")
    (stanza_id,) = stamps(got, "bob@localhost")
    assert query(alice)[0] == query(bob)[0] == [("shared", stanza_id)]


def test_without_the_option_each_archive_has_its_own_id(meerkat, port):
    _, plain = start(meerkat, port, MAM_MODULES)
    alice, bob, got = converse(plain, "two ids")
    (stanza_id,) = stamps(got, "bob@localhost")
    assert query(bob)[0] == [("two ids", stanza_id)]
    (sent,) = query(alice)[0]
    assert sent[1] != stanza_id


def test_messages_that_are_not_archived_are_stamped_too(meerkat, port):
    """Without mod_mam, and for what mod_mam leaves out (no-store hints, headlines)."""
    _, plain = start(meerkat, port, "[modules.mod_stanzaid]\n")
    _, bob, got = converse(plain, "not archived")
    (first,) = stamps(got, "bob@localhost")
    assert first != "forged-for-bob"
    alice = wire_login(plain, "alice", "a", resource="again")
    bob.received = b""
    alice.send("<message to='bob@localhost/wire' type='headline'><body>news</body></message>")
    (second,) = stamps(bob.read_until(r"<body>news</body>.*?</message>"), "bob@localhost")
    assert second != first

    _, plain2 = start(meerkat, free_port(),
                      MAM_MODULES + "[modules.mod_stanzaid]\n")
    _, _, kept_out = converse(plain2, "hinted", extra="<no-store xmlns='urn:xmpp:hints'/>")
    assert len(stamps(kept_out, "bob@localhost")) == 1
