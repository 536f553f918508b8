"""Every corpus export and fixture converts with every preset; at least 99% of posts round-trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import importer
from importer.api import ConvertOptions
from importer.writers.markdown import MarkdownOptions

pytestmark = pytest.mark.corpus

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Not well-formed: the reader refuses them without --recover (their own tests cover that).
MALFORMED = {"crazy-cdata.xml", "malformed.xml", "malformed-simple.xml"}


def exports(corpus: Path) -> list[Path]:
    found = sorted(p for p in (corpus / "wxr").rglob("*.xml") if p.name not in MALFORMED)
    return found + sorted((FIXTURES / "markdown").glob("*.xml")) + sorted((FIXTURES / "wxr").glob("*.xml"))


@pytest.mark.parametrize("preset", ["hugo", "jekyll", "eleventy", "plain"])
def test_every_export_converts_and_every_post_is_written(corpus: Path, tmp_path: Path, preset: str) -> None:
    for number, source in enumerate(exports(corpus)):
        archive = importer.load([str(source)])
        content = [p for p in archive.posts if p.type not in ("attachment",) and not p.type.startswith(("nav_", "wp_"))]
        out = tmp_path / str(number)
        tally = importer.convert([str(source)], "markdown", str(out), ConvertOptions(), MarkdownOptions(preset=preset))
        written = sum(n for kind, n in tally.written.items() if kind not in ("comment", "attachment (media manifest)"))
        skipped = sum(n for (kind, _), n in tally.skipped.items() if kind not in ("comment", "attachment"))
        assert written + skipped >= len(content), source.name
        assert len(list(out.rglob("*.md"))) == written, source.name


def test_fidelity_at_least_99_percent(corpus: Path, tmp_path: Path) -> None:
    checked = exact = 0
    differences: list[str] = []
    for number, source in enumerate(exports(corpus)):
        out = tmp_path / str(number)
        importer.convert([str(source)], "markdown", str(out), ConvertOptions(), MarkdownOptions(check_fidelity=True))
        report_file = out / "_blogimport" / "fidelity.json"
        if not report_file.exists():
            continue
        report = json.loads(report_file.read_text(encoding="utf-8"))
        checked += report["checked"]
        exact += report["exact"]
        differences += [f"{source.name}: {d['path']}: {d['difference'][:120]}" for d in report["differences"]]
    assert checked > 600
    assert exact / checked >= 0.99, "\n".join(differences)
