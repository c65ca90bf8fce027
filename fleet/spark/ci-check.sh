#!/usr/bin/env bash
# The Spark job in local mode (local[2]) on a generated fleet of a few hundred VMs, compared with
# `check --db` on the same fleet (fleet/spark/compare.py). Needs Java 17 and pyspark from PyPI,
# which it installs when missing. usage: fleet/spark/ci-check.sh [BINARY] [VMS]
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=$(realpath "${1:-.build/debug/iomem-audit}")
count=${2:-300}
command -v java >/dev/null || { apt-get update && apt-get install -y openjdk-17-jre-headless; }
python3 -c 'import pyspark' 2>/dev/null || python3 -m pip install --quiet 'pyspark==3.5.9'
# The package's own spark-submit (a pip install may put none on PATH).
submit=$(python3 -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "bin", "spark-submit"))')
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT; echo "work: $work"
fleet="$work/fleet"
python3 bench/generate.py fleet "$count" "$fleet"
# What real shares hold beside plain VMs: an archive of two VMs, a truncated tarball, a VM whose
# file holds nothing for check, and names that are Hadoop glob and list syntax.
extra="$fleet/extra"
mkdir -p "$extra/vm-empty" "$extra/vm[1],{a}"
tar czf "$extra/two-vms.tar.gz" -C samples gen2-azure-d0-failure gen1-hyperv-highmmio-vram
tar czf "$work/whole.tgz" -C samples seed-thread gen2-azure
head -c 3000 "$work/whole.tgz" > "$extra/truncated.tar.gz"
printf 'nothing a kernel wrote\n' > "$extra/vm-empty/dmesg.txt"
cp samples/gen2-azure-d0-failure/* "$extra/vm[1],{a}/"
status=0
"$binary" check --db "$work/check.sqlite" --format json "$fleet" > /dev/null 2> "$work/check.err" || status=$?
[ "$status" -le 1 ] || { cat "$work/check.err"; echo "check --db failed (exit $status)"; exit 1; }
"$submit" --master 'local[2]' --conf spark.ui.enabled=false fleet/spark/iomem_audit_spark.py \
  --binary "$binary" --output "$work/parquet" --db "$work/spark.sqlite" --batch 40 "$fleet" \
  > "$work/spark.out" 2> "$work/spark.err" || { tail -40 "$work/spark.err"; echo "the Spark job failed"; exit 1; }
grep -h '^iomem-audit-spark:' "$work/spark.out" "$work/spark.err"
for f in txt json html; do [ -s "$work/spark-summary.$f" ] || { echo "the job wrote no summary.$f"; exit 1; }; done
python3 fleet/spark/compare.py "$binary" "$work/check.sqlite" "$work/spark.sqlite" "$work/parquet" 2> "$work/compare.err" \
  || { tail -20 "$work/compare.err"; exit 1; }
# The way remote storage is read (Hadoop lists, Spark reads the files and brings them to their
# VM's task), on the odd corners only: it is slow on local files without Hadoop's native library.
"$submit" --master 'local[2]' --conf spark.ui.enabled=false fleet/spark/iomem_audit_spark.py \
  --binary "$binary" --output "$work/parquet-hadoop" --db "$work/spark-hadoop.sqlite" --hadoop-io "$extra" \
  > "$work/spark-hadoop.out" 2> "$work/spark-hadoop.err" || { tail -40 "$work/spark-hadoop.err"; echo "the Spark job failed with --hadoop-io"; exit 1; }
status=0
"$binary" check --db "$work/check-extra.sqlite" --format json "$extra" > /dev/null 2>&1 || status=$?
[ "$status" -le 1 ] || { echo "check --db failed on the odd corners (exit $status)"; exit 1; }
python3 fleet/spark/compare.py "$binary" "$work/check-extra.sqlite" "$work/spark-hadoop.sqlite" "$work/parquet-hadoop" \
  2> "$work/compare-hadoop.err" | sed 's/^spark job:/spark job --hadoop-io:/' || { tail -20 "$work/compare-hadoop.err"; exit 1; }
