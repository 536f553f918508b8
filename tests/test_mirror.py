"""The mirror reader: a whole blog from a folder of mirrored pages, feeds and Wayback captures."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import importer
from importer.model import Archive, Post
from importer.readers import ReadOptions, detect_format
from importer.readers.mirror.merge import COMMENTS_MERGED, COMPLETED, CONFLICTS, address_key
from importer.tally import Tally
from importer.writers.json import record_dict

ROOT = Path(__file__).resolve().parent.parent
LANTERN = ROOT / "fixtures" / "mirror" / "lantern"
EXPECTED: dict[str, Any] = json.loads((ROOT / "fixtures" / "mirror" / "lantern.expected.json").read_text())


def load(path: Path, jobs: int = 1, tally: Tally | None = None, **read: Any) -> Archive:
    options = importer.ConvertOptions(read=ReadOptions(jobs=jobs, **read))
    return importer.load([str(path)], options, tally)


@pytest.fixture(scope="module")
def lantern() -> tuple[Archive, Tally]:
    tally = Tally()
    return load(LANTERN, tally=tally), tally


def by_id(archive: Archive) -> dict[int | None, Post]:
    return {post.id: post for post in archive.posts}


def test_a_directory_is_read_as_a_mirror() -> None:
    assert detect_format(str(LANTERN)) == "mirror"


def test_every_post_is_recovered_exactly_once(lantern: tuple[Archive, Tally]) -> None:
    archive, _ = lantern
    ids = [post.id for post in archive.posts]
    assert sorted(ids) == sorted(p["id"] for p in EXPECTED["posts"])  # type: ignore[type-var]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("want", EXPECTED["posts"], ids=lambda p: str(p["id"]))
def test_post_matches_the_expected_archive(lantern: tuple[Archive, Tally], want: dict[str, Any]) -> None:
    post = by_id(lantern[0])[want["id"]]
    assert post.type == want["type"]
    assert post.title == want["title"]
    assert post.url == want["url"]
    assert (str(post.date) if post.date else None) == want["date"]
    assert (str(post.date_gmt.replace(tzinfo=None)) if post.date_gmt else None) == want["date_gmt"]
    assert post.author == want["author"]
    assert [t.name for t in post.categories] == want["categories"]
    assert [t.name for t in post.tags] == want["tags"]
    assert bool(post.content_is_excerpt) == want["content_is_excerpt"]
    if want["content_contains"]:
        assert want["content_contains"] in (post.content or "")
    got = [
        {"id": c.id, "parent": c.parent, "author": c.author, "date": str(c.date), "type": c.type} for c in post.comments
    ]
    assert got == want["comments"]


def test_terms_with_the_category_tree_and_authors(lantern: tuple[Archive, Tally]) -> None:
    archive, _ = lantern
    categories = {
        t.slug: {"id": t.id, "name": t.name, "parent": t.parent} for t in archive.terms if t.taxonomy == "category"
    }
    assert categories == EXPECTED["categories"]
    tags = {t.slug: t.name for t in archive.terms if t.taxonomy == "post_tag"}
    assert tags == EXPECTED["tags"]
    assert sorted(a.display_name or "" for a in archive.authors) == sorted(EXPECTED["authors"].values())
    assert {a.url for a in archive.authors} == {
        f"http://lanternworkshop.example/author/{k}/" for k in EXPECTED["authors"]
    }
    assert archive.site.title == EXPECTED["site"]["title"]
    assert archive.site.link == EXPECTED["site"]["link"]
    assert archive.site.source_format == "mirror"


def test_images_in_the_mirror_are_listed_with_their_local_path(lantern: tuple[Archive, Tally]) -> None:
    found = {}
    for post in lantern[0].posts:
        for meta in post.meta:
            if meta.key == "mirror:media":
                for entry in meta.value:  # type: ignore[union-attr]
                    found[entry["url"]] = entry["path"]  # type: ignore[index]
    assert sorted(found) == [f"http://lanternworkshop.example/{m}" for m in EXPECTED["media"]]
    for path in found.values():
        assert Path(path).is_file()
        assert Path(path).read_bytes().startswith(b"\xff\xd8")


def test_internal_links_are_mapped_to_post_ids(lantern: tuple[Archive, Tally]) -> None:
    kosmos = by_id(lantern[0])[110]
    links = next(m.value for m in kosmos.meta if m.key == "mirror:links")
    assert links == {"http://lanternworkshop.example/2010/11/12/choosing-a-wick/": 104}


def test_non_blog_pages_are_skipped_with_a_reason(lantern: tuple[Archive, Tally]) -> None:
    skipped = {reason for (_, reason) in lantern[1].skipped}
    assert {"attachment page", "login or admin page", "search page", "not a page (site file)"} <= skipped
    assert lantern[1].read["feed"] == 2
    assert lantern[1].read["media file"] == 2


def test_recovery_is_reported(lantern: tuple[Archive, Tally]) -> None:
    tally = lantern[1]
    excerpt_only = [p for p in tally.problems if p.code == "excerpt-only"]
    assert [p.post_id for p in excerpt_only] == [113]
    assert tally.read["excerpt-only post"] == 1
    assert tally.read["html page"] == 31
    assert tally.changed[COMPLETED] == 1  # 122: a teaser on every page, the full text in the feed
    assert tally.changed[COMMENTS_MERGED] > 0
    assert tally.changed[CONFLICTS] == 1  # the two captures of post 131 differ; the 2012 one is kept


def test_comment_pages_merge_into_one_thread_without_duplicates(lantern: tuple[Archive, Tally]) -> None:
    brass = by_id(lantern[0])[107]
    assert [c.id for c in brass.comments] == list(range(8, 15))
    files = {p.file.rsplit("lantern/", 1)[1] for c in brass.comments for p in c.provenance}
    assert any("comment-page-1" in f for f in files) and any("comment-page-2" in f for f in files)


def test_wayback_captures_give_the_latest_text_and_all_comments(lantern: tuple[Archive, Tally]) -> None:
    gone = by_id(lantern[0])[131]
    assert "It belonged to the shop" in (gone.content or "")
    assert "It is not for sale." not in (gone.content or "")
    assert [c.id for c in gone.comments] == [25, 31]
    captured = {p.captured for p in gone.provenance if p.captured}
    assert captured == {datetime(2011, 3, 10, 8, 15, tzinfo=UTC), datetime(2012, 6, 1, 19, 0, tzinfo=UTC)}
    assert gone.date == datetime(2011, 3, 9, 17, 0)  # the post's date, never a capture time
    assert [p.captured for p in gone.comments[1].provenance] == [datetime(2012, 6, 1, 19, 0, tzinfo=UTC)]


def test_a_capture_and_the_live_page_of_one_post_are_one_post(lantern: tuple[Archive, Tally]) -> None:
    spare = by_id(lantern[0])[125]
    assert [c.id for c in spare.comments] == [19, 20, 23]
    assert spare.url == "http://lanternworkshop.example/2011/02/18/spare-parts-from-the-flea-market/"
    files = [p.file for p in spare.provenance]
    assert any("wayback/2011" in f for f in files)
    assert "web.archive.org" not in json.dumps(record_dict(spare), default=str)


def test_every_post_and_comment_records_where_it_came_from(lantern: tuple[Archive, Tally]) -> None:
    for post in lantern[0].posts:
        assert post.provenance and all(Path(p.file).exists() for p in post.provenance)
        assert post.provenance[0].rule
        for comment in post.comments:
            assert comment.provenance and all(Path(p.file).exists() for p in comment.provenance)


def test_parallel_parsing_gives_the_same_archive() -> None:
    one, two = load(LANTERN, jobs=1), load(LANTERN, jobs=2)
    assert [record_dict(r) for r in one.records()] == [record_dict(r) for r in two.records()]


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_progress_is_reported_over_the_files(jobs: int) -> None:
    calls: list[tuple[int, int]] = []
    load(LANTERN, jobs=jobs, progress=lambda _path, done, total: calls.append((done, total)))
    total = sum(1 for f in LANTERN.rglob("*") if f.is_file())
    assert calls[-1] == (total, total)
    assert [done for done, _ in calls] == list(range(1, total + 1))


def test_the_parent_and_its_workers_share_the_files_and_keep_their_order(tmp_path: Path) -> None:
    """With --jobs the parent reads runs of files from the back while the workers read from the
    front: every file's result comes back once, in the folder's order, whoever read it."""
    from importer.readers.mirror.reader import _read_files, walk

    for n in range(3):
        shutil.copytree(LANTERN, tmp_path / f"copy{n}")
    relpaths = list(walk(str(tmp_path)))
    serial = [(r.relpath, r.kind, r.reason) for r in _read_files(str(tmp_path), relpaths, ReadOptions(jobs=1))]
    shared = [(r.relpath, r.kind, r.reason) for r in _read_files(str(tmp_path), relpaths, ReadOptions(jobs=2))]
    assert shared == serial
    assert [relpath for relpath, _, _ in serial] == relpaths
    one, two = load(tmp_path, jobs=1), load(tmp_path, jobs=2)
    assert [record_dict(r) for r in one.records()] == [record_dict(r) for r in two.records()]


def test_a_small_folder_is_read_without_forking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A few files are read by this process alone whatever --jobs says: a fork costs more."""
    from importer.readers.mirror import reader

    for name in ("2011/01/08/re-soldering-a-leaking-font", "2011/03/02/lamp-oil-versus-paraffin"):
        page = LANTERN / "lanternworkshop.example" / name / "index.html"
        (tmp_path / name.replace("/", "-")).mkdir()
        shutil.copy(page, tmp_path / name.replace("/", "-") / "index.html")

    def no_pool(workers: int) -> None:
        raise AssertionError("forked for two files")

    monkeypatch.setattr(reader, "_pool", no_pool)
    assert len(load(tmp_path, jobs=2).posts) == 2


