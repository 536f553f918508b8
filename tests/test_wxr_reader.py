"""The WXR reader on the hand-written fixtures, through the public API (importer.load / read)."""

from __future__ import annotations

import gzip
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

import importer
from importer.api import ConvertOptions
from importer.model import Archive, Author, Post, Site, Term
from importer.readers import ReadOptions
from importer.tally import Tally

WXR = Path(__file__).resolve().parent.parent / "fixtures" / "wxr"
WPCOM = WXR / "wpcom-small.xml"
SELFHOSTED = WXR / "selfhosted.xml"


def load(path: Path, tally: Tally | None = None, **read_options: object) -> Archive:
    options = ConvertOptions(read=ReadOptions(**read_options))  # type: ignore[arg-type]
    return importer.load([str(path)], options, tally)


def post(archive: Archive, post_id: int) -> Post:
    return next(p for p in archive.posts if p.id == post_id)


def test_site_header_from_channel() -> None:
    site = load(WPCOM).site
    assert site.title == "Tidepool Notes"
    assert site.link == "https://tidepoolnotes.wordpress.com"
    assert site.language == "en"
    assert site.base_blog_url == "https://tidepoolnotes.wordpress.com"
    assert site.generator == "http://wordpress.com/"
    assert (site.source_format, site.format_version) == ("wxr", "1.2")
    assert site.sources == [str(WPCOM)]


def test_records_come_in_order_site_authors_terms_posts() -> None:
    kinds = [type(r).__name__ for r in importer.read([str(SELFHOSTED)])]
    assert kinds[0] == "Site"
    first_post = kinds.index("Post")
    assert set(kinds[1:first_post]) == {"Author", "Term"}
    assert set(kinds[first_post:]) == {"Post"}


def test_wordpress_com_wp_author_elements_are_authors() -> None:
    authors = load(WPCOM).authors
    assert [a.login for a in authors] == ["marisolkelp", "benthicbert"]
    assert authors[0] == Author(
        login="marisolkelp",
        email="marisol@example.org",
        display_name="Marisol Kelp",
        first_name="Marisol",
        last_name="Kelp",
    )
    assert authors[1].first_name is None  # empty CDATA is unknown, not ""


def test_self_hosted_authors_keep_their_ids() -> None:
    assert [(a.id, a.login, a.display_name) for a in load(SELFHOSTED).authors] == [
        (1, "hazel", "Hazel Thorne"),
        (2, "rowan", "Rowan"),
    ]


def test_terms_keep_hierarchy_description_and_custom_taxonomies() -> None:
    terms = {(t.taxonomy, t.slug): t for t in load(SELFHOSTED).terms}
    assert terms[("category", "orchard")].parent == "fruit"
    assert terms[("category", "orchard")].description == "The two apple trees and the greengage"
    assert terms[("post_tag", "pruning")].name == "pruning"
    assert terms[("plant_family", "malus")].parent == "rosaceae"
    assert terms[("plant_family", "prunus")].name == "Prunus (plums)"
    assert terms[("plant_family", "rosaceae")].parent is None
    assert terms[("nav_menu", "main")].id == 10


def test_term_meta_plain_and_php_serialized() -> None:
    terms = {t.slug: t for t in load(SELFHOSTED).terms}
    assert [(m.key, m.value, m.raw) for m in terms["rosaceae"].meta] == [("colour", "#c0392b", None)]
    (varieties,) = terms["malus"].meta
    assert varieties.value == ["Pommier « Reinette grise »", "🍎 x3", None, True, 2.5]
    assert varieties.raw is not None and varieties.raw.startswith("a:5:{")


def test_post_fields() -> None:
    p = post(load(WPCOM), 101)
    assert (p.type, p.status, p.title, p.slug, p.author) == (
        "post",
        "publish",
        "Low tide at Point Lobos",
        "low-tide-at-point-lobos",
        "marisolkelp",
    )
    assert p.url == "https://tidepoolnotes.wordpress.com/2013/06/23/low-tide-at-point-lobos/"
    assert p.guid == "http://tidepoolnotes.wordpress.com/?p=101"
    assert p.sticky is True
    assert p.password is None
    assert (p.comment_status, p.ping_status, p.menu_order, p.parent) == ("open", "open", 0, None)
    assert p.excerpt == "The lowest tide of the year, counted anemone by anemone."
    assert p.content is not None
    assert p.content.startswith("The minus tide this morning")
    assert "\n\n[caption " in p.content  # raw as stored: no <p> added
    assert "<!--more-->" in p.content


