# SPDX-License-Identifier: Apache-2.0
"""mod_mam (XEP-0313 with XEP-0059 paging and XEP-0359 stanza ids): what users send and
receive is archived once, received messages carry their archive id, slixmpp pages through
10,000 archived messages, filters and paging edges answer as the XEPs say, preferences decide
what is kept, bad queries get precise errors, and the archive goes with the account."""

import asyncio
import re
import threading
import time

from modules_server import free_port, start_modules_server, wire_login
from xmpp_client import TIMEOUT, Client, connected, run

MAM = "urn:xmpp:mam:2"
RSM = "http://jabber.org/protocol/rsm"
SID = "urn:xmpp:sid:0"

MODULES = """
[modules.mod_disco]
[modules.mod_roster]
[modules.mod_offline]
[modules.mod_register]
  access = "all"
  ip_access = [{address = "127.0.0.0/8", policy = "allow"}]
[modules.mod_mam]
  max_result_limit = 100
  default_result_limit = 20
[modules.mod_mam.pm]
"""


def start(meerkat, port):
    plain = free_port()
    server = start_modules_server(meerkat, port, MODULES, plain_port=plain)
    for user in ("alice", "bob", "carol"):
        server.add_user(f"{user}@localhost", user[0])
    return server, plain


def form(**fields):
    """A submitted MAM form; a list value becomes several <value/>s."""
    xml = f"<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>" \
          f"<value>{MAM}</value></field>"
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        xml += f"<field var='{name.replace('_', '-')}'>" + "".join(
            f"<value>{v}</value>" for v in values) + "</field>"
    return xml + "</x>"


def query(wire, filters="", paging="", extra="", qid="q1", to=None):
    """Runs a query; returns (bodies with their archive ids, the <fin/> text or the error)."""
    wire.received = b""
    text = wire.iq(f"<query xmlns='{MAM}' queryid='{qid}'>{filters}"
                   f"<set xmlns='{RSM}'>{paging}</set>{extra}</query>", type_="set", to=to)
    results = re.findall(rf"<result xmlns='{MAM}' queryid='{qid}' id='(\d+)'>.*?<body>([^<]*)"
                         r"</body>", wire.text)
    return [(body, archive_id) for archive_id, body in results], text


def send_chat(wire, to, bodies):
    wire.send("".join(f"<message to='{to}' type='chat'><body>{b}</body></message>"
                      for b in bodies))


def test_a_conversation_is_archived_on_both_sides_with_stanza_ids(meerkat, port):
    server, plain = start(meerkat, port)

    async def scenario():
        alice = await connected("alice@localhost/phone", "a", port, cafile=server.cafile,
                                plugins=["xep_0313", "xep_0359"])
        bob = await connected("bob@localhost/desk", "b", port, cafile=server.cafile)
        for i in range(3):
            bob.send_message(mto="alice@localhost", mbody=f"to alice {i}", mtype="chat")
            received = await alice.next_message()
            stamp = received.xml.find(f"{{{SID}}}stanza-id")
            assert stamp is not None and stamp.get("by") == "alice@localhost"
            alice.send_message(mto="bob@localhost", mbody=f"to bob {i}", mtype="chat")
            await bob.next_message()
        await asyncio.sleep(0.2)
        results = await alice["xep_0313"].retrieve(with_jid="bob@localhost")
        bodies = [m["mam_result"]["forwarded"]["stanza"]["body"] for m in
                  results["mam"]["results"]]
        assert bodies == [f"to {who} {i}" for i in range(3) for who in ("alice", "bob")]
        # the archive id of a received message is the one its stanza-id carried
        first = results["mam"]["results"][0]["mam_result"]
        assert first["forwarded"]["delay"]["stamp"] is not None
        await alice.quit()
        await bob.quit()

    run(scenario())
    # bob's archive has the same conversation from his side
    bob = wire_login(plain, "bob", "b")
    got, fin = query(bob, form(**{"with": "alice@localhost"}))
    assert [b for b, _ in got] == [f"to {who} {i}" for i in range(3) for who in ("alice", "bob")]
    assert "complete='true'" in fin and "<count>6</count>" in fin


def drain(wire):
    """Reads and drops everything the server sends `wire` until it is closed."""
    def run_drain():
        try:
            while wire.sock.recv(65536):
                pass
        except OSError:
            pass
    thread = threading.Thread(target=run_drain, daemon=True)
    thread.start()
    return thread


