#!/usr/bin/env bash
# Starts Ralph's LRS on 127.0.0.1:PORT with its file backend, data and credentials in DIR.
#   tests/lrs/start.sh DIR PORT [CORS_ORIGIN...]
# Writes DIR/ralph.pid (stop it with tests/lrs/stop.sh DIR), DIR/authorization (the value of the
# Authorization header: a test-only user with a random password, created with `ralph auth`),
# DIR/ralph.log; waits until the LRS answers, then prints its xAPI endpoint.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 2 ] || { echo "usage: $0 DIR PORT [CORS_ORIGIN...]" >&2; exit 2; }
dir=$(mkdir -p "$1" && cd "$1" && pwd)
port=$2
shift 2
py=$here/.venv/bin/python
[ -x "$here/.venv/bin/ralph" ] || { echo "error: Ralph is not installed: run tests/lrs/install.sh" >&2; exit 1; }
origins=$("$py" -c 'import json, sys; print(json.dumps(sys.argv[1:]))' "$@")

mkdir -p "$dir/data"
rm -f "$dir/auth.json"
export RALPH_APP_DIR=$dir
export RALPH_AUTH_FILE=$dir/auth.json
export RALPH_RUNSERVER_BACKEND=fs
export RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=$dir/data
export RALPH_RUNSERVER_CORS_ALLOW_ORIGINS=$origins
user=coursepack-test
password=$("$py" -c 'import secrets; print(secrets.token_urlsafe(18))')
"$here/.venv/bin/ralph" auth -u "$user" -p "$password" -s all -A coursepack-test https://lrs.coursepack.invalid -w >"$dir/ralph.log" 2>&1
printf 'Basic %s' "$(printf '%s:%s' "$user" "$password" | base64 -w0)" >"$dir/authorization"

nohup "$py" "$here/ralph_lrs.py" "$port" >>"$dir/ralph.log" 2>&1 </dev/null &
echo $! >"$dir/ralph.pid"
for _ in $(seq 1 150); do
  if "$py" -c "import urllib.request, sys; urllib.request.urlopen('http://127.0.0.1:$port/__heartbeat__', timeout=1)" 2>/dev/null; then
    echo "http://127.0.0.1:$port/xAPI/"
    exit 0
  fi
  kill -0 "$(cat "$dir/ralph.pid")" 2>/dev/null || break
  sleep 0.2
done
echo "error: Ralph did not start; its log:" >&2
cat "$dir/ralph.log" >&2
kill "$(cat "$dir/ralph.pid")" 2>/dev/null || true
exit 1
