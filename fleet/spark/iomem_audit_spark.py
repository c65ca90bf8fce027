#!/usr/bin/env python3
"""Check a fleet of VM captures with iomem-audit on Apache Spark.

The driver lists the inputs (any file system Spark reads: local, HDFS, object storage) and
asks the binary how they split into VMs (`iomem-audit layout --list`), so VMs are cut exactly
where `check` cuts them. Executors receive each VM's files, stage them in a local temporary
directory (the binary reads local files), and run `iomem-audit check --format json --db` on a
batch of VMs, each VM given `--timeout` seconds. A VM that fails or times out is a row with its
reason, never a failed job. Rows go to Parquet (vms, findings, evidence, gaps) and into an
SQLite fleet database in the schema of `check --db`, whose `iomem-audit summary` is written
beside it (text, JSON, HTML).

usage: spark-submit iomem_audit_spark.py --binary PATH --output DIR [--db FILE]
                    [--timeout SECONDS] [--batch N] INPUT...
"""
import argparse
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from datetime import datetime, timezone

from pyspark import SparkFiles
from pyspark.sql import SparkSession
from pyspark.sql.types import LongType, StringType, StructField, StructType

# The staged tree's name inside an executor's temporary directory: every path the binary
# prints starts with it, and it is replaced by the capture's own path.
STAGE = "iomem-audit-spark-stage"
TABLES = {
    "vm": ["vm", "content_key", "status", "reused_from", "reason", "platform", "generation",
           "architecture", "kernels", "verdict", "verdict_reason"],
    "finding": ["vm", "n", "rule", "condition", "severity", "message", "remediation", "fingerprint",
                "occurrences"],
    "evidence": ["vm", "finding", "n", "source", "line", "boot", "role", "text", "note"],
    "gap": ["vm", "n", "text"],
}


def arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="fleet directories, capture roots, archives or globs")
    parser.add_argument("--binary", required=True, help="the iomem-audit binary built for the executors")
    parser.add_argument("--output", required=True, help="where the Parquet tables go (any Spark path)")
    parser.add_argument("--db", default="iomem-audit-fleet.sqlite",
                        help="the fleet database on the driver (a new run is added to an existing one)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a VM may take")
    parser.add_argument("--batch", type=int, default=50, help="VMs per binary run")
    parser.add_argument("--hadoop-io", action="store_true",
                        help="list and read local (file:) inputs through Hadoop, as remote ones are "
                             "(slow without Hadoop's native library; the default walks and reads them directly)")
    return parser.parse_args(argv)


# ---------------------------------------------------------------- driver: what the VMs are

def list_inputs(spark, inputs, hadoop_io):
    """Each input (a path or a glob) as trees: (display, [(relative path, uri)]) for a directory,
    (display, None) for a file, which is a capture of its own."""
    jvm = spark.sparkContext._jvm
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    trees = []
    for given in inputs:
        path = jvm.org.apache.hadoop.fs.Path(given)
        fs = path.getFileSystem(conf)
        matches = fs.globStatus(path)
        if not matches:
            sys.exit(f"iomem-audit-spark: {given}: no such file or directory")
        glob = len(matches) > 1 or matches[0].getPath().toString() != fs.makeQualified(path).toString()
        for status in matches:
            uri = status.getPath().toString()
            display = uri if glob else given.rstrip("/") or given
            if not status.isDirectory():
                trees.append((display, uri, None))
                continue
            if uri.startswith("file:") and not hadoop_io:
                files = local_files(uri)
            else:
                files = []
                walker = fs.listFiles(status.getPath(), True)
                while walker.hasNext():
                    entry = walker.next().getPath().toString()
                    files.append((entry[len(uri.rstrip("/")) + 1:], entry))
            trees.append((display, uri, files))
    return trees


def local_files(uri):
    """A local directory's files (relative path, uri), walked in Python: Hadoop's local file
    system without its native library forks a process per file to read its permissions."""
    top = uri[len("file:"):]
    found = []
    for directory, _, names in os.walk(top):
        for name in names:
            full = os.path.join(directory, name)
            found.append((os.path.relpath(full, top), "file:" + full))
    return found


def read_local(uri):
    """A local file's bytes, read where the task runs (a `file:` input is on every machine:
    this one, or a share mounted on each)."""
    with open(uri[len("file:"):], "rb") as f:
        return f.read()


def read_on_driver(spark, uri):
    """A file's bytes through Hadoop's file system on the driver."""
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    stream = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).open(path)
    try:
        return bytes(jvm.org.apache.commons.io.IOUtils.toByteArray(stream))
    finally:
        stream.close()


