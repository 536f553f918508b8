"""Wayback Machine captures: recognised, unwrapped, original URLs restored, capture time kept."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import importer
from importer.readers.mirror.wayback import is_capture, original_url, parse_timestamp, unwrap_capture

ROOT = Path(__file__).resolve().parent.parent
LANTERN = ROOT / "fixtures" / "mirror" / "lantern"
CAPTURE = LANTERN / "wayback" / "20110305120000-spare-parts-from-the-flea-market.html"
LIVE = LANTERN / "lanternworkshop.example" / "2011" / "02" / "18" / "spare-parts-from-the-flea-market" / "index.html"
POST_URL = "http://lanternworkshop.example/2011/02/18/spare-parts-from-the-flea-market/"

ARCHIVE_TRACES = [
    b"web.archive.org",
    b"/web/2011",
    b"wm-ipp",
    b"/_static/",
    b"archive_analytics",
    b"__wm.",
    b"WAYBACK",
    b"FILE ARCHIVED ON",
    b"playback timings",
]


def test_fixture_capture_is_recognised_and_the_live_page_is_not() -> None:
    assert is_capture(CAPTURE.read_bytes())
    assert not is_capture(LIVE.read_bytes())


def test_page_that_only_links_to_the_archive_is_not_a_capture() -> None:
    page = b'<html><body><p>See <a href="https://web.archive.org/web/2010/http://old.example/">the old site</a></p>'
    assert not is_capture(page)
    assert unwrap_capture(page).data == page
    assert unwrap_capture(page).capture is None


def test_unwrapping_the_fixture_capture_removes_every_archive_trace() -> None:
    page = unwrap_capture(CAPTURE.read_bytes())
    for trace in ARCHIVE_TRACES:
        assert trace not in page.data, trace
    assert page.capture is not None
    assert page.capture.timestamp == datetime(2011, 3, 5, 12, 0, tzinfo=UTC)
    assert page.capture.original_url == POST_URL


def test_unwrapping_restores_original_urls_of_each_kind() -> None:
    data = unwrap_capture(CAPTURE.read_bytes()).data
    assert f"<link rel='canonical' href='{POST_URL}' />".encode() in data
    assert b"<link rel='shortlink' href='http://lanternworkshop.example/?p=125' />" in data
    # cs_ (stylesheet), plain links, the reply link that was root-relative, the comment permalink
    assert b'href="http://lanternworkshop.example/wp-content/themes/twentyten/style.css"' in data
    assert b'href="http://lanternworkshop.example/category/workshop/"' in data
    assert f"href='{POST_URL}?replytocom=19#respond'".encode() in data
    assert f'href="{POST_URL}#comment-19"'.encode() in data
    # the post itself is untouched
    assert b"<p>One burner is a Swedish Svea, the rest are German.</p>" in data


def test_unwrapped_capture_keeps_the_page_structure_of_the_live_page() -> None:
    """Apart from what changed on the site between the two dates, the capture equals the live page."""

    def skeleton(data: bytes) -> list[str]:
        return re.findall(r"<(?:div|h1|h3|ol|li|link)\b[^>]*\bid=[\"']([\w-]+)", data.decode())

    live = skeleton(LIVE.read_bytes())
    restored = skeleton(unwrap_capture(CAPTURE.read_bytes()).data)
    missing_in_capture = [x for x in live if x not in restored]
    assert missing_in_capture == ["li-comment-23", "comment-23"]  # the comment written after the capture
    assert [x for x in restored if x not in live] == []


def test_corpus_capture_is_unwrapped(corpus: Path) -> None:
    data = (corpus / "html" / "htmldate" / "archive.org.kath.ch.html").read_bytes()
    page = unwrap_capture(data)
    assert page.capture is not None
    assert page.capture.timestamp == datetime(2021, 9, 16, 14, 1, 20, tzinfo=UTC)
    assert page.capture.original_url == "https://www.kath.ch/die-insel-der-klosterzoeglinge/"
    assert b'<link rel="canonical" href="https://www.kath.ch/die-insel-der-klosterzoeglinge/"/>' in page.data
    assert b'<link rel="shortlink" href="https://www.kath.ch/?p=556853"/>' in page.data
    assert b'content="https://www.kath.ch/die-insel-der-klosterzoeglinge/"' in page.data  # og:url
    assert b'src="https://www.kath.ch/wp-includes/js/jquery/jquery.min.js?ver=3.6.0"' in page.data  # js_
    for trace in ARCHIVE_TRACES:
        assert trace not in page.data, trace
    assert b"Die Insel der Klosterz" in page.data


@pytest.mark.parametrize(
    ("rewritten", "original"),
    [
        (
            "http://web.archive.org/web/20130612041522/http://blog.example/2013/05/28/post/",
            "http://blog.example/2013/05/28/post/",
        ),
        ("https://web.archive.org/web/20130612041522im_/http://blog.example/a.jpg", "http://blog.example/a.jpg"),
        ("//web.archive.org/web/20130612041522cs_/http://blog.example/style.css", "http://blog.example/style.css"),
        ("/web/20130612041522js_/http://blog.example/x.js", "http://blog.example/x.js"),
        ("/web/20130612041522id_/http://blog.example/feed/", "http://blog.example/feed/"),
        ("/web/2013/https://blog.example/", "https://blog.example/"),
        ("http://blog.example/web/page/", "http://blog.example/web/page/"),
        ("#comment-12", "#comment-12"),
    ],
)
def test_original_url(rewritten: str, original: str) -> None:
    assert original_url(rewritten) == original


@pytest.mark.parametrize(
    ("digits", "expected"),
    [
        ("20110305120000", datetime(2011, 3, 5, 12, 0, tzinfo=UTC)),
        ("20110305", datetime(2011, 3, 5, tzinfo=UTC)),
        ("2011", datetime(2011, 1, 1, tzinfo=UTC)),
        ("20111335120000", None),
        ("abc", None),
    ],
)
def test_parse_timestamp(digits: str, expected: datetime | None) -> None:
    assert parse_timestamp(digits) == expected


def test_html_reader_unwraps_a_capture_and_keeps_its_time(corpus: Path) -> None:
    path = corpus / "html" / "htmldate" / "archive.org.kath.ch.html"
    archive = importer.load([str(path)])
    post = archive.posts[0]
    assert post.url == "https://www.kath.ch/die-insel-der-klosterzoeglinge/"
    assert {p.captured for p in post.provenance} == {datetime(2021, 9, 16, 14, 1, 20, tzinfo=UTC)}
    assert post.date is None or post.date.date() == date(2021, 7, 13)  # the post's day, not the capture's
    assert "web.archive.org" not in (post.content or "")


def test_html_reader_on_the_fixture_capture() -> None:
    post = importer.load([str(CAPTURE)]).posts[0]
    assert post.id == 125
    assert post.url == POST_URL
    assert post.date == datetime(2011, 2, 18, 19, 0)
    assert [c.id for c in post.comments] == [19, 20]
    assert all(p.captured == datetime(2011, 3, 5, 12, 0, tzinfo=UTC) for c in post.comments for p in c.provenance)
    assert all(c.url and c.url.startswith(POST_URL + "#comment-") for c in post.comments)
