#!/usr/bin/env bash
# Side-by-side benchmark: iomem-audit against wc -l, rg, grep -E, awk and insights-core's
# DmesgLineList on the same generated inputs, in one run. Writes docs/performance.md.
#   bench/run.sh [LOG_MB]      (default 200)
#   LARGE=1 bench/run.sh       also: 10 million iomem lines, and a 10 GB log streamed through stdin
# Not part of CI. Installs ripgrep (Debian) and insights-core (throwaway venv) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift >/dev/null || export PATH=/opt/swift/usr/bin:$PATH
mb=${1:-200}
out=bench/out
mkdir -p "$out"
command -v rg >/dev/null || { apt-get update -qq && apt-get install -y -qq ripgrep; }
[ -x "$out/venv/bin/python" ] || { python3 -m venv "$out/venv" && "$out/venv/bin/pip" install --quiet insights-core; }

echo "building (release, static Swift stdlib)…" >&2
swift build -c release --static-swift-stdlib --scratch-path .build-bench >&2
bin=.build-bench/release/iomem-audit

log=$out/dmesg-${mb}mb.log
[ -f "$log" ] || python3 bench/generate.py log "$mb" "$log"
iomem=$out/iomem-1m.txt
[ -f "$iomem" ] || python3 bench/generate.py iomem 1000000 "$iomem"
capture=$out/capture
[ -d "$capture" ] || python3 bench/generate.py capture "$capture"
paste=$out/paste-200.txt
{ cat samples/seed-thread/paste.txt samples/gen1-hyperv-highmmio-vram/serial-console.log; head -41 samples/seed-thread/paste.txt; } > "$paste"
backwards=$out/backwards-1m.log
[ -f "$backwards" ] || python3 bench/generate.py backwards 1000000 "$backwards"
boots=$out/boots-100k.log
[ -f "$boots" ] || python3 bench/generate.py boots 100000 "$boots"

# The literal prefixes the event catalog's prefilter compares (`events --list-prefixes`), as one
# regex-escaped alternation for rg and grep -E. (The dev_printk PCI-address shape it also tests is
# not a literal and is left out, which only makes the references' job smaller.)
pattern=$("$bin" events --list-prefixes | sed 's/[][\.*^$+?(){}|/]/\\&/g' | paste -sd'|')
echo "prefilter literals: $pattern" >&2

# best-of-3 wall seconds and the peak RSS (KiB) of one command
measure() { python3 bench/measure.py 3 "$1"; }

rows=()
row() {  # name, input, command[, bytes when the command reads more than the input file once]
  local name=$1 input=$2 cmd=$3
  read -r t rss < <(measure "$cmd")
  local bytes; bytes=${4:-$(stat -c %s "$input")}
  local mbps; mbps=$(awk "BEGIN{printf \"%.0f\", $bytes/1e6/($t>0?$t:0.0001)}")
  rows+=("$name|$input|$t|$mbps|$rss|$bytes")
  echo "$name: ${t}s ${mbps} MB/s ${rss} KiB" >&2
}

row "wc -l" "$log" "wc -l $log"
row "rg -c" "$log" "rg -c '$pattern' $log"
row "grep -cE" "$log" "grep -cE '$pattern' $log"
row "insights-core DmesgLineList get/get_after" "$log" "$out/venv/bin/python bench/insights_peer.py $log"
row "iomem-audit events --format ndjson" "$log" "$bin events --format ndjson $log"
row "iomem-audit boots (1M backwards stamps)" "$backwards" "$bin boots $backwards"
row "wc -l (1M backwards stamps)" "$backwards" "wc -l $backwards"
row "iomem-audit boots (100k boots)" "$boots" "$bin boots $boots"
row "wc -l (iomem 1M lines)" "$iomem" "wc -l $iomem"
row "awk -F' : ' (iomem 1M lines)" "$iomem" "awk -F' : ' '{n[\$2]++} END{print length(n)}' $iomem"
row "iomem-audit parse --format json (iomem 1M lines)" "$iomem" "$bin parse --format json $iomem"
row "iomem-audit check (first + kdump capture)" "$capture/serial-console.log" "$bin check --fail-on never $capture"
if [ "${LARGE:-0}" = 1 ]; then
  iomem10=$out/iomem-10m.txt
  [ -f "$iomem10" ] || python3 bench/generate.py iomem 10000000 "$iomem10"
  row "wc -l (iomem 10M lines)" "$iomem10" "wc -l $iomem10"
  row "iomem-audit parse --format iomem (iomem 10M lines)" "$iomem10" "$bin parse --format iomem $iomem10"
  # 10 GB: the 200 MB log fifty times over one pipe (printk time restarts: fifty boots each).
  reps=$(( 10000 / mb ))
  big=$(( reps * $(stat -c %s "$log") ))
  row "wc -l on cat x$reps (10 GB stream)" "stream" "bash -c 'for i in \$(seq $reps); do cat $log; done | wc -l'" "$big"
  row "iomem-audit events - on cat x$reps (10 GB stream)" "stream" "bash -c 'for i in \$(seq $reps); do cat $log; done | $bin events --format ndjson -'" "$big"
