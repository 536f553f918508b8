"""The HTML reader through the library API and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import importer
from importer.cli import main
from importer.model import Author, Post, Site, Term

HTML_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
BLIX = HTML_FIXTURES / "blix-single.html"


def test_load_gives_site_authors_terms_then_the_post() -> None:
    archive = importer.load([str(BLIX)])
    assert isinstance(archive.site, Site)
    assert archive.site.title == "Notes from the Allotment"
    assert archive.site.source_format == "html"
    assert [(t.taxonomy, t.slug) for t in archive.terms] == [
        ("category", "uncategorized"),
        ("post_tag", "stone"),
        ("post_tag", "winter-jobs"),
    ]
    assert [p.title for p in archive.posts] == ["Mending the Garden Wall"]
    assert all(isinstance(a, Author) for a in archive.authors)
    assert all(isinstance(t, Term) for t in archive.terms)


def test_record_order_is_site_then_authors_terms_posts() -> None:
    kinds = [type(r).__name__ for r in importer.read([str(BLIX)])]
    assert kinds[0] == "Site"
    assert kinds[-1] == "Post"
    assert kinds.index("Term") < kinds.index("Post")


def test_convert_page_to_json_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "page.json"
    result = CliRunner().invoke(main, ["convert", str(BLIX), "--to", "json", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    posts = data["posts"]
    assert [p["title"] for p in posts] == ["Mending the Garden Wall"]
    comments = posts[0]["comments"]
    assert [c["author"] for c in comments] == [
        "Margaret Ellery",
        "allotmentnotes",
        "Walls worth building « Plot Holders' Digest",
    ]
    assert [c["parent"] for c in comments] == [None, 42, None]
    assert "Join 29 other followers" not in json.dumps(data)
    assert "Leave a Reply" not in json.dumps(data)


def test_posts_record_the_profile_that_found_them() -> None:
    post = next(r for r in importer.read([str(BLIX)]) if isinstance(r, Post))
    assert post.provenance[0].rule == "profile:blix"
    assert post.provenance[0].locator == "#post-187"
    locators = {p.locator for p in post.provenance}
    assert "date: p.info em.date" in locators
    assert any(loc and loc.startswith("title: ") for loc in locators)


def test_inspect_names_the_profile_and_where_each_field_was_found() -> None:
    page = HTML_FIXTURES / "twentyten-single.html"
    result = CliRunner().invoke(main, ["inspect", str(page), "-q"])
    assert result.exit_code == 0, result.output
    assert "found by: profile:twentyten 1" in result.output
    assert "  date: .entry-meta .entry-date (profile:twentyten) 1" in result.output
    data = json.loads(CliRunner().invoke(main, ["inspect", str(page), "--format", "json", "-q"]).output)
    assert data["found_where"]["content"] == {".entry-content (profile:twentyten)": 1}
