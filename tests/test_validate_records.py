"""validate's model checks fed with records built by hand, and how reader problems become findings."""

from __future__ import annotations

from importer.model import Author, Comment, Post, Site, Term, TermRef
from importer.tally import Problem
from importer.validate.source_checks import check_records


def site() -> Site:
    return Site(title="t", link="https://blog.example", source_format="wxr", format_version="1.2")


def codes(records: list, problems: list[Problem] | None = None) -> list[str]:
    return sorted(f.code for f in check_records(records, "x.xml", problems or []))


def test_consistent_records_give_no_findings() -> None:
    post = Post(id=1, status="publish", title="A", slug="a", author="ann", categories=[TermRef("news")])
    post.comments = [Comment(id=5), Comment(id=6, parent=5)]
    page = Post(id=2, type="page", status="publish", title="B", slug="b", content='<a href="https://blog.example/a/">')
    records = [site(), Author("ann"), Term("category", "news"), post, page]
    assert codes(records) == []


def test_author_and_term_declarations_are_not_expected_from_wxr_1_0_or_html() -> None:
    post = Post(id=1, status="publish", title="A", author="ghost", tags=[TermRef("x")])
    assert codes([site(), post]) == ["BI105", "BI106"]
    old = Site(source_format="wxr", format_version="1.0")
    assert codes([old, post]) == []
    assert codes([Site(source_format="html"), post]) == []


def test_post_formats_need_no_declaration() -> None:
    post = Post(id=1, status="publish", title="A", taxonomies={"post_format": [TermRef("post-format-aside")]})
    assert codes([site(), post]) == []


def test_pages_may_share_a_slug_under_different_parents() -> None:
    a = Post(id=1, type="page", status="publish", title="A", slug="faq", parent=3)
    b = Post(id=2, type="page", status="publish", title="B", slug="faq", parent=4)
    parents = [Post(id=3, type="page", title="p", slug="p3"), Post(id=4, type="page", title="q", slug="p4")]
    assert codes([site(), *parents, a, b]) == []
    c = Post(id=5, type="page", status="publish", title="C", slug="faq", parent=4)
    assert codes([site(), *parents, a, b, c]) == ["BI301"]


def test_drafts_without_slug_or_title_are_fine() -> None:
    drafts = [Post(id=n, status="draft", title="", slug="") for n in (1, 2)]
    assert codes([site(), *drafts]) == []


def test_reader_problems_become_findings_unless_a_model_check_computes_them() -> None:
    problems = [
        Problem("invalid-xml-char", "2 characters stripped", "warning", "x.xml", 30, 7),
        Problem("dangling-comment-parent", "comment 2 parent 41 missing", "warning", "x.xml", 40, 7),
        Problem("undecodable-serialized-meta", "meta _x stays raw", "info", "x.xml", 50, 7),
    ]
    findings = check_records([site()], "x.xml", problems)
    assert [(f.code, f.line, f.post_id) for f in findings] == [("BI020", 30, 7), ("BI099", 50, 7)]
    assert findings[1].severity.value == "warning"  # graded by importer.problems, not by the caller
    assert findings[1].message.startswith("undecodable-serialized-meta: ")


def test_links_to_a_post_s_feed_trackback_or_comment_page_resolve_to_it() -> None:
    links = "".join(
        f'<a href="https://blog.example/2012/05/a/{suffix}">x</a>'
        for suffix in ("feed/", "trackback/", "comment-page-2/#c")
    )
    target = Post(id=1, status="publish", title="A", slug="a")
    linking = Post(id=2, status="publish", title="B", slug="b", content=links + '<a href="https://blog.example/zzz/">')
    findings = check_records([site(), target, linking], "x.xml")
    assert [(f.code, f.message) for f in findings] == [
        ("BI302", "link to https://blog.example/zzz/ matches no post in the export")
    ]


def test_a_saved_page_may_link_to_posts_it_does_not_hold() -> None:
    page = Post(id=2, status="publish", title="B", slug="b", content='<a href="https://blog.example/zzz/">')
    assert codes([Site(link="https://blog.example", source_format="html"), page]) == []