def stage_name(display):
    """Where a tree is staged when there are several: its path without scheme or leading slashes."""
    name = display.split("://", 1)[-1] if "://" in display else display.split(":", 1)[-1]
    return "/".join(part for part in name.split("/") if part not in ("", ".", ".."))


def unit(display, staged_id, files, placeholders, replace, several, arg=STAGE):
    """What one task stages and checks: `files` (uri, staged path) and `placeholders` (staged paths
    of files skipped by place), `replace` turning staged paths back into the capture's own,
    `arg` what check is given; `staged_id` is the VM id check gives it (an archive's VMs are
    below it)."""
    return dict(display=display, staged_id=staged_id, files=files, placeholders=placeholders,
                replace=replace, several=several, arg=arg)


def plan(spark, binary, inputs, hadoop_io):
    """The units: a VM's capture root, or an archive (which may hold several VMs). VM ids are
    those of `check --db` on the same inputs: relative to a fleet directory given alone, the
    input's path for a capture root or a file given alone, and prefixed with the input's path
    when there are several (then staged under its path without scheme)."""
    trees = list_inputs(spark, inputs, hadoop_io)
    several = len(trees) > 1
    units = []
    for display, uri, files in trees:
        name = uri.rsplit("/", 1)[-1]
        if several:
            prefix = stage_name(display)
            # Longest first: a VM below the tree, then the tree itself.
            replace = [(f"{STAGE}/{prefix}/", display + "/"), (f"{STAGE}/{prefix}", display)]
        else:
            prefix = ""
            replace = [(f"{STAGE}/", display + "/")]
        if files is None:
            # A file named alone is one VM (an archive: its VMs), read where it is staged.
            if several:
                units.append(unit(display, prefix, [(uri, f"{prefix}/{name}")], [],
                                  [(f"{STAGE}/{prefix}/{name}", display)] + replace, several))
            else:
                units.append(unit(display, f"{STAGE}/{name}", [(uri, name)], [],
                                  [(f"{STAGE}/{name}", display)], several, arg=f"{STAGE}/{name}"))
            continue
        listing = "\n".join(rel for rel, _ in files) + "\n"
        layout = json.loads(subprocess.run(
            [binary, "layout", "--list", "-", "--format", "json"], input=listing.encode(),
            check=True, capture_output=True).stdout)
        by_rel = dict(files)
        at = (lambda rel: f"{prefix}/{rel}" if rel else prefix) if several else (lambda rel: rel)
        for vm in layout["vms"]:
            files_ = [(by_rel[f], at(f)) for f in vm["read"]]
            placeholders = [at(s["file"]) for s in vm["skipped"]]
            if vm["root"] == "" and not several:
                # The input is one VM: staged as the tree itself, named as given.
                units.append(unit(display, STAGE, files_, placeholders, [(STAGE, display)], several))
            else:
                units.append(unit(display, at(vm["root"]), files_, placeholders, replace, several))
        for archive in layout["archives"]:
            units.append(unit(display, at(archive), [(by_rel[archive], at(archive))], [], replace, several))
        for stray in layout["strays"]:
            print(f"iomem-audit-spark: {display}/{stray}: not inside any VM's capture; not read",
                  file=sys.stderr)
    return units


# ---------------------------------------------------------------- executors: check a batch

def rewrite(value, replace):
    if isinstance(value, str):
        for old, new in replace:
            value = value.replace(old, new)
    return value


def final_id(unit, staged_vm):
    """The VM's id as `check --db` on the inputs gives it."""
    return rewrite(f"{STAGE}/{staged_vm}" if unit["several"] else staged_vm, unit["replace"])


def owner(units, staged_vm):
    """The unit a VM of the batch came from: an archive's VMs are below its staged id; a file
    named like an archive that is not one makes its directory the VM, above the staged id."""
    for unit in units:
        if staged_vm == unit["staged_id"] or staged_vm.startswith(unit["staged_id"] + "/") \
                or unit["staged_id"].startswith(staged_vm + "/"):
            return unit
    return None


