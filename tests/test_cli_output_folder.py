"""Never clobber, re-sync cleanly: the Markdown output folder's manifest and rules, and --prune
(Markdown and --to sqlite --append)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner, Result

from importer.cli import EXIT_FAILED, main

WXR = Path(__file__).resolve().parent.parent / "fixtures" / "wxr" / "wpcom-small.xml"
POST = "content/posts/low-tide-at-point-lobos.md"


def convert(out: Path, *extra: str, to: str = "markdown") -> Result:
    return CliRunner().invoke(main, ["convert", str(WXR), "--to", to, "-o", str(out), *extra])


def manifest(out: Path) -> dict[str, dict[str, object]]:
    document = json.loads((out / "_blogimport" / "manifest.json").read_text(encoding="utf-8"))
    assert document["schema"] == "blogimport-manifest/1"
    return {row["path"]: row for row in document["files"]}


def test_the_manifest_lists_every_file_written_with_its_hash_and_post(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert convert(out).exit_code == 0
    files = manifest(out)
    assert files[POST]["post_id"] == 101
    assert len(str(files[POST]["sha256"])) == 64
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert set(files) <= written
    assert {p for p in written if p.endswith(".md")} <= set(files)


def convert_into_a_hugo_site_with_a_users_post(tmp_path: Path) -> tuple[Path, Result]:
    """A Hugo site whose own post has the path one post of the export would take."""
    out = tmp_path / "site"
    (out / "content" / "posts").mkdir(parents=True)
    (out / "hugo.toml").write_text('title = "My garden"\n', encoding="utf-8")
    (out / POST).write_text("my own notes on the tide\n", encoding="utf-8")
    result = convert(out)
    return out, result


def test_a_users_file_in_an_existing_site_is_never_overwritten(tmp_path: Path) -> None:
    out, result = convert_into_a_hugo_site_with_a_users_post(tmp_path)
    assert result.exit_code == 0, result.output
    assert (out / POST).read_text(encoding="utf-8") == "my own notes on the tide\n"
    assert (out / "hugo.toml").read_text(encoding="utf-8") == 'title = "My garden"\n'
    assert "1 output-clash" in result.stderr
    assert "a file blogimport did not write is there" in result.stderr  # the post is counted as skipped
    assert POST not in manifest(out)
    assert len(list((out / "content" / "posts").glob("*.md"))) > 1  # the other posts are written


def test_a_post_left_alone_leaves_its_comments_alone_too(tmp_path: Path) -> None:
    out, result = convert_into_a_hugo_site_with_a_users_post(tmp_path)
    assert result.exit_code == 0, result.output
    # its comments data file is not written, and its comments are counted as skipped, not written
    assert not (out / "data" / "comments" / "2013-06-low-tide-at-point-lobos.json").exists()
    assert (out / "data" / "comments" / "2013-08-les-anemones-de-bretagne.json").exists()
    written = [line for line in result.stderr.splitlines() if line.startswith("written:")]
    comments_elsewhere = len(
        json.loads((out / "data/comments/2013-08-les-anemones-de-bretagne.json").read_text())["comments"]
    )
    assert f"{comments_elsewhere} comment," in written[0]
    assert "comment (its post was left alone: a file blogimport did not write is there" in result.stderr
    # the tally names the file, not only the problem's code
    assert "output-clash: 1 file(s) exist and blogimport did not write them" in result.stderr
    assert POST in result.stderr.split("output-clash:")[1]


def test_the_tally_names_a_few_stale_files_and_counts_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert convert(out).exit_code == 0
    result = convert(out, "--type", "page")
    [stale] = [line for line in result.stderr.splitlines() if line.startswith("stale-output:")]
    # six post files, and the media list (media.json, media.csv) of the posts' images
    assert stale.startswith("stale-output: 8 file(s) were written for posts no longer in the export")
    assert stale.endswith(" and 3 more")


def test_a_folder_blogimport_did_not_write_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "shopping.txt").write_text("string, tape\n", encoding="utf-8")
    result = convert(out)
    assert result.exit_code == EXIT_FAILED
    assert result.stderr.startswith(f"error: {out}: refused: the folder is not empty and blogimport did not write it")
    assert result.stderr.count("\n") == 1
    assert sorted(p.name for p in out.iterdir()) == ["shopping.txt"]
    assert convert(out, "--force").exit_code == 0
    assert (out / "shopping.txt").read_text(encoding="utf-8") == "string, tape\n"


def test_a_hugo_site_configured_by_hugo_yml_is_a_hugo_site(tmp_path: Path) -> None:
    """Hugo reads hugo.yml: the folder is a Hugo site (not refused) and gets no hugo.toml of ours."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "hugo.yml").write_text("title: Mine\n", encoding="utf-8")
    (site / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert convert(site).exit_code == 0
    assert (site / POST).is_file()
    assert not (site / "hugo.toml").exists()


def test_one_folder_does_not_mix_two_generators_trees(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert convert(out).exit_code == 0
    result = convert(out, "--preset", "jekyll")
    assert result.exit_code == EXIT_FAILED
    assert "blogimport wrote a hugo site here; writing jekyll into it would mix both trees" in result.stderr
    assert not (out / "_posts").exists()


def test_a_file_the_user_changed_is_kept_until_forced(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert convert(out).exit_code == 0
    edited = (out / POST).read_text(encoding="utf-8") + "\nA note I added by hand.\n"
    (out / POST).write_text(edited, encoding="utf-8")
    result = convert(out)
    assert result.exit_code == 0
    assert "1 changed-since-written" in result.stderr
    assert (out / POST).read_text(encoding="utf-8") == edited
    assert convert(out, "--force").exit_code == 0
    assert "A note I added by hand." not in (out / POST).read_text(encoding="utf-8")


def test_resync_lists_stale_files_and_prune_removes_them(tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert convert(out).exit_code == 0
    pages = sorted(p for p in manifest(out) if p.startswith("content/pages/"))
    assert pages
    second = convert(out, "--type", "post")  # the pages are no longer selected
    assert second.exit_code == 0
    assert "stale-output" in second.stderr
    assert all((out / p).exists() for p in pages) and set(pages) <= set(manifest(out))
    assert "files already up to date" in second.stderr  # unchanged posts are not rewritten
    third = convert(out, "--type", "post", "--prune")
    assert third.exit_code == 0, third.output
    assert "stale files removed (--prune)" in third.stderr
    assert not any((out / p).exists() for p in pages)
    assert not (out / "content" / "pages").exists()  # no empty folder left behind
    assert not set(pages) & set(manifest(out))
    assert (out / POST).exists()


def test_sqlite_append_lists_posts_gone_and_prune_deletes_them(tmp_path: Path) -> None:
    db = tmp_path / "blog.sqlite"
    assert convert(db, to="sqlite").exit_code == 0
    with sqlite3.connect(db) as conn:
        pages = {r[0] for r in conn.execute("SELECT id FROM posts WHERE type = 'page'")}
    assert pages
    kept = convert(db, "--append", "--type", "post,attachment,nav_menu_item", to="sqlite")
    assert kept.exit_code == 0, kept.output
    assert "stale-output" in kept.stderr
    with sqlite3.connect(db) as conn:
        assert {r[0] for r in conn.execute("SELECT id FROM posts WHERE type = 'page'")} == pages
    pruned = convert(db, "--append", "--prune", "--type", "post,attachment,nav_menu_item", to="sqlite")
    assert pruned.exit_code == 0, pruned.output
    assert "posts removed (--prune)" in pruned.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM posts WHERE type = 'page'").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM posts WHERE type = 'post'").fetchone()[0] > 0