fi
row "cat (200-line paste)" "$paste" "cat $paste"
row "iomem-audit check (200-line paste)" "$paste" "$bin check --fail-on never $paste"

# Scale (issue 15): check against events on the same logs, per-boot cost over many boots of
# every role, and a generated fleet of small VMs with one job, two jobs and a shell loop.
devices=$out/devices-${mb}mb.log
[ -f "$devices" ] || python3 bench/generate.py devices "$mb" "$devices"
fleet=$out/fleet-10k
[ -d "$fleet" ] || python3 bench/generate.py fleet 10000 "$fleet"
loopset=$out/fleet-loop
[ -d "$loopset" ] || { mkdir -p "$loopset"; cp -r "$fleet"/cust00[0-4] "$loopset"/; }  # 500 VMs
scale=()
srow() {  # name, command, unit count, unit name
  read -r t rss < <(python3 bench/measure.py "${5:-3}" "$2")
  scale+=("$1|$t|$rss|$3|$4")
  echo "$1: ${t}s ${rss} KiB" >&2
}
srow "events ($mb MB log)" "$bin events --format ndjson $log" "$(stat -c %s "$log")" bytes
srow "check ($mb MB log)" "$bin check --fail-on never $log" "$(stat -c %s "$log")" bytes
srow "events ($mb MB log, many devices)" "$bin events --format ndjson $devices" "$(stat -c %s "$devices")" bytes
srow "check ($mb MB log, many devices)" "$bin check --fail-on never $devices" "$(stat -c %s "$devices")" bytes
for n in 10000 100000 $([ "${LARGE:-0}" = 1 ] && echo 1000000); do
  roles=$out/roles-$n.log
  [ -f "$roles" ] || python3 bench/generate.py roles "$n" "$roles"
  srow "check ($n boots of every role)" "$bin check --fail-on never --format json $roles" "$n" boots 1
done
srow "check --jobs 1 (10 000 VMs)" "$bin check --fail-on never --format json --jobs 1 $fleet" 10000 VMs 1
srow "check --jobs 2 (10 000 VMs)" "$bin check --fail-on never --format json --jobs 2 $fleet" 10000 VMs 1
rm -f "$out/fleet.sqlite"*
srow "check --db, first run (10 000 VMs)" "$bin check --fail-on never --format json --db $out/fleet.sqlite $fleet" 10000 VMs 1
srow "check --db, unchanged re-run (10 000 VMs)" "$bin check --fail-on never --format json --db $out/fleet.sqlite $fleet" 10000 VMs 1
srow "shell loop, one check per VM (500 VMs)" \
  "bash -c 'for d in $loopset/*/*/; do $bin check --fail-on never --format json \$d; done'" 500 VMs 1
# The Spark job in local mode on 1 000 of those VMs, against check --db on the same VMs.
spark1k=$out/fleet-1k
[ -d "$spark1k" ] || { mkdir -p "$spark1k"; cp -r "$fleet"/cust00[0-9] "$spark1k"/; }
rm -f "$out/fleet-1k.sqlite"*
srow "check --jobs 2 --db (1 000 VMs)" \
  "$bin check --fail-on never --format json --jobs 2 --force --db $out/fleet-1k.sqlite $spark1k" 1000 VMs 1