def stage(work, units, contents):
    """Writes the units' files below `work/STAGE` as the capture holds them."""
    for unit in units:
        staged = [(rel, contents.get(uri, b"")) for uri, rel in unit["files"]]
        # Skipped by place, never read: an empty file keeps the capture's shape.
        staged += [(rel, b"") for rel in unit["placeholders"]]
        for rel, data in staged:
            target = os.path.join(work, STAGE, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as out:
                out.write(data)


def run_binary(binary, units, contents, timeout):
    """Stages the units and runs `check --format json --db` on them. Returns the exit status
    (None when the run itself timed out), the rows of the batch database by table, the JSON
    report of each VM, stderr, and the run's tool version, options and schema."""
    work = tempfile.mkdtemp(prefix="iomem-audit-spark-")
    try:
        stage(work, units, contents)
        db = os.path.join(work, "batch.sqlite")
        command = [binary, "check", "--format", "json", "--db", db, "--jobs", "1", "--timeout", f"{timeout:g}",
                   "--fail-on", "never", units[0]["arg"]]
        try:
            done = subprocess.run(command, cwd=work, capture_output=True, timeout=timeout * len(units) + 60)
        except subprocess.TimeoutExpired:
            return None, {}, {}, f"timed out: not checked within {timeout:g} s (--timeout)", None
        rows = {table: [] for table in TABLES}
        run = None
        if os.path.exists(db):
            with sqlite3.connect(db) as connection:
                connection.row_factory = sqlite3.Row
                found = connection.execute("SELECT tool_version, options FROM run").fetchone()
                schema = [r[0] for r in connection.execute(
                    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]
                migrations = [r[0] for r in connection.execute("SELECT identifier FROM grdb_migrations")]
                run = dict(found, schema=schema, migrations=migrations) if found else None
                for table, columns in TABLES.items():
                    rows[table] = [dict(r) for r in connection.execute(f"SELECT {', '.join(columns)} FROM {table}")]
        reports = {}
        if done.returncode == 0 and done.stdout.strip():
            for vm in json.loads(done.stdout).get("vms", []):
                reports[vm["id"]] = json.dumps(vm, ensure_ascii=False)
        return done.returncode, rows, reports, done.stderr.decode("utf-8", "replace"), run
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_batch(binary, units, contents, timeout):
    """The rows of a batch of units, as (table, row). A batch the binary cannot finish is split
    into its units, so one bad VM does not take the others with it; a unit that still gives no
    VM is a row saying why (skipped or failed). A `run` row carries the batch's tool version,
    options and database schema to the driver."""
    status, rows, reports, stderr, run = run_binary(binary, units, contents, timeout)
    if status != 0 and len(units) > 1:
        return [row for one in units for row in check_batch(binary, [one], contents, timeout)]
    out = [("run", run)] if run else []
    seen = set()
    for table, found in rows.items():
        for row in found:
            owned = owner(units, row["vm"])
            if owned is None:
                continue
            staged = row["vm"]
            row = {key: rewrite(value, owned["replace"]) for key, value in row.items()}
            row["vm"] = final_id(owned, staged)
            if table == "vm":
                seen.add(owned["staged_id"])
                report = reports.get(staged)
                if report is not None:
                    report = json.loads(rewrite(report, owned["replace"]))
                    report["id"] = row["vm"]
                    report = json.dumps(report, ensure_ascii=False)
                row["report"] = report
            out.append((table, row))
    lines = [line for line in stderr.splitlines() if line.strip()]
    for one in units:
        if one["staged_id"] in seen:
            continue
        stray = [line for line in lines if "not inside any VM's capture" in line and one["staged_id"] in line]
        if stray:
            # check took it for no capture after all (a file named like an archive that is not).
            out.append(("stray", rewrite(stray[0], one["replace"])))
            continue
        skipped = [line for line in lines if ": skipped, " in line]
        reason = skipped[0] if skipped else (lines[-1] if lines else f"exit status {status}")
        out.append(("vm", dict(vm=final_id(one, one["staged_id"]), content_key="",
                               status="skipped" if skipped else "failed", reused_from=None,
                               reason=rewrite(reason, one["replace"]), platform=None, generation=None,
                               architecture=None, kernels=None, verdict=None, verdict_reason=None,
                               report=None)))
    return out


def executor_binary(name):
    """The binary shipped with the job, made executable where Spark put it."""
    path = SparkFiles.get(name)
    mode = os.stat(path).st_mode
    if not mode & stat.S_IXUSR:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


# ---------------------------------------------------------------- driver: the results

def record(db_path, inputs, rows, run):
    """Adds the run to the fleet database as `check --db` records one; a missing database is
    created with the schema and migrations of the binary's own batch databases."""
    fresh = not os.path.exists(db_path)
    with sqlite3.connect(db_path) as db:
        if fresh:
            for sql in run["schema"]:
                db.execute(sql)
            db.executemany("INSERT INTO grdb_migrations (identifier) VALUES (?)",
                           [(m,) for m in run["migrations"]])
        cursor = db.execute("INSERT INTO run (started_at, tool_version, options, inputs) VALUES (?, ?, ?, ?)",
                            (utc_now(), run["tool_version"], run["options"], "\n".join(inputs)))
        number = cursor.lastrowid
        for table, columns in TABLES.items():
            marks = ", ".join("?" for _ in range(len(columns) + 1))
            db.executemany(f"INSERT INTO {table} (run_id, {', '.join(columns)}) VALUES ({marks})",
                           ([number] + [row[c] for c in columns] for row in rows[table]))
        db.execute("UPDATE run SET finished_at = ? WHERE id = ?", (utc_now(), number))
    return number


def utc_now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def frame_schema(columns):
    numbers = {"n", "finding", "line", "boot", "occurrences", "reused_from"}
    return StructType([StructField(c, LongType() if c in numbers else StringType(), True) for c in columns])


def main(argv):
    args = arguments(argv)
    spark = SparkSession.builder.appName("iomem-audit").getOrCreate()
    sc = spark.sparkContext
    binary = os.path.abspath(args.binary)
    sc.addFile(binary)
    name = os.path.basename(binary)
    units = plan(spark, binary, args.inputs, args.hadoop_io)
    if not units:
        sys.exit("iomem-audit-spark: no input holds a capture file")
    timeout, batch = args.timeout, max(1, args.batch)

    # Each unit's files, read by Spark from wherever they are, brought to the unit's task. A
    # path list for Hadoop is split at every comma, so a file whose path has one is read here.
    # Local files (`file:`) are read by the task itself, unless --hadoop-io.
    local = (lambda uri: False) if args.hadoop_io else (lambda uri: uri.startswith("file:"))
    remote = {uri: key for key, one in enumerate(units) for uri, _ in one["files"] if not local(uri)}
    inline = [(key, (uri, read_on_driver(spark, uri))) for uri, key in remote.items() if "," in uri]
    listed = sc.broadcast({uri: key for uri, key in remote.items() if "," not in uri})
    parts = max(1, (len(units) + batch - 1) // batch)
    keyed = sc.parallelize(list(enumerate(units)), parts)
    if remote:
        files = sc.parallelize(inline, 1)
        if listed.value:
            # Glob characters in a name are escaped, so each path names exactly its file.
            paths = ",".join(re.sub(r"([\\{}\[\]*?])", r"\\\1", uri) for uri in listed.value)
            files = files.union(sc.binaryFiles(paths).map(lambda kv: (listed.value.get(kv[0]), kv))
                                .filter(lambda kv: kv[0] is not None))
        grouped = keyed.cogroup(files, parts).map(lambda kv: (list(kv[1][0])[0], list(kv[1][1])))
    else:
        grouped = keyed.map(lambda kv: (kv[1], []))

    def check_partition(entries):
        path = executor_binary(name)
        entries = list(entries)
        for start in range(0, len(entries), batch):
            chunk = entries[start:start + batch]
            contents = {uri: data for _, found in chunk for uri, data in found}
            contents.update((uri, read_local(uri)) for one, _ in chunk for uri, _ in one["files"]
                            if uri not in contents and local(uri))
            yield from check_batch(path, [one for one, _ in chunk], contents, timeout)

    results = grouped.mapPartitions(check_partition).collect()
    runs = [row for table, row in results if table == "run"]
    for table, line in results:
        if table == "stray":
            print(line, file=sys.stderr)
    rows = {table: [row for t, row in results if t == table] for table in TABLES}
    for table in TABLES:
        rows[table].sort(key=lambda r: (r["vm"], r.get("finding", 0), r.get("n", 0)))
    for table, columns in TABLES.items():
        keep = columns + (["report"] if table == "vm" else [])
        frame = spark.createDataFrame([tuple(r.get(c) for c in keep) for r in rows[table]], frame_schema(keep))
        frame.write.mode("overwrite").parquet(f"{args.output.rstrip('/')}/{table}s")
    broken = sum(1 for r in rows["vm"] if r["verdict"] == "broken")
    failed = sum(1 for r in rows["vm"] if r["status"] in ("failed", "skipped"))
    print(f"iomem-audit-spark: {len(rows['vm'])} VMs, {broken} broken, {failed} not checked; "
          f"tables in {args.output}", file=sys.stderr)
    if not runs:
        spark.stop()
        sys.exit(f"iomem-audit-spark: no VM could be checked, so {args.db} is not written")
    number = record(args.db, args.inputs, rows, runs[0])
    base = os.path.splitext(args.db)[0]
    for fmt, ext in (("text", "txt"), ("json", "json"), ("html", "html")):
        out = subprocess.run([binary, "summary", "--run", str(number), "--format", fmt, args.db],
                             capture_output=True, check=True).stdout
        with open(f"{base}-summary.{ext}", "wb") as f:
            f.write(out)
    print(f"iomem-audit-spark: run {number} in {args.db}; summary in {base}-summary.txt", file=sys.stderr)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
