#!/usr/bin/env bash
# start-peer.sh NAME PIDFILE LOGFILE TIMEOUT_SEC -- COMMAND [ARGS...]
# CTest fixture setup: starts a peer (a node script from tests/peers) in the background, detached
# from CTest's pipes and process group, waits until it prints "READY <url>" on stdout, and records
# its pid in PIDFILE (stop-peer.sh reads it) and the URL in PIDFILE.url.
set -euo pipefail

if [[ $# -lt 6 || $5 != "--" ]]; then
  echo "usage: $0 NAME PIDFILE LOGFILE TIMEOUT_SEC -- COMMAND [ARGS...]" >&2
  exit 2
fi
name=$1 pidfile=$2 logfile=$3 timeout=$4
shift 5

peers_dir=$(cd "$(dirname "$0")/../peers" && pwd)
if [[ ! -d $peers_dir/node_modules/oidc-provider || ! -d $peers_dir/node_modules/playwright-core ]]; then
  echo "ERROR: $peers_dir/node_modules is missing or incomplete." >&2
  echo "       Run scripts/setup.sh (or: cd tests/peers && npm ci) before the integration tests." >&2
  exit 1
fi

# A peer left over from an interrupted run would hold the port: stop it first.
if [[ -f $pidfile ]]; then
  "$(dirname "$0")/stop-peer.sh" "$pidfile" || true
fi

mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
: >"$logfile"
# exec + setsid: $! is the peer itself, in its own session, with no fd shared with CTest (CTest
# waits for its pipes to close, so an inherited stdout would hang the setup test).
(exec setsid "$@" </dev/null >>"$logfile" 2>&1) &
pid=$!
echo "$pid" >"$pidfile"

deadline=$((SECONDS + timeout))
while ((SECONDS < deadline)); do
  if line=$(grep -m1 '^READY ' "$logfile"); then
    url=${line#READY }
    echo "$url" >"$pidfile.url"
    echo "$name is ready at $url (pid $pid, log $logfile)"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "ERROR: $name exited before it was ready. Its log ($logfile):" >&2
    sed 's/^/    /' "$logfile" >&2
    if grep -q EADDRINUSE "$logfile"; then
      echo "       The port is taken: another test run (or a leftover peer from one) is using it." >&2
      echo "       Stop it, or configure other ports: -DWB_TEST_IDP_PORT=... -DWB_TEST_HOPS_PORT=..." >&2
    fi
    rm -f "$pidfile"
    exit 1
  fi
  sleep 0.2
done

echo "ERROR: $name printed no READY line within ${timeout}s. Its log ($logfile):" >&2
sed 's/^/    /' "$logfile" >&2
"$(dirname "$0")/stop-peer.sh" "$pidfile" || true
exit 1
