"""One vocabulary of problems (importer/problems.py): every code a reader, writer, inspect or
validate reports is in it, with one severity, wherever it is reported."""

from __future__ import annotations

import ast
from pathlib import Path

from importer.problems import CODES, PROBLEMS, Severity, lookup, severity_of
from importer.tally import Tally

IMPORTER = Path(__file__).resolve().parent.parent / "importer"


def reported_codes() -> dict[str, str]:
    """code -> where, for every ``.problem("code", ...)``, ``Problem("code", ...)`` and ``Repair("code", ...)``;
    an f-string code (``f"duplicate-{self.kind}-id"``) stands for each kind of id (post, comment)."""
    found: dict[str, str] = {}
    for path in IMPORTER.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name not in ("problem", "Problem", "Repair"):
                continue
            first = node.args[0]
            where = f"{path.relative_to(IMPORTER)}:{node.lineno}"
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found[first.value] = where
            elif isinstance(first, ast.JoinedStr):
                for kind in ("post", "comment"):
                    text = "".join(v.value if isinstance(v, ast.Constant) else kind for v in first.values)
                    found[str(text)] = where
    return found


def test_every_reported_code_is_in_the_vocabulary() -> None:
    from importer.readers.wxr import reader

    codes = reported_codes()
    tolerated = [*reader._TOLERATED_ERRORS.values(), reader._NAMESPACE_ERROR]  # libxml2 errors read through
    codes.update({code: "readers/wxr/reader.py" for code, _outcome, _counted in tolerated})
    assert len(codes) > 30  # the scan sees the readers' and writers' calls
    assert {code: where for code, where in codes.items() if code not in PROBLEMS} == {}


def test_names_and_codes_are_unique_and_every_kind_reports_under_a_known_code() -> None:
    assert all(kind.code in CODES for kind in PROBLEMS.values())
    assert len({kind.name for kind in CODES.values()}) == len(CODES)
    assert all(name == name.lower() and " " not in name for name in PROBLEMS)


def test_the_tally_grades_a_problem_by_the_vocabulary() -> None:
    tally = Tally()
    tally.problem("file-truncated", "file truncated at line 9")
    tally.problem("generic-extraction", "read by the fallback")
    tally.problem("not-yet-listed", "a code a new reader forgot to list")
    assert [p.severity for p in tally.problems] == ["error", "info", "warning"]
    assert severity_of("duplicate-post-id") is Severity.ERROR == CODES["BI100"].severity


def test_lookup_by_code_name_or_title() -> None:
    assert lookup("BI101") is lookup("dangling-comment-parent") is lookup("BI101 dangling-comment-parent")
    kind = lookup("namespace-not-uri")
    assert kind is not None and kind.code == "BI012"  # a reader's view of a validate check
    assert lookup("unheard-of") is None
