#!/usr/bin/env python3
"""Intake at scale: openday screening a large registrations export, side by
side with what a data office would run instead, pandas merely reading it.

The file is made here: N synthetic registrations for the example plan
(``openday.synthetic_registrations_csv``, seed 42, the same rows as
``benches/screening.rs``) written as UTF-8 CSV. Each tool then runs in a
fresh process of its own, so that its peak memory (the process's maximum
resident set, interpreter included) is its own; best of ``--repeat``:

- ``pandas.read_csv(path, dtype=str)``: reading the file into a DataFrame;
- ``openday.screen_csv(plan, path)``: reading the file and screening every
  row (normalise, validate, find duplicates, evaluate every rule);
- with ``--rust PATH`` (``target/release/examples/screen``), the same from
  Rust;
- with ``--wasm``, ``screenCsv`` in Node on the file's bytes
  (``bindings-wasm/pkg``).

Each row also says what share of the machine's CPU time the hypervisor
stole while that tool ran (Linux ``/proc/stat``): on a virtual machine a
core lent away slows every tool alike, so a slow figure with steal is the
machine's, not the code's.

    .venv/bin/python benches/compare_intake.py --rows 1000000

The figures in BENCHMARKS.md are for what users install: the Python
package built with the wheels' profile (``maturin develop --profile dist``
in ``bindings-python``) and ``cargo build --profile dist -p
openday-examples --example screen`` (``target/dist/examples/screen``).

Needs pandas (``pip install pandas``).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent

PANDAS = """
import sys, time, resource, pandas as pd
t = time.perf_counter()
frame = pd.read_csv(sys.argv[1], dtype=str)
elapsed = time.perf_counter() - t
print(len(frame), elapsed)
"""

OPENDAY = """
import sys, time, openday
plan = openday.load_plan(openday.example_plan_json())
t = time.perf_counter()
report = openday.screen_csv(plan, sys.argv[1])
elapsed = time.perf_counter() - t
print(len(report), elapsed, report.counts["eligible"])
"""

GENERATE = """
import sys, openday
plan = openday.load_plan(openday.example_plan_json())
text = openday.synthetic_registrations_csv(plan, int(sys.argv[2]), 42)
with open(sys.argv[1], "w", encoding="utf-8", newline="") as f:
    f.write(text)
