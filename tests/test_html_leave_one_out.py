"""Leave-one-theme-out: every fixture page read with its own theme profile disabled.

A blog being rescued almost never has a theme the reader knows, so what counts is what the
generic layer (WordPress core's own markup: post_class, body_class, comment_class, core blocks,
the comment walker) finds alone. For every fixture in fixtures/html/ the page is read with the
profile named in its expected JSON left out, and the fields that still come out exactly as
expected are counted (every page fact, post field and comment field the JSON lists). Each
fixture must keep at least ``FLOOR`` of its fields; the per-fixture figures are printed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_html_fixtures import PAGES, page_facts

from importer.readers.html import parse_page
from importer.readers.html.profiles import PROFILES
from importer.tally import Tally

FLOOR = 0.90
# Profiles that are the generic layer itself (WordPress core markup, hAtom, schema.org): a fixture
# read by one of them has no theme profile of its own to leave out.
GENERIC = {"hatom", "wordpress", "schema-microdata", "generic-fallback", None}


def field_checks(got: Any, want: Any, where: str = "") -> list[tuple[str, bool]]:
    """(field, right?) for every leaf the expected JSON lists: page facts, post fields, comments."""
    checks: list[tuple[str, bool]] = []
    for key, value in want.items():
        if key in ("profile", "confidence"):
            continue  # which rule found it, not what was found
        if key in ("posts", "comments"):
            got_items = got.get(key, [])
            for i, item in enumerate(value):
                got_item = got_items[i] if i < len(got_items) else {}
                checks += field_checks(got_item, item, f"{where}{key}[{i}].")
            continue
        checks.append((f"{where}{key}", got.get(key) == value))
    return checks


def generic_score(page_path: Path) -> tuple[str | None, list[tuple[str, bool]]]:
    expected = json.loads(page_path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    own = expected.get("profile")
    profiles = PROFILES if own in GENERIC else tuple(p for p in PROFILES if p.name != own)
    page = parse_page(page_path.read_bytes(), str(page_path), Tally(), profiles=profiles)
    return own, field_checks(page_facts(page, expected), expected)


@pytest.mark.parametrize("page_path", PAGES, ids=[p.stem for p in PAGES])
def test_generic_layer_alone_gets_most_fields(page_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    own, checks = generic_score(page_path)
    right = sum(ok for _, ok in checks)
    score = right / len(checks)
    with capsys.disabled():
        left_out = "no theme profile" if own in GENERIC else f"without profile {own}"
        print(f"\n  leave-one-out {page_path.stem}: {right}/{len(checks)} = {score:.0%} ({left_out})")
    misses = [name for name, ok in checks if not ok]
    assert score >= FLOOR, f"{score:.0%} of fields with the generic layer alone; wrong: {misses}"


def test_the_check_counts_every_field_and_fails_on_a_wrong_one() -> None:
    want = {"profile": "x", "page_type": "single", "posts": [{"title": "T", "comments": [{"author": "A"}]}]}
    got = {"page_type": "single", "posts": [{"title": "T", "comments": [{"author": "B"}]}]}
    assert field_checks(got, want) == [
        ("page_type", True),
        ("posts[0].title", True),
        ("posts[0].comments[0].author", False),
    ]
    assert field_checks({"posts": []}, want)[1] == ("posts[0].title", False)  # a missing post counts wrong
