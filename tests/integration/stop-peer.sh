#!/usr/bin/env bash
# stop-peer.sh PIDFILE
# CTest fixture cleanup: stops the peer started by start-peer.sh (SIGTERM, then SIGKILL after 5 s)
# and removes PIDFILE. Succeeds when there is nothing to stop.
set -euo pipefail

pidfile=${1:?usage: $0 PIDFILE}
if [[ ! -f $pidfile ]]; then
  echo "no pid file $pidfile: nothing to stop"
  exit 0
fi
pid=$(<"$pidfile")
rm -f "$pidfile" "$pidfile.url"

# Only signal the process we started: a recycled pid would not be running node.
if [[ ! $pid =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null \
   || ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q node; then
  echo "peer $pid is not running"
  exit 0
fi

kill -TERM "$pid"
for _ in $(seq 50); do
  kill -0 "$pid" 2>/dev/null || { echo "stopped peer $pid"; exit 0; }
  sleep 0.1
done
echo "peer $pid ignored SIGTERM for 5 s; killing it" >&2
kill -KILL "$pid" 2>/dev/null || true
exit 0
