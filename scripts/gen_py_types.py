#!/usr/bin/env python3
"""Generate bindings-python/python/openday/types.py (TypedDicts) from the
TypeScript declarations of the wasm binding, so that the Python and JS
packages describe the objects they return from one source.

The source is the TypeScript text in bindings-wasm/src/types.rs and
bindings-wasm/src/lib.rs (`typescript_custom_section`): every
`export interface` becomes a TypedDict with snake_case keys (the Python
binding returns the same objects with snake_case keys), every
`export type X = "a" | "b"` a Literal. Numbers are `int` unless the field
holds a fraction (FLOATS below); the Python tests check every value's type
against these declarations, so a wrong guess fails there.

usage: gen_py_types.py [--check]   (--check: fail if the file is stale)
"""
import keyword
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "bindings-wasm/src/types.rs", ROOT / "bindings-wasm/src/lib.rs"]
OUT = ROOT / "bindings-python/python/openday/types.py"
# Number fields that hold fractions (snake_case names); every other number is an int.
FLOATS = {"median_handling_hours", "on_time_rate", "late_hours", "min_probability", "max_probability", "min_probability_bound", "probability", "expected", "share", "fraction", "ratio", "rate",
          "mean", "gini", "target_share", "pool_share", "panel_share"}
# Objects the Python binding gives in another form (a class, or not at all).
SKIP = {"OpenDayError", "ScreeningOptions", "Candidate", "DrawProgress", "DrawBudget"}


def ts_text() -> str:
    out = []
    for path in SOURCES:
        src = path.read_text(encoding="utf-8")
        out += re.findall(r'typescript_custom_section\)\]\s*const \w+: &\'static str = r#"(.*?)"#;', src, re.S)
    return "\n".join(out)


def snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def split_top(text: str, sep: str) -> list:
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in "{[<(":
            depth += 1
        elif ch in "}]>)":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


class Gen:
    def __init__(self, names: set) -> None:
        self.names = names

    def ty(self, t: str, field: str = "") -> str:
        t = t.strip()
        alts = split_top(t, "|")
        if len(alts) > 1:
            none = any(a in ("null", "undefined") for a in alts)
            rest = [a for a in alts if a not in ("null", "undefined")]
            if all(re.fullmatch(r'"[^"]*"', a) for a in rest):
                inner = f"Literal[{', '.join(rest)}]"
            elif len(rest) == 1:
                inner = self.ty(rest[0], field)
            else:
                kinds = list(dict.fromkeys(self.ty(a, field) for a in rest))
                inner = kinds[0] if len(kinds) == 1 else f"Union[{', '.join(kinds)}]"
            return f"Optional[{inner}]" if none else inner
        if t.endswith("[]"):
            return f"List[{self.ty(t[:-2], field)}]"
        if t.startswith("(") and t.endswith(")"):
            return self.ty(t[1:-1], field)
        if t.startswith("Record<string,"):
            return f"Dict[str, {self.ty(t[len('Record<string,'):-1], field)}]"
        if t.startswith("["):
            return f"Tuple[{', '.join(self.ty(x, field) for x in split_top(t[1:-1], ','))}]"
        if t.startswith("{"):
            return "Dict[str, Any]"
        if re.fullmatch(r'"[^"]*"', t):
            return f"Literal[{t}]"
        simple = {"string": "str", "boolean": "bool", "unknown": "Any", "null": "None", "undefined": "None"}
        if t in simple:
            return simple[t]
        if t == "number":
            return "float" if field in FLOATS else "int"
        if t in self.names:
            return f'"{t}"'
        return "Any"


def members(body: str) -> list:
    """(name, optional, type, doc) of an interface body's top-level members."""
    # A doc comment's semicolons are kept out of the split on members
    # (as \x02), so a member after one is not lost.
    body = re.sub(r"/\*\*(.*?)\*/", lambda m: "\x00" + " ".join(m.group(1).replace("*", " ").split()).replace(";", "\x02") + "\x01", body, flags=re.S)
    out, doc = [], ""
    for part in split_top(body.replace("\n", " "), ";"):
        docs = re.findall(r"\x00(.*?)\x01", part)
        doc = docs[-1].replace("\x02", ";") if docs else ""
        part = re.sub(r"\x00.*?\x01", "", part).strip()
        m = re.match(r"(\w+)(\?)?\s*:\s*(.*)$", part, re.S)
        if m:
            out.append((m.group(1), bool(m.group(2)), m.group(3).strip(), doc))
    return out


def generate() -> str:
    ts = ts_text()
    interfaces = re.findall(r"(?:/\*\*((?:(?!\*/).)*?)\*/\s*)?export interface (\w+) \{(.*?)\n\}", ts, re.S)
    aliases = re.findall(r"(?:/\*\*((?:(?!\*/).)*?)\*/\s*)?export type (\w+) =(.*?);\n", ts, re.S)
    names = {n for _, n, _ in interfaces if n not in SKIP} | {n for _, n, _ in aliases}
    g = Gen(names)
    lines = [
        '"""The plain objects openday returns, as TypedDicts (keys in snake_case).',
        "",
        "Generated by scripts/gen_py_types.py from the TypeScript declarations of",
        "the JS package (bindings-wasm/src/types.rs, lib.rs): one source for both.",
        "Do not edit; change the declarations and run the script.",
        '"""',
        "",
        "from typing import Any, Dict, List, Literal, Optional, Tuple, TypedDict, Union",
        "",
        "__all__ = [",
    ]
    lines += [f'    "{n}",' for n in sorted(names)]
    lines += ["]", ""]
    for doc, name, body in aliases:
        lines.append(f"{name} = {g.ty(' '.join(body.split()))}")
        if doc.strip():
            lines.append(f'"""{" ".join(doc.replace("*", " ").split())}"""')
        lines.append("")
    for doc, name, body in interfaces:
        if name in SKIP:
            continue
        ms = members(body)
        for field, _, _, _ in ms:
            if keyword.iskeyword(snake(field)):
                sys.exit(f"{name}.{field}: a Python keyword cannot be a TypedDict class field")
        text = " ".join(doc.replace("*", " ").split()) if doc else f"{name}."
        optional = [m for m in ms if m[1]]
        required = [m for m in ms if not m[1]]
        base = "TypedDict"
        if optional:
            base = f"_{name}Optional"
            lines += [f"class {base}(TypedDict, total=False):"]
            for field, _, t, fdoc in optional:
                lines.append(f"    {snake(field)}: {g.ty(t, snake(field))}")
            lines += ["", ""]
        lines.append(f"class {name}({base}):")
        lines.append(f'    """{text}"""')
        lines.append("")
        for field, _, t, fdoc in required:
            lines.append(f"    {snake(field)}: {g.ty(t, snake(field))}")
            if fdoc:
                lines.append(f'    """{fdoc}"""')
        if not required:
            lines.append("    pass")
        lines += ["", ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    text = generate()
    if "--check" in sys.argv:
        if OUT.read_text(encoding="utf-8") != text:
            sys.exit(f"{OUT.relative_to(ROOT)} is stale: run scripts/gen_py_types.py")
        print(f"{OUT.relative_to(ROOT)} matches the TypeScript declarations")
        return
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
