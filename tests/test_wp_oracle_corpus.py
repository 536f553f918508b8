"""Every export WordPress's own importer accepts converts by default, keeping as much: the corpus
exports and the repository's WXR fixtures (fixtures/wxr/defects/ has one per repaired defect).

The oracle (tests/wp_oracle.py) imports each file into WordPress 6.1 with the official importer.
Wherever WordPress stores at least one item, ``convert`` must succeed without ``--recover`` and
write at least as many items of each post type, and at least as many comments, as WordPress
stored. More is fine, because WordPress drops what we keep:

* attachments: the oracle runs with fetching off, so WordPress creates no attachment rows;
* items of post types and terms of taxonomies the empty site does not register ("Invalid post
  type"), and the comments on them;
* items it takes for duplicates (``post_exists``: same title, type and date) and comments it
  takes for duplicates (``comment_exists``: same author and date);
* nothing of a file it refuses (a wrong or missing WXR version, text before ``<?xml``).

Where WordPress stores nothing (a file without items, a truncated file), ``--recover`` may be
needed; the read must still end in a result or one sentence, never a crash.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS
from wp_oracle import Oracle

import importer
from importer.api import ConvertOptions
from importer.errors import BlogImportError
from importer.readers import ReadOptions

pytestmark = [pytest.mark.engine]

FIXTURES_WXR = Path(__file__).resolve().parent.parent / "fixtures" / "wxr"
CORPUS_WXR = sorted(p for p in (CORPUS / "wxr").rglob("*") if p.name.endswith((".xml", ".xml.gz")))
EXPORTS = [pytest.param(p, id=str(p.relative_to(CORPUS))) for p in CORPUS_WXR]
EXPORTS += [pytest.param(p, id=f"fixtures/{p.relative_to(FIXTURES_WXR)}") for p in sorted(FIXTURES_WXR.rglob("*.xml"))]


def _convert(path: Path, out: Path, *, recover: bool = False) -> dict[str, object]:
    options = ConvertOptions(read=ReadOptions(keep_internal=True, recover=recover))
    importer.convert([str(path)], to="json", output=str(out), options=options)
    document: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return document


def test_the_corpus_has_exports() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (set BLOGIMPORT_CORPUS)")
    assert len(CORPUS_WXR) >= 40


@pytest.mark.parametrize("path", EXPORTS)
def test_what_wordpress_imports_converts_by_default(wp_oracle: Oracle, path: Path, tmp_path: Path) -> None:
    stored = wp_oracle.import_wxr(path)
    if stored.items == 0:
        try:
            _convert(path, tmp_path / "out.json", recover=True)
        except BlogImportError as exc:  # one sentence for the user, as the CLI prints it
            assert "\n" not in str(exc)
        return
    document = _convert(path, tmp_path / "out.json")  # no --recover: any error fails the test
    posts = document["posts"]
    assert isinstance(posts, list)
    ours = Counter(post["type"] for post in posts)
    for post_type, n in stored.items_by_type.items():
        assert ours[post_type] >= n, f"WordPress stored {n} {post_type}, we wrote {ours[post_type]}"
    comments = sum(len(post["comments"]) for post in posts)
    assert comments >= stored.comments, f"WordPress stored {stored.comments} comments, we wrote {comments}"
