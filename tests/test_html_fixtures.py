"""Every fixture page in fixtures/html/ converts exactly to the hand-checked JSON beside it.

``NAME.html`` is read by ``parse_page``; ``NAME.expected.json`` lists the page facts and, per
post, every field the reader must get right (comments included). Field by field, so a failure
names what went wrong.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import lxml.html
import pytest

from importer.model import Comment, Post
from importer.readers.html import Page, parse_page
from importer.tally import Tally

FIXTURE_PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
PAGES = sorted(FIXTURE_PAGES.glob("*.html"))


def _text(html: str | None) -> str | None:
    if not html:
        return None
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _meta(post: Post, key: str) -> Any:
    return next((m.value for m in post.meta if m.key == key), None)


def _comment_facts(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "parent": comment.parent,
        "type": comment.type,
        "author": comment.author,
        "author_url": comment.author_url,
        "date": _iso(comment.date),
        "avatar_url": comment.avatar_url,
        "url": comment.url,
        "text": _text(comment.content),
    }


def _post_facts(post: Post, expected: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "id": post.id,
        "title": post.title,
        "url": post.url,
        "date": _iso(post.date),
        "modified": _iso(post.modified),
        "author": post.author,
        "author_url": _meta(post, "html:author_url"),
        "categories": [[t.slug, t.name] for t in post.categories],
        "tags": [[t.slug, t.name] for t in post.tags],
        "comment_count": post.comment_count,
        "content_is_excerpt": post.content_is_excerpt,
        "content_text": _text(post.content),
        "content_has": [snippet for snippet in expected.get("content_has", []) if snippet in (post.content or "")],
        "comments": [_comment_facts(c) for c in post.comments],
    }
    if "excerpt_text" in expected:
        facts["excerpt_text"] = _text(post.excerpt)
    if "confidence" in expected:
        facts["confidence"] = post.provenance[0].confidence
    return {key: facts[key] for key in expected}


def page_facts(page: Page, expected: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {
        "page_type": page.page_type,
        "profile": page.profile,
        "canonical_url": page.canonical_url,
        "post_id": page.post_id,
        "site_title": page.site_title,
        "language": page.language,
        "encoding": page.encoding,
    }
    facts = {key: facts[key] for key in expected if key != "posts"}
    wanted = expected.get("posts", [])
    facts["posts"] = [_post_facts(post, wanted[i] if i < len(wanted) else {}) for i, post in enumerate(page.posts)]
    return facts


@pytest.mark.parametrize("page_path", PAGES, ids=[p.stem for p in PAGES])
def test_fixture_page_converts_exactly(page_path: Path) -> None:
    expected = json.loads(page_path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    page = parse_page(page_path.read_bytes(), str(page_path), Tally())
    got = page_facts(page, expected)
    assert len(got["posts"]) == len(expected["posts"]), "number of posts"
    for i, (got_post, want_post) in enumerate(zip(got["posts"], expected["posts"], strict=True)):
        want_comments = want_post.get("comments", [])
        got_comments = got_post.get("comments", [])
        assert len(got_comments) == len(want_comments), f"post {i}: number of comments"
        for j, (got_c, want_c) in enumerate(zip(got_comments, want_comments, strict=True)):
            assert got_c == want_c, f"post {i} comment {j}"
        assert {k: v for k, v in got_post.items() if k != "comments"} == {
            k: v for k, v in want_post.items() if k != "comments"
        }, f"post {i}"
    assert {k: v for k, v in got.items() if k != "posts"} == {k: v for k, v in expected.items() if k != "posts"}


def test_every_fixture_page_has_its_expected_json() -> None:
    assert PAGES, "no fixture pages found"
    for page_path in PAGES:
        assert page_path.with_suffix(".expected.json").is_file(), page_path.name
