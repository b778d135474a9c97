# SPDX-License-Identifier: Apache-2.0
"""Meerkat's GraphQL endpoints against graphql-js, the reference implementation: the
introspection result (fetched with graphql-js's own introspection query, as GraphiQL and other
tools send it) has to make a schema with buildClientSchema, and for a list of documents on the
admin schema Meerkat has to accept and reject exactly what graphql-js's parse and validate
accept and reject."""

import json
import subprocess

from graphql_client import ADMIN_PATH, DOMAIN_PATH, USER_PATH, gql, start_graphql_server
from js_client import JS_DIR

CHECKER = JS_DIR / "graphql_check.mjs"
SUBSCRIPTION_MESSAGE = "Subscriptions are served"


def run_checker(*args, stdin=None):
    result = subprocess.run(["node", str(CHECKER), *args], cwd=JS_DIR, input=stdin,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, (
        f"graphql_check.mjs {' '.join(args)} failed ({result.returncode}):\n"
        f"{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout)


def introspection_query():
    query = run_checker("--introspection-query")
    assert isinstance(query, str) and "__schema" in query
    return query


def check_with_graphql_js(introspection, queries):
    """graphql-js's verdicts, one {"valid", "errors"} a query; fails when buildClientSchema
    does not accept the introspection result."""
    answer = run_checker(stdin=json.dumps({"introspection": introspection, "queries": queries}))
    assert answer.get("ok") is True, answer
    assert len(answer["results"]) == len(queries)
    return answer["results"]


def fetch_introspection(port, path, query, auth):
    status, body = gql(port, path, query, auth=auth)
    assert status == 200, (path, status, body)
    assert "errors" not in body, (path, body)
    assert body["data"]["__schema"], (path, body)
    return body["data"]


# (label, document, extra request fields). Valid documents need not execute without errors:
# only whether the request is rejected before execution counts. Documents that need variables
# or an operation name get them, so that no request error other than validation can occur.
CASES = [
    # --- valid ---
    ("nested categories", 'query { account { listUsers(domain: "localhost") } '
     "stat { globalStats { uptimeSeconds registeredUsers } } }", {}),
    ("named query with __typename", "query Q { __typename stat { __typename } }", {}),
    ("fragment spread",
     "query { stat { globalStats { ...G } } } fragment G on GlobalStats { uptimeSeconds }", {}),
    ("nested fragments",
     "query { stat { ...S } } fragment S on StatsAdminQuery { globalStats { ...G } } "
     "fragment G on GlobalStats { onlineUsers }", {}),
    ("inline fragments on a union",
     "{ metric { getMetrics { __typename ... on CounterMetric { value ms_since_reset } "
     "... on SpiralMetric { one count } ... on HistogramMetric { n p99 } } } }", {}),
    ("same field on two union members", "{ metric { getMetrics { ... on CounterMetric "
     "{ value } ... on GaugeMetric { value } } } }", {}),
    ("fragment spread on a union member", "{ metric { getMetrics { ...C } } } "
     "fragment C on CounterMetric { name type value }", {}),
    ("inline fragment without a type condition",
     "{ stat { ... { globalStats { uptimeSeconds } } } }", {}),
    ("aliases", '{ a: account { n: countUsers(domain: "localhost") '
     'm: countUsers(domain: "example.test") } b: stat { __typename } }', {}),
    ("same alias, same field and arguments", '{ account { n: countUsers(domain: "localhost") '
     'n: countUsers(domain: "localhost") } }', {}),
    ("variables with defaults",
     'query L($domain: DomainName! = "localhost", $limit: PosInt = 10, $index: NonNegInt) '
     "{ account { listUsers(domain: $domain, limit: $limit, index: $index) } }", {}),
    ("nullable variable with a default in a non-null position",
     'query ($d: DomainName = "localhost") { account { countUsers(domain: $d) } }', {}),
    ("required variable supplied",
     "query ($d: DomainName!) { account { countUsers(domain: $d) } }",
     {"variables": {"d": "localhost"}}),
    ("list variable", "query ($n: [String]) { metric { getMetrics(name: $n) { __typename } } }",
     {"variables": {"n": ["sm"]}}),
    ("@include and @skip", "query ($yes: Boolean!) { stat @include(if: $yes) "
     "{ globalStats @skip(if: false) { uptimeSeconds @include(if: true) } } }",
     {"variables": {"yes": True}}),
    ("@skip on fragments", "{ stat { ...S @skip(if: true) ... on StatsAdminQuery "
     "@include(if: false) { __typename } } } fragment S on StatsAdminQuery { __typename }", {}),
    ("introspection", '{ __schema { queryType { name } types { name kind } } '
     '__type(name: "MetricResult") { possibleTypes { name } } }', {}),
    ("two operations, one chosen", "query A { __typename } query B { stat { __typename } }",
     {"operationName": "B"}),
    ("mutation", 'mutation { account { registerUser(domain: "localhost", username: "gqljs", '
     'password: "x") { jid message } } }', {}),
    ("mutation with an input list and enum", 'mutation { roster { addContacts(user: '
     '"a@localhost", contacts: [{jid: "b@localhost", name: "B", groups: ["g"]}]) } '
     "server { setLoglevel(level: DEBUG) } }", {}),
    ("subscription", 'subscription { stanza { subscribeForMessages(caller: "a@localhost") '
     "{ sender timestamp } } }", {}),
    ("subscription with a nested __typename", "subscription S { stanza { __typename "
     "subscribeForTraffic(limit: 5) { pid dir } } }", {}),
    ("subscription root field selected twice under one name",
     'subscription { s: stanza { subscribeForMessages(caller: "a@localhost") { sender } } '
     's: stanza { subscribeForMessages(caller: "a@localhost") { sender } } }', {}),
    ("punctuation, comments, block string", '# comment\n{ , account { checkPassword('
     'user: "a@localhost", password: """p\n"x" """) { correct } } , }', {}),
    ("object list argument coerced from one object", 'mutation { roster { addContacts('
     'user: "a@localhost", contacts: {jid: "b@localhost", name: "B"}) } }', {}),
    # Custom scalars: a client schema knows nothing about their literals, and Meerkat checks
    # them when the field runs (a field error next to data), so both accept the document.
    ("wrong literal for a custom scalar", "{ account { countUsers(domain: 5) } }", {}),
    ("out-of-range literal for a custom scalar",
     '{ account { listUsers(domain: "localhost", limit: 0) } }', {}),
    # --- invalid ---
    ("unknown field", '{ account { listUsers(domain: "localhost") unknownField } }', {}),
    ("unknown field on a union", "{ metric { getMetrics { name } } }", {}),
    ("missing required argument", "{ account { countUsers } }", {}),
    ("unknown argument", '{ account { countUsers(domain: "localhost", foo: 1) } }', {}),
    ("duplicate argument",
     '{ account { countUsers(domain: "localhost", domain: "example.test") } }', {}),
    ("wrong literal type for String", '{ account { checkPassword(user: "a@localhost", '
     "password: 5) { correct } } }", {}),
    ("wrong literal type for Int", 'mutation { session { setPresence(user: "a@localhost", '
     'type: AVAILABLE, priority: "high") { message } } }', {}),
    ("Int literal out of range", 'mutation { session { setPresence(user: "a@localhost", '
     "type: AVAILABLE, priority: 3000000000) { message } } }", {}),
    ("null for a non-null argument", "{ account { countUsers(domain: null) } }", {}),
    ("unknown variable", "{ account { countUsers(domain: $d) } }", {}),
    ("unused variable", "query ($d: DomainName) { stat { __typename } }", {}),
    ("duplicate variable", "query ($d: DomainName!, $d: DomainName!) "
     "{ account { countUsers(domain: $d) } }", {}),
    ("unknown variable type", "query ($d: NoSuchType) { stat { __typename } }", {}),
    ("variable of an output type", "query ($g: GlobalStats) { stat { __typename } }", {}),
    ("variable type mismatch", "query ($d: String!) { account { countUsers(domain: $d) } }",
     {"variables": {"d": "localhost"}}),
    ("nullable variable in a non-null position",
     "query ($d: DomainName) { account { countUsers(domain: $d) } }", {}),
    ("unused fragment", "{ stat { __typename } } fragment U on StatsAdminQuery { __typename }",
     {}),
    ("unknown fragment", "{ stat { ...Missing } }", {}),
    ("duplicate fragment names", "{ stat { ...F } } fragment F on StatsAdminQuery "
     "{ __typename } fragment F on StatsAdminQuery { globalStats { uptimeSeconds } }", {}),
    ("fragment cycle", "{ stat { ...A } } fragment A on StatsAdminQuery { ...B } "
     "fragment B on StatsAdminQuery { ...A }", {}),
    ("fragment on an unknown type", "{ stat { ...F } } fragment F on Nope { __typename }", {}),
    ("fragment on a scalar", "{ stat { ...F } } fragment F on Int { __typename }", {}),
    ("impossible fragment spread", "{ stat { ...G } } fragment G on GlobalStats "
     "{ uptimeSeconds }", {}),
    ("inline fragment on a type outside the union",
     "{ metric { getMetrics { ... on GlobalStats { uptimeSeconds } } } }", {}),
    ("leaf with a selection", '{ account { countUsers(domain: "localhost") { value } } }', {}),
    ("object without a selection", "{ stat { globalStats } }", {}),
    ("union without a selection", "{ metric { getMetrics } }", {}),
    ("duplicate operation names", "query Q { __typename } query Q { stat { __typename } }",
     {"operationName": "Q"}),
    ("anonymous and named operations", "{ __typename } query Q { stat { __typename } }",
     {"operationName": "Q"}),
    ("unknown directive", "{ stat @nope { __typename } }", {}),
    ("directive in the wrong place", "query @include(if: true) { stat { __typename } }", {}),
    ("schema directive on a field", "{ stat @protected { __typename } }", {}),
    ("repeated non-repeatable directive",
     "{ stat @skip(if: false) @skip(if: true) { __typename } }", {}),
    ("directive without its required argument", "{ stat @include { __typename } }", {}),
    ("enum value not in the enum", "mutation { server { setLoglevel(level: VERBOSE) } }", {}),
    ("string for an enum", 'mutation { server { setLoglevel(level: "DEBUG") } }', {}),
    ("input object missing a required field", 'mutation { roster { addContacts('
     'user: "a@localhost", contacts: [{jid: "b@localhost"}]) } }', {}),
    ("input object with an unknown field", 'mutation { roster { addContacts('
     'user: "a@localhost", contacts: [{jid: "b@localhost", name: "B", color: "red"}]) } }', {}),
    ("mutation field in a query", '{ account { registerUser(domain: "localhost", '
     'password: "x") { jid } } }', {}),
    ("subscription with two root fields",
     'subscription { a: stanza { subscribeForMessages(caller: "a@localhost") { sender } } '
     'b: stanza { subscribeForMessages(caller: "b@localhost") { sender } } }', {}),
    ("subscription with two root fields through a fragment",
     "subscription S { ...F } fragment F on AdminSubscription { a: stanza { __typename } "
     "b: stanza { __typename } }", {}),
    ("subscription with an introspection root field", "subscription { __typename }", {}),
    ("named subscription with an introspection root field",
     "subscription S { __schema { queryType { name } } }", {}),
    ("conflicting aliases with different arguments",
     '{ account { n: countUsers(domain: "localhost") n: countUsers(domain: "example.test") } }',
     {}),
    ("conflicting aliases with different fields",
     "{ stat { globalStats { a: uptimeSeconds a: onlineUsers } } }", {}),
    ("conflicting types on union members", "{ metric { getMetrics { ... on CounterMetric "
     "{ x: value } ... on HistogramMetric { x: name } } } }", {}),
    ("__type without its argument", "{ __type { name } }", {}),
    ("type definition in a request", "type X { a: Int } { __typename }", {}),
    ("syntax error: unclosed argument list", '{ account { listUsers(domain: "localhost" } }',
     {}),
    ("syntax error: empty selection", "{ stat { } }", {}),
    ("syntax error: unterminated string", '{ account { countUsers(domain: "localhost) } }', {}),
    ("syntax error: variable in a default value",
     "query ($a: Int = $b, $b: Int) { stat { __typename } }", {}),
    ("syntax error: trailing garbage", "{ stat { __typename } } }", {}),
    ("syntax error: fragment named on", "{ stat { ...on } } fragment on on StatsAdminQuery "
     "{ __typename }", {}),
    ("syntax error: empty document", "", {}),
]


def meerkat_verdict(status, body):
    """True (valid) unless the request was rejected before execution: HTTP 400 with errors
    and no data. The POST path refuses subscriptions only after validating them."""
    if status != 400 or not isinstance(body, dict) or "data" in body or not body.get("errors"):
        return True
    messages = [error.get("message", "") for error in body["errors"]]
    return len(messages) == 1 and messages[0].startswith(SUBSCRIPTION_MESSAGE)


def shorten(text, width=110):
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 1] + "…"


def test_validation_agrees_with_graphql_js(meerkat, port):
    start_graphql_server(meerkat, port)
    introspection = fetch_introspection(port, ADMIN_PATH, introspection_query(),
                                        ("admin", "secret"))
    labels = [label for label, _, _ in CASES]
    assert len(set(labels)) == len(labels)
    expected = check_with_graphql_js(introspection, [query for _, query, _ in CASES])

    rows = []
    mismatches = 0
    for (label, query, extra), reference in zip(CASES, expected):
        status, body = gql(port, ADMIN_PATH, query, variables=extra.get("variables"),
                           operation_name=extra.get("operationName"))
        ours = meerkat_verdict(status, body)
        agree = ours == reference["valid"]
        mismatches += not agree
        errors = body.get("errors") if isinstance(body, dict) else body
        ours_text = f"HTTP {status} " + "; ".join(
            e.get("message", "") if isinstance(e, dict) else str(e) for e in errors or [])
        rows.append((agree, label, reference, ours, ours_text, query))

    if mismatches:
        lines = [f"{mismatches} of {len(CASES)} documents judged differently:",
                 f"{'':2} {'case':48} {'graphql-js':10} {'meerkat':8}"]
        for agree, label, reference, ours, ours_text, query in rows:
            mark = "  " if agree else "!!"
            js = "valid" if reference["valid"] else "invalid"
            mk = "valid" if ours else "invalid"
            lines.append(f"{mark} {label[:48]:48} {js:10} {mk:8}")
            if not agree:
                lines.append(f"     query:      {shorten(query)}")
                lines.append(f"     graphql-js: {shorten('; '.join(reference['errors']))}")
                lines.append(f"     meerkat:    {shorten(ours_text)}")
        raise AssertionError("\n".join(lines))

    # Both sides reject the invalid half and accept the valid half, so the list tests something.
    assert any(r[2]["valid"] for r in rows) and any(not r[2]["valid"] for r in rows)


def check_introspection_sane(data, roots):
    schema = data["__schema"]
    assert [schema["queryType"]["name"], schema["mutationType"]["name"],
            schema["subscriptionType"]["name"]] == list(roots)
    types = {}
    for t in schema["types"]:
        assert t["name"] not in types, f"type {t['name']} listed twice"
        types[t["name"]] = t
    for name in roots + ("String", "Int", "Boolean", "Float", "ID", "__Schema", "__Type",
                         "__Field", "__InputValue", "__EnumValue", "__Directive",
                         "__TypeKind", "__DirectiveLocation"):
        assert name in types, f"{name} missing from the introspection result"
    for name in roots:
        assert types[name]["kind"] == "OBJECT" and types[name]["fields"], name
    for name, t in types.items():
        kind = t["kind"]
        assert kind in ("SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT"), t
        has = {key: t.get(key) is not None for key in
               ("fields", "interfaces", "possibleTypes", "enumValues", "inputFields")}
        assert has["fields"] == (kind in ("OBJECT", "INTERFACE")), (name, kind, has)
        assert has["possibleTypes"] == (kind in ("UNION", "INTERFACE")), (name, kind, has)
        assert has["enumValues"] == (kind == "ENUM"), (name, kind, has)
        assert has["inputFields"] == (kind == "INPUT_OBJECT"), (name, kind, has)
        if kind == "OBJECT":
            assert t["interfaces"] is not None, name
        for collection in ("fields", "enumValues", "inputFields", "possibleTypes"):
            if t.get(collection) is not None:
                assert t[collection], f"{name}.{collection} is empty"
        if not name.startswith("__"):
            assert name[0].isalpha() or name[0] == "_", name
    directives = {d["name"]: d for d in schema["directives"]}
    for name in ("include", "skip", "deprecated"):
        assert name in directives, f"@{name} missing"
    assert set(directives["include"]["locations"]) == {"FIELD", "FRAGMENT_SPREAD",
                                                        "INLINE_FRAGMENT"}
    return types


def test_introspection_builds_client_schemas(meerkat, port):
    server = start_graphql_server(meerkat, port)
    server.add_user("alice@localhost", "wonderland")
    query = introspection_query()
    admin = fetch_introspection(port, ADMIN_PATH, query, ("admin", "secret"))
    user = fetch_introspection(port, USER_PATH, query, ("alice@localhost", "wonderland"))
    domain = fetch_introspection(port, DOMAIN_PATH, query, None)
    assert domain == admin

    # GET serves the same result as POST.
    status, body = gql(port, ADMIN_PATH, query, method="GET")
    assert status == 200 and body == {"data": admin}

    admin_types = check_introspection_sane(admin, ("AdminQuery", "AdminMutation",
                                                   "AdminSubscription"))
    user_types = check_introspection_sane(user, ("UserQuery", "UserMutation",
                                                 "UserSubscription"))
    assert "AdminQuery" not in user_types
    assert {t["name"] for t in admin_types["MetricResult"]["possibleTypes"]} == {
        "HistogramMetric", "CounterMetric", "SpiralMetric", "GaugeMetric"}
    assert "protected" in {d["name"] for d in admin["__schema"]["directives"]}

    # The main check: graphql-js makes a schema of each, and a document valid on one is
    # judged as such.
    probe = ['{ stat { globalStats { uptimeSeconds } } }',
             '{ session { listResources } }']
    assert [r["valid"] for r in check_with_graphql_js(admin, probe)] == [True, False]
    assert [r["valid"] for r in check_with_graphql_js(user, ["{ checkAuth { authStatus } }",
                                                             "{ stat { __typename } }"])] == [
        True, False]
