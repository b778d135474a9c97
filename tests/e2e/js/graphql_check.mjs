// SPDX-License-Identifier: Apache-2.0
// Checks GraphQL documents with graphql-js, the reference implementation, so the end-to-end
// tests can compare its verdicts with the server's.
//
//   node graphql_check.mjs --introspection-query
//     prints the text of graphql-js's getIntrospectionQuery() (what GraphiQL and other tools
//     send) as a JSON string.
//   node graphql_check.mjs < {"introspection": <data of the introspection query>,
//                             "queries": ["{ ... }", ...]}
//     builds a client schema from the introspection result and prints
//     {"ok": true, "results": [{"valid": bool, "errors": ["message", ...]}, ...]}:
//     one entry a query, valid when parse and validate report nothing.
// Exits with status 1 and {"ok": false, "error": ...} when the introspection result does not
// make a schema (buildClientSchema throws) or the input is not what it should be.

import { buildClientSchema, getIntrospectionQuery, parse, validate } from "graphql";

function fail(message) {
  process.stdout.write(JSON.stringify({ ok: false, error: message }) + "\n");
  process.exit(1);
}

function check(schema, query) {
  let document;
  try {
    document = parse(query);
  } catch (error) {
    return { valid: false, errors: [error.message] };
  }
  const errors = validate(schema, document);
  return { valid: errors.length === 0, errors: errors.map((e) => e.message) };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

if (process.argv.includes("--introspection-query")) {
  process.stdout.write(JSON.stringify(getIntrospectionQuery()) + "\n");
  process.exit(0);
}

let input;
try {
  input = JSON.parse(await readStdin());
} catch (error) {
  fail(`input is not JSON: ${error.message}`);
}
if (!input || typeof input.introspection !== "object" || !Array.isArray(input.queries)) {
  fail("input needs an introspection object and a queries array");
}

let schema;
try {
  schema = buildClientSchema(input.introspection);
} catch (error) {
  fail(`buildClientSchema failed: ${error.stack || error.message}`);
}

const results = input.queries.map((query) => check(schema, query));
process.stdout.write(JSON.stringify({ ok: true, results }) + "\n");
