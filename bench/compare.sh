#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Runs one meerkat-bench scenario against Meerkat, ejabberd and Prosody, one after the other, each
# server pinned to one core and the generator to another, and prints the results side by side
# with the peers' ratio to Meerkat.
#
# usage: bench/compare.sh SCENARIO [meerkat-bench options…]
#   e.g. bench/compare.sh idle --sessions 10000 --login-rate 500 --mechanism scram-sha-1
#        bench/compare.sh chat --sessions 1000 --rate 20000 --duration 20
#
# Environment:
#   SERVERS      which servers, in order (default "meerkat ejabberd prosody")
#   USERS        accounts user1/pass1 … created in each server (default: the --sessions value)
#   PEERS        the ejabberd.sh and prosody.sh set-up scripts of the shared benchmark harness
#                (default: shared/bench/peers next to this repository's checkout)
#   SERVER_CPU, LOADGEN_CPU  cores for the server and the generator (default 0 and 1)
#   BUILD_DIR    where meerkat and meerkat-bench were built (default build-release)
#   OUT          results directory (default a new one under /tmp)
# Every server starts from an empty data directory, so each run also creates the accounts:
# Meerkat imports a CSV file, Prosody's script writes account files, and ejabberd's registers
# over its HTTP API (minutes for tens of thousands of users).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCENARIO=${1:?usage: bench/compare.sh SCENARIO [meerkat-bench options…]}
shift
SERVERS=${SERVERS:-"meerkat ejabberd prosody"}
PEERS=${PEERS:-$(cd "$ROOT/.." && pwd)/shared/bench/peers}
SERVER_CPU=${SERVER_CPU:-0}
LOADGEN_CPU=${LOADGEN_CPU:-1}
BUILD_DIR=${BUILD_DIR:-$ROOT/build-release}
OUT=${OUT:-$(mktemp -d /tmp/meerkat-compare.XXXXXX)}
USERS=${USERS:-$(printf '%s\n' "$@" | grep -A1 -x -- --sessions | tail -1 | grep -E '^[0-9]+$' || echo 1000)}
# Without this, Erlang's schedulers spin while idle and ejabberd's CPU time counts the spinning.
export ERL_EXTRA=${ERL_EXTRA:-"+sbwt none +sbwtdcpu none +sbwtdio none"}
ulimit -n "$(ulimit -Hn)"

start_meerkat() {
  local dir=$OUT/meerkat-data
  mkdir -p "$dir"
  seq 1 "$USERS" | sed 's/.*/user&,localhost,pass&/' > "$dir/users.csv"
  (cd "$dir" && "$BUILD_DIR/src/meerkat" --config "$ROOT/bench/meerkat.toml" account import users.csv)
  (cd "$dir" && exec taskset -c "$SERVER_CPU" "$BUILD_DIR/src/meerkat" \
      --config "$ROOT/bench/meerkat.toml" >"$dir/meerkat.log" 2>&1) &
  PID=$!
  PORT=5222
  for _ in $(seq 100); do ss -ltn | grep -q "127.0.0.1:$PORT " && return; sleep 0.1; done
  echo "meerkat did not start" >&2; exit 1
}
stop_meerkat() { kill "$PID"; wait "$PID" || true; }

start_ejabberd() {
  export DIR=$OUT/ejabberd-data CPU=$SERVER_CPU N=$USERS
  PID=$("$PEERS/ejabberd.sh" start | tail -1)
  "$PEERS/ejabberd.sh" register
  PORT=15222
}
stop_ejabberd() { "$PEERS/ejabberd.sh" stop >/dev/null; }

start_prosody() {
  export DIR=$OUT/prosody-data CPU=$SERVER_CPU N=$USERS
  PID=$("$PEERS/prosody.sh" start | tail -1)
  "$PEERS/prosody.sh" register
  PORT=16222
}
stop_prosody() { "$PEERS/prosody.sh" stop; }

for server in $SERVERS; do
  echo "== $server: $SCENARIO $*" >&2
  "start_$server" >&2
  sleep 2  # let start-up work finish before the baseline is read
  taskset -c "$LOADGEN_CPU" "$BUILD_DIR/bench/meerkat-bench" "$SCENARIO" --port "$PORT" \
      --server-pid "$PID" "$@" | tee "$OUT/$server.txt" >&2 || true
  "stop_$server" >&2
done

/usr/bin/python3 - "$OUT" $SERVERS <<'PY'
import json, os, sys
out, servers = sys.argv[1], sys.argv[2:]
results = {}
for server in servers:
    lines = [l for l in open(os.path.join(out, server + ".txt")) if l.startswith("{")]
    results[server] = json.loads(lines[-1]) if lines else {}
base = results.get(servers[0], {})
keys = list(base) + [k for s in servers[1:] for k in results[s] if k not in base]
header = ["metric"] + servers + [f"{s} / {servers[0]}" for s in servers[1:]]
print("| " + " | ".join(header) + " |")
print("|" + "---|" * len(header))
for key in keys:
    values = [results[s].get(key, "") for s in servers]
    ratios = []
    for s in servers[1:]:
        a, b = base.get(key), results[s].get(key)
        numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (a, b))
        ratios.append(f"{b / a:.1f}" if numeric and a else "")
    print("| " + " | ".join([key] + [str(v) for v in values] + ratios) + " |")
print(f"(raw results in {out})")
PY
