"""`blogimport inspect` over real WXR files: the fixtures (hand-counted) and a file with problems."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from importer.cli import main

ROOT = Path(__file__).resolve().parent.parent
WPCOM = str(ROOT / "fixtures" / "wxr" / "wpcom-small.xml")
SELFHOSTED = str(ROOT / "fixtures" / "wxr" / "selfhosted.xml")


def inspect(*args: str) -> Result:
    result = CliRunner().invoke(main, ["inspect", *args])
    assert result.exit_code == 0, result.output
    return result


def inspect_json(*args: str) -> dict:
    data: dict = json.loads(inspect(*args, "--format", "json").stdout)
    return data


def test_wpcom_fixture_counts() -> None:
    data = inspect_json(WPCOM)
    assert data["sources"][0]["format"] == "wxr"
    assert data["sources"][0]["version"] == "1.2"
    # Counted by hand in fixtures/wxr/wpcom-small.xml (the nav_menu_item is skipped, not counted).
    assert data["items"]["by_type"] == {
        "attachment": {"inherit": 1},
        "page": {"publish": 1},
        "post": {"draft": 1, "publish": 3},
    }
    assert data["comments"]["by_type"] == {
        "comment": {"approved": 4, "pending": 1, "spam": 1},
        "pingback": {"approved": 1},
    }
    assert data["authors"]["count"] == 2
    assert data["terms"] == {"category": 3, "nav_menu": 1, "post_tag": 3}
    assert data["skipped"][0]["kind"] == "nav_menu_item"
    # validate's record checks: the About page links to a contact page the export does not hold
    assert [(p["code"], p["post_id"]) for p in data["problems"]] == [("broken-internal-link", 105)]
    assert data["date_range"]["first"] < data["date_range"]["last"]


def test_text_report_of_the_fixture() -> None:
    result = inspect(WPCOM)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"source: {WPCOM} (wxr 1.2, Tidepool Notes")
    assert "items: 6" in lines
    assert "comments: 7" in lines
    assert "  pingback  1: approved 1" in lines
    assert "authors: 2 (marisolkelp, benthicbert)" in lines
    assert lines[-2:] == [
        "problems: 1",
        "  warning broken-internal-link: link to https://tidepoolnotes.wordpress.com/contact/ matches no post"
        " in the export",
    ]
    assert result.stderr.startswith("read: ")  # the run's tally, as every command ends with


def test_several_sources_are_listed_each_with_its_format() -> None:
    data = inspect_json(WPCOM, SELFHOSTED)
    assert [(s["path"], s["format"]) for s in data["sources"]] == [(WPCOM, "wxr"), (SELFHOSTED, "wxr")]
    one, two = inspect_json(WPCOM), inspect_json(SELFHOSTED)
    assert data["items"]["total"] == one["items"]["total"] + two["items"]["total"]
    assert data["comments"]["total"] == one["comments"]["total"] + two["comments"]["total"]


def test_reader_problems_are_reported() -> None:
    data = inspect_json(SELFHOSTED)
    assert "undecodable-serialized-meta" in [p["code"] for p in data["problems"]]
    assert "problems: 1" in inspect(SELFHOSTED).stdout


BROKEN = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Broken Threads</title>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:author><wp:author_login>ada</wp:author_login></wp:author>
  <item>
    <title>First</title><dc:creator>ada</dc:creator>
    <wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
    <wp:post_date>2012-05-01 10:00:00</wp:post_date>
    <wp:comment><wp:comment_id>10</wp:comment_id><wp:comment_parent>0</wp:comment_parent>
      <wp:comment_approved>1</wp:comment_approved></wp:comment>
    <wp:comment><wp:comment_id>11</wp:comment_id><wp:comment_parent>99</wp:comment_parent>
      <wp:comment_approved>1</wp:comment_approved></wp:comment>
  </item>
  <item>
    <title>Second</title><dc:creator>ghostwriter</dc:creator>
    <wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
    <wp:post_date>2012-06-01 10:00:00</wp:post_date>
    <wp:comment><wp:comment_id>10</wp:comment_id><wp:comment_parent>0</wp:comment_parent>
      <wp:comment_approved>1</wp:comment_approved></wp:comment>
  </item>
</channel>
</rss>
"""


def test_problems_in_a_wxr_are_found(tmp_path: Path) -> None:
    source = tmp_path / "broken.xml"
    source.write_text(BROKEN)
    data = inspect_json(str(source))
    found = {p["code"]: p for p in data["problems"]}
    assert set(found) == {"dangling-comment-parent", "undeclared-author", "duplicate-post-id", "duplicate-comment-id"}
    assert "ghostwriter" in found["undeclared-author"]["message"]
    assert found["dangling-comment-parent"]["post_id"] == 1
    text = inspect(str(source)).stdout
    assert "problems: 4" in text
    assert "  error dangling-comment-parent: comment 11 replies to comment 99, which does not exist" in text
