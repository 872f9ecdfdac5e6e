#!/usr/bin/env python3
"""Compare openday's lottery with the Sortition Foundation's
``sortition-algorithms`` (PyPI) on the same instance.

The instance is one of openday's synthetic pools (``openday.synthetic_instance``);
it is written in sortition-algorithms' CSV format (``categories.csv`` with
``feature,value,min,max`` and ``people.csv`` with an id column, one column per
feature and a ``household`` address column), both programs solve it, and the
minimum selection probabilities and times are printed side by side.

    .venv/bin/python benches/compare_sortition.py --pool 1000 --seats 30 --features 4 \
        --households 0.05 --algorithm maximin --sf-python /path/to/venv-with-sortition/bin/python

sortition-algorithms is optional (``pip install sortition-algorithms`` into any
Python given by ``--sf-python``); without it only openday's side is printed.
Its solve runs in a subprocess with a time limit (``--timeout``).
"""

from __future__ import annotations

import argparse
import csv
import json
import pathlib
import subprocess
import sys
import tempfile
import time

SF_RUNNER = r"""
import csv, json, sys, time
from sortition_algorithms import read_in_features, read_in_people, Settings
from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
from sortition_algorithms.committee_generation.leximin import find_distribution_leximin
from sortition_algorithms.committee_generation.legacy import find_random_sample_legacy
folder, algorithm, households, seats = sys.argv[1], sys.argv[2], sys.argv[3] == "1", int(sys.argv[4])
with open(f"{folder}/categories.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
features, _, _ = read_in_features(["feature", "value", "min", "max"], rows, seats)
with open(f"{folder}/people.csv", newline="", encoding="utf-8") as f:
    reader = csv.DictReader(f)
    head = list(reader.fieldnames)
    body = list(reader)
address = ["household"] if households else []
settings = Settings(id_column="id", columns_to_keep=[], check_same_address=households, check_same_address_columns=address, selection_algorithm=algorithm)
people, _ = read_in_people(head, body, features, settings)
started = time.perf_counter()
if algorithm == "maximin":
    committees, probs, _ = find_distribution_maximin(features, people, seats, address)
else:
    committees, probs, _ = find_distribution_leximin(features, people, seats, address)
took = time.perf_counter() - started
share = {pid: 0.0 for pid in people}
for committee, p in zip(committees, probs):
    for pid in committee:
        share[pid] += p
print(json.dumps({"seconds": took, "min_probability": min(share.values()), "support": len(committees)}))
"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pool", type=int, default=1000)
    ap.add_argument("--seats", type=int, default=30)
    ap.add_argument("--features", type=int, default=4)
    ap.add_argument("--households", type=float, default=0.05)
    ap.add_argument("--tolerance", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--algorithm", choices=["maximin", "leximin"], default="maximin")
    ap.add_argument("--sf-python", default=sys.executable, help="a Python with sortition-algorithms installed")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds allowed to sortition-algorithms")
    ap.add_argument("--keep", help="write the instance CSVs into this folder and keep them")
    args = ap.parse_args()

    import openday

    spec = {
        "pool": args.pool,
        "seats": args.seats,
        "features": args.features,
        "households": args.households,
        "tolerance": args.tolerance,
        "seed": args.seed,
        "algorithm": args.algorithm,
    }
    pool, targets = openday.synthetic_instance(spec)
    started = time.perf_counter()
    drawn = openday.draw(pool, targets, "compare")
    ours = time.perf_counter() - started
    ours_min = drawn.stats()["min_probability"]

    folder = pathlib.Path(args.keep) if args.keep else pathlib.Path(tempfile.mkdtemp(prefix="openday-sf-"))
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "categories.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["feature", "value", "min", "max"])
        for q in drawn.quotas():
            w.writerow([q["feature"], q["value"], q["min"], q["max"]])
    with open(folder / "people.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", *pool.features, "household"])
        for c in pool.candidates():
            w.writerow([c["id"], *c["values"], c.get("household") or f"single-{c['id']}"])

    print(f"instance: {json.dumps(spec)}  files: {folder}")
    print(f"{'program':<28} {'algorithm':<9} {'min probability':>16} {'seconds':>9}")
    print(f"{'openday ' + openday.__version__:<28} {args.algorithm:<9} {ours_min:>16.6f} {ours:>9.3f}")
    try:
        out = subprocess.run(
            [args.sf_python, "-c", SF_RUNNER, str(folder), args.algorithm, "1" if args.households > 0 else "0", str(args.seats)],
            capture_output=True,
            text=True,
            timeout=args.timeout,
        )
    except subprocess.TimeoutExpired:
        print(f"{'sortition-algorithms':<28} {args.algorithm:<9} {'did not finish':>16} {'>' + str(int(args.timeout)):>9}")
        return 0
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["?"])[-1]
        if "No module named" in last:
            print("sortition-algorithms: not installed; pip install sortition-algorithms and pass --sf-python")
        else:
            print(f"sortition-algorithms: failed: {last}")
        return 0
    sf = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{'sortition-algorithms':<28} {args.algorithm:<9} {sf['min_probability']:>16.6f} {sf['seconds']:>9.3f}")
    gap = ours_min - sf["min_probability"]
    print(f"openday − sortition-algorithms: {gap:+.6f} (bound −0.0005); speed-up {sf['seconds'] / ours:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
