#!/usr/bin/env python3
"""Runs a shell command N times; prints the best wall time (s) and the peak RSS (KiB) of the
command, measured by /usr/bin/time. Output goes to a pipe that is drained and discarded (GNU grep
stops early when it sees its output is /dev/null). usage: measure.py N COMMAND"""
import subprocess
import sys
import tempfile
import time

runs, command = int(sys.argv[1]), sys.argv[2]
best, peak = None, 0
with tempfile.NamedTemporaryFile() as rss_file:
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(
            ["/usr/bin/time", "-f", "%M", "-o", rss_file.name, "bash", "-c", "exec " + command],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        while proc.stdout.read(1 << 20):
            pass
        proc.wait()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
        with open(rss_file.name) as f:
            lines = [l for l in f.read().split() if l.isdigit()]
        peak = max(peak, int(lines[-1]) if lines else 0)
print(f"{best:.4f} {peak}")
