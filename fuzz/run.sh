#!/usr/bin/env bash
# Runs one libFuzzer target, seeded from samples/, for a number of executions or seconds.
#   fuzz/run.sh TARGET [-runs=N | -max_total_time=S] [more libFuzzer flags]
# TARGET: iomem-reader | log-reader | check | repair. Crashes land in fuzz/out/crashes/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh iomem-reader|log-reader|check|repair [libFuzzer flags]}
shift
[ -x "fuzz/out/fuzz-$target" ] || fuzz/build.sh
corpus=fuzz/out/corpus/$target
crashes=fuzz/out/crashes/$target
mkdir -p "$corpus" "$crashes"
# Seed corpus: every sample capture file, and the regression inputs kept in the repo.
find samples -type f ! -name README.md ! -name expected.json -exec cp {} "$corpus"/ \;
cp fuzz/regressions/* "$corpus"/ 2>/dev/null || true
export ASAN_OPTIONS=${ASAN_OPTIONS:-symbolize=1:detect_leaks=0}
exec "fuzz/out/fuzz-$target" "$corpus" -artifact_prefix="$crashes/" -max_len=65536 -timeout=10 -rss_limit_mb=4096 "$@"
