"""``--to wxr``: what we write reads back as the archive it came from, whole or split in parts.

What WordPress itself makes of the files is checked by the oracle tests
(``test_wxr_writer_wordpress.py``); these tests need no engine.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import CORPUS, FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from sample_records import sample_records

import importer
from importer.api import ConvertOptions
from importer.cli import main
from importer.model import Archive, Author, Comment, Meta, Post, Provenance, Site, Term, TermRef
from importer.readers import ReadOptions
from importer.tally import Tally
from importer.transforms.php_serialize import serialize
from importer.validate import Severity, validate
from importer.writers.wxr import WxrOptions, write_wxr
from importer.writers.wxr.identity import ASSIGNED_BASE, ASSIGNED_SPAN, sanitized_login
from importer.writers.wxr.items import SOURCE_META

KEEP_ALL = ConvertOptions(read=ReadOptions(keep_internal=True))
WXR_FIXTURES = [*sorted((FIXTURES / "wxr").glob("*.xml")), FIXTURES / "markdown" / "garden-blog.xml"]
CORPUS_WXR = sorted(p for p in (CORPUS / "wxr").rglob("*") if p.name.endswith((".xml", ".xml.gz")))


def to_json(sources: list[Path], out: Path) -> dict[str, Any]:
    importer.convert([str(s) for s in sources], to="json", output=str(out), options=KEEP_ALL)
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return document


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """What a WXR round trip keeps: everything but the site header and where records were read."""
    for post in document["posts"]:
        post.pop("provenance")
        for comment in post["comments"]:
            comment.pop("provenance")
    return {"authors": document["authors"], "terms": document["terms"], "posts": document["posts"]}


def assert_same_archive(original: dict[str, Any], again: dict[str, Any]) -> None:
    """``again`` (read from our WXR) holds ``original``; what it adds is what WordPress needs:
    an author for each byline no author declares, an id for each item that had none or whose
    type the reader guessed (WordPress refuses such an item: its id stays with the one WordPress
    imported under it)."""
    guessed = [any(p["confidence"] is not None for p in post["provenance"]) for post in original["posts"]]
    original, again = comparable(original), comparable(again)
    declared = {a["login"] for a in original["authors"]}
    added = [a for a in again["authors"] if a not in original["authors"]]
    assert again["authors"][: len(original["authors"])] == original["authors"]
    bylines = {p["author"] for p in original["posts"]} - declared
    assert {a["login"] for a in added} <= bylines
    for before, after, type_guessed in zip(original["posts"], again["posts"], guessed, strict=True):
        if before["id"] is None or type_guessed:
            assert ASSIGNED_BASE <= after["id"] < ASSIGNED_BASE + ASSIGNED_SPAN
            before["id"] = after["id"] = None
    assert sorted(map(repr, again["terms"])) == sorted(map(repr, original["terms"]))  # parents move first
    assert again["posts"] == original["posts"]


def round_trip(source: Path, tmp_path: Path, **wxr: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    original = to_json([source], tmp_path / "a.json")
    written = tmp_path / "b.xml"
    options = WxrOptions(**wxr)
    importer.convert([str(source)], to="wxr", output=str(written), options=KEEP_ALL, write_options=options)
    return original, to_json([written], tmp_path / "c.json")


@pytest.mark.parametrize("source", WXR_FIXTURES, ids=lambda p: p.name)
def test_fixture_exports_come_back_whole(source: Path, tmp_path: Path) -> None:
    assert_same_archive(*round_trip(source, tmp_path))


@pytest.mark.corpus
@pytest.mark.parametrize("source", CORPUS_WXR, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_exports_come_back_whole(source: Path, tmp_path: Path, corpus: Path) -> None:
    try:
        original = to_json([source], tmp_path / "a.json")
    except importer.BlogImportError:
        pytest.skip("malformed export: converting it needs --recover (not this test's subject)")
    assert original
    assert_same_archive(*round_trip(source, tmp_path))


def test_the_file_is_what_wordpress_exports(tmp_path: Path) -> None:
    out = tmp_path / "blog.xml"
    write_wxr(sample_records(), str(out), WxrOptions(), Tally())
    root = etree.parse(str(out)).getroot()
    wp = "{http://wordpress.org/export/1.2/}"
    channel = root.find("channel")
    assert channel.findtext(f"{wp}wxr_version") == "1.2"
    item = channel.find("item")
    assert item.findtext(f"{wp}post_date") == "2010-11-19 13:02:00"
    assert item.findtext(f"{wp}post_date_gmt") == "2010-11-19 18:02:00"
    assert item.findtext(f"{wp}is_sticky") == "1"
    assert [c.findtext(f"{wp}comment_approved") for c in item.iter(f"{wp}comment")] == ["1", "1", "1", "spam"]
    content = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert content == "First line\n\nSecond paragraph with <em>markup</em> and a ]]> sequence."
    draft = channel.findall("item")[1]
    assert draft.findtext(f"{wp}post_date") == "0000-00-00 00:00:00"  # WordPress's unknown date


def test_meta_is_written_as_wordpress_stores_it(tmp_path: Path) -> None:
    decoded = {"name": "M26", "sizes": [1, 2], "7": True}
    post = Post(
        id=1,
        title="Meta",
        meta=[
            Meta("kept", {"a": 1}, raw='a:1:{s:1:"a";i:1;}'),  # unchanged: the stored text, byte for byte
            Meta("edited", decoded, raw='a:1:{s:4:"name";s:3:"M25";}'),  # value edited in the JSON
            Meta("fresh", ["x", None]),  # no stored text: serialized as PHP would
            Meta("number", 3),
            Meta("absent", None),
        ],
    )
    out = tmp_path / "meta.xml"
    write_wxr([Site(), post], str(out), WxrOptions(), Tally())
    wp = "{http://wordpress.org/export/1.2/}"
    values = {
        m.findtext(f"{wp}meta_key"): m.findtext(f"{wp}meta_value") for m in etree.parse(str(out)).iter(f"{wp}postmeta")
    }
    assert values == {
        "kept": 'a:1:{s:1:"a";i:1;}',
        "edited": 'a:3:{s:4:"name";s:3:"M26";s:5:"sizes";a:2:{i:0;i:1;i:1;i:2;}i:7;b:1;}',
        "fresh": 'a:2:{i:0;s:1:"x";i:1;N;}',
        "number": "3",
        "absent": None,
    }
    (read,) = importer.load([str(out)]).posts
    assert [m.value for m in read.meta] == [{"a": 1}, decoded, ["x", None], "3", None]


def rescued_post(author: str = "Mareike Müller") -> Post:
    post = Post(
        type="post",
        status="publish",
        title="Low tide at dawn",
        url="https://tides.example.net/2009/04/low-tide/",
        author=author,
        date=datetime(2009, 4, 2, 6, 15),
        content="<p>The pools\nwere full.</p>\n<pre>keep\nthis</pre>",
        categories=[TermRef("shore", "Shore")],
        comments=[
            Comment(author="Jo", content="<p>Lovely\nphotos!</p>", status="approved"),
            Comment(author="王小明", content="<p>好</p>", status="approved", avatar_url="https://a.example/x.png"),
        ],
        provenance=[Provenance("low-tide.html", rule="profile:twentyten", locator="#post-0")],
    )
    post.comments[1].provenance = [Provenance("low-tide.html", rule="profile:twentyten")]
    return post


def test_posts_rescued_from_pages_get_stable_ids_and_keep_their_source(tmp_path: Path) -> None:
    first, second = tmp_path / "1.xml", tmp_path / "2.xml"
    for out in (first, second):
        write_wxr([Site(), rescued_post()], str(out), WxrOptions(), Tally())
    assert first.read_bytes() == second.read_bytes()  # same input, same ids
    archive = importer.load([str(first)])
    (post,) = archive.posts
    assert post.id is not None and ASSIGNED_BASE <= post.id < ASSIGNED_BASE + ASSIGNED_SPAN
    assert post.slug == "low-tide"  # from its old address: WordPress gives the post that address back
    assert all(c.id is not None for c in post.comments)
    source = json.loads(next(m.value for m in post.meta if m.key == SOURCE_META))
    assert source["provenance"][0]["rule"] == "profile:twentyten"
    comment_source = json.loads(next(m.value for m in post.comments[1].meta if m.key == SOURCE_META))
    assert comment_source["avatar_url"] == "https://a.example/x.png"
    # a byline with no author record becomes an author WordPress can create
    assert [(a.login, a.display_name) for a in archive.authors] == [("Mareike Müller", "Mareike Müller")]


def test_a_byline_wordpress_cannot_use_as_login_gets_one(tmp_path: Path) -> None:
    out = tmp_path / "blog.xml"
    tally = Tally()
    write_wxr([Site(), rescued_post(author="王小明")], str(out), WxrOptions(), tally)
    archive = importer.load([str(out)])
    (author,) = archive.authors
    assert author.login.startswith("author-") and author.display_name == "王小明"
    assert archive.posts[0].author == author.login
    assert tally.changed["authors added for bylines"] == 1


def test_redact_drops_emails_and_addresses(tmp_path: Path) -> None:
    out = tmp_path / "public.xml"
    result = CliRunner().invoke(
        main, ["convert", str(FIXTURES / "wxr" / "selfhosted.xml"), "--to", "wxr", "-o", str(out), "--redact"]
    )
    assert result.exit_code == 0, result.output
    archive = importer.load([str(out)])
    assert archive.posts and all(a.email is None for a in archive.authors)
    comments = [c for p in archive.posts for c in p.comments]
    assert comments and all(c.author_email is None and c.author_ip is None for c in comments)
    assert "redacted" in result.output


# -- split ----------------------------------------------------------------------------------


def declared_and_named(path: Path) -> tuple[set[str], set[str], set[tuple[str, str]], set[tuple[str, str]]]:
    archive = importer.load([str(path)], KEEP_ALL)
    authors = {sanitized_login(a.login) for a in archive.authors}  # as WordPress's importer matches them
    bylines = {sanitized_login(p.author) for p in archive.posts if p.author}
    terms = {(t.taxonomy, t.slug) for t in archive.terms}
    named = {("category", r.slug) for p in archive.posts for r in p.categories}
    named |= {("post_tag", r.slug) for p in archive.posts for r in p.tags}
    named |= {(tax, r.slug) for p in archive.posts for tax, refs in p.taxonomies.items() for r in refs}
    return authors, bylines, terms, named


@pytest.mark.parametrize("limit", [16 * 1024, 64 * 1024])
def test_split_parts_are_complete_and_together_are_the_whole(tmp_path: Path, limit: int, corpus: Path) -> None:
    source = corpus / "wxr" / "theme-test-data" / "themeunittestdata.wordpress.xml"
    whole = tmp_path / "whole.xml"
    importer.convert([str(source)], to="wxr", output=str(whole), options=KEEP_ALL)
    tally = importer.convert(
        [str(source)], to="wxr", output=str(tmp_path / "blog.xml"), options=KEEP_ALL, write_options=WxrOptions(limit)
    )
    parts = sorted(tmp_path.glob("blog.*.xml"))
    assert len(parts) == tally.written["wxr file"] > 1
    assert [p.name for p in parts[:2]] == ["blog.001.xml", "blog.002.xml"]
    oversized = [p for p in tally.problems if p.code == "item-over-split-size"]
    assert sum(p.stat().st_size > limit for p in parts) == len(oversized)  # only an item larger alone
    all_terms = declared_and_named(whole)[2]
    all_ids = {p.id for p in importer.load([str(whole)], KEEP_ALL).posts}
    for part in parts:
        authors, bylines, terms, named = declared_and_named(part)
        assert bylines <= authors and named & all_terms <= terms, part.name
        posts = importer.load([str(part)], KEEP_ALL).posts
        parents = {p.parent for p in posts if p.parent in all_ids}
        assert parents <= {p.id for p in posts}, part.name  # WordPress links a parent only within a file
    merged = comparable(to_json(parts, tmp_path / "merged.json"))
    unsplit = comparable(to_json([whole], tmp_path / "whole.json"))
    for key in ("authors", "terms", "posts"):  # linked items (parent, menu target) share a part
        assert sorted(map(repr, merged[key])) == sorted(map(repr, unsplit[key]))


def test_split_needs_a_file_name(tmp_path: Path) -> None:
    source = str(FIXTURES / "wxr" / "selfhosted.xml")
    result = CliRunner().invoke(main, ["convert", source, "--to", "wxr", "-o", "-", "--split-size", "1M"])
    assert result.exit_code == 2
    assert "--split-size" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(main, ["convert", source, "--to", "wxr", "-o", "x.xml", "--split-size", "lots"])
    assert result.exit_code == 2 and "not a size" in result.output


# -- generated archives ----------------------------------------------------------------------

_TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\ufffe\uffff")
_TEXT_CHARS = st.text(_TEXT, max_size=40).map(lambda s: "".join(c for c in s if c >= " " or c in "\n\t"))
texts = _TEXT_CHARS
names = _TEXT_CHARS.map(str.strip).filter(bool)  # fields the reader strips and reads "" as absent
slugs = st.text(alphabet="abcdefghij-0123456789", min_size=1, max_size=12)
dates = st.datetimes(datetime(1995, 1, 1), datetime(2037, 12, 31)).map(lambda d: d.replace(microsecond=0))
plain_values = texts.map(lambda s: "v" + s)  # never looks PHP-serialized: read back as it is
decoded_values = st.dictionaries(slugs.map(lambda s: "k" + s), st.integers(-5, 5) | plain_values, min_size=1)


@st.composite
def metas(draw: Any) -> Meta:
    key = draw(names)
    if draw(st.booleans()):
        return Meta(key, draw(plain_values))
    value = draw(decoded_values)
    return Meta(key, value, raw=serialize(value))


@st.composite
def comments(draw: Any, ids: list[int]) -> Comment:
    comment_id = draw(st.integers(1, 10**6).filter(lambda i: i not in ids))
    parent = draw(st.sampled_from(ids)) if ids and draw(st.booleans()) else None
    ids.append(comment_id)
    date = draw(st.none() | dates)
    return Comment(
        id=comment_id,
        parent=parent,
        type=draw(st.sampled_from(["comment", "pingback", "trackback"])),
        status=draw(st.sampled_from(["approved", "pending", "spam", "trash"])),
        author=draw(st.none() | names),
        author_email=draw(st.none() | names),
        date=date,
        date_gmt=None if date is None else date.replace(tzinfo=UTC),
        content=draw(texts),
        meta=draw(st.lists(metas(), max_size=2)),
    )


@st.composite
def posts(draw: Any, post_id: int, logins: list[str]) -> Post:
    comment_ids: list[int] = []
    return Post(
        id=post_id,
        type=draw(st.sampled_from(["post", "page", "recipe"])),
        status=draw(st.sampled_from(["publish", "draft", "private", "pending"])),
        title=draw(st.none() | texts.map(str.strip)),
        slug=draw(st.none() | slugs),
        author=draw(st.sampled_from(logins)),
        date=draw(st.none() | dates),
        excerpt=draw(st.none() | names),
        content=draw(st.none() | texts),
        categories=[TermRef(s, s.upper()) for s in draw(st.lists(slugs, max_size=2, unique=True))],
        tags=[TermRef(s, s) for s in draw(st.lists(slugs, max_size=2, unique=True))],
        menu_order=draw(st.none() | st.integers(0, 50)),
        sticky=draw(st.none() | st.booleans()),
        password=draw(st.none() | names),
        meta=draw(st.lists(metas(), max_size=3)),
        comments=[draw(comments(comment_ids)) for _ in range(draw(st.integers(0, 3)))],
    )


@st.composite
def archives(draw: Any) -> Archive:
    logins = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    post_ids = draw(st.lists(st.integers(1, 10**6), max_size=4, unique=True))
    return Archive(
        site=Site(title=draw(st.none() | names)),
        authors=[Author(login, display_name=draw(st.none() | names)) for login in logins],
        terms=[Term("category", s, s.upper()) for s in draw(st.lists(slugs, max_size=3, unique=True))],
        posts=[draw(posts(post_id, logins)) for post_id in post_ids],
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(archives())
def test_generated_archives_come_back_whole(archive: Archive) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp)
        write_wxr(archive.records(), str(path / "source.xml"), WxrOptions(), Tally())
        read = importer.load([str(path / "source.xml")], KEEP_ALL)
        for post in read.posts:
            post.provenance = []
        assert read.authors == archive.authors
        assert read.terms == archive.terms
        assert read.posts == archive.posts
        # and a WXR we wrote, written again, reads the same
        assert_same_archive(*round_trip(path / "source.xml", path))


# -- validate -------------------------------------------------------------------------------

VALIDATE_FIXTURES = sorted((FIXTURES / "validate").glob("*.xml"))
# An unparseable date (BI200) can only be written as WordPress's unknown date, which validate
# then reports as a published item without a date (BI201): the same defect, not a new one.
SAME_DEFECT = {"BI201": "BI200"}


def errors(path: Path) -> Counter[str]:
    """Error findings by code (a file that plays namespace tricks can make validate and the
    reader disagree on an item's id, so the items are not compared, their numbers are)."""
    report = validate([str(path)])
    return Counter(SAME_DEFECT.get(f.code, f.code) for f in report.findings if f.severity == Severity.ERROR)


def test_validate_finds_no_error_in_our_wxr_that_the_source_did_not_have(tmp_path: Path) -> None:
    sources = [*WXR_FIXTURES, *VALIDATE_FIXTURES, *(CORPUS_WXR if CORPUS.is_dir() else [])]
    checked = 0
    for source in sources:
        ours = tmp_path / "ours.xml"
        try:
            importer.convert([str(source)], to="wxr", output=str(ours), options=KEEP_ALL)
        except importer.BlogImportError:
            continue  # nothing written: a file only --recover reads
        before = errors(source)
        new = errors(ours) - before  # what ours has more of
        assert not new, f"{source.name}: {new}"
        checked += 1
    assert checked >= len(WXR_FIXTURES) + len(VALIDATE_FIXTURES) - 4


RESCUED = {
    "html-fixtures": sorted((FIXTURES / "html").glob("*.html")),
    "mirror-fixture": [FIXTURES / "mirror" / "lantern"],
    "text-fixtures": sorted((FIXTURES / "text").glob("*.txt")),
}


@pytest.mark.parametrize("name", sorted(RESCUED))
def test_validate_finds_no_error_in_a_rescued_blog(tmp_path: Path, name: str) -> None:
    out = tmp_path / "rescued.xml"
    source_format = "html" if name == "html-fixtures" else None  # one page shows no sign of WordPress
    options = ConvertOptions(source_format=source_format)
    importer.convert([str(s) for s in RESCUED[name]], to="wxr", output=str(out), options=options)
    report = validate([str(out)])
    assert [f.title for f in report.findings if f.severity == Severity.ERROR] == []


def test_rescued_ids_are_unique_across_the_site_and_replies_follow(tmp_path: Path) -> None:
    first, second = rescued_post(), rescued_post()
    second.url, second.title = "https://tides.example.net/2009/05/neap/", "Neap tide"
    for post in (first, second):
        post.id = 7  # two saved blogs, one id
        post.comments[0].id, post.comments[1].id, post.comments[1].parent = 1, 2, 1
    out = tmp_path / "blog.xml"
    write_wxr([Site(), first, second], str(out), WxrOptions(), Tally())
    posts = importer.load([str(out)]).posts
    assert posts[0].id == 7 and posts[1].id != 7
    assert [c.id for c in posts[0].comments] == [1, 2]
    renamed = posts[1].comments
    assert {c.id for c in renamed}.isdisjoint({1, 2})
    assert renamed[1].parent == renamed[0].id  # the reply follows its comment's new id


def test_a_rescued_post_published_without_a_date_is_written_as_a_draft(tmp_path: Path) -> None:
    undated = rescued_post()
    undated.date = None
    tally = Tally()
    write_wxr([Site(), undated], str(tmp_path / "blog.xml"), WxrOptions(), tally)
    (post,) = importer.load([str(tmp_path / "blog.xml")]).posts
    assert post.status == "draft"
    assert tally.changed["undated published items written as drafts (WordPress would date them today)"] == 1


def test_an_item_wordpress_refuses_does_not_take_the_id_of_one_it_imports(tmp_path: Path) -> None:
    """An item without ``wp:post_type`` (read as a post) that shares its id with a later page:
    WordPress refuses the first and imports the page under that id, so our WXR gives the page the
    id and the rescued item one of its own, and WordPress keeps both."""
    source = tmp_path / "export.xml"
    source.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Kiln notes</title><wp:wxr_version>1.2</wp:wxr_version>
<item><title>Glaze tests</title><wp:post_id>41</wp:post_id>
  <content:encoded><![CDATA[Cone 6 results.]]></content:encoded></item>
<item><title>About the kiln</title><wp:post_id>41</wp:post_id><wp:post_type>page</wp:post_type>
  <wp:status>publish</wp:status><content:encoded><![CDATA[Built in 2009.]]></content:encoded></item>
</channel></rss>
""",
        encoding="utf-8",
    )
    written = tmp_path / "ours.xml"
    importer.convert([str(source)], to="wxr", output=str(written), options=KEEP_ALL)
    posts = {p.title: p for p in importer.load([str(written)]).posts}
    assert posts["About the kiln"].id == 41 and posts["About the kiln"].type == "page"
    assert posts["Glaze tests"].id not in (None, 41)
    assert posts["Glaze tests"].content == "Cone 6 results."
