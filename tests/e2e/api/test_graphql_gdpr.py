# SPDX-License-Identifier: Apache-2.0
"""gdpr.retrievePersonalData: a ZIP of CSV files with everything stored for one user."""

import csv
import io
import zipfile

from graphql_client import ADMIN_PATH, add_users, data_of, error_code, gql, start_graphql_server

MODULES = """
[modules.mod_roster]
[modules.mod_offline]
[modules.mod_vcard]
[modules.mod_private]
[modules.mod_last]
[modules.mod_mam]
  pm = {}
"""


def admin(server, query, variables=None):
    return data_of(gql(server.http_port, ADMIN_PATH, query, variables))


def rows(archive, name):
    with archive.open(name) as f:
        return list(csv.reader(io.TextIOWrapper(f, encoding="utf-8", newline="")))


def test_personal_data_export_holds_every_kind_of_data(meerkat, port, tmp_path):
    server = start_graphql_server(meerkat, port, modules=MODULES)
    add_users(server, {"alice@localhost": "secret", "bob@localhost": "secret"})
    admin(server, """mutation {
        vcard { setVcard(user: "alice@localhost",
                         vcard: {formattedName: "Alice, Liddell", nameComponents: {}}) { formattedName } }
        private { setPrivate(user: "alice@localhost",
                             elementString: "<notes xmlns='urn:example:notes'>remember</notes>") }
        last { setLast(user: "alice@localhost", timestamp: "2024-05-01T10:00:00Z",
                       status: "away \\"for now\\"") { status } }
        roster { addContact(user: "alice@localhost", contact: "bob@localhost", name: "Bob",
                            groups: ["friends", "work"]) }
        stanza { sendMessage(from: "bob@localhost", to: "alice@localhost",
                             body: "while you were out") { id } }
    }""")
    target = tmp_path / "alice.zip"
    result = admin(server, """query ($path: String!) { gdpr {
        retrievePersonalData(username: "alice", domain: "localhost", resultFilepath: $path) } }""",
                   {"path": str(target)})
    assert result["gdpr"]["retrievePersonalData"] == "Data retrieved"
    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == sorted([
            "account.csv", "roster.csv", "vcard.csv", "private.csv", "last.csv", "offline.csv",
            "mam_pm.csv"])
        assert rows(archive, "account.csv") == [["jid"], ["alice@localhost"]]
        assert rows(archive, "roster.csv")[1] == ["bob@localhost", "Bob", "none", "friends;work"]
        assert "Alice, Liddell" in rows(archive, "vcard.csv")[1][0]
        assert rows(archive, "private.csv")[1][0] == "urn:example:notes"
        assert "remember" in rows(archive, "private.csv")[1][1]
        assert rows(archive, "last.csv")[1] == ["2024-05-01T10:00:00Z", 'away "for now"']
        offline = rows(archive, "offline.csv")
        assert len(offline) == 2 and "while you were out" in offline[1][3]
        archived = rows(archive, "mam_pm.csv")
        assert any("while you were out" in row[4] and row[2] == "received" for row in archived[1:])
    # the export read the offline messages without taking them
    again = tmp_path / "again.zip"
    admin(server, """query ($path: String!) { gdpr {
        retrievePersonalData(username: "alice", domain: "localhost", resultFilepath: $path) } }""",
          {"path": str(again)})
    with zipfile.ZipFile(again) as archive:
        assert len(rows(archive, "offline.csv")) == 2


def test_export_errors(meerkat, port, tmp_path):
    server = start_graphql_server(meerkat, port, modules=MODULES)
    add_users(server, {"alice@localhost": "secret"})
    query = """query ($user: UserName!, $path: String!) { gdpr {
        retrievePersonalData(username: $user, domain: "localhost", resultFilepath: $path) } }"""
    status, body = gql(server.http_port, ADMIN_PATH, query,
                       {"user": "nobody", "path": str(tmp_path / "x.zip")})
    assert status == 200 and error_code(body) == "user_does_not_exist"
    status, body = gql(server.http_port, ADMIN_PATH, query,
                       {"user": "alice", "path": str(tmp_path / "missing" / "dir" / "x.zip")})
    assert status == 200 and error_code(body) == "file_not_written"