def test_slixmpp_pages_through_ten_thousand_messages(meerkat, port):
    server, plain = start(meerkat, port)
    # alice is online while they arrive (offline storage is not what is measured here)
    online = wire_login(plain, "alice", "a", resource="online")
    online.send("<presence/>")
    drain(online)
    bob = wire_login(plain, "bob", "b")
    total = 10000
    for start_at in range(0, total, 500):
        send_chat(bob, "alice@localhost/online",
                  (f"n{i}" for i in range(start_at, start_at + 500)))
    bob.iq("<ping xmlns='urn:xmpp:ping'/>", timeout=60)  # all of them are routed
    online.close()
    time.sleep(0.5)

    async def scenario():
        alice = Client("alice@localhost/pager", "a", port, cafile=server.cafile,
                       plugins=["xep_0313"])
        assert await alice.login(presence=False)  # no offline flood: read the archive
        seen = []
        async for message in alice["xep_0313"].iterate(with_jid="bob@localhost",
                                                       rsm={"max": 100}):
            seen.append(message["mam_result"]["forwarded"]["stanza"]["body"])
        assert seen == [f"n{i}" for i in range(total)]
        await alice.quit()

    run(scenario(), timeout=180)

    # the last page first, as clients load a conversation
    alice = wire_login(plain, "alice", "a")
    got, fin = query(alice, paging="<max>10</max><before/>")
    assert [b for b, _ in got] == [f"n{i}" for i in range(total - 10, total)]
    assert f"<first index='{total - 10}'>{got[0][1]}</first>" in fin
    assert "<count>10000</count>" in fin and "complete=" not in fin
    # and the page before it
    previous, fin = query(alice, paging=f"<max>10</max><before>{got[0][1]}</before>")
    assert [b for b, _ in previous] == [f"n{i}" for i in range(total - 20, total - 10)]
    # RSM <index/> jumps; max is capped by max_result_limit
    jumped, fin = query(alice, paging="<max>1000</max><index>5000</index>")
    assert len(jumped) == 100 and jumped[0][0] == "n5000"
    assert "<first index='5000'>" in fin


def test_filters_and_flip_page(meerkat, port):
    _, plain = start(meerkat, port)
    alice = wire_login(plain, "alice", "a")
    bob = wire_login(plain, "bob", "b")
    carol = wire_login(plain, "carol", "c", resource="tablet")
    send_chat(bob, "alice@localhost", ["hello from bob", "apples and pears"])
    time.sleep(1.1)
    middle = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    time.sleep(0.1)
    send_chat(carol, "alice@localhost", ["hello from carol", "pears only"])
    bob.iq("<ping xmlns='urn:xmpp:ping'/>")
    carol.iq("<ping xmlns='urn:xmpp:ping'/>")
    time.sleep(0.3)

    everything, _ = query(alice)
    assert [b for b, _ in everything] == ["hello from bob", "apples and pears",
                                           "hello from carol", "pears only"]
    ids = [i for _, i in everything]
    bodies = lambda got: [b for b, _ in got]  # noqa: E731
    assert bodies(query(alice, form(**{"with": "carol@localhost"}))[0]) == [
        "hello from carol", "pears only"]
    assert bodies(query(alice, form(**{"with": "carol@localhost/tablet"}))[0]) == [
        "hello from carol", "pears only"]
    assert bodies(query(alice, form(**{"with": "carol@localhost/other"}))[0]) == []
    assert bodies(query(alice, form(start=middle))[0]) == ["hello from carol", "pears only"]
    assert bodies(query(alice, form(end=middle))[0]) == ["hello from bob", "apples and pears"]
    assert bodies(query(alice, form(full_text_search="pears"))[0]) == [
        "apples and pears", "pears only"]
    assert bodies(query(alice, form(after_id=ids[1]))[0]) == ["hello from carol", "pears only"]
    assert bodies(query(alice, form(before_id=ids[1]))[0]) == ["hello from bob"]
    assert bodies(query(alice, form(ids=[ids[0], ids[3]]))[0]) == [
        "hello from bob", "pears only"]
    flipped, fin = query(alice, paging="<max>2</max><before/>", extra=f"<flip-page/>")
    assert bodies(flipped) == ["pears only", "hello from carol"]
    # <first/> and <last/> keep their meaning (the page's ends in time): paging on works
    assert f"<first index='2'>{ids[2]}</first><last>{ids[3]}</last>" in fin

    # what a client checks first: the account advertises the archive, then its form
    text = alice.iq("<query xmlns='http://jabber.org/protocol/disco#info'/>",
                    to="alice@localhost")
    for feature in (MAM, f"{MAM}#extended", SID):
        assert f"<feature var='{feature}'/>" in text, text
    text = alice.iq(f"<query xmlns='{MAM}'/>", type_="get")
    for var in ("with", "start", "end", "before-id", "after-id", "ids", "full-text-search"):
        assert f"var='{var}'" in text


