"""parse_page: what a saved page gives beyond the posts, and how it behaves on awkward input."""

from __future__ import annotations

from pathlib import Path

import pytest

from importer.errors import ParseError
from importer.readers.html import parse_page
from importer.tally import Tally

FIXTURES_HTML = Path(__file__).resolve().parent.parent / "fixtures" / "html"


def _page(name: str, tally: Tally | None = None):  # type: ignore[no-untyped-def]
    return parse_page((FIXTURES_HTML / name).read_bytes(), name, tally if tally is not None else Tally())


def test_page_facts_for_the_mirror_reader() -> None:
    page = _page("twentysixteen-single.html")
    assert page.shortlink == "http://twentysixteen-tidewatch.example.com/?p=117"
    assert page.post_id == 117
    assert page.feed_urls == ["http://twentysixteen-tidewatch.example.com/2016/06/02/a-quiet-week-at-the-point/feed/"]
    assert "http://twentysixteen-tidewatch.example.com/2015/05/01/neap/" in page.links
    assert page.posts[0].provenance[0].rule == "profile:twentysixteen"
    assert all(c.provenance[0].locator == f"#comment-{c.id}" for c in page.posts[0].comments)


def test_recent_comments_widgets_are_never_read_as_comments() -> None:
    page = _page("twentyten-single.html")
    authors = [c.author for c in page.posts[0].comments]
    assert "Cheap Binoculars" not in authors
    assert len(authors) == 5


def test_relative_urls_in_the_body_are_made_absolute_against_base() -> None:
    html = b"""<html><head><base href="http://example.org/blog/2010/05/"></head><body class="single postid-9">
    <article id="post-9" class="post hentry"><h1 class="entry-title">Base</h1>
    <div class="entry-content"><p><a href="../other/">other</a> <img src="pic.jpg"></p></div></article></body></html>"""
    post = parse_page(html, "p.html", Tally()).posts[0]
    assert 'href="http://example.org/blog/2010/other/"' in (post.content or "")
    assert 'src="http://example.org/blog/2010/05/pic.jpg"' in (post.content or "")


def test_a_date_that_cannot_be_read_is_none_and_a_problem() -> None:
    html = b"""<html><body><div class="post" id="post-4"><h2>No year</h2><div class="date">31 Jan</div>
    <div class="entry"><p>Text.</p></div></div></body></html>"""
    tally = Tally()
    post = parse_page(html, "p.html", tally).posts[0]
    assert post.date is None
    assert [m.value for m in post.meta if m.key == "html:date_shown"] == ["31 Jan"]
    assert [p.code for p in tally.problems if p.severity != "info"] == ["unreadable-date"]
    assert [p.code for p in tally.problems if p.severity == "info"] == ["no-author"]  # none shown: said so


def test_an_unknown_theme_is_flagged_as_a_generic_guess() -> None:
    tally = Tally()
    page = _page("unknown-theme-broken-html.html", tally)
    assert page.profile == "generic-fallback"
    assert page.posts[0].provenance[0].confidence is not None and page.posts[0].provenance[0].confidence < 1
    assert "generic-extraction" in {p.code for p in tally.problems}


def test_broken_markup_still_gives_the_post() -> None:
    html = b"""<html><body></div></div><div class="post" id="post-5"><h2>Unclosed</h2>
    <div class="entry"><p>One<p>Two<ul><li>three</div></div></span></body>"""
    post = parse_page(html, "p.html", Tally()).posts[0]
    assert post.title == "Unclosed"
    assert "Two" in (post.content or "")


@pytest.mark.parametrize("data", [b"", b"   \n  "])
def test_an_empty_page_is_a_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError):
        parse_page(data, "empty.html", Tally())


def test_schema_org_json_ld_fills_what_the_markup_lacks() -> None:
    html = b"""<html><head><script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
    {"@type": "BlogPosting", "headline": "From JSON-LD", "datePublished": "2019-04-08T01:30:15+02:00",
     "author": {"@type": "Person", "name": "Ada"}}]}</script></head>
    <body class="single postid-2"><article id="post-2" class="post">
    <div class="entry-content"><p>Body text here.</p></div></article></body></html>"""
    page = parse_page(html, "p.html", Tally())
    post = page.posts[0]
    assert (post.title, post.author) == ("From JSON-LD", "Ada")
    assert post.date is not None and post.date.isoformat() == "2019-04-08T01:30:15"
    assert {p.rule for p in post.provenance} >= {"jsonld"}


def test_control_characters_in_a_page_are_stripped_and_counted() -> None:
    # Pasted text in old pages holds control bytes; lxml refuses them in any string it is given
    # (attribute values, text), which once crashed the reader (found by fuzzing).
    data = (FIXTURES_HTML / "twentytwelve-single.html").read_bytes()
    title = data.index(b"</h1>")
    damaged = data[:title] + b"\x01\x1b" + data[title:]
    damaged = damaged.replace(b'class="entry-content"', b'class="entry-content" data-note="a\x0bb"', 1)
    tally = Tally()
    page = parse_page(damaged, "damaged.html", tally)
    clean = parse_page(data, "clean.html", Tally())
    assert page.posts[0].title == clean.posts[0].title
    assert page.posts[0].content == clean.posts[0].content
    assert tally.changed["control characters stripped"] == 3


def test_a_post_without_a_heading_takes_the_title_tag_minus_the_site_name() -> None:
    for title in ("Rain on the Fells | Fell Notes", "Fell Notes &raquo; Blog Archive &raquo; Rain on the Fells"):
        html = f"""<html><head><title>{title}</title></head><body class="single postid-3">
        <div id="header"><div class="site-title"><a href="/">Fell Notes</a></div></div>
        <div id="post-3" class="post"><div class="entry"><p>Wet, then wetter.</p></div></div></body></html>"""
        post = parse_page(html.encode(), "p.html", Tally()).posts[0]
        assert post.title == "Rain on the Fells"


def test_the_site_name_is_never_the_post_title() -> None:
    html = b"""<html><head><title>Fell Notes</title></head><body class="single postid-3">
    <div id="post-3" class="post"><h2>Fell Notes</h2><h3>Rain on the Fells</h3>
    <div class="entry"><p>Wet, then wetter.</p></div></div></body></html>"""
    assert parse_page(html, "p.html", Tally()).posts[0].title == "Rain on the Fells"


def test_a_date_shown_as_text_in_posted_on_is_read() -> None:
    html = b"""<html><body class="single postid-8"><article id="post-8" class="post-8 post hentry">
    <h1 class="entry-title">Avocets</h1><span class="posted-on">July 3, 2020</span>
    <div class="entry-content"><p>Eleven on the scrape.</p></div></article></body></html>"""
    post = parse_page(html, "p.html", Tally()).posts[0]
    assert post.date is not None and post.date.date().isoformat() == "2020-07-03"
