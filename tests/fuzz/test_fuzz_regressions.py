"""Crashes the fuzz found, kept as plain regression tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import exercise

from importer.transforms.html_to_markdown import to_markdown

CLEAN = Path(__file__).resolve().parents[2] / "fixtures" / "validate" / "clean.xml"


def test_a_prefix_never_declared_does_not_crash_validate(tmp_path: Path) -> None:
    data = CLEAN.read_bytes().replace(b'\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n', b"")
    assert exercise(data, tmp_path / "run") in ("ok", "refused")


@pytest.mark.parametrize("html", ["a\x0bb", "<p>a\x01b</p>", "<p>x &#1; y</p>", "<pre>a\x02b</pre>"])
def test_control_characters_do_not_crash_the_markdown_conversion(html: str) -> None:
    markdown = to_markdown(html)
    assert not any(c in markdown for c in "\x00\x01\x02\x0b")


@pytest.mark.parametrize("field", [b"wp:post_parent", b"wp:post_id", b"wp:comment_id", b"wp:menu_order"])
def test_numbers_too_big_for_a_database_do_not_crash_the_sql_writer(field: bytes, tmp_path: Path) -> None:
    data = CLEAN.read_bytes()
    start = data.index(b"<" + field + b">") + len(field) + 2
    end = data.index(b"<", start)
    data = data[:start] + b"99999999999999999999" + data[end:]
    assert exercise(data, tmp_path / "run") == "ok"


BROKEN_URL = b"http://[broken/x"  # urllib raises ValueError ("Invalid IPv6 URL") on it


@pytest.mark.parametrize(
    ("old", "where"),
    [
        (b"https://harbournotes.example/2011/04/mooring-fees/", "item link"),
        (b"https://example.org/elsewhere/", "link in content"),
        (b"https://harbournotes.example/wp-content/uploads/2011/03/quay.jpg", "image and attachment"),
        (b"<wp:base_site_url>https://harbournotes.example", "site URL"),
        (b"the harbour board meets on Thursdays.", "embed shortcode"),
    ],
)
def test_malformed_urls_do_not_crash_any_writer(old: bytes, where: str, tmp_path: Path) -> None:
    new = b"[embed]" + BROKEN_URL + b"[/embed]" if where == "embed shortcode" else BROKEN_URL
    if where == "site URL":
        new = b"<wp:base_site_url>" + BROKEN_URL
    data = CLEAN.read_bytes().replace(old, new)
    assert data != CLEAN.read_bytes()
    assert exercise(data, tmp_path / "run") == "ok"


def test_malformed_urls_in_an_html_page_do_not_crash(tmp_path: Path) -> None:
    page = (
        b'<!DOCTYPE html><html><head><title>Night ferry</title><link rel="canonical" href="http://[f/n/">'
        b'<meta property="og:image" content="http://[f/i.jpg"><base href="http://[f/"></head><body>'
        b'<div class="post hentry" id="post-5"><h2 class="entry-title"><a href="http://[f/n/">Night ferry</a></h2>'
        b'<div class="entry-content"><p>The last <a href="/x">ferry</a> <img src="q.jpg"> leaves.</p></div>'
        b'<ol class="commentlist"><li id="comment-7" class="comment"><cite><a href="http://[c">Ann</a></cite>'
        b"<p>Hi</p></li></ol></div></body></html>"
    )
    assert exercise(page, tmp_path / "run") == "ok"


def test_control_characters_in_an_html_page_do_not_crash(tmp_path: Path) -> None:
    page = (
        b'<!DOCTYPE html><html><head><title>Night ferry</title><link rel="canonical" href="https://ferry.example/n/">'
        b'</head><body><div class="post hentry" id="post-5"><h2 class="entry-title">Night\x01 ferry</h2>'
        b'<div class="entry-content"><p>The last ferry <img src="../../uploads\x1eR\x06.jpg"> leaves.</p></div>'
        b"</div></body></html>"
    )
    assert exercise(page, tmp_path / "run") == "ok"


def test_a_comment_count_too_big_for_a_database_does_not_crash_the_sql_writer(tmp_path: Path) -> None:
    # An HTML page's comment heading is read as Post.comment_count; a damaged page once claimed
    # 99999999999999999999 and the SQLite writer raised OverflowError (found by the suite's fuzz).
    page = Path(__file__).resolve().parents[2] / "fixtures" / "html" / "mistylook-single.html"
    data = page.read_bytes()
    start = data.index(b'<h3 id="comments">') + len(b'<h3 id="comments">')
    data = data[:start] + b"99999999999999999999" + data[data.index(b"</h3>", start) :]
    assert exercise(data, tmp_path / "run") == "ok"
