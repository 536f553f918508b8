"""The command imports what a command uses, when it runs: ``blogimport --help`` and ``validate``
start without the converters, the SQL writer, inspect, batch or the YAML and Markdown libraries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "wxr" / "selfhosted.xml"

# Imported by a conversion or by another command, never to print help.
HEAVY = [
    "importer.api",
    "importer.bulk",
    "importer.inspect",
    "importer.schema",
    "importer.transforms.html_to_markdown",
    "importer.validate.sources",
    "importer.writers.sql",
    "lxml",
    "yaml",
    "html_to_markdown",
    "markdown_it",
]
# What validating a source needs none of: writers, the Markdown export checks, batch.
NOT_FOR_VALIDATE = [
    "importer.bulk",
    "importer.validate.exports",
    "importer.writers.sql",
    "importer.transforms.html_to_markdown",
    "yaml",
    "html_to_markdown",
]

RUN = """
import json, sys
from importer.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def modules_after(*args: str) -> set[str]:
    """The modules loaded by ``blogimport ARGS`` in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True, check=True)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def loaded(modules: set[str], names: list[str]) -> list[str]:
    return [name for name in names if any(m == name or m.startswith(name + ".") for m in modules)]


@pytest.mark.parametrize("args", [["--help"], ["convert", "--help"], ["validate", "--help"], ["batch", "--help"]])
def test_help_imports_no_converter(args: list[str]) -> None:
    heavy = list(HEAVY)
    if args[0] == "convert":
        heavy.remove("importer.writers.sql")  # --dialect lists the SQL writer's dialects
    assert loaded(modules_after(*args), heavy) == []


def test_validate_imports_only_the_source_checks() -> None:
    modules = modules_after("validate", str(FIXTURE))
    assert "importer.validate.sources" in modules and "lxml" in modules
    assert loaded(modules, NOT_FOR_VALIDATE) == []


def test_package_names_load_on_first_use() -> None:
    code = (
        "import sys, importer; before = 'importer.api' in sys.modules; "
        "from importer import convert, Post, batch; "
        "print(before, convert.__module__, Post.__module__, batch.__module__, 'Tally' in dir(importer))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "importer.api", "importer.model", "importer.bulk", "True"]


def test_markdown_conversion_loads_downloads_and_fidelity_only_when_asked(tmp_path: Path) -> None:
    """The media downloader (the HTTP client) and the fidelity check (markdown-it) are loaded by
    the options that use them, not by every Markdown conversion."""
    optional = ["importer.writers.markdown.downloads", "http.client", "importer.transforms.fidelity", "markdown_it"]
    plain = modules_after("convert", str(FIXTURE), "--to", "markdown", "-o", str(tmp_path / "plain"))
    assert "importer.writers.markdown.writer" in plain
    assert loaded(plain, optional) == []
    checked = modules_after(
        "convert", str(FIXTURE), "--to", "markdown", "--check-fidelity", "-o", str(tmp_path / "fid")
    )
    assert loaded(checked, ["importer.transforms.fidelity", "markdown_it"]) == [
        "importer.transforms.fidelity",
        "markdown_it",
    ]


def test_a_conversion_in_parts_imports_neither_ctypes_nor_the_markdown_writer(tmp_path: Path) -> None:
    """The parts' progress counters are a shared mapping, not multiprocessing's ctypes arrays, and
    the Markdown options' values are looked up only when given (or for help)."""
    code = (
        "import sys, json\n"
        "from importer.readers.wxr import parts\n"
        "parts.MIN_PART_SIZE = 64  # the fixture is worth parts\n"
        "from importer.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    output = tmp_path / "out.db"
    args = ["convert", str(FIXTURE), "--to", "sqlite", "-o", str(output), "-q", "--jobs", "2"]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    modules = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert output.is_file() and "multiprocessing.popen_fork" in modules  # workers were forked
    assert loaded(modules, ["ctypes", "multiprocessing.sharedctypes", "importer.writers.markdown"]) == []


EXIT = """
import gc, sys
from importer.cli import main

class Cycle:
    def __del__(self):
        print("collected at exit", file=sys.stderr)

cycle = Cycle()
cycle.self = cycle
del cycle  # garbage for the next collection: the final one at exit, unless frozen
gc.disable()
main(sys.argv[1:])
"""


@pytest.mark.parametrize("to", ["jsonl", "sqlite", "markdown"])
def test_the_final_collection_at_exit_leaves_the_objects_alive_out(tmp_path: Path, to: str) -> None:
    """The command freezes the objects alive when it exits (gc.freeze, the last exit handler):
    Py_FinalizeEx's collection, which walked them all, no longer finds them; the output is the same
    as the library writes in the test's own process (every writer closed its files before)."""
    from click.testing import CliRunner

    from importer.cli import main

    output = tmp_path / f"out-{to}"
    args = ["convert", str(FIXTURE), "--to", to, "-o", str(output), "-q"]
    done = subprocess.run([sys.executable, "-c", EXIT, *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "collected at exit" not in done.stderr, done.stderr
    expected = tmp_path / f"expected-{to}"
    assert CliRunner().invoke(main, [*args[:-2], str(expected), "-q"]).exit_code == 0
    if to == "sqlite":
        import sqlite3

        dumps = ["\n".join(sqlite3.connect(path).iterdump()) for path in (output, expected)]
        assert dumps[0] == dumps[1]
    elif to == "jsonl":
        assert output.read_bytes() == expected.read_bytes()
    else:
        files = sorted(p.relative_to(output) for p in output.rglob("*") if p.is_file())
        assert files == sorted(p.relative_to(expected) for p in expected.rglob("*") if p.is_file())
        for name in files:
            if name.name != "manifest.json" and not str(name).startswith("."):
                assert (output / name).read_bytes() == (expected / name).read_bytes(), name