def test_dates_come_from_post_date_not_pubdate() -> None:
    p = post(load(WPCOM), 101)
    assert p.date == datetime(2013, 6, 23, 8, 40, 11)
    assert p.date_gmt == datetime(2013, 6, 23, 15, 40, 11, tzinfo=UTC)


def test_draft_with_zero_gmt_date_has_unknown_utc() -> None:
    draft = post(load(SELFHOSTED), 208)
    assert draft.status == "draft"
    assert draft.date == datetime(2024, 3, 20, 21, 0)
    assert draft.date_gmt is None
    assert draft.modified == datetime(2024, 3, 21, 7, 30)
    assert draft.modified_gmt == datetime(2024, 3, 21, 7, 30, tzinfo=UTC)
    assert draft.slug is None


def test_every_status_is_kept() -> None:
    statuses = {p.id: p.status for p in load(SELFHOSTED).posts}
    assert statuses[202] == "private"
    assert statuses[208] == "draft"
    assert statuses[209] == "future"
    assert statuses[207] == "inherit"


def test_password_protected_post() -> None:
    assert post(load(SELFHOSTED), 203).password == "greengage"


def test_page_with_parent_and_menu_order() -> None:
    spring = post(load(SELFHOSTED), 205)
    assert (spring.type, spring.parent, spring.menu_order) == ("page", 204, 1)


def test_attachment() -> None:
    photo = post(load(SELFHOSTED), 207)
    assert photo.type == "attachment"
    assert photo.parent == 201
    assert photo.attachment_url == "https://gardenledger.example.net/wp-content/uploads/2024/03/old-apple-tree.jpg"
    metadata = next(m for m in photo.meta if m.key == "_wp_attachment_metadata")
    assert isinstance(metadata.value, dict)
    assert metadata.value["sizes"] == {
        "thumbnail": {"file": "old-apple-tree-150x150.jpg", "width": 150, "height": 150, "mime-type": "image/jpeg"}
    }
    assert metadata.value["image_meta"]["keywords"] == []  # type: ignore[index,call-overload]


def test_term_references_by_taxonomy() -> None:
    pruning = post(load(SELFHOSTED), 201)
    assert [(r.slug, r.name) for r in pruning.categories] == [("orchard", "Orchard")]
    assert [r.slug for r in pruning.tags] == ["pruning", "winter"]
    assert {k: [(r.slug, r.name) for r in v] for k, v in pruning.taxonomies.items()} == {
        "plant_family": [("malus", "Malus (apples)")]
    }
    gear = post(load(WPCOM), 107)
    assert [r.slug for r in gear.taxonomies["post_format"]] == ["post-format-aside"]


def test_duplicate_meta_keys_are_all_kept_and_bad_serialized_stays_raw() -> None:
    tally = Tally()
    pruning = post(load(SELFHOSTED, tally), 201)
    assert [m.value for m in pruning.meta if m.key == "tools_used"] == ["loppers", "pruning saw"]
    broken = next(m for m in pruning.meta if m.key == "_broken_cache")
    assert (broken.value, broken.raw) == ('a:1:{s:5:"stale";s:99:"short";}', None)
    undecodable = [p for p in tally.problems if p.code == "undecodable-serialized-meta"]
    assert len(undecodable) == 1
    assert undecodable[0].post_id == 201
    assert "_broken_cache" in undecodable[0].message


