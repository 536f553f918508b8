"""Shared test helpers: paths to fixtures and the shared corpus, and the WordPress oracle fixture.

The shared corpus (real exports and pages, never copied into the repository) is found at
``$BLOGIMPORT_CORPUS``, by default ``../shared/corpus`` beside the repository. Every corpus test
takes its path from :data:`CORPUS` (or the ``corpus`` fixture) and skips only when it is absent.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from hypothesis import settings
from wp_oracle import wp_oracle  # noqa: F401  (the session fixture, for every test module)

from importer.tally import Tally

# In CI the property and fuzz tests run a fixed sequence of examples, so a run's verdict depends
# on the commit alone; on a developer's machine they explore new examples each run (and the long
# fuzz in tests/fuzz/run_long.py explores far more). No example fails for the time it took
# (hypothesis's 200 ms deadline is a timed assert: on a loaded machine the first example, which
# pays a lazy import, went over it); speed is measured in bench/.
settings.register_profile("ci", derandomize=True, database=None, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = Path(os.environ.get("BLOGIMPORT_CORPUS") or ROOT.parent / "shared" / "corpus").resolve()


def saved_pages() -> list[Path]:
    """Every saved page under fixtures/, then the shared corpus's HTML pages (when the corpus is
    there): the pages the HTML reader's fast paths are checked against their general paths on."""
    corpus_html = CORPUS / "html"
    return sorted(FIXTURES.rglob("*.html")) + (sorted(corpus_html.rglob("*.html")) if corpus_html.is_dir() else [])


@pytest.fixture
def corpus() -> Path:
    """The shared corpus of real exports and pages; tests skip only when the folder is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (set BLOGIMPORT_CORPUS to its folder)")
    return CORPUS


def tally_facts(tally: Tally) -> dict[str, object]:
    """What a run's tally says, to compare two runs: the counts (printed sorted, so without their
    order) and the problems, in their order."""
    return {
        "read": dict(tally.read),
        "written": dict(tally.written),
        "skipped": dict(tally.skipped),
        "changed": dict(tally.changed),
        "problems": [dataclasses.astuple(p) for p in tally.problems],
    }
