#!/usr/bin/env bash
# Browser tests: ./run.sh <path-to-chibo-binary>
# Starts the server on a free port with demo data in a temporary database,
# then runs every *.test.mjs here (node's test runner, one file at a time)
# against it with headless Debian Chromium. Exits with the runner's code.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:?usage: run.sh <path-to-chibo-binary>}"
die() { echo "e2e: $*" >&2; exit 2; }
[ -x "$bin" ] || die "$bin is not an executable file"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
command -v node >/dev/null || die "node is not installed"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || die "${CHROMIUM:-/usr/bin/chromium} is missing (apt-get install chromium)"

cd "$here" || exit 2
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || die "npm ci failed"
fi

tmp="$(mktemp -d)"
log="$tmp/server.log"
"$bin" serve --db "$tmp/e2e.db" --listen 127.0.0.1:0 --demo >"$log" 2>&1 &
pid=$!
cleanup() {
  kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

url=""
for _ in $(seq 1 200); do   # 20 s
  url="$(grep -a -o -m1 'chibo: listening on http://127\.0\.0\.1:[0-9]*' "$log" | sed 's/^chibo: listening on //')"
  [ -n "$url" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "e2e: the server exited before listening; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$url" ]; then
  echo "e2e: no 'chibo: listening on http://127.0.0.1:<port>' line from the server within 20 s; its output:" >&2
  cat "$log" >&2
  exit 1
fi
echo "e2e: server at $url (pid $pid)"

CHIBO_URL="$url" CHIBO_BIN="$bin" node --test --test-concurrency=1 "$here"/*.test.mjs
rc=$?
if [ "$rc" -ne 0 ]; then
  echo "e2e: tests failed (exit $rc); last server output:" >&2
  tail -n 60 "$log" >&2
fi
exit "$rc"