"""

WASM = """
const fs = require("node:fs");
const openday = require(process.argv[2]);
const plan = openday.loadPlan(openday.examplePlanJson());
const bytes = fs.readFileSync(process.argv[1]);
const start = process.hrtime.bigint();
const report = openday.screenCsv(plan, bytes);
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
console.log(report.length, elapsed, report.counts().eligible);
"""


def run(argv: list[str]) -> tuple[list[str], float]:
    """Run one measurement in a process of its own: what it printed, and
    its peak resident memory in MB. (A child's peak starts from this
    process's size when it is forked, so this process stays small: it
    never holds the file.)"""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:3]} failed with status {proc.returncode}")
    return out.split(), usage.ru_maxrss / 1024


def cpu_ticks() -> tuple[int, int] | None:
    """All CPU time and the part stolen by the hypervisor so far, in ticks
    (Linux ``/proc/stat``); ``None`` where there is no such file."""
    try:
        with open("/proc/stat", encoding="ascii") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal (guest time is in user).
    return sum(fields[:8]), fields[7] if len(fields) > 7 else 0


def best(repeat: int, argv: list[str], seconds_at: int = 1) -> tuple[float, float, list[str], float | None]:
    """Best time and highest peak of ``repeat`` runs, the word at
    ``seconds_at`` of what the run printed being the time; and the share of
    the machine's CPU time the hypervisor stole while they ran (a virtual
    machine whose core is lent away runs slower, whatever the code), or
    ``None`` where that is not known."""
    before = cpu_ticks()
    runs = [run(argv) for _ in range(repeat)]
    after = cpu_ticks()
    stolen = None
    if before and after and after[0] > before[0]:
        stolen = (after[1] - before[1]) / (after[0] - before[0])
    seconds = min(float(out[seconds_at]) for out, _ in runs)
    peak = max(rss for _, rss in runs)
    return seconds, peak, runs[0][0], stolen


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--rust", help="the screen example binary (cargo build --release --example screen)")
    ap.add_argument("--wasm", action="store_true", help="also screenCsv in Node (bindings-wasm/pkg)")
    ap.add_argument("--json", help="write the figures here as JSON")
    args = ap.parse_args()
    py = sys.executable
    results: dict[str, dict[str, float]] = {}
    stolen_by: dict[str, float | None] = {}
    with tempfile.TemporaryDirectory() as d:
        path = pathlib.Path(d) / "registrations.csv"
        subprocess.run([py, "-c", GENERATE, str(path), str(args.rows)], check=True)
        _, own_mb = run([py, "-c", "pass"])
        size_mb = path.stat().st_size / 1e6
        rows = args.rows
        t, peak, out, stolen = best(args.repeat, [py, "-c", PANDAS, str(path)])
        assert int(out[0]) == rows, out
        results["pandas.read_csv(path, dtype=str)"] = {"seconds": t, "peak_mb": peak}
        stolen_by["pandas.read_csv(path, dtype=str)"] = stolen
        t, peak, out, stolen = best(args.repeat, [py, "-c", OPENDAY, str(path)])
        assert int(out[0]) == rows, out
        eligible = int(out[2])
        results["openday.screen_csv(plan, path)"] = {"seconds": t, "peak_mb": peak}
        stolen_by["openday.screen_csv(plan, path)"] = stolen
        if args.rust:
            # The example prints "(N rows in S s)" last.
            t, peak, out, stolen = best(args.repeat, [args.rust, "--registrations", str(path)], -2)
            assert out[-5] == f"({rows}", out[-5:]
            results["Rust screen_reader (examples/screen)"] = {"seconds": t, "peak_mb": peak}
            stolen_by["Rust screen_reader (examples/screen)"] = stolen
        if args.wasm:
            pkg = str(HERE.parent / "bindings-wasm" / "pkg")
            t, peak, out, stolen = best(args.repeat, ["node", "-e", WASM, str(path), pkg])
            assert int(out[0]) == rows and int(out[2]) == eligible, (out, eligible)
            results["wasm screenCsv(plan, bytes) in Node"] = {"seconds": t, "peak_mb": peak}
            stolen_by["wasm screenCsv(plan, bytes) in Node"] = stolen
    print(
        f"{rows:,} rows, {size_mb:.1f} MB, best of {args.repeat}; peak = the process's maximum "
        f"resident memory (a bare Python process measures {own_mb:.0f} MB here); stolen = the "
        f"share of the machine's CPU time the hypervisor took while the tool ran"
    )
    print(
        f"| {'tool':<40} | {'time':>8} | {'rows/s':>10} | {'peak memory':>12} | {'peak / file':>11} "
        f"| {'stolen':>7} |"
    )
    print(f"|{'-' * 42}|{'-' * 10}:|{'-' * 12}:|{'-' * 14}:|{'-' * 13}:|{'-' * 9}:|")
    for name, r in results.items():
        share = stolen_by.get(name)
        shown = "unknown" if share is None else f"{100 * share:.1f} %"
        print(
            f"| {name:<40} | {r['seconds']:>6.2f} s | {rows / r['seconds'] / 1e3:>8.0f} k "
            f"| {r['peak_mb']:>9.0f} MB | {r['peak_mb'] / size_mb:>10.2f}x | {shown:>7} |"
        )
    if args.json:
        pathlib.Path(args.json).write_text(
            json.dumps(
                {
                    "rows": rows,
                    "file_mb": size_mb,
                    "bare_python_mb": own_mb,
                    "results": results,
                    "stolen": stolen_by,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
