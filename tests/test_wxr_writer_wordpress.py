"""``--to wxr`` verified by WordPress: what WordPress 6.1 and its official importer store from our files.

The oracle (tests/wp_oracle.py) imports a WXR file into a fresh WordPress site. Here:

* every corpus export, and our WXR of it, give WordPress the same posts by type and status,
  comments by type and approval, terms by taxonomy and meta rows (attachments aside: the oracle
  does not fetch files, so WordPress keeps no attachment from either);
* posts rescued from a saved text page, HTML pages and a site mirror are stored with their
  dates, author names, categories and comments (imported creating the authors, the database kept
  and queried);
* rescued HTML is stored so that WordPress's display filter leaves its paragraphs alone
  (``tests/wordpress/display.php`` loads WordPress on the kept database and applies it);
* a split export imported part after part into one site equals the unsplit one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, FIXTURES, ROOT
from wp_oracle import KeptImport, Oracle, WordPressImport, query

import importer
from importer.api import ConvertOptions
from importer.model import Archive, Post
from importer.readers import ReadOptions
from importer.wordpress import name_from_wordpress
from importer.writers.wxr import WxrOptions
from importer.writers.wxr.elements import wp_dates
from importer.writers.wxr.items import HTML_BLOCK_END, HTML_BLOCK_START, SOURCE_META, is_rendered_html

pytestmark = [pytest.mark.engine]

KEEP_ALL = ConvertOptions(read=ReadOptions(keep_internal=True))
CORPUS_WXR = sorted(p for p in (CORPUS / "wxr").rglob("*") if p.name.endswith((".xml", ".xml.gz")))
SEED = ROOT.parent / "shared" / "seed"
WORDPRESS = Path(os.environ.get("BLOGIMPORT_WP_ROOT", "/usr/share/wordpress"))
IMPORTER_PLUGIN = ROOT.parent / "shared" / "tools" / "wordpress-importer" / "plugin"


def write_wxr(sources: list[Path], out: Path, source_format: str | None = None) -> Path:
    options = ConvertOptions(read=ReadOptions(keep_internal=True), source_format=source_format)
    importer.convert([str(s) for s in sources], to="wxr", output=str(out), options=options)
    return out


def stored(result: WordPressImport) -> dict[str, Any]:
    """What the import added, attachments aside (the oracle fetches no file)."""
    counts, baseline = result.raw["counts"], result.raw["baseline"]
    posts = {t: s for t, s in counts["posts"].items() if t != "attachment"}
    terms = {t: n - baseline["terms"].get(t, 0) for t, n in counts["terms"].items()}
    rows = {k: counts[k] - baseline[k] for k in ("postmeta", "commentmeta", "termmeta", "term_relationships")}
    return {"posts": posts, "comments": counts["comments"], "terms": terms, **rows}


# -- every corpus export ------------------------------------------------------------------------

# Exports our reader reads more of than WordPress's parser does (a repair or a fuller reading),
# so WordPress stores more from our WXR, which holds what we read. For these, WordPress must
# store from our file everything it stores from the export, and more; for the others, the same.
# An entry goes as soon as a file stores the same (the surplus is asserted to be there).
READ_MORE = {
    "theme-preview.xml": "categories without a domain attribute: WordPress ignores them, we read them as categories",
    "a11y-unit-test-data.xml": "an item without wp:post_type: WordPress refuses it, we read it as a post",
    "namespace-edge-cases.xml": "an item whose WordPress namespace is hijacked: WordPress refuses it, we read it",
}


def flat_counts(counts: dict[str, Any], prefix: str = "") -> Counter[str]:
    """Nested counts as one Counter keyed by their path ("posts/page/publish")."""
    flat: Counter[str] = Counter()
    for key, value in counts.items():
        if isinstance(value, dict):
            flat.update(flat_counts(value, f"{prefix}{key}/"))
        else:
            flat[f"{prefix}{key}"] += value
    return flat


@pytest.mark.corpus
@pytest.mark.parametrize("path", CORPUS_WXR, ids=lambda p: str(p.relative_to(CORPUS)))
def test_wordpress_stores_from_our_wxr_what_it_stores_from_the_export(
    wp_oracle: Oracle, path: Path, tmp_path: Path, corpus: Path
) -> None:
    original = wp_oracle.import_wxr(path)
    if not original.ok or original.items == 0:
        pytest.skip("WordPress imports nothing from this export (nothing to compare)")
    try:
        ours = write_wxr([path], tmp_path / "ours.xml")
    except importer.BlogImportError as exc:
        pytest.skip(f"not converted without --recover: {exc}")  # test_wp_oracle_corpus holds that to account
    result = wp_oracle.import_wxr(ours)
    assert result.ok, result.messages
    if path.name not in READ_MORE:
        assert stored(result) == stored(original)
        return
    theirs, mine = flat_counts(stored(original)), flat_counts(stored(result))
    lost = {key: n - mine[key] for key, n in theirs.items() if mine[key] < n}
    assert not lost, f"WordPress stored less from our WXR: {lost}"
    assert mine != theirs, f"stores the same now: remove {path.name} from READ_MORE"


# -- rescued blogs ------------------------------------------------------------------------------


def rescued_sources() -> dict[str, tuple[list[Path], str | None]]:
    """Name -> the files and the format to read them as (one fixture page shows no sign of
    WordPress on purpose: it is read with --from html, as its user would)."""
    sources: dict[str, tuple[list[Path], str | None]] = {
        "html-fixtures": (sorted((FIXTURES / "html").glob("*.html")), "html"),
        "mirror-fixture": ([FIXTURES / "mirror" / "lantern"], None),
    }
    if SEED.is_dir():
        sources["seed-text"] = (sorted(SEED.glob("*.txt")), None)
    return sources


@pytest.fixture(scope="module")
def rescued(
    wp_oracle: Oracle, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, tuple[Archive, KeptImport]]]:
    """Each rescued source written as WXR (what we wrote, read back) and imported by WordPress,
    creating the authors, with the database kept."""
    done = {}
    for name, (sources, source_format) in rescued_sources().items():
        out = write_wxr(sources, tmp_path_factory.mktemp(name) / f"{name}.xml", source_format)
        kept = wp_oracle.import_kept(out, WXR_AUTHORS="create")
        assert kept.result.ok, kept.result.messages
        done[name] = (importer.load([str(out)]), kept)
        rendered[name] = sum(
            1
            for p in importer.load([str(s) for s in sources], ConvertOptions(source_format=source_format)).posts
            if is_rendered_html(p) and p.content
        )
    yield done


rendered: dict[str, int] = {}  # rescued posts with content (HTML as the page showed it), by source


def wordpress_posts(database: str) -> dict[int, dict[str, Any]]:
    rows = query(
        database,
        "SELECT p.ID, p.post_type, p.post_status, p.post_title, p.post_name, p.post_date, p.post_date_gmt, "
        "u.display_name "
        "FROM wp_posts p LEFT JOIN wp_users u ON u.ID = p.post_author",
    )
    return {row["ID"]: row for row in rows}


def wordpress_categories(database: str) -> dict[int, set[str]]:
    rows = query(
        database,
        "SELECT r.object_id, t.name FROM wp_term_relationships r "
        "JOIN wp_term_taxonomy x ON x.term_taxonomy_id = r.term_taxonomy_id AND x.taxonomy = 'category' "
        "JOIN wp_terms t ON t.term_id = x.term_id",
    )
    found: dict[int, set[str]] = {}
    for row in rows:
        found.setdefault(row["object_id"], set()).add(row["name"])
    return found


def as_wordpress_keeps(archive: Archive) -> list[Post]:
    """The posts WordPress keeps: an item with the title and date of an earlier one of its type
    is that post to the importer (``post_exists``), and its comments go to it, one per author
    and date (``comment_exists``). Pages of one post saved twice (single and archive) are that."""
    kept: dict[tuple[Any, ...], Post] = {}
    for post in archive.posts:
        key = (post.type, post.title or "", wp_dates(post.date, None)[0]) if post.date else (post.id,)
        if key not in kept:
            kept[key] = Post(**{f: getattr(post, f) for f in post.__slots__})
            kept[key].comments = list(post.comments)
            continue
        first = kept[key]
        known = {(c.author, c.date) for c in first.comments}
        first.comments += [c for c in post.comments if (c.author, c.date) not in known]
    return list(kept.values())


def display_name(archive: Archive, post: Post) -> str | None:
    return next((a.display_name or a.login for a in archive.authors if a.login == post.author), None)


@pytest.mark.parametrize("name", sorted(rescued_sources()))
def test_rescued_posts_are_stored_with_dates_authors_and_categories(
    rescued: dict[str, tuple[Archive, KeptImport]], name: str
) -> None:
    archive, kept = rescued[name]
    rows = wordpress_posts(kept.database)
    categories = wordpress_categories(kept.database)
    sources = query(kept.database, "SELECT post_id, meta_value FROM wp_postmeta WHERE meta_key = %s", SOURCE_META)
    provenance = {row["post_id"]: json.loads(row["meta_value"])["provenance"] for row in sources}
    assert archive.posts
    for post in as_wordpress_keeps(archive):
        assert provenance[post.id] and provenance[post.id][0]["file"]  # where it was found, kept
        row = rows[post.id]  # WordPress keeps the id the file gives when it is free
        assert (row["post_type"], row["post_title"]) == (post.type, post.title or "")
        assert row["post_status"] == post.status
        if post.slug and post.status == "publish":  # the old address's slug ("-2" when taken)
            assert re.fullmatch(re.escape(post.slug) + r"(-\d+)?", row["post_name"])
        if post.date is not None:  # an unknown date: WordPress puts the time of the import
            local, utc = wp_dates(post.date, post.date_gmt)
            assert str(row["post_date"]) == local
            if post.date_gmt is not None:
                assert str(row["post_date_gmt"]) == utc
        if post.author:  # names are stored HTML-escaped (importer.wordpress.name_for_wordpress)
            assert name_from_wordpress(row["display_name"]) == display_name(archive, post)
        shown = {name_from_wordpress(n) for n in categories.get(post.id, set())}
        assert shown == {c.name for c in post.categories} or not post.categories


@pytest.mark.parametrize("name", sorted(rescued_sources()))
def test_rescued_comments_are_stored_with_their_thread(
    rescued: dict[str, tuple[Archive, KeptImport]], name: str
) -> None:
    archive, kept = rescued[name]
    rows = query(
        kept.database,
        "SELECT c.comment_ID, c.comment_post_ID, c.comment_author, c.comment_date, c.comment_approved, "
        "c.comment_type, p.comment_author AS parent_author, p.comment_date AS parent_date "
        "FROM wp_comments c LEFT JOIN wp_comments p ON p.comment_ID = c.comment_parent",
    )
    found = Counter(
        (
            r["comment_post_ID"],
            name_from_wordpress(r["comment_author"]),
            str(r["comment_date"]),
            r["comment_approved"],
            r["comment_type"],
            name_from_wordpress(r["parent_author"]),
            None if r["parent_date"] is None else str(r["parent_date"]),
        )
        for r in rows
    )
    expected: Counter[tuple[Any, ...]] = Counter()
    for post in as_wordpress_keeps(archive):
        by_id = {c.id: c for c in post.comments}
        for comment in post.comments:
            parent = by_id.get(comment.parent)
            approved = {"approved": "1", "pending": "0"}.get(comment.status or "", comment.status)
            expected[
                (
                    post.id,
                    comment.author or "",
                    wp_dates(comment.date, None)[0],
                    approved,
                    comment.type,
                    parent.author if parent else None,
                    wp_dates(parent.date, None)[0] if parent else None,
                )
            ] += 1
    assert sum(expected.values()) > 0 or name == "html-fixtures-empty"
    assert found == expected


def wordpress_display(database: str, ids: list[int], tmp_path: Path) -> dict[str, Any]:
    """Run tests/wordpress/display.php (WordPress loaded on the kept database) for these posts."""
    php = shutil.which("php")
    assert php, "the oracle ran, so php is installed"
    env = {
        **os.environ,
        "BLOGIMPORT_DB_NAME": database,
        "BLOGIMPORT_CONTENT_DIR": str(tmp_path),
        "BLOGIMPORT_WP_ROOT": str(WORDPRESS),
        "BLOGIMPORT_POST_IDS": ",".join(map(str, ids)),
    }
    done = subprocess.run(
        [php, str(ROOT / "tests" / "wordpress" / "display.php")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


_BETWEEN_TAGS = re.compile(r">\s+<")


def same_markup(a: str, b: str) -> bool:
    """Equal but for whitespace between tags (which no browser shows)."""
    return _BETWEEN_TAGS.sub("><", a.strip()) == _BETWEEN_TAGS.sub("><", b.strip())


_OPENING_P_OR_BR = re.compile(r"<(?:p|br)[\s/>]", re.I)


def paragraphs_and_breaks(html: str) -> int:
    """How many paragraphs and line breaks the HTML opens (what wpautop adds)."""
    return len(_OPENING_P_OR_BR.findall(html))


@pytest.mark.parametrize("name", sorted(rescued_sources()))
def test_wordpress_shows_rescued_html_as_it_was(
    rescued: dict[str, tuple[Archive, KeptImport]], name: str, tmp_path: Path
) -> None:
    archive, kept = rescued[name]
    wrapped = [p for p in archive.posts if p.content and p.content.startswith(HTML_BLOCK_START)]
    assert wrapped and len(wrapped) == rendered[name], "every rescued post with content is an HTML block"
    posts = [p for p in as_wordpress_keeps(archive) if p in wrapped]
    shown = wordpress_display(kept.database, [p.id for p in posts], tmp_path)
    changed_by_plain_autop = 0
    for post in posts:
        page = shown[str(post.id)]
        assert post.content.startswith(HTML_BLOCK_START) and post.content.endswith(HTML_BLOCK_END)
        html = post.content[len(HTML_BLOCK_START) : -len(HTML_BLOCK_END)]
        assert page["stored"] == post.content  # nothing filtered out on the way in
        assert same_markup(page["content"], html), post.title  # no <p> or <br /> added
        changed_by_plain_autop += not same_markup(page["autop"], html)
        for comment in page["comments"].values():  # wpautop may add a closing </p> to nested divs
            assert paragraphs_and_breaks(comment["shown"]) == paragraphs_and_breaks(comment["stored"]), post.title
    assert changed_by_plain_autop, "without the block, wpautop would have changed these posts"


# -- split --------------------------------------------------------------------------------------


def import_parts(wp_oracle: Oracle, parts: list[Path]) -> KeptImport:
    """Import the parts one after the other into one site (tests/wordpress/chain)."""
    env = {
        "WXR_AUTHORS": "create",
        "WXR_PLUGIN_DIR": str(ROOT / "tests" / "wordpress" / "chain"),
        "BLOGIMPORT_IMPORTER_DIR": str(IMPORTER_PLUGIN),
        "BLOGIMPORT_MORE_WXR": "\n".join(map(str, parts[1:])),
    }
    return wp_oracle.import_kept(parts[0], **env)


def site_rows(database: str) -> dict[str, Any]:
    """What a site holds, comparable between two imports. Menu items are the one thing WordPress
    numbers itself (new ids, dated at the import): they are compared by what they are instead,
    their parent by what it is."""
    posts = query(
        database,
        "SELECT p.ID, p.post_type, p.post_status, p.post_title, p.post_date, p.post_parent, p.post_content, "
        "p.menu_order, u.user_login FROM wp_posts p LEFT JOIN wp_users u ON u.ID = p.post_author ORDER BY p.ID",
    )
    relationships = query(
        database,
        "SELECT r.object_id, x.taxonomy, t.slug FROM wp_term_relationships r JOIN wp_term_taxonomy x "
        "ON x.term_taxonomy_id = r.term_taxonomy_id JOIN wp_terms t ON t.term_id = x.term_id ORDER BY 1, 2, 3",
    )
    meta = query(database, "SELECT post_id, meta_key, meta_value FROM wp_postmeta ORDER BY 1, 2, 3")
    menus = menu_items(posts, relationships, meta)
    return {
        "posts": [p for p in posts if p["ID"] not in menus],
        "menu items": sorted(map(repr, menus.values())),
        "comments": query(
            database,
            "SELECT comment_post_ID, comment_author, comment_date, comment_approved, comment_type, comment_content "
            "FROM wp_comments ORDER BY 1, 3, 2",
        ),
        "terms": query(
            database,
            "SELECT x.taxonomy, t.slug, t.name, (SELECT s.slug FROM wp_terms s WHERE s.term_id = x.parent) AS "
            "parent FROM wp_term_taxonomy x JOIN wp_terms t ON t.term_id = x.term_id ORDER BY 1, 2",
        ),
        "relationships": [r for r in relationships if r["object_id"] not in menus],
        "meta": [m for m in meta if m["post_id"] not in menus],
        "users": query(database, "SELECT user_login, display_name FROM wp_users ORDER BY 1"),
    }


def menu_items(
    posts: list[dict[str, Any]], relationships: list[dict[str, Any]], meta: list[dict[str, Any]]
) -> dict[int, Any]:
    """Each menu item's id -> what it is: title, order, menu, meta, and its parent item's identity."""
    ids = {p["ID"] for p in posts if p["post_type"] == "nav_menu_item"}
    own: dict[int, dict[str, Any]] = {i: {} for i in ids}
    for p in posts:
        if p["ID"] in ids:
            own[p["ID"]].update(title=p["post_title"], order=p["menu_order"], status=p["post_status"])
    for r in relationships:
        if r["object_id"] in ids:
            own[r["object_id"]]["menu"] = r["slug"]
    for m in meta:
        if m["post_id"] in ids:
            own[m["post_id"]][m["meta_key"]] = m["meta_value"]

    def identity(item: int, depth: int = 0) -> tuple[Any, ...]:
        fields = dict(own[item])
        parent = int(fields.pop("_menu_item_menu_item_parent", 0) or 0)
        up = identity(parent, depth + 1) if parent in own and depth < 20 else parent
        return (*sorted(fields.items()), ("parent", up))

    return {item: identity(item) for item in ids}


@pytest.mark.corpus
def test_a_split_export_imported_part_after_part_equals_the_whole(
    wp_oracle: Oracle, tmp_path: Path, corpus: Path
) -> None:
    source = corpus / "wxr" / "theme-test-data" / "themeunittestdata.wordpress.xml"
    default = ConvertOptions()  # menus skipped, as by default: WordPress gives menu items new ids
    whole, split_to = tmp_path / "whole.xml", tmp_path / "blog.xml"
    importer.convert([str(source)], to="wxr", output=str(whole), options=default)
    importer.convert(
        [str(source)], to="wxr", output=str(split_to), options=default, write_options=WxrOptions(96 * 1024)
    )
    parts = sorted(tmp_path.glob("blog.*.xml"))
    assert len(parts) >= 3
    unsplit = wp_oracle.import_kept(whole, WXR_AUTHORS="create")
    split = import_parts(wp_oracle, parts)
    assert split.result.ok, split.result.messages
    assert site_rows(split.database) == site_rows(unsplit.database)


# -- names WordPress stores HTML-escaped ----------------------------------------------------------


def stored_names(database: str) -> dict[str, list[str]]:
    """The names WordPress escapes on save, as its database holds them."""

    def column(sql: str) -> list[str]:
        return sorted(str(row["name"]) for row in query(database, sql))

    return {
        "comment authors": column("SELECT comment_author AS name FROM wp_comments"),
        "terms": column("SELECT name FROM wp_terms WHERE term_id > 1"),  # 1: WordPress's Uncategorized
        "display names": column("SELECT display_name AS name FROM wp_users WHERE user_login = 'ana'"),
    }


def test_names_are_stored_as_wordpress_stores_them_from_its_own_export(wp_oracle: Oracle, tmp_path: Path) -> None:
    """'Loaf &amp; Ladle' in the export is 'Loaf & Ladle' in the model, and WordPress stores the
    same names from our WXR as from its own export (not '&amp;amp;', not a bare '&')."""
    source = FIXTURES / "wxr" / "escaped-names.xml"
    theirs = wp_oracle.import_kept(source, WXR_AUTHORS="create")
    ours = wp_oracle.import_kept(write_wxr([source], tmp_path / "ours.xml"), WXR_AUTHORS="create")
    assert theirs.result.ok and ours.result.ok, (theirs.result.messages, ours.result.messages)
    mine, expected = stored_names(ours.database), stored_names(theirs.database)
    assert "Gwen at Loaf &amp; Ladle" in mine["comment authors"] and "Ana &amp; Luis" in mine["display names"]
    assert shown(mine) == shown(expected)  # the same text ("&raquo;" or "»": either is stored HTML for it)


def shown(names: dict[str, list[str]]) -> dict[str, list[str | None]]:
    return {kind: [name_from_wordpress(n) for n in stored] for kind, stored in names.items()}
