#!/usr/bin/env python3
"""Run every code block of README.md as it is written, from the repository
root: ```python with the .venv interpreter, ```js with Node, ```sh with bash
(`.venv/bin` first on the PATH, for the `openday` command), ```json parsed.
The ```rust blocks run as doctests (core/src/lib.rs). The quick start's
block (it runs the test command itself) is run by CI, not here."""

from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.S | re.M)


def main() -> int:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    env = dict(os.environ, PATH=f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}")
    runners = {
        "python": [str(ROOT / ".venv" / "bin" / "python"), "-"],
        "js": ["node", "-"],
        "sh": ["bash", "-e", "-"],
    }
    failed = 0
    counts: dict[str, int] = {}
    for number, match in enumerate(BLOCK.finditer(text), 1):
        lang, code = match.group(1), match.group(2)
        line = text.count("\n", 0, match.start()) + 1
        where = f"README.md:{line} ({lang} block {number})"
        if lang == "rust":
            continue  # doctests
        if lang == "sh" and "./scripts/test" in code:
            print(f"{where}: the quick start, run by CI itself")
            continue
        if lang == "json":
            try:
                json.loads(code if code.lstrip().startswith(("{", "[")) else "{" + code + "}")
            except json.JSONDecodeError as e:
                print(f"{where}: not JSON: {e}")
                failed += 1
            counts[lang] = counts.get(lang, 0) + 1
            continue
        if lang not in runners:
            print(f"{where}: no runner for ```{lang}")
            failed += 1
            continue
        done = subprocess.run(runners[lang], input=code, text=True, cwd=ROOT, env=env, capture_output=True)
        if done.returncode != 0:
            print(f"{where}: exit {done.returncode}\n--- stdout\n{done.stdout[-3000:]}\n--- stderr\n{done.stderr[-3000:]}")
            failed += 1
        counts[lang] = counts.get(lang, 0) + 1
    print("README blocks run:", ", ".join(f"{n} {lang}" for lang, n in sorted(counts.items())), f"({failed} failed)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