if python3 -c 'import pyspark' 2>/dev/null; then
  submit=$(python3 -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit"))')
  rm -f "$out/spark-1k.sqlite"*
  srow "Spark job, local[2] (1 000 VMs)" \
    "$submit --master local[2] --conf spark.ui.enabled=false fleet/spark/iomem_audit_spark.py --binary $bin --output $out/spark-1k --db $out/spark-1k.sqlite $spark1k" 1000 VMs 1
fi

get() { for r in "${rows[@]}"; do IFS='|' read -r n _ t _ _ _ <<< "$r"; if [ "$n" = "$1" ]; then echo "$t"; fi; done; }
wc_t=$(get "wc -l"); rg_t=$(get "rg -c"); ins_t=$(get "insights-core DmesgLineList get/get_after")

doc=docs/performance.md
{
  echo "Measured by \`bench/run.sh $mb\` on $(date -u +%Y-%m-%d): best of 3 wall-clock runs, peak RSS of the three."
  echo "Inputs are generated deterministically by \`bench/generate.py\` (not committed). Ratios compare"
  echo "throughput on the same input in the same run (> 1 means faster than the reference)."
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB RAM, $(uname -sr); Swift $(swift --version 2>&1 | head -1 | sed 's/.*version \([0-9.]*\).*/\1/'), release build with --static-swift-stdlib, no CPU-specific flags."
  echo
  echo "| command | input | time (s) | MB/s | × wc -l | × rg | × insights-core | peak RSS (MiB) |"
  echo "|---|---|---|---|---|---|---|---|"
  for r in "${rows[@]}"; do
    IFS='|' read -r n input t mbps rss bytes <<< "$r"
    ratio() { awk "BEGIN{ if ($2 > 0 && $1 > 0) printf \"%.3f\", $2/$1; else print \"–\" }"; }
    same=$([ "$input" = "$log" ] && echo yes || echo no)
    wcr=$([ "$same" = yes ] && ratio "$t" "$wc_t" || echo "–")
    rgr=$([ "$same" = yes ] && ratio "$t" "$rg_t" || echo "–")
    insr=$([ "$same" = yes ] && ratio "$t" "$ins_t" || echo "–")
    echo "| \`$n\` | $(basename "$input") ($(( bytes / 1000000 )) MB) | $t | $mbps | $wcr | $rgr | $insr | $(( rss / 1024 )) |"
  done
  echo
  echo "Reproduce: \`$([ "${LARGE:-0}" = 1 ] && echo "LARGE=1 ")bash bench/run.sh $mb\`."
} > "$out/table.md"
{
  echo
  echo "### Scale"
  echo
  echo "| command | time (s) | per unit | peak RSS (MiB) |"
  echo "|---|---|---|---|"
  for r in "${scale[@]}"; do
    IFS='|' read -r n t rss units unit <<< "$r"
    per=$(awk "BEGIN{ if (\"$unit\" == \"bytes\") printf \"%.0f MB/s\", $units/1e6/$t; else printf \"%.1f µs a %s\", $t*1e6/$units, substr(\"$unit\", 1, length(\"$unit\")-1) }")
    echo "| \`$n\` | $t | $per | $(( rss / 1024 )) |"
  done
  st() { for r in "${scale[@]}"; do IFS='|' read -r n t _ u _ <<< "$r"; [ "$n" = "$1" ] && echo "$t $u"; done; }
  read -r te _ < <(st "events ($mb MB log)"); read -r tc _ < <(st "check ($mb MB log)")
  read -r tde _ < <(st "events ($mb MB log, many devices)"); read -r tdc _ < <(st "check ($mb MB log, many devices)")
  read -r t1 _ < <(st "check --jobs 1 (10 000 VMs)"); read -r t2 _ < <(st "check --jobs 2 (10 000 VMs)")
  read -r tl _ < <(st "shell loop, one check per VM (500 VMs)")
  read -r tf _ < <(st "check --db, first run (10 000 VMs)"); read -r tr _ < <(st "check --db, unchanged re-run (10 000 VMs)")
  read -r tk _ < <(st "check --jobs 2 --db (1 000 VMs)"); read -r ts _ < <(st "Spark job, local[2] (1 000 VMs)") || ts=""
  [ -n "$ts" ] && awk "BEGIN{printf \"\\nThe Spark job in local[2] took %.1f× the time of check --jobs 2 --db on the same 1 000 VMs (start-up of the JVM and Spark, and one binary run a batch of 50).\\n\", $ts/$tk}"
  echo
  awk "BEGIN{printf \"check at %.2f× the throughput of events (target ≥ 0.5), %.2f× with many devices; --jobs 2 %.2f× --jobs 1 (target ≥ 1.6); --jobs 2 %.1f× the shell loop per VM (target ≥ 10); an unchanged --db re-run %.1f× faster than the first (target ≥ 20).\\n\", $te/$tc, $tde/$tdc, $t1/$t2, ($tl/500)/($t2/10000), $tf/$tr}"
} >> "$out/table.md"
# Replace the measured part of docs/performance.md, keep the analysis around it.
python3 - "$doc" "$out/table.md" <<'PY'
import sys
doc, table = sys.argv[1], open(sys.argv[2]).read()
start, end = "<!-- bench:start -->", "<!-- bench:end -->"
try:
    text = open(doc).read()
except FileNotFoundError:
    text = f"{start}\n{end}\n"
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
open(doc, "w").write(f"{head}{start}\n{table}{end}{tail}")
PY
echo "wrote $doc" >&2
