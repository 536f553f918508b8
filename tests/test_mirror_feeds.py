"""Feeds in a mirror (RSS and Atom) and the mirror on the command line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from importer.cli import main
from importer.readers.mirror.feeds import FeedComment, FeedPost, is_feed, parse_feed
from importer.tally import Tally

ROOT = Path(__file__).resolve().parent.parent
LANTERN = ROOT / "fixtures" / "mirror" / "lantern"

ATOM = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
  <title>Night Trains</title>
  <entry>
    <author><name>Ilse</name></author>
    <title type="html">Sleeper to Narvik</title>
    <link rel="alternate" type="text/html" href="http://nighttrains.example/2012/01/05/sleeper-to-narvik/" />
    <id>http://nighttrains.example/?p=77</id>
    <published>2012-01-05T22:10:00+01:00</published>
    <summary type="html">Eighteen hours north.</summary>
    <content type="html">&lt;p&gt;Eighteen hours north, and the snow started at Boden.&lt;/p&gt;</content>
    <category scheme="http://nighttrains.example" term="Sweden" />
  </entry>
  <entry>
    <author><name>Per</name></author>
    <title>Comment on Sleeper to Narvik by Per</title>
    <link rel="alternate" href="http://nighttrains.example/2012/01/05/sleeper-to-narvik/#comment-9" />
    <id>http://nighttrains.example/?p=77#comment-9</id>
    <published>2012-01-06T07:00:00Z</published>
    <thr:in-reply-to ref="http://nighttrains.example/?p=77" />
    <content type="html">&lt;p&gt;Did you see the northern lights?&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_atom_posts_and_comments() -> None:
    assert is_feed(ATOM)
    tally = Tally()
    post_item, comment_item = parse_feed(ATOM, "feed.xml", tally)
    assert isinstance(post_item, FeedPost) and isinstance(comment_item, FeedComment)
    post = post_item.post
    assert (post.id, post.title, post.author) == (77, "Sleeper to Narvik", "Ilse")
    assert post.date == datetime(2012, 1, 5, 22, 10)  # the local time the offset gives
    assert post.date_gmt == datetime(2012, 1, 5, 21, 10, tzinfo=UTC)
    assert post.content == "<p>Eighteen hours north, and the snow started at Boden.</p>"
    assert post.content_is_excerpt is False
    assert [t.name for t in post.categories] == ["Sweden"]
    comment = comment_item.comment
    assert (comment.id, comment.author, comment.date, comment.date_gmt) == (
        9,
        "Per",
        None,
        datetime(2012, 1, 6, 7, 0, tzinfo=UTC),
    )
    assert comment_item.post_url == "http://nighttrains.example/2012/01/05/sleeper-to-narvik/"
    assert tally.problems == []


def test_rss_summary_only_is_an_excerpt_and_bad_dates_are_reported() -> None:
    rss = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>T</title>'
        b"<link>http://x.example/2010/01/01/t/</link><pubDate>not a date</pubDate>"
        b"<description>Short.</description></item></channel></rss>"
    )
    tally = Tally()
    [item] = parse_feed(rss, "feed", tally)
    assert isinstance(item, FeedPost)
    assert item.post.content == "Short." and item.post.content_is_excerpt is True
    assert item.post.date_gmt is None
    assert [p.code for p in tally.problems] == ["unreadable-date"]


def test_feed_entities_are_not_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    rss = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><item><title>&x;</title><link>http://x.example/a/</link>'
        "<description>d</description></item></channel></rss>"
    ).encode()
    items = parse_feed(rss, "feed", Tally())
    assert all("TOP SECRET" not in (i.post.title or "") for i in items if isinstance(i, FeedPost))


def test_html_is_not_a_feed() -> None:
    assert not is_feed(b"<!DOCTYPE html><html><head><title>x</title></head></html>")
    assert is_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- generator="WordPress" -->\n<rss version="2.0">')


def test_cli_converts_and_inspects_a_mirror(tmp_path: Path) -> None:
    out = tmp_path / "blog.json"
    runner = CliRunner()
    result = runner.invoke(main, ["convert", str(LANTERN), "--to", "json", "-o", str(out), "--jobs", "2", "-q"])
    assert result.exit_code == 0, result.output
    blog = json.loads(out.read_text())
    assert blog["site"]["source_format"] == "mirror"
    assert len(blog["posts"]) == 12
    assert all(p["provenance"] for p in blog["posts"])
    result = runner.invoke(main, ["inspect", str(LANTERN), "-q"])
    assert result.exit_code == 0, result.output
    assert "31 html page" in result.output
    assert "1 excerpt-only post" in result.output
    assert "attachment page" in result.output
    assert "duplicate comments merged" in result.output
