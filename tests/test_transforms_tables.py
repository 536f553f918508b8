"""Table tests of the small shared transforms: WordPress dates and offsets, URL splitting and joining.

Each row is an input a real export or page holds and what every reader and writer relies on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from importer.transforms.dates import iso, parse_wp_date, parse_wp_date_gmt, with_offset
from importer.transforms.urls import join_url, site_host, split_url, url_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2011-03-14 09:12:00", datetime(2011, 3, 14, 9, 12)),
        ("  2011-03-14 09:12:00\n", datetime(2011, 3, 14, 9, 12)),  # CDATA with whitespace
        ("2011-03-14 09:12", datetime(2011, 3, 14, 9, 12)),  # hand-edited exports drop seconds
        ("2011-03-14", datetime(2011, 3, 14)),
        ("0000-00-00 00:00:00", None),  # WordPress's "no date" (drafts)
        ("0000-00-00", None),
        ("0000-01-01 00:00:00", None),
        ("", None),
        (None, None),
        ("2011-02-30 10:00:00", None),  # not a real day
        ("2011-03-14T09:12:00+02:00", None),  # not WordPress's form: reported, never guessed
        ("14/03/2011", None),
        ("yesterday", None),
    ],
)
def test_parse_wp_date(text: str | None, expected: datetime | None) -> None:
    assert parse_wp_date(text) == expected
    gmt = parse_wp_date_gmt(text)
    assert gmt == (expected.replace(tzinfo=UTC) if expected else None)


EAST = datetime(2019, 6, 15, 10, 30)


@pytest.mark.parametrize(
    ("local", "utc", "expected"),
    [
        (EAST, datetime(2019, 6, 15, 9, 30, tzinfo=UTC), "2019-06-15T10:30:00+01:00"),
        (EAST, datetime(2019, 6, 15, 9, 30), "2019-06-15T10:30:00+01:00"),  # naive UTC is UTC
        (EAST, datetime(2019, 6, 15, 15, 0, tzinfo=UTC), "2019-06-15T10:30:00-04:30"),
        (EAST, datetime(2019, 6, 14, 9, 30, tzinfo=UTC), "2019-06-15T10:30:00"),  # 25 h: no offset invented
        (EAST, datetime(2019, 6, 15, 9, 29, 30, tzinfo=UTC), "2019-06-15T10:30:00"),  # not whole minutes
        (EAST, None, "2019-06-15T10:30:00"),  # local only: shown without offset
        (None, datetime(2019, 6, 15, 9, 30, tzinfo=UTC), "2019-06-15T09:30:00+00:00"),  # UTC only
        (EAST.replace(tzinfo=timezone(timedelta(hours=2))), None, "2019-06-15T10:30:00+02:00"),  # zone kept
        (None, None, None),
    ],
)
def test_with_offset(local: datetime | None, utc: datetime | None, expected: str | None) -> None:
    assert iso(with_offset(local, utc)) == expected


@pytest.mark.parametrize(
    ("url", "scheme", "host", "path", "query"),
    [
        ("https://Blog.Example.org/2010/06/swifts/?p=64#c", "https", "blog.example.org", "/2010/06/swifts/", "p=64"),
        ("/?page_id=2", "", None, "/", "page_id=2"),
        ("//cdn.example.org/a.jpg", "", "cdn.example.org", "/a.jpg", ""),
        ("mailto:ruth@example.org", "mailto", None, "ruth@example.org", ""),
        ("http://[broken/a", "", None, "", ""),  # unclosed IPv6 bracket: urlsplit raises
        ("http://[::1]:8080/x", "http", "::1", "/x", ""),
        ("", "", None, "", ""),
    ],
)
def test_split_url(url: str, scheme: str, host: str | None, path: str, query: str) -> None:
    parts = split_url(url)
    assert (parts.scheme, parts.hostname, parts.path, parts.query) == (scheme, host, path, query)


@pytest.mark.parametrize(
    ("base", "url", "expected"),
    [
        ("http://b.example/2010/06/post/", "../../uploads/a.jpg", "http://b.example/2010/uploads/a.jpg"),
        ("http://b.example/2010/06/post/", "/about/", "http://b.example/about/"),
        ("http://b.example/post/", "https://other.example/x", "https://other.example/x"),
        ("http://b.example/post/", "#comment-3", "http://b.example/post/#comment-3"),
        ("http://[broken/", "/about/", "/about/"),  # a base it cannot parse: the URL unchanged
        ("http://b.example/", "http://[broken/x", "http://[broken/x"),
    ],
)
def test_join_url(base: str, url: str, expected: str) -> None:
    assert join_url(base, url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.Example.org/2010/06/swifts/", "example.org/2010/06/swifts"),
        ("https://example.org/2010/06/swifts", "example.org/2010/06/swifts"),
        ("http://example.org/a%20b/", "example.org/a b"),
        ("http://example.org/?p=64&replytocom=3", "example.org/?p=64"),
        ("http://example.org/?lang=fr", "example.org/"),
        ("/about/", "/about"),
        (" https://example.org ", "example.org/"),
        ("mailto:ruth@example.org", None),
        ("http://[broken/a", None),
        ("", None),
    ],
)
def test_url_key(url: str, expected: str | None) -> None:
    assert url_key(url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://WWW.Example.org/x", "example.org"),
        ("https://blog.example.org:8080/", "blog.example.org"),
        ("/about/", ""),
        ("http://[broken/a", ""),
    ],
)
def test_site_host(url: str, expected: str) -> None:
    assert site_host(url) == expected