def test_a_folder_of_pages_saved_as_text_is_read(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(
        (ROOT / "fixtures" / "text" / "kubrick-single.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "two.txt").write_text(
        (ROOT / "fixtures" / "text" / "twentyten-single.txt").read_text(encoding="utf-8"), encoding="utf-8"
    )
    archive = load(tmp_path)
    assert sorted(p.title or "" for p in archive.posts) == [
        "Blight on the tomatoes",
        "Notes on the harbour ferry timetable",
    ]


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://www.Example.org/2010/11/post/", "url:example.org/2010/11/post"),
        ("https://example.org/2010/11/post/index.html", "url:example.org/2010/11/post"),
        ("http://example.org/2010/11/post/comment-page-2/", "url:example.org/2010/11/post"),
        ("http://example.org/?p=123", "id:123"),
        ("../../index.html?p=45838", "id:45838"),
        ("index.html?p=12.html", "id:12"),
        ("#respond", None),
        (None, None),
    ],
)
def test_address_key(url: str | None, key: str | None) -> None:
    assert address_key(url) == key


def test_corpus_wget_mirror(corpus: Path) -> None:
    """pullmonkey: home, a monthly and a category archive, two single posts with 25 and 6 comments."""
    expected = json.loads((corpus / "expected-html.json").read_text())["pages"]
    pages = {p["file"].rsplit("/", 1)[1]: p for p in expected if p["file"].startswith("html/pullmonkey/")}
    tally = Tally()
    archive = load(corpus / "html" / "pullmonkey", tally=tally)
    titles = [p.title for p in archive.posts]
    assert len(titles) == len(set(titles)), "a post was recovered twice"
    listed = {t for page in pages.values() for t in page.get("post_titles", [page["title"]])}
    singles = {p["title"]: p for p in pages.values() if p["page_type"] == "single"}
    by_title = {p.title: p for p in archive.posts}
    for title, page in singles.items():
        post = by_title[title]
        assert len(post.comments) == page["comments_visible"]
        assert post.comments[0].author == page["first_commenter"]
        assert [t.name for t in post.categories] == page["categories"]
        assert [t.name for t in post.tags] == page["tags"]
        # the permalink WordPress wrote into the oEmbed link, not the mirror's index.html?p=N
        assert post.url is not None and post.url.startswith("http://pullmonkey.com/2008/") and post.url.endswith("/")
        assert "Responses to" not in (post.content or "")
        assert "Filed under" not in (post.content or "")
        assert post.categories[0].slug == "development"  # from /category/development/index.html
    assert {t for t in listed if t in by_title} == listed  # every post listed anywhere, once
    assert len(archive.posts) == len(listed) == 19
    assert all(p.content and p.content.lstrip().startswith("<p>") for p in archive.posts)
    assert archive.site.title == "PullMonkey Blog"
    assert tally.read["html page"] == 5


