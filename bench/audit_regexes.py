"""Every module-level regex of ``importer`` searched on text built to make it slow.

    python bench/audit_regexes.py                 # every pattern, n = 20,000 characters
    python bench/audit_regexes.py --size 50000    # a larger n
    python bench/audit_regexes.py --only fields   # patterns whose module or name holds this

For each compiled pattern found at module level (or in a module-level tuple, list or dict) the
script builds adversarial texts from the pattern itself: runs of spaces and of every literal
character it names, and every prefix of a string the pattern matches, repeated (the start of a
match that never completes: an unclosed delimiter, a keyword without what must follow it). Each
text is searched at n and 4n characters in a subprocess with a time-out (a pattern that hangs
is reported, not waited for). Linear time grows fourfold from n to 4n; quadratic time sixteenfold.
Printed: the patterns whose worst text took over ``--slow`` seconds at 4n or grew over
``--ratio``, worst first, with the text that did it. ``search`` is the worst case of
``sub``/``split``/``findall`` too (it scans every start position of a text with no match), so a
pattern only ever used with ``match`` may be reported without being a problem.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_CATEGORY_SAMPLES = {
    "CATEGORY_DIGIT": "1",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": " ",
}


def module_patterns() -> Iterator[tuple[str, re.Pattern[Any]]]:
    """(module.NAME, pattern) for every compiled regex a module of importer defines at its top level
    (alone or in a tuple, list or dict); a pattern imported from another module is listed there."""
    import importer

    for info in pkgutil.walk_packages(importer.__path__, "importer."):
        try:
            module = importlib.import_module(info.name)
            source = inspect.getsource(module)
        except Exception:  # an optional dependency missing: audit the rest
            continue
        for name, value in vars(module).items():
            if not re.search(rf"^{re.escape(name)}\b[^=\n]*=", source, re.M):
                continue  # imported, not defined here
            values = (
                value.values() if isinstance(value, dict) else value if isinstance(value, tuple | list) else [value]
            )
            for index, item in enumerate(values):
                if isinstance(item, re.Pattern):
                    suffix = f"[{index}]" if item is not value else ""
                    yield f"{info.name}.{name}{suffix}", item


def _members(value: object) -> list[object]:
    if isinstance(value, dict):
        return list(value.values())
    return list(value) if isinstance(value, tuple | list) else [value]


def _sample(items: Any, choice: int) -> str:
    """A string the parsed pattern matches (roughly): one repeat each, branch ``choice`` where it can."""
    out = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if chr(arg) != "a" else "b")
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_in_sample(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = arg
            out.append(_sample(sub, choice) * max(low, 1))
        elif name == "SUBPATTERN":
            out.append(_sample(arg[-1], choice))
        elif name == "ATOMIC_GROUP":
            out.append(_sample(arg, choice))
        elif name == "BRANCH":
            branches = arg[1]
            out.append(_sample(branches[choice % len(branches)], choice))
    return "".join(out)


def _in_sample(arg: Any) -> str:
    for op, value in arg:
        name = str(op)
        if name == "LITERAL":
            return chr(value)
        if name == "RANGE":
            return chr(value[0])
        if name == "CATEGORY":
            return _CATEGORY_SAMPLES.get(str(value), "a")
    return "a"


def _literals(items: Any) -> set[str]:
    found: set[str] = set()
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            found.add(chr(arg))
        elif name == "IN":
            found.add(_in_sample(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            found |= _literals(arg[2])
        elif name == "SUBPATTERN":
            found |= _literals(arg[-1])
        elif name == "ATOMIC_GROUP":
            found |= _literals(arg)
        elif name == "BRANCH":
            for branch in arg[1]:
                found |= _literals(branch)
        elif name in ("ASSERT", "ASSERT_NOT"):
            found |= _literals(arg[1])
    return found


def hostile_units(pattern: re.Pattern[Any]) -> list[str]:
    """Short units whose repetition may make ``pattern`` slow."""
    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
    parsed = sre_parse.parse(source, pattern.flags & ~re.ASCII if isinstance(pattern.pattern, str) else pattern.flags)
    units = {" ", " \n", "a ", "\t", "1 "}
    units |= _literals(parsed.data)
    for choice in range(40):
        sample = _sample(parsed.data, choice)
        for end in range(1, min(len(sample), 40)):
            units.add(sample[:end])
            units.add(sample[:end] + " ")
    return sorted(unit for unit in units if unit)


_CHILD = """
import json, sys, time
sys.path.insert(0, {root!r})
sys.path.insert(0, {bench!r})
from audit_regexes import module_patterns, hostile_units
pattern = dict(module_patterns())[{name!r}]
size = {size}
results = []
for unit in hostile_units(pattern):
    times = []
    for n in (size, 4 * size):
        text = unit * (n // len(unit))
        data = text.encode("latin-1", "replace") if isinstance(pattern.pattern, bytes) else text
        start = time.process_time()
        pattern.search(data)
        times.append(time.process_time() - start)
    results.append((unit, times[0], times[1]))
    print(json.dumps(results[-1]), flush=True)
"""


def audit(name: str, size: int, timeout: float) -> tuple[str, float, float, bool]:
    """(worst unit, time at n, time at 4n, timed out) for one pattern."""
    script = _CHILD.format(root=str(ROOT), bench=str(ROOT / "bench"), name=name, size=size)
    try:
        proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout)
        lines = proc.stdout.splitlines()
        timed_out = False
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout or b""
        lines = (out.decode() if isinstance(out, bytes) else out).splitlines()
        timed_out = True
    rows = [json.loads(line) for line in lines if line.startswith("[")]
    if timed_out:
        done = {row[0] for row in rows}
        pattern = dict(module_patterns())[name]
        pending = [unit for unit in hostile_units(pattern) if unit not in done]
        return (pending[0] if pending else "?", float("inf"), float("inf"), True)
    if not rows:
        return ("", 0.0, 0.0, False)
    worst = max(rows, key=lambda row: (row[2], row[2] / max(row[1], 1e-3)))
    return (worst[0], worst[1], worst[2], False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=20_000, help="n, in characters (default 20,000)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per pattern before it counts as hung")
    parser.add_argument("--slow", type=float, default=0.05, help="report a pattern slower than this at 4n")
    parser.add_argument("--ratio", type=float, default=8, help="report a pattern growing more than this")
    parser.add_argument("--only", default="", help="only patterns whose module.NAME holds this")
    args = parser.parse_args()
    names = [name for name, _pattern in module_patterns() if args.only in name]
    rows = []
    for name in names:
        unit, small, large, hung = audit(name, args.size, args.timeout)
        ratio = large / max(small, 1e-3)
        flagged = hung or (large > args.slow and ratio > args.ratio)
        line = f"{name:70} {small:8.3f}s {large:8.3f}s  x{ratio:6.1f}  {unit!r:.40}"
        print(("SLOW " if flagged else "     ") + line, file=sys.stderr, flush=True)
        if flagged:
            rows.append((large, line))
    print(f"\n{len(names)} patterns, n = {args.size:,}; flagged (time at n, at 4n, growth, worst unit):")
    for _large, line in sorted(rows, reverse=True):
        print(line)


if __name__ == "__main__":
    main()
