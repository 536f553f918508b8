"""The HTML reader's modules compiled by Cython (setup.py) read what their Python source reads: CI
proves they are built and imported, a build older than its source fails, and the Python modules,
run in a process of their own, give the same pages and tallies on every fixture and corpus page."""

from __future__ import annotations

import importlib
import os
import pickle
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from importer.errors import ParseError
from importer.readers.html import parse_page
from importer.tally import Tally

ROOT = Path(__file__).resolve().parent.parent
HTML_PACKAGE = ROOT / "importer" / "readers" / "html"
EXTENSION = sysconfig.get_config_var("EXT_SUFFIX")
CORPUS_HTML = Path(os.environ.get("BLOGIMPORT_CORPUS") or ROOT.parent / "shared" / "corpus") / "html"
PAGES = sorted((ROOT / "fixtures").rglob("*.html")) + (
    sorted(CORPUS_HTML.rglob("*.html")) if CORPUS_HTML.is_dir() else []
)
BASE_URL = "https://example.org/blog/some-post/"


def _module_name(source: Path) -> str:
    name = "importer.readers.html"
    return name if source.stem == "__init__" else f"{name}.{source.stem}"


SOURCES = sorted(HTML_PACKAGE.glob("*.py"))
COMPILED = [source for source in SOURCES if source.with_name(source.stem + EXTENSION).exists()]


def test_ci_runs_the_compiled_reader() -> None:
    """In CI (.ci/run installs with ``pip install -e``, which compiles them) every module of the HTML
    reader is imported from its extension, so the suite tests the code users run."""
    if os.environ.get("CI") != "true":
        pytest.skip("CI only: a developer's checkout may run without the build")
    for source in SOURCES:
        module = importlib.import_module(_module_name(source))
        assert module.__file__ is not None and module.__file__.endswith(EXTENSION), f"{source.name} is not compiled"


@pytest.mark.skipif(not COMPILED, reason="not built: python setup.py build_ext --inplace")
def test_no_compiled_module_is_older_than_its_source() -> None:
    """The extension shadows its ``.py``: an edit not rebuilt would go untested and unused. Rebuild
    with ``python setup.py build_ext --inplace`` (or ``pip install -e .``)."""
    for source in COMPILED:
        built = source.with_name(source.stem + EXTENSION)
        assert built.stat().st_mtime >= source.stat().st_mtime, f"{built.name} is older than {source.name}: rebuild"


# Run in a process of its own: the reader's modules from their .py (the accelerator _cindex stays
# compiled: tests/test_html_accel.py compares it with its Python stand-in), the pages of argv[1]
# read as the test reads them, the reprs written to argv[2].
_PYTHON_READER = """
import importlib.machinery, pickle, sys

class PythonSource(importlib.machinery.PathFinder):
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if not name.startswith("importer.readers.html") or name.endswith("._cindex"):
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or spec.origin is None or spec.origin.endswith(".py"):
            return spec
        source = spec.origin.rsplit("/", 1)[0] + "/" + (
            "__init__.py" if spec.submodule_search_locations is not None else name.rsplit(".", 1)[1] + ".py")
        return importlib.util.spec_from_file_location(
            name, source, submodule_search_locations=spec.submodule_search_locations)

import importlib.util
sys.meta_path.insert(0, PythonSource)
from importer.readers.html import comments
assert comments.__file__.endswith(".py"), comments.__file__
sys.path.insert(0, sys.argv[3])
from test_html_compiled import read_all
pickle.dump(read_all(pickle.load(open(sys.argv[1], "rb"))), open(sys.argv[2], "wb"))
"""


def read_all(paths: list[str]) -> list[tuple[str, str | None, str, str]]:
    """Each page read without a base URL and with one: the ``Page``'s and the tally's ``repr``."""
    out = []
    for path in paths:
        data = Path(path).read_bytes()
        for base in (None, BASE_URL):
            tally = Tally()
            try:
                page = repr(parse_page(data, path, tally, base))
            except ParseError as exc:
                page = f"ParseError: {exc}"
            out.append((path, base, page, repr(tally)))
    return out


@pytest.mark.skipif(not COMPILED, reason="not built: python setup.py build_ext --inplace")
def test_the_python_reader_reads_what_the_compiled_reader_reads(tmp_path: Path) -> None:
    paths = [str(page) for page in PAGES]
    assert paths
    (tmp_path / "paths").write_bytes(pickle.dumps(paths))
    subprocess.run(
        [sys.executable, "-c", _PYTHON_READER, str(tmp_path / "paths"), str(tmp_path / "out"), str(ROOT / "tests")],
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    python_reads = pickle.loads((tmp_path / "out").read_bytes())
    compiled_reads = read_all(paths)
    assert len(python_reads) == len(compiled_reads) == 2 * len(paths)
    for python_read, compiled_read in zip(python_reads, compiled_reads, strict=True):
        assert python_read == compiled_read, f"{compiled_read[0]} (base {compiled_read[1]}) differs"