def test_threaded_comments_pingback_spam_and_pending() -> None:
    comments = post(load(WPCOM), 101).comments
    assert [(c.id, c.parent, c.type, c.status) for c in comments] == [
        (7, None, "comment", "approved"),
        (8, 7, "comment", "approved"),
        (9, 8, "comment", "approved"),
        (10, None, "pingback", "approved"),
        (11, None, "comment", "spam"),
        (12, None, "comment", "pending"),
    ]
    first = comments[0]
    assert (first.author, first.author_email, first.author_url, first.author_ip) == (
        "Ollie Otter",
        "ollie@example.net",
        "http://ollie.example.net",
        "198.51.100.23",
    )
    assert first.date == datetime(2013, 6, 23, 10, 2, 45)
    assert first.date_gmt == datetime(2013, 6, 23, 17, 2, 45, tzinfo=UTC)
    assert first.user_id is None
    assert comments[1].user_id == 4410871


def test_trackback_trash_and_comment_meta() -> None:
    comments = post(load(SELFHOSTED), 201).comments
    assert [(c.id, c.parent, c.type, c.status) for c in comments] == [
        (31, None, "comment", "approved"),
        (32, 31, "comment", "approved"),
        (33, None, "trackback", "approved"),
        (34, None, "comment", "trash"),
    ]
    meta = {m.key: m for m in comments[0].meta}
    assert meta["akismet_result"].value == "false"
    assert meta["akismet_history"].value == {
        "time": 1711180800.25,
        "event": "check-ham",
        "user": "",
        "result": False,
    }


def test_split_cdata_comes_back_as_one_string() -> None:
    thermostat = post(load(SELFHOSTED), 206)
    assert thermostat.content is not None
    assert "if (temps[hist[0]]> 28) { open_vent(); }" in thermostat.content  # "]]>" restored
    assert thermostat.excerpt == "A one-line vent controller, and why <code>]]></code> is not a typo."


def test_non_ascii_and_emoji_survive() -> None:
    archive = load(WPCOM)
    breton = post(archive, 103)
    assert breton.title == "Les anémones de Bretagne 🐙"
    assert breton.content is not None and "磯遊び" in breton.content and "🦀🐚" in breton.content
    assert breton.comments[0].author == "Zoë Müller"
    assert breton.comments[0].author_ip == "2001:db8::1"
    voyages = next(t for t in archive.terms if t.slug == "voyages")
    assert (voyages.name, voyages.parent) == ("Voyages à l'étranger", "field-trips")


def test_block_editor_content_is_kept_as_stored() -> None:
    gear = post(load(WPCOM), 107)
    assert gear.content is not None
    assert gear.content.startswith("<!-- wp:paragraph -->\n<p>What goes in the bucket")


def test_internal_types_are_counted_and_skipped() -> None:
    tally = Tally()
    archive = load(SELFHOSTED, tally)
    types = {p.type for p in archive.posts}
    assert "nav_menu_item" not in types and "wp_global_styles" not in types
    assert "wp_block" in types  # reusable blocks are content
    assert tally.read["nav_menu_item"] == 1
    assert tally.read["wp_global_styles"] == 1
    reasons = {kind: reason for (kind, reason) in tally.skipped}
    assert "internal" in reasons["nav_menu_item"]
    assert "--keep-internal" not in reasons["wp_global_styles"]  # the library names no option: the CLI does


def test_keep_internal_keeps_them() -> None:
    tally = Tally()
    archive = load(SELFHOSTED, tally, keep_internal=True)
    menu = post(archive, 210)
    assert menu.type == "nav_menu_item"
    assert (menu.meta[0].key, menu.meta[0].value) == ("_menu_item_type", "custom")
    assert menu.taxonomies["nav_menu"][0].slug == "main"
    assert not tally.skipped


def test_tally_counts_what_was_read() -> None:
    tally = Tally()
    load(WPCOM, tally)
    assert tally.read["post"] == 4
    assert tally.read["page"] == 1
    assert tally.read["attachment"] == 1
    assert tally.read["comment"] == 7
    assert tally.read["author"] == 2
    assert tally.read["term"] == 7


@pytest.mark.parametrize(
    ("name", "version", "posts", "comments"),
    [("wxr-1.0.xml", "1.0", 2, 1), ("wxr-1.1.xml", "1.1", 1, 1), ("selfhosted.xml", "1.2", 10, 4)],
)
def test_each_wxr_version(name: str, version: str, posts: int, comments: int) -> None:
    archive = load(WXR / name)
    assert archive.site.format_version == version
    assert len(archive.posts) == posts
    assert sum(len(p.comments) for p in archive.posts) == comments


