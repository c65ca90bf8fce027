#!/usr/bin/env bash
# This build against an earlier one, in the same run: `events`, `check` and start-up, each timed
# alternately for both binaries (best of 5), reported as time ratios (< 1 means this build is
# faster). Writes the table between the compare markers of docs/performance.md.
#   bench/compare.sh BASE_REV [LOG_MB]      (default 100)
# BASE_REV is built in a worktree under bench/out (not committed). Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
base_rev=${1:?usage: bench/compare.sh BASE_REV [LOG_MB]}
mb=${2:-100}
out=bench/out
mkdir -p "$out"
base_sha=$(git rev-parse --short "$base_rev")
head_sha=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Package.swift || echo "+changes")

echo "building this tree (release, static Swift stdlib)…" >&2
swift build -c release --static-swift-stdlib --scratch-path .build-bench >&2
head_bin=.build-bench/release/iomem-audit
wt=$out/base-$base_sha
[ -d "$wt" ] || git worktree add --detach "$wt" "$base_sha" >&2
echo "building $base_sha…" >&2
(cd "$wt" && swift build -c release --static-swift-stdlib --scratch-path "../base-build-$base_sha" >&2)
base_bin=$out/base-build-$base_sha/release/iomem-audit

log=$out/dmesg-${mb}mb.log
[ -f "$log" ] || python3 bench/generate.py log "$mb" "$log"
devices=$out/devices-${mb}mb.log
[ -f "$devices" ] || python3 bench/generate.py devices "$mb" "$devices"
capture=$out/capture
[ -d "$capture" ] || python3 bench/generate.py capture "$capture"
roles=$out/roles-10000.log
[ -f "$roles" ] || python3 bench/generate.py roles 10000 "$roles"
paste=samples/seed-thread/paste.txt

rows=()
pair() {  # name, arguments (the binary goes in front)
  local name=$1 args=$2 tb tn rb rn
  # Alternate the binaries so drift in the machine's load falls on both.
  read -r tb rb < <(python3 bench/measure.py 2 "$base_bin $args")
  read -r tn rn < <(python3 bench/measure.py 2 "$head_bin $args")
  local tb2 rb2 tn2 rn2
  read -r tb2 rb2 < <(python3 bench/measure.py 3 "$base_bin $args")
  read -r tn2 rn2 < <(python3 bench/measure.py 3 "$head_bin $args")
  tb=$(awk "BEGIN{print ($tb2 < $tb ? $tb2 : $tb)}"); tn=$(awk "BEGIN{print ($tn2 < $tn ? $tn2 : $tn)}")
  rb=$(( rb2 > rb ? rb2 : rb )); rn=$(( rn2 > rn ? rn2 : rn ))
  rows+=("$name|$tb|$tn|$rb|$rn")
  echo "$name: $base_sha ${tb}s, $head_sha ${tn}s" >&2
}

pair "events --format ndjson ($mb MB log)" "events --format ndjson $log"
pair "check ($mb MB log)" "check --fail-on never $log"
pair "check ($mb MB log, many devices)" "check --fail-on never $devices"
pair "check (10 000 boots of every role)" "check --fail-on never --format json $roles"
pair "check (first + kdump capture)" "check --fail-on never $capture"
pair "check (seed-thread paste; start-up)" "check --fail-on never $paste"
pair "--version (start-up)" "--version"

doc=docs/performance.md
{
  echo "Measured by \`bench/compare.sh $base_sha $mb\` on $(date -u +%Y-%m-%d): $base_sha against $head_sha,"
  echo "both release builds with --static-swift-stdlib, timed alternately in one run, best of 5,"
  echo "peak RSS of the runs. Ratio is this build's time over the earlier one's (< 1 is faster)."
  echo
  echo "| command | $base_sha (s) | $head_sha (s) | ratio | RSS $base_sha (MiB) | RSS $head_sha (MiB) |"
  echo "|---|---|---|---|---|---|"
  for r in "${rows[@]}"; do
    IFS='|' read -r n tb tn rb rn <<< "$r"
    ratio=$(awk "BEGIN{ if ($tb > 0) printf \"%.2f\", $tn/$tb; else print \"–\" }")
    echo "| \`$n\` | $tb | $tn | $ratio | $(( rb / 1024 )) | $(( rn / 1024 )) |"
  done
} > "$out/compare.md"
python3 - "$doc" "$out/compare.md" <<'PY'
import sys
doc, table = sys.argv[1], open(sys.argv[2]).read()
start, end = "<!-- compare:start -->", "<!-- compare:end -->"
text = open(doc).read()
if start not in text:
    text += f"\n## This build against the previous one\n\n{start}\n{end}\n"
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
open(doc, "w").write(f"{head}{start}\n{table}{end}{tail}")
PY
cat "$out/compare.md"
echo "wrote $doc" >&2
