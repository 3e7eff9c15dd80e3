#!/bin/sh
# Runs every scenario of issue 6, and a short soak of issue 7, against a chibo
# this script's load generator starts itself (bench/README.md). `short`
# (default, make bench): under 3 minutes in all. `full`: the sizes of the
# figures in bench/README.md.
set -eu
BUILD=${1:-build}
SCALE=${2:-short}
LG="$BUILD/bench/loadgen/chibo_loadgen"
CHIBO="$BUILD/server/chibo"
REF="$(dirname "$0")/reference/server.js"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB; $(uptime)"
status=0
if [ "$SCALE" = full ]; then
  "$LG" province-day --chibo "$CHIBO" --meetings 600 --members 29 --timeout 300 || status=1
  "$LG" congress --chibo "$CHIBO" --members 2000 --timeout 300 || status=1
  "$LG" reconnect-storm --chibo "$CHIBO" --meetings 600 --members 29 --timeout 300 || status=1
  "$LG" fan-out --chibo "$CHIBO" --reference "$REF" --members 1000 --events 500 --timeout 300 || status=1
  # Churn alone (the leak check), then with votes, meetings closing and
  # reopening every minute (bench/README.md, "Issue 7: soak").
  "$LG" soak --chibo "$CHIBO" --meetings 50 --members 29 --minutes 3 --no-votes --timeout 120 || status=1
  "$LG" soak --chibo "$CHIBO" --meetings 50 --members 29 --minutes 3 --timeout 120 || status=1
else
  "$LG" province-day --chibo "$CHIBO" --meetings 100 --members 29 --timeout 60 || status=1
  "$LG" congress --chibo "$CHIBO" --members 2000 --timeout 60 || status=1
  "$LG" reconnect-storm --chibo "$CHIBO" --meetings 100 --members 29 --timeout 60 || status=1
  "$LG" fan-out --chibo "$CHIBO" --reference "$REF" --members 500 --events 1000 --timeout 60 || status=1
  "$LG" soak --chibo "$CHIBO" --meetings 20 --members 29 --seconds 20 --timeout 60 || status=1
fi
echo "after: $(uptime)"
exit $status
