"""Names WordPress stores HTML-escaped (comment authors, term names, users' names) are text in the
model and in every public output, and HTML again in the WXR we write (importer.wordpress)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES

import importer
from importer.wordpress import name_for_wordpress, name_from_wordpress

SOURCE = FIXTURES / "wxr" / "escaped-names.xml"


def test_the_model_holds_the_names_people_see() -> None:
    archive = importer.load([str(SOURCE)])
    (author,) = archive.authors
    assert (author.display_name, author.last_name) == ("Ana & Luis", "O'Neill")
    assert sorted(t.name or "" for t in archive.terms) == ["Bread & Butter", "Q&A"]
    (post,) = archive.posts
    assert [c.name for c in post.categories] == ["Bread & Butter"] and [t.name for t in post.tags] == ["Q&A"]
    assert [c.author for c in post.comments] == ["Gwen at Loaf & Ladle", "Proof » Cold starters, warm hands"]


def test_markdown_shows_the_names_once_decoded(tmp_path: Path) -> None:
    importer.convert([str(SOURCE)], to="markdown", output=str(tmp_path))
    (page,) = (tmp_path / "content").rglob("*.md")
    front = page.read_text(encoding="utf-8")
    assert "- Bread & Butter\n" in front and "author: Ana & Luis\n" in front and "&amp;" not in front
    (data,) = (tmp_path / "data").rglob("*.json")
    comments = json.loads(data.read_text(encoding="utf-8"))["comments"]
    assert [c["author"] for c in comments] == ["Gwen at Loaf & Ladle", "Proof » Cold starters, warm hands"]


def test_our_wxr_holds_the_names_as_wordpress_stores_them(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    importer.convert([str(SOURCE)], to="wxr", output=str(out))
    text = out.read_text(encoding="utf-8")
    assert "<![CDATA[Gwen at Loaf &amp; Ladle]]>" in text and "<![CDATA[Bread &amp; Butter]]>" in text
    assert "&amp;amp;" not in text
    again = importer.load([str(out)])
    assert [c.author for c in again.posts[0].comments] == ["Gwen at Loaf & Ladle", "Proof » Cold starters, warm hands"]
    assert again.authors[0].display_name == "Ana & Luis"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("Loaf &amp; Ladle", "Loaf & Ladle"),
        ("Blog &raquo; Post", "Blog » Post"),
        ("O&#039;Neill", "O'Neill"),
        ("AT&amp;amp;T", "AT&amp;T"),  # someone typed the entity: it stays text
        ("a &lt;b&gt; c", "a <b> c"),
    ],
)
def test_names_decode_and_encode_as_inverses(stored: str, shown: str) -> None:
    assert name_from_wordpress(stored) == shown
    assert name_from_wordpress(name_for_wordpress(shown)) == shown
