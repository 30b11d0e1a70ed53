#!/usr/bin/env bash
# Stops the Ralph that tests/lrs/start.sh DIR started, by the PID it recorded.
set -euo pipefail
pidfile=${1:?usage: $0 DIR}/ralph.pid
[ -f "$pidfile" ] || exit 0
pid=$(cat "$pidfile")
if kill "$pid" 2>/dev/null; then
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
fi
rm -f "$pidfile"
