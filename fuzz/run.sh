#!/usr/bin/env bash
# Runs libFuzzer targets one after another for a bounded time each, on a copy
# of their committed corpus, and prints executions and findings. `make fuzz`
# calls it; it can also be run by hand after a build with -DCHIBO_FUZZ=ON:
#
#   fuzz/run.sh BUILD_DIR SECONDS TARGET...     (targets: protocol csv http_path)
#   fuzz/run.sh --merge BUILD_DIR TARGET...     (adds what the runs found to fuzz/corpus/)
#
# Each target's work lives in BUILD_DIR/fuzz-out/TARGET/: corpus/ (seeded from
# fuzz/corpus/TARGET, and kept between runs so they build on each other),
# artifacts/ (crash-*, leak-*, timeout-*, oom-*: the findings), log.
# Exit status 1 when any target found something.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"

if [ "${1:-}" = "--merge" ]; then
  build="$2"; shift 2
  for t in "$@"; do
    work="$build/fuzz-out/$t/corpus"
    [ -d "$work" ] || { echo "fuzz: no runs of $t to merge ($work)" >&2; continue; }
    before=$(ls "$here/corpus/$t" | wc -l)
    # -merge=1 copies into the first directory only the inputs of the second
    # that reach code it does not (smallest first), named by their SHA-1.
    # -use_counters=0: new edges only, not new hit counts of known edges,
    # which keeps the committed corpus to a few hundred files.
    "$build/fuzz/fuzz_$t" -merge=1 -use_counters=0 -rss_limit_mb=2048 "$here/corpus/$t" "$work" >"$build/fuzz-out/$t/merge.log" 2>&1 ||
      { echo "fuzz: merge of $t failed, see $build/fuzz-out/$t/merge.log" >&2; exit 1; }
    echo "fuzz: $t corpus $before -> $(ls "$here/corpus/$t" | wc -l) files"
  done
  exit 0
fi

build="$1"; seconds="$2"; shift 2
status=0
summary=()
for t in "$@"; do
  bin="$build/fuzz/fuzz_$t"
  out="$build/fuzz-out/$t"
  [ -x "$bin" ] || { echo "fuzz: $bin not built (configure with -DCHIBO_FUZZ=ON)" >&2; exit 2; }
  mkdir -p "$out/corpus" "$out/artifacts"
  cp -n "$here/corpus/$t/"* "$out/corpus/" 2>/dev/null || true
  dict=()
  [ -f "$here/$t.dict" ] && dict=(-dict="$here/$t.dict")
  echo "fuzz: $t for ${seconds}s (log: $out/log)"
  "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/" "${dict[@]}" "$out/corpus" >"$out/log" 2>&1
  rc=$?
  execs=$(awk '/stat::number_of_executed_units/ {print $2}' "$out/log" | tail -1)
  secs=$(awk '/stat::average_exec_per_sec/ {print $2}' "$out/log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$out/log" | tail -1 | cut -d' ' -f2)
  found=$(find "$out/artifacts" -type f | wc -l)
  summary+=("$(printf '%-10s %12s execs %8s exec/s  cov %6s  corpus %5s  findings %s' \
    "$t" "${execs:-?}" "${secs:-?}" "${cov:-?}" "$(ls "$out/corpus" | wc -l)" "$found")")
  if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
    status=1
    grep -E '^(==[0-9]+== ?ERROR|SUMMARY|fuzz invariant|ALARM|==[0-9]+== ?out-of-memory)' "$out/log" | head -5
    find "$out/artifacts" -type f | sed 's/^/fuzz:   finding: /'
  fi
done
echo
printf '%s\n' "${summary[@]}"
exit $status
