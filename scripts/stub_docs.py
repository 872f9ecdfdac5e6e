#!/usr/bin/env python3
"""Give every class, function, method and property in the native module's
stubs (`bindings-python/python/openday/_openday.pyi`) the docstring the
module has at run time (the Rust `///` comments), so editors and `help()`
show the same text. `--check` fails when the stubs are not up to date or
when anything public has no docstring.

    .venv/bin/python scripts/stub_docs.py           # rewrite the stubs
    .venv/bin/python scripts/stub_docs.py --check   # in the test command
"""

from __future__ import annotations

import ast
import inspect
import pathlib
import sys
import textwrap
from typing import Any, List, Optional, Tuple

STUBS = pathlib.Path(__file__).resolve().parents[1] / "bindings-python/python/openday/_openday.pyi"


def runtime_doc(module: Any, path: List[str]) -> Optional[str]:
    obj: Any = module
    for part in path:
        obj = inspect.getattr_static(obj, part, None) if inspect.isclass(obj) else getattr(obj, part, None)
        if obj is None:
            return None
    doc = getattr(obj, "__doc__", None)
    if isinstance(obj, (staticmethod, classmethod)):
        doc = obj.__func__.__doc__
    if not doc or not doc.strip():
        return None
    return inspect.cleandoc(doc)


def literal(doc: str, indent: str) -> str:
    doc = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    lines = doc.splitlines()
    if len(lines) == 1:
        return f'{indent}"""{lines[0]}"""'
    body = "\n".join((indent + line) if line.strip() else "" for line in lines[1:])
    return f'{indent}"""{lines[0]}\n{body}\n{indent}"""'


def rewrite(source: str, module: Any) -> Tuple[str, List[str]]:
    tree = ast.parse(source)
    lines = source.splitlines()
    edits: List[Tuple[int, int, List[str]]] = []  # (first line, last line) 0-based inclusive -> new lines
    missing: List[str] = []

    def visit(node: ast.AST, path: List[str]) -> None:
        for child in getattr(node, "body", []):
            if isinstance(child, (ast.FunctionDef, ast.ClassDef)):
                name = child.name
                if name.startswith("_"):
                    continue
                here = path + [name]
                doc = runtime_doc(module, here)
                if doc is None:
                    missing.append(".".join(here))
                else:
                    plan_edit(child, doc)
                if isinstance(child, ast.ClassDef):
                    visit(child, here)

    def plan_edit(node: Any, doc: str) -> None:
        indent = " " * (node.col_offset + 4)
        body = node.body
        has_doc = body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)
        header_end = body[0].lineno - 1  # 0-based line of the first body statement
        if has_doc:
            first, last = body[0].lineno - 1, body[0].end_lineno - 1
            rest_is_ellipsis = False
            edits.append((first, last, literal(doc, indent).splitlines()))
            return
        # `def f(...) -> T: ...` on one line, or a body starting on its own line.
        stmt = body[0]
        line = lines[stmt.lineno - 1]
        if stmt.lineno == node.body[0].lineno and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and stmt.value.value is Ellipsis and line.rstrip().endswith("..."):
            head = line.rstrip()[:-3].rstrip()
            if stmt.lineno - 1 >= (node.lineno - 1) and head.endswith(":"):
                edits.append((stmt.lineno - 1, stmt.lineno - 1, [head] + literal(doc, indent).splitlines()))
                return
        # A class (or def) whose body is on following lines: insert before it.
        edits.append((header_end, header_end - 1, literal(doc, indent).splitlines()))

    visit(tree, [])
    for first, last, new in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[first : last + 1] = new
    return "\n".join(lines) + "\n", missing


def main() -> int:
    sys.path.insert(0, str(STUBS.parents[1]))
    import openday._openday as module

    source = STUBS.read_text(encoding="utf-8")
    updated, missing = rewrite(source, module)
    again, _ = rewrite(updated, module)
    if again != updated:
        print("stub_docs: the rewrite is not stable; fix scripts/stub_docs.py", file=sys.stderr)
        return 1
    if missing:
        print("no docstring at run time (add a /// comment in bindings-python/src):", ", ".join(missing), file=sys.stderr)
    if "--check" in sys.argv:
        if updated != source:
            print(f"{STUBS} is out of date: run scripts/stub_docs.py", file=sys.stderr)
            return 1
        return 1 if missing else 0
    STUBS.write_text(updated, encoding="utf-8")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