def test_bad_queries_get_precise_errors(meerkat, port):
    _, plain = start(meerkat, port)
    alice = wire_login(plain, "alice", "a")
    bad = [
        (form(**{"with": "@@@"}), "", "bad-request", "with"),
        (form(start="yesterday"), "", "bad-request", "start"),
        (form(colour="blue"), "", "bad-request", "colour"),
        ("", "<max>many</max>", "bad-request", "max"),
        ("", "<after>not-an-id</after>", "item-not-found", "after"),
        ("", "<after>12345</after>", "item-not-found", "not in the archive"),
    ]
    for filters, paging, condition, mention in bad:
        _, text = query(alice, filters, paging)
        assert "type='error'" in text and f"<{condition} " in text, text
        assert mention in text, text
    # someone else's archive
    _, text = query(alice, to="bob@localhost")
    assert "<forbidden " in text, text
    # the server goes on
    _, fin = query(alice)
    assert "<fin " in fin


def test_preferences_decide_what_is_archived(meerkat, port):
    _, plain = start(meerkat, port)
    alice = wire_login(plain, "alice", "a")
    bob = wire_login(plain, "bob", "b")
    carol = wire_login(plain, "carol", "c")
    text = alice.iq(f"<prefs xmlns='{MAM}' default='never'><always><jid>bob@localhost</jid>"
                    "</always><never/></prefs>", type_="set")
    assert "default='never'" in text and "<jid>bob@localhost</jid>" in text
    send_chat(bob, "alice@localhost", ["kept"])
    send_chat(carol, "alice@localhost", ["not kept"])
    bob.iq("<ping xmlns='urn:xmpp:ping'/>")
    carol.iq("<ping xmlns='urn:xmpp:ping'/>")
    time.sleep(0.3)
    got, _ = query(alice)
    assert [b for b, _ in got] == ["kept"]
    text = alice.iq(f"<prefs xmlns='{MAM}'/>", type_="get")
    assert "default='never'" in text and "<always><jid>bob@localhost</jid></always>" in text
    _, text = query(alice, extra="")  # still answers
    bad = alice.iq(f"<prefs xmlns='{MAM}' default='sometimes'/>", type_="set")
    assert "<bad-request " in bad


def test_offline_messages_are_archived_once_and_forged_ids_are_removed(meerkat, port):
    server, plain = start(meerkat, port)
    bob = wire_login(plain, "bob", "b")
    # a client may not claim an archive id of the recipient's
    bob.send("<message to='alice@localhost' type='chat'><body>while away</body>"
             f"<stanza-id xmlns='{SID}' by='alice@localhost' id='forged'/></message>")
    bob.iq("<ping xmlns='urn:xmpp:ping'/>")
    time.sleep(0.3)

    async def scenario():
        alice = await connected("alice@localhost/back", "a", port, cafile=server.cafile)
        message = await alice.next_message()
        stamps = message.xml.findall(f"{{{SID}}}stanza-id")
        assert len(stamps) == 1 and stamps[0].get("id") != "forged"
        await alice.quit()
        return stamps[0].get("id")

    stamped = run(scenario())
    alice = wire_login(plain, "alice", "a")
    got, _ = query(alice)
    assert got == [("while away", stamped)]


def test_the_archive_goes_with_the_account(meerkat, port):
    server, plain = start(meerkat, port)
    bob = wire_login(plain, "bob", "b")
    send_chat(bob, "alice@localhost", ["remember me"])
    bob.iq("<ping xmlns='urn:xmpp:ping'/>")
    time.sleep(0.3)
    alice = wire_login(plain, "alice", "a")
    assert len(query(alice)[0]) == 1
    text = alice.iq("<query xmlns='jabber:iq:register'><remove/></query>", type_="set")
    assert "type='result'" in text, text
    server.add_user("alice@localhost", "a")
    again = wire_login(plain, "alice", "a")
    assert query(again)[0] == []
