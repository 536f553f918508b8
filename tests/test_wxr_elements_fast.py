"""The reader's hot paths (post_of, comment_of, meta_of read each child once, dates and numbers
parsed inline) against a plain reading of the same elements, field by field, on generated items:
same records, same problems in the same order."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from importer.model import WORDPRESS_CONTENT, Comment, Meta, Post, Provenance
from importer.readers.wxr import elements
from importer.readers.wxr.elements import GUESSED_TYPE, Reporter, _children, _value, comment_of, meta_of, post_of
from importer.tally import Tally
from importer.transforms.dates import parse_wp_date, parse_wp_date_gmt
from importer.wordpress import COMMENT_STATUSES, name_from_wordpress

WP = "http://wordpress.org/export/1.2/"
NAMESPACES = (
    'xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:other="http://example.org/other/"'
)

# -- a plain reading: every field through the general helpers -------------------------------------


def _int(texts: dict[str, str], name: str, report: Reporter, element: Any, zero_is_none: bool = False) -> int | None:
    """The reading before the fast paths: every number range-checked."""
    value = _value(texts, name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        report.problem("bad-number", f"{name} is not a number: {value[:40]!r}", element)
        return None
    if not -(2**63) <= number <= 2**63 - 1:
        report.problem("bad-number", f"{name} is out of range: {value[:40]!r}", element)
        return None
    return None if zero_is_none and number == 0 else number


def _dates(texts: dict[str, str], local: str, gmt: str, report: Reporter, element: Any) -> tuple[Any, Any]:
    local_text, gmt_text = _value(texts, local), _value(texts, gmt)
    local_value, gmt_value = parse_wp_date(local_text), parse_wp_date_gmt(gmt_text)
    for name, text, value in ((local, local_text, local_value), (gmt, gmt_text, gmt_value)):
        unknown = text is None or text in ("", "0000-00-00 00:00:00", "0000-00-00") or text.startswith("0000-")
        if value is None and not unknown:
            report.problem("unparseable-date", f"{name} is not a date: {text[:40]!r}", element)
    return local_value, gmt_value


def plain_meta(element: Any, report: Reporter, post_id: int | None) -> Meta | None:
    texts = _children(element).texts
    return elements._meta(texts.get("wp:meta_key"), texts.get("wp:meta_value"), element, report, post_id)


def plain_metas(found: list[Any] | None, report: Reporter, post_id: int | None) -> list[Meta]:
    metas = (plain_meta(element, report, post_id) for element in found or ())
    return [meta for meta in metas if meta is not None]


def plain_comment(element: Any, report: Reporter, post_id: int | None) -> Comment:
    children = _children(element)
    texts = children.texts
    date, date_gmt = _dates(texts, "wp:comment_date", "wp:comment_date_gmt", report, element)
    approved = _value(texts, "wp:comment_approved")
    return Comment(
        id=_int(texts, "wp:comment_id", report, element),
        parent=_int(texts, "wp:comment_parent", report, element, zero_is_none=True),
        type=_value(texts, "wp:comment_type") or "comment",
        status=COMMENT_STATUSES.get(approved, approved) if approved is not None else None,
        author=name_from_wordpress(_value(texts, "wp:comment_author")),
        author_email=_value(texts, "wp:comment_author_email"),
        author_url=_value(texts, "wp:comment_author_url"),
        author_ip=_value(texts, "wp:comment_author_IP"),
        date=date,
        date_gmt=date_gmt,
        content=texts.get("wp:comment_content"),
        user_id=_int(texts, "wp:comment_user_id", report, element, zero_is_none=True),
        meta=plain_metas(children.repeated.get("wp:commentmeta"), report, post_id),
    )


def plain_post(item: Any, report: Reporter) -> Post:
    children = _children(item)
    texts = children.texts
    post_id = _int(texts, "wp:post_id", report, item)
    if children.foreign_wp_fields:
        report.problem(
            "foreign-namespace",
            f"ignored {len(children.foreign_wp_fields)} WordPress-named elements outside the WordPress export "
            f"namespace, e.g. {children.foreign_wp_fields[0]}",
            item,
            post_id,
        )
    post_type = _value(texts, "wp:post_type")
    if post_type is None:
        report.problem("missing-post-type", "item has no wp:post_type; read as a post", item, post_id)
    date, date_gmt = _dates(texts, "wp:post_date", "wp:post_date_gmt", report, item)
    modified, modified_gmt = _dates(texts, "wp:post_modified", "wp:post_modified_gmt", report, item)
    sticky = _value(texts, "wp:is_sticky")
    title = texts.get("title")
    post = Post(
        id=post_id,
        type=post_type or "post",
        status=_value(texts, "wp:status"),
        content_format=WORDPRESS_CONTENT,
        title=None if title is None else title.strip(),
        slug=_value(texts, "wp:post_name"),
        url=_value(texts, "link"),
        guid=_value(texts, "guid"),
        author=_value(texts, "dc:creator"),
        date=date,
        date_gmt=date_gmt,
        modified=modified,
        modified_gmt=modified_gmt,
        excerpt=texts.get("excerpt:encoded") or None,
        content=texts.get("content:encoded"),
        parent=_int(texts, "wp:post_parent", report, item, zero_is_none=True),
        menu_order=_int(texts, "wp:menu_order", report, item),
        sticky=None if sticky is None else sticky == "1",
        password=_value(texts, "wp:post_password"),
        comment_status=_value(texts, "wp:comment_status"),
        ping_status=_value(texts, "wp:ping_status"),
        attachment_url=_value(texts, "wp:attachment_url"),
        meta=plain_metas(children.repeated.get("wp:postmeta"), report, post_id),
        comments=[plain_comment(element, report, post_id) for element in children.repeated.get("wp:comment", ())],
        provenance=[
            Provenance(
                file=report.path,
                rule="wxr",
                locator=f"line {report.line(item)}",
                confidence=GUESSED_TYPE if post_type is None else None,
            )
        ],
    )
    elements._add_term_refs(post, children.repeated.get("category", []))
    return post


# -- generated items ----------------------------------------------------------------------------

DATES = st.sampled_from(
    [
        "2005-01-01 23:00:00",
        " 2019-12-31 00:00:59\n",
        "0000-00-00 00:00:00",
        "2005-13-01 00:00:00",
        "2005-01-01 23:00",
        "2005-01-01",
        "2005-01-01T23:00:00",
        "2005-01-01 23:00+01",
        "2005-01-01 23:00:00Z",
        "2005-W01-1 23:00:00",
        "yesterday",
        "",
    ]
)
NUMBERS = st.one_of(
    st.sampled_from(["0", "1", " 42 ", "-7", "x", "", "9223372036854775807", "9223372036854775808", "1_000"]),
    # the digits-only fast path and its edges: leading zeros, 18/19/20 digits, digits int() takes or not
    st.sampled_from(["00", "007", "+5", "٣", "²", "123456789012345678", "1234567890123456789", "99999999999999999999"]),
    st.from_regex(r"\A[0-9]{1,20}\Z"),
)
WORDS = st.sampled_from(["", " ", "publish", " spaced ", "a &amp; b", "Tom &amp;amp; Jerry", "é", "1", "0", "spam"])
SERIALIZED = st.sampled_from(['a:1:{i:0;s:1:"x";}', 's:3:"abc";', 's:9:"short";', "b:1;", "plain", "", "N;"])
POST_FIELDS = {
    "wp:post_id": NUMBERS,
    "wp:post_parent": NUMBERS,
    "wp:menu_order": NUMBERS,
    "wp:post_date": DATES,
    "wp:post_date_gmt": DATES,
    "wp:post_modified": DATES,
    "wp:post_modified_gmt": DATES,
    "wp:post_type": WORDS,
    "wp:status": WORDS,
    "wp:post_name": WORDS,
    "wp:is_sticky": WORDS,
    "wp:post_password": WORDS,
    "wp:comment_status": WORDS,
    "wp:ping_status": WORDS,
    "wp:attachment_url": WORDS,
    "title": WORDS,
    "link": WORDS,
    "guid": WORDS,
    "dc:creator": WORDS,
    "content:encoded": WORDS,
    "excerpt:encoded": WORDS,
    "other:post_id": NUMBERS,  # a WordPress name in a foreign namespace
}
COMMENT_FIELDS = {
    "wp:comment_id": NUMBERS,
    "wp:comment_parent": NUMBERS,
    "wp:comment_user_id": NUMBERS,
    "wp:comment_date": DATES,
    "wp:comment_date_gmt": DATES,
    "wp:comment_approved": WORDS,
    "wp:comment_type": WORDS,
    "wp:comment_author": WORDS,
    "wp:comment_author_email": WORDS,
    "wp:comment_author_url": WORDS,
    "wp:comment_author_IP": WORDS,
    "wp:comment_content": WORDS,
}


def fields(table: dict[str, Any]) -> st.SearchStrategy[str]:
    """Some of the fields, in any order, some twice, as text, CDATA or text with a child element."""

    def one(name: str, value: str, form: int) -> str:
        if form == 0:
            return f"<{name}>{value}</{name}>"
        if form == 1:
            return f"<{name}><![CDATA[{value.replace('&amp;', '&')}]]></{name}>"
        return f"<{name}>{value}<b>bold</b> tail<!-- a comment --></{name}>"

    field = st.sampled_from(sorted(table)).flatmap(
        lambda name: st.tuples(st.just(name), table[name], st.integers(0, 2)).map(lambda t: one(*t))
    )
    return st.lists(field, max_size=len(table) + 3).map("".join)


def meta(tag: str) -> st.SearchStrategy[str]:
    key = st.sampled_from(["<wp:meta_key>k</wp:meta_key>", "<wp:meta_key> </wp:meta_key>", ""])
    value = SERIALIZED.map(lambda v: f"<wp:meta_value><![CDATA[{v}]]></wp:meta_value>") | st.just("")
    return st.tuples(key, value, st.booleans()).map(lambda t: f"<{tag}>{t[0] + t[1] if t[2] else t[1] + t[0]}</{tag}>")


COMMENT = st.tuples(fields(COMMENT_FIELDS), st.lists(meta("wp:commentmeta"), max_size=2)).map(
    lambda t: f"<wp:comment>{t[0]}{''.join(t[1])}</wp:comment>"
)
CATEGORY = st.sampled_from(
    [
        '<category domain="category" nicename="news"><![CDATA[News]]></category>',
        '<category domain="post_tag" nicename="t"><![CDATA[T]]></category>',
        "<category><![CDATA[News]]></category>",
        '<category domain="genre"><![CDATA[Jazz &amp; Blues]]></category>',
    ]
)
ITEM = st.tuples(
    fields(POST_FIELDS),
    st.lists(st.sampled_from(["<!-- c -->", "<?pi x?>", "<wp:termmeta/>", "<wp:commentmeta/>"]), max_size=2),
    st.lists(meta("wp:postmeta"), max_size=3),
    st.lists(COMMENT, max_size=3),
    st.lists(CATEGORY, max_size=3),
).map(lambda t: f"<item {NAMESPACES}>\n{t[0]}{''.join(t[1])}{''.join(t[2])}{''.join(t[3])}{''.join(t[4])}</item>")


def read_with(read: Any, xml: str) -> tuple[Any, list[Any]]:
    tally = Tally()
    item = etree.fromstring(xml.encode())
    return read(item, Reporter(tally, "f.xml")), tally.problems


@settings(max_examples=300, deadline=None)
@given(ITEM)
def test_post_of_reads_as_the_plain_reading(xml: str) -> None:
    assert read_with(post_of, xml) == read_with(plain_post, xml)


@settings(max_examples=200, deadline=None)
@given(COMMENT)
def test_comment_of_reads_as_the_plain_reading(xml: str) -> None:
    xml = xml.replace("<wp:comment>", f"<wp:comment {NAMESPACES}>", 1)
    assert read_with(lambda e, r: comment_of(e, r, 7), xml) == read_with(lambda e, r: plain_comment(e, r, 7), xml)


@settings(max_examples=100, deadline=None)
@given(meta("wp:postmeta"))
def test_meta_of_reads_as_the_plain_reading(xml: str) -> None:
    xml = xml.replace("<wp:postmeta>", f"<wp:postmeta {NAMESPACES}>", 1)
    assert read_with(lambda e, r: meta_of(e, r, 7), xml) == read_with(lambda e, r: plain_meta(e, r, 7), xml)


def test_records_are_built_with_their_fields_in_this_order() -> None:
    """post_of and comment_of pass the fields by position: a new or moved field must be added there."""
    assert [f.name for f in dataclasses.fields(Post)] == [
        "id", "type", "status", "title", "slug", "url", "guid", "author", "date", "date_gmt", "modified",
        "modified_gmt", "excerpt", "content", "content_format", "content_is_excerpt", "categories", "tags",
        "taxonomies", "parent", "menu_order", "sticky", "password", "comment_status", "ping_status",
        "attachment_url", "comment_count", "meta", "comments", "provenance",
    ]  # fmt: skip
    assert [f.name for f in dataclasses.fields(Comment)] == [
        "id", "parent", "type", "status", "author", "author_email", "author_url", "author_ip", "date",
        "date_gmt", "content", "user_id", "url", "avatar_url", "meta", "provenance",
    ]  # fmt: skip
    assert [f.name for f in dataclasses.fields(Provenance)][:4] == ["file", "rule", "locator", "confidence"]


def test_a_post_never_edited_holds_its_dates_objects_as_modified() -> None:
    """Same texts, same dates: the modified dates are the date's objects (the JSON writer writes
    them once); other texts, or dates that did not parse, are read (and reported) on their own."""
    dates = (
        "<wp:post_type>post</wp:post_type><wp:post_date>2020-01-02 03:04:05</wp:post_date>"
        "<wp:post_date_gmt>2020-01-02 02:04:05</wp:post_date_gmt>"
    )
    same = dates.split("</wp:post_type>")[1].replace("post_date", "post_modified")
    post, problems = read_with(post_of, f"<item {NAMESPACES}>{dates}{same}</item>")
    assert post.modified is post.date and post.modified_gmt is post.date_gmt and not problems
    bad = dates.replace("2020-01-02 03:04:05", "yesterday")
    post, problems = read_with(
        post_of,
        f"<item {NAMESPACES}>{bad}{bad.split('</wp:post_type>')[1].replace('post_date', 'post_modified')}</item>",
    )
    assert post.date is None and post.modified is None
    assert [p.message for p in problems] == [
        "wp:post_date is not a date: 'yesterday'",
        "wp:post_modified is not a date: 'yesterday'",
    ]