def test_links_out_of_the_folder_and_unreadable_files_are_skipped(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret title\n\nPrivate words.\n")
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    (mirror / "leak.txt").symlink_to(secret)
    (mirror / "post.txt").write_text((ROOT / "fixtures" / "text" / "kubrick-single.txt").read_text(encoding="utf-8"))
    (mirror / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00truncated")
    (mirror / "license.txt").write_text("GNU GENERAL PUBLIC LICENSE\n\nVersion 2, June 1991\n")
    (mirror / "wp-content" / "plugins" / "akismet").mkdir(parents=True)
    (mirror / "wp-content" / "plugins" / "akismet" / "readme.txt").write_text("=== Akismet ===\n\nSpam.\n")
    tally = Tally()
    archive = load(mirror, tally=tally)
    assert [p.title for p in archive.posts] == ["Notes on the harbour ferry timetable"]
    assert tally.skipped[("file", "symbolic link leading outside the folder")] == 1
    assert tally.skipped[("file", "unreadable file")] == 1
    assert tally.skipped[("file", "not a page (site file)")] == 1
    assert tally.skipped[("file", "not a page (theme or plugin file)")] == 1
    assert "unreadable-file" in {p.code for p in tally.problems}


def test_an_empty_folder_is_reported(tmp_path: Path) -> None:
    tally = Tally()
    archive = load(tmp_path, tally=tally)
    assert archive.posts == []
    assert [p.code for p in tally.problems] == ["empty-folder"]


def test_a_feed_date_that_contradicts_the_page_is_reported_not_used(tmp_path: Path) -> None:
    mirror = tmp_path / "lantern"
    shutil.copytree(LANTERN, mirror)
    feed = mirror / "lanternworkshop.example" / "feed" / "index.html"
    feed.write_text(feed.read_text().replace("Wed, 02 Mar 2011 12:20:00 +0000", "Sat, 05 Mar 2011 12:20:00 +0000"))
    tally = Tally()
    post = by_id(load(mirror, tally=tally))[128]
    assert post.date == datetime(2011, 3, 2, 13, 20)  # the page's date is kept
    assert post.date_gmt is None
    assert [p.post_id for p in tally.problems if p.code == "date-conflict"] == [128]


def test_httrack_pages_resolve_their_links_against_the_address_they_were_mirrored_from(tmp_path: Path) -> None:
    single = LANTERN / "lanternworkshop.example" / "2010" / "12" / "03" / "a-kosmos-burner-from-1912" / "index.html"
    page = single.read_text(encoding="utf-8").replace("http://lanternworkshop.example/", "../../../../")
    page = page.replace(
        "<html ",
        "<!-- Mirrored from lanternworkshop.example/2010/12/03/a-kosmos-burner-from-1912/ "
        "by HTTrack Website Copier/3.x [XR&CO'2014], Sun, 20 Mar 2011 12:00:00 GMT -->\n<html ",
        1,
    )
    folder = tmp_path / "httrack" / "2010" / "12" / "03" / "a-kosmos-burner-from-1912"
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(page, encoding="utf-8")
    post = load(tmp_path / "httrack").posts[0]
    assert post.id == 110
    assert post.url == "http://lanternworkshop.example/2010/12/03/a-kosmos-burner-from-1912/"
    assert [t.slug for t in post.categories] == ["paraffin-lamps"]
