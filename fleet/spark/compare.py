#!/usr/bin/env python3
"""Checks that the Spark job's results equal `check --db` on the same fleet: the same VMs with
the same status, platform, kernels and verdict, the same findings, evidence and gaps, the same
summary, and Parquet tables holding exactly the rows of the job's database.

usage: compare.py BINARY CHECK_DB SPARK_DB PARQUET_DIR
Exits 1 and says what differs when anything does.
"""
import json
import sqlite3
import subprocess
import sys
from collections import Counter

# Columns compared: all but content_key (a hash over the paths the binary read, which for the
# job are its staged copies) and the run ids.
COLUMNS = {
    "vm": ["vm", "status", "reason", "platform", "generation", "architecture", "kernels", "verdict",
           "verdict_reason"],
    "finding": ["vm", "n", "rule", "condition", "severity", "message", "remediation", "fingerprint",
                "occurrences"],
    "evidence": ["vm", "finding", "n", "source", "line", "boot", "role", "text", "note"],
    "gap": ["vm", "n", "text"],
}


def rows(db, table):
    with sqlite3.connect(db) as connection:
        run = connection.execute("SELECT MAX(id) FROM run WHERE finished_at IS NOT NULL").fetchone()[0]
        return Counter(connection.execute(
            f"SELECT {', '.join(COLUMNS[table])} FROM {table} WHERE run_id = ?", (run,)).fetchall())


def summary(binary, db):
    out = json.loads(subprocess.run([binary, "summary", "--format", "json", db],
                                    check=True, capture_output=True).stdout)
    for key in ("run", "started_at", "previous_run"):
        out.pop(key, None)
    return out


def main(binary, check_db, spark_db, parquet):
    problems = []
    for table in COLUMNS:
        expected, got = rows(check_db, table), rows(spark_db, table)
        if expected != got:
            missing, extra = expected - got, got - expected
            problems.append(f"{table}: {sum(missing.values())} rows of check --db missing from the job's, "
                            f"{sum(extra.values())} rows the job has and check --db has not; first: "
                            f"{next(iter(missing), None)} / {next(iter(extra), None)}")
    if summary(binary, check_db) != summary(binary, spark_db):
        problems.append("the summaries differ:\n" + json.dumps(summary(binary, check_db), indent=1)
                        + "\n" + json.dumps(summary(binary, spark_db), indent=1))

    from pyspark.sql import SparkSession
    spark = SparkSession.builder.master("local[1]").appName("compare").getOrCreate()
    for table in COLUMNS:
        frame = spark.read.parquet(f"{parquet}/{table}s").select(*COLUMNS[table])
        in_parquet = Counter(tuple(r) for r in frame.collect())
        if in_parquet != rows(spark_db, table):
            problems.append(f"{table}s.parquet does not hold the rows of {spark_db}")
    reports = spark.read.parquet(f"{parquet}/vms").filter("status = 'checked'").select("vm", "report").collect()
    for vm, report in reports:
        if report is None or json.loads(report).get("id") != vm:
            problems.append(f"vms.parquet: the report of {vm} is missing or names another VM")
            break
    spark.stop()

    vms = sum(rows(check_db, "vm").values())
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    print(f"spark job: {vms} VMs, {sum(rows(spark_db, 'finding').values())} findings — equal to check --db")


if __name__ == "__main__":
    main(*sys.argv[1:5])
