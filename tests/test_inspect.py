"""`importer.inspect` over model records: counts, date range, and the problems it finds."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from conftest import FIXTURES
from sample_records import sample_records

from importer.inspect import Inspection, format_text, inspect_records, inspect_sources
from importer.model import Author, Comment, Post, Provenance, Record, Site
from importer.validate import validate


def codes(result: Inspection) -> list[str]:
    return [p.code for p in result.problems]


def test_counts_items_and_comments_by_type_and_status() -> None:
    data = inspect_records(sample_records()).as_dict()
    assert data["items"] == {"total": 3, "by_type": {"page": {"publish": 1}, "post": {"draft": 1, "publish": 1}}}
    assert data["comments"] == {
        "total": 4,
        "by_type": {"comment": {"approved": 2, "spam": 1}, "pingback": {"approved": 1}},
    }


def test_counts_authors_terms_by_taxonomy_and_sources() -> None:
    data = inspect_records(sample_records()).as_dict()
    assert data["authors"] == {"count": 2, "logins": ["maria", "tom"]}
    assert data["terms"] == {"category": 1, "post_tag": 1, "season": 1}
    assert data["sources"] == [
        {
            "path": "orchard.xml",
            "format": "wxr",
            "version": "1.1",
            "title": "Notes from the Orchard",
            "generator": "https://wordpress.org/?v=3.0.1",
        }
    ]


def test_date_range_spans_the_dated_items() -> None:
    data = inspect_records(sample_records()).as_dict()
    assert data["date_range"] == {"first": "2009-03-01T08:30:00", "last": "2010-11-19T13:02:00-05:00"}


def test_clean_archive_has_no_problems() -> None:
    assert inspect_records(sample_records()).problems == []


def test_dangling_comment_parent_is_reported() -> None:
    post = Post(id=7, comments=[Comment(id=1), Comment(id=2, parent=1), Comment(id=3, parent=99)])
    result = inspect_records([post])
    assert codes(result) == ["dangling-comment-parent"]
    assert result.problems[0].post_id == 7
    assert "99" in result.problems[0].message


WXR_12 = Site(source_format="wxr", format_version="1.2")  # declares its authors and terms


def test_posts_by_undeclared_authors_are_reported_once_per_author() -> None:
    records: list[Record] = [
        WXR_12,
        Author("maria"),
        Post(id=1, author="maria"),
        Post(id=2, author="ghost"),
        Post(id=3, author="ghost"),
    ]
    result = inspect_records(records)
    assert codes(result) == ["undeclared-author"]
    assert "'ghost' (used by 2 items)" in result.problems[0].message
    assert (result.problems[0].post_id, result.problems[0].severity) == (2, "warning")


def test_author_declared_after_the_posts_counts_as_declared() -> None:
    # A site split over several files may declare an author only in a later file.
    assert inspect_records([WXR_12, Post(id=1, author="late"), Author("late")]).problems == []


def test_sources_that_declare_no_authors_are_not_blamed_for_it() -> None:
    # Saved pages and WXR 1.0 have no author declarations: their posts' authors are not problems.
    for site in (Site(source_format="html"), Site(source_format="wxr", format_version="1.0")):
        assert inspect_records([site, Post(id=1, author="a"), Post(id=2, author="b")]).problems == []


def test_duplicate_post_and_comment_ids_are_reported() -> None:
    records: list[Record] = [
        Post(id=5, comments=[Comment(id=50)]),
        Post(id=5, comments=[Comment(id=50), Comment(id=51)]),
        Post(id=6),
    ]
    result = inspect_records(records)
    assert codes(result) == ["duplicate-post-id", "duplicate-comment-id"]
    assert result.problems[0].message == "post id 5 is used twice (post and post)"
    assert [p.severity for p in result.problems] == ["error", "error"]


def test_provenance_rules_are_counted_per_post() -> None:
    records: list[Record] = [
        Post(id=1, provenance=[Provenance("a.html", rule="profile:twentyten"), Provenance("b.html", rule="feed")]),
        Post(id=2, provenance=[Provenance("c.html", rule="profile:twentyten")]),
        Post(id=3),
    ]
    result = inspect_records(records)
    assert result.provenance_rules == {"profile:twentyten": 2, "feed": 1}
    assert "found by: feed 1, profile:twentyten 2" in format_text(result)


def test_reader_problems_and_skips_are_part_of_the_report() -> None:
    result = Inspection()
    result.tally.problem("invalid-xml-char", "2 control characters stripped", file="x.xml", line=12)
    result.tally.skip("nav_menu_item", "internal post type", 3)
    inspect_records([Site(), Post(id=1, comments=[Comment(id=1, parent=4)])], result)
    data = result.as_dict()
    assert [p["code"] for p in data["problems"]] == ["invalid-xml-char", "dangling-comment-parent"]
    assert data["skipped"] == [{"kind": "nav_menu_item", "reason": "internal post type", "count": 3}]
    text = format_text(result)
    assert "skipped: 3 nav_menu_item (internal post type)" in text
    assert "  warning invalid-xml-char: x.xml:12: 2 control characters stripped" in text


def test_text_report_reads_as_a_summary() -> None:
    text = format_text(inspect_records(sample_records()))
    assert text.splitlines() == [
        "source: orchard.xml (wxr 1.1, Notes from the Orchard, https://wordpress.org/?v=3.0.1)",
        "items: 3",
        "  page  1: publish 1",
        "  post  2: draft 1, publish 1",
        "comments: 4",
        "  comment   3: approved 2, spam 1",
        "  pingback  1: approved 1",
        "authors: 2 (maria, tom)",
        "terms: 3 (category 1, post_tag 1, season 1)",
        "dates: 2009-03-01T08:30:00 to 2010-11-19T13:02:00-05:00",
        "found by: wxr 1",
        "problems: none",
    ]


def test_json_report_is_json_serializable() -> None:
    result = inspect_records([*sample_records(), Post(id=10, date=datetime(2011, 1, 1))])
    data = json.loads(json.dumps(result.as_dict()))
    assert data["problems"][0]["code"] == "duplicate-post-id"
    assert data["date_range"]["last"] == "2011-01-01T00:00:00"


@pytest.mark.parametrize(
    "name",
    [
        "bi101-dangling-comment-parent.xml",
        "bi103-duplicate-comment-id.xml",
        "bi105-undeclared-author.xml",
        "bi301-duplicate-slug.xml",
    ],
)
def test_inspect_reports_what_validate_finds_in_the_records(name: str) -> None:
    path = str(FIXTURES / "validate" / name)
    found = {(f.name, f.post_id, f.message) for f in validate([path]).findings}
    inspected = {(p.code, p.post_id, p.message) for p in inspect_sources([path]).problems}
    assert found == inspected and len(found) == 1