def test_wxr_1_0_undomained_categories_are_not_doubled() -> None:
    archive = load(WXR / "wxr-1.0.xml")
    radio = post(archive, 14)
    assert [r.slug for r in radio.categories] == ["valves"]
    assert [r.slug for r in radio.tags] == ["bakelite"]  # domain="tag" is WXR 1.0's post_tag
    assert next(t for t in archive.terms if t.slug == "valves").parent == "repairs"


def test_gzipped_export(tmp_path: Path) -> None:
    packed = tmp_path / "export.xml.gz"
    with open(SELFHOSTED, "rb") as src, gzip.open(packed, "wb") as dst:
        shutil.copyfileobj(src, dst)
    assert [p.id for p in load(packed).posts] == [p.id for p in load(SELFHOSTED).posts]


def test_several_files_merge_into_one_archive(tmp_path: Path) -> None:
    tally = Tally()
    records = list(importer.read([str(WPCOM), str(SELFHOSTED), str(WXR / "wxr-1.1.xml")], tally=tally))
    sites = [r for r in records if isinstance(r, Site)]
    assert len(sites) == 1
    assert sites[0].title == "Tidepool Notes"  # the first file's header stands for the archive
    assert sites[0].sources == [str(WPCOM), str(SELFHOSTED), str(WXR / "wxr-1.1.xml")]
    posts = [r for r in records if isinstance(r, Post)]
    assert len(posts) == 6 + 10 + 1


def test_authors_and_terms_are_deduplicated_across_files(tmp_path: Path) -> None:
    copy = tmp_path / "part2.xml"
    shutil.copy(SELFHOSTED, copy)
    tally = Tally()
    records = list(importer.read([str(SELFHOSTED), str(copy)], tally=tally))
    assert len([r for r in records if isinstance(r, Author)]) == 2
    assert len([r for r in records if isinstance(r, Term)]) == 9
    assert tally.skipped[("author", "duplicate across sources")] == 2


def test_progress_is_reported(tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    load(SELFHOSTED, progress=lambda path, done, total: calls.append((path, done, total)))
    assert calls
    assert calls[-1] == (str(SELFHOSTED), SELFHOSTED.stat().st_size, SELFHOSTED.stat().st_size)


def test_all_wordpress_statuses_and_unknown_ones_are_kept_raw(tmp_path: Path) -> None:
    statuses = ["publish", "draft", "pending", "private", "future", "trash", "inherit", "auto-draft"]
    items = "".join(
        f"<item><title>{status}</title><wp:post_id>{n}</wp:post_id><wp:post_type>post</wp:post_type>"
        f"<wp:status>{status}</wp:status></item>\n"
        for n, status in enumerate(statuses, 1)
    )
    text = (WXR / "wxr-1.1.xml").read_text()
    head, _, rest = text.partition("\t<item>")
    path = tmp_path / "statuses.xml"
    path.write_text(head + items + rest[rest.index("</channel>") :])
    assert [p.status for p in load(path).posts] == statuses


def test_header_after_many_terms_still_reaches_the_site(tmp_path: Path) -> None:
    """WordPress writes <generator> after the terms: far past the first chunk the parser reads."""
    tags = "".join(
        f"<wp:tag><wp:term_id>{n}</wp:term_id><wp:tag_slug>tag-{n}</wp:tag_slug>"
        f"<wp:tag_name><![CDATA[Tag number {n}]]></wp:tag_name></wp:tag>\n"
        for n in range(5000)
    )
    text = (WXR / "wxr-1.1.xml").read_text()
    assert "<generator>" in text
    path = tmp_path / "many-tags.xml"
    path.write_text(text.replace("\t<generator>", tags + "\t<generator>"))
    assert path.stat().st_size > 400_000
    records = list(importer.read([str(path)]))
    site = records[0]
    assert isinstance(site, Site)
    assert site.generator == "http://wordpress.org/?v=3.4.2"
    kinds = [type(r).__name__ for r in records[1:]]
    assert kinds == ["Author"] + ["Term"] * 5002 + ["Post"]
