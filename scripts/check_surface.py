#!/usr/bin/env python3
"""Check that the Python stubs and the TypeScript declarations describe the
same surface: the same functions, classes and members (JS names in
camelCase, Python in snake_case). The one source of truth is the core; this
check keeps both bindings' declared surfaces equal, except for the
differences listed in KNOWN below, each with its reason.

usage: check_surface.py PYI DTS
"""
import ast
import re
import sys

# name (snake_case, as "Class.member" or "function") -> why it differs
KNOWN = {
    # Python only
    "load_plan": "Python: also takes a path (os.PathLike); JS: loadPlan(json, fileName)",
    "Plan.from_path": "files: Python reads paths; the browser has none",
    "Plan.to_json": "Python: the document as JSON text; JS keeps the text it loaded",
    "Plan.timetable_records": "pandas-ready rows (Python only; JS timetable() is already plain objects)",
    "ScreeningReport.to_csv": "Python writes a file or returns text; JS: toCsv()",
    "Roster.from_path": "file journals: Python only (the browser keeps an in-memory journal)",
    # Idiomatic pairs: the same thing spelled as each language expects
    "format_version": "Python: the constant FORMAT_VERSION",
    "version": "Python: __version__",
    "Plan.to_json_string": "JS name of Python's Plan.to_json (toJSON would clash with JSON.stringify)",
    "Targets.to_dict": "Python name of JS Targets.toJSON",
    "Targets.to_jSON": "JS toJSON, used by JSON.stringify (Python: to_dict)",
    "Pool.length": "JS length; Python len(pool)",
    "ScreeningReport.length": "JS length; Python len(report)",
    "Preparation.length": "JS length; Python len(preparation)",
    "Ledger.to_pandas": "pandas is Python's",
    "Roster.to_pandas": "pandas is Python's",
    "ScreeningReport.to_pandas": "pandas is Python's",
    "Roster.review": "JS: roster.review(...) adds who came; Python: review(..., roster=roster)",
    "cli_main": "the openday command's entry point (console script, python -m openday)",
    "init_sync": "JS initSync(module): the browser build's synchronous init (a no-op in Node); Python needs none",
    "start": "wasm-bindgen's start function: runs once on load and installs the panic hook that schedules a fresh instance after a trap",
    "ScheduledSegment.as_dict": "Python: a dict for pandas; JS segments are plain objects already",
    "Roster.export_journal": "the browser keeps the journal in memory and exports it as JSON Lines; Python writes a file journal",
    "Roster.import_journal": "the browser counterpart of Python's file journal",
    "Roster.recovered_bytes": "file journals only (Python)",
}


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def python_surface(path: str) -> set:
    tree = ast.parse(open(path, encoding="utf-8").read())
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                    names.add(f"{node.name}.{item.name}")
    return names


def js_surface(path: str, python_classes: set) -> set:
    """Functions and classes; interfaces only where Python has a class of
    that name (the rest are plain data shapes)."""
    names = set()
    current = None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"export function (\w+)\(", line)
        if m:
            names.add(snake(m.group(1)))
            continue
        m = re.match(r"export (class|interface) (\w+) \{", line)
        if m:
            current = m.group(2)
            if m.group(1) == "interface" and current not in python_classes:
                current = None
                continue
            names.add(current)
            continue
        if current and line.startswith("}"):
            current = None
            continue
        if current:
            m = re.match(r" {2,4}(?:static |get |set |readonly )*(\w+)\??\s*[(:]", line)
            if m and m.group(1) not in ("constructor", "free"):
                names.add(f"{current}.{snake(m.group(1))}")
            m2 = re.match(r"  \[Symbol\.dispose\]", line)
            if m2:
                continue
    return names


def main() -> int:
    py = python_surface(sys.argv[1])
    classes = {n for n in py if "." not in n and n[:1].isupper()}
    js = js_surface(sys.argv[2], classes)
    only_py = sorted(n for n in py - js if n not in KNOWN)
    only_js = sorted(n for n in js - py if n not in KNOWN)
    for n in only_py:
        print(f"only in Python: {n}")
    for n in only_js:
        print(f"only in JavaScript: {n}")
    shared = len(py & js)
    print(f"{shared} names in both, {len(only_py)} only in Python, {len(only_js)} only in JavaScript")
    return 1 if only_py or only_js else 0


if __name__ == "__main__":
    sys.exit(main())
