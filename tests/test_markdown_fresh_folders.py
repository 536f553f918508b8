"""A post's files written without a look first, into folders that held nothing when the run began
(``OutputFolder.create``), give the files, the manifest and the report the general way gives
(a look, then a write): in a new folder, again into the same folder, beside a user's files,
where two of the run's own files clash, and with ``--prune``."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import tally_facts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import importer
from importer.api import ConvertOptions
from importer.readers import ReadOptions
from importer.readers.wxr import parts as wxr_parts
from importer.tally import Tally
from importer.writers.markdown import MarkdownOptions, manifest
from importer.writers.markdown import files as md_files
from importer.writers.markdown.manifest import OutputFolder
from importer.writers.scratch import Scratch

SITE = "https://shoreline.example"

pytestmark = pytest.mark.skipif(not md_files._ANONYMOUS.usable, reason="no O_TMPFILE here: no fast way")


# -- end to end: a run in parts (its workers write at once, the fast way) ------------------------


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wxr_parts, "MIN_PART_SIZE", 64)


def _item(number: int, slug: str, post_type: str = "post", comments: int = 0) -> str:
    thread = "".join(
        f"""		<wp:comment>
			<wp:comment_id>{number * 10 + c}</wp:comment_id>
			<wp:comment_author><![CDATA[Rosa]]></wp:comment_author>
			<wp:comment_date><![CDATA[2019-05-01 10:00:00]]></wp:comment_date>
			<wp:comment_content><![CDATA[Comment {c} on {number}.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
		</wp:comment>
"""
        for c in range(comments)
    )
    return f"""	<item>
		<title>Shore note {number}</title>
		<link>{SITE}/2019/04/{slug}/</link>
		<guid isPermaLink="false">{SITE}/?p={number}</guid>
		<dc:creator><![CDATA[ines]]></dc:creator>
		<content:encoded><![CDATA[<p>The shore on day {number}.</p>]]></content:encoded>
		<wp:post_id>{number}</wp:post_id>
		<wp:post_date><![CDATA[2019-04-{1 + number % 28:02d} 09:30:00]]></wp:post_date>
		<wp:post_name><![CDATA[{slug}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[{post_type}]]></wp:post_type>
{thread}	</item>
"""


def _export(path: Path, numbers: range) -> Path:
    """Posts (two in three with comments), pages, and a custom type named ``pages`` whose
    posts take the paths of pages in Hugo's ``content/pages``: files of the run that clash."""
    items = []
    for n in numbers:
        items.append(_item(n, f"shore-{n}", comments=n % 3))  # a post in three without
        if n % 5 == 0:
            items.append(_item(1000 + n, f"about-{n}", "page", comments=1))
        if n % 10 == 0:
            # the page's path; once with comments (a comments data file made, then the post's file clashes)
            items.append(_item(2000 + n, f"about-{n}", "pages", comments=1 if n % 20 == 0 else 0))
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Shoreline</title>\n'
        f"<link>{SITE}</link>\n<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
        "<wp:author><wp:author_login><![CDATA[ines]]></wp:author_login></wp:author>\n"
        + "".join(items)
        + "</channel>\n</rss>\n",
        encoding="utf-8",
    )
    return path


def _clashes_within_parts(export: Path) -> None:
    """The posts whose paths clash are in one part: which of two such posts in two parts is
    written is the workers' race (either way), not a thing to compare two runs by."""
    raw = export.read_bytes()
    for part in wxr_parts.plan_parts(str(export), 3) or []:
        ids = re.findall(rb"<wp:post_id>(\d+)</wp:post_id>", raw[part.start : part.end])
        pages = {int(i) - 1000 for i in ids if 1000 < int(i) < 2000}
        assert {int(i) - 2000 for i in ids if int(i) > 2000} <= pages, "a clash across parts: move the cuts"


def _tree(output: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``output``."""
    return {
        str(p.relative_to(output)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(output.rglob("*"))
        if not p.is_symlink()
    }


def _convert(source: Path, output: Path, *, prune: bool = False) -> Tally:
    tally = Tally()
    options = ConvertOptions(read=ReadOptions(jobs=3))
    importer.convert(
        [str(source)], "markdown", str(output), options=options, write_options=MarkdownOptions(prune=prune), tally=tally
    )
    return tally


def _general(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs from now on take the general way: no folder is known to hold nothing."""
    monkeypatch.setattr(manifest, "_fresh_folders", lambda root, preset: ())


def _counting(monkeypatch: pytest.MonkeyPatch, log: Path) -> None:
    """Each files.create call (in the workers too) appends its outcome to ``log``."""
    real = manifest.create

    def spy(path: str, data: bytes, make_folder: bool = True) -> bool | None:
        outcome = real(path, data, make_folder)
        with open(log, "a", encoding="utf-8") as stream:
            stream.write(f"{outcome}\n")
        return outcome

    monkeypatch.setattr(manifest, "create", spy)


def _outcomes(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").split() if log.exists() else []


Setup = dict[str, str]  # path -> text of a user's file there before the first run

SETUPS: dict[str, Setup] = {
    "new folder": {},
    "empty folders of a new Hugo site": {"hugo.toml": "", "content/": "", "data/": "", "static/": ""},
    "a Hugo site with a user's post": {"hugo.toml": "", "content/posts/shore-4.md": "mine\n"},
    "a Hugo site with a user's file beside": {"hugo.toml": "", "static/logo.txt": "logo\n", ".git/HEAD": "x\n"},
    "a user's comments data file": {"hugo.toml": "", "data/comments/2019-04-shore-3.json": "{}\n"},
}


def _prepare(output: Path, setup: Setup) -> None:
    output.mkdir()
    for path, text in setup.items():
        target = output / path
        if path.endswith("/"):
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("setup", list(SETUPS), ids=list(SETUPS))
def test_the_fast_way_writes_and_reports_what_the_general_way_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setup: str
) -> None:
    source = _export(tmp_path / "export.xml", range(1, 41))
    fewer = _export(tmp_path / "fewer.xml", range(1, 41, 2))
    _clashes_within_parts(source)
    log = tmp_path / "create.log"
    _counting(monkeypatch, log)
    runs: dict[str, list[tuple[str, dict[str, bytes | None], list[str]]]] = {}
    for way in ("fast", "general"):
        if way == "general":
            _general(monkeypatch)
        site = tmp_path / way
        _prepare(site, SETUPS[setup])
        outcomes = []
        for run, (export, prune) in enumerate(
            [
                (source, False),  # the first run
                (source, False),  # again into the same folder: everything up to date
                (fewer, False),  # posts gone: listed as stale
                (fewer, True),  # and removed
            ]
        ):
            if run == 3:  # the posts' folder removed by the user: it holds nothing again
                shutil.rmtree(site / "content" / "posts")
            log.unlink(missing_ok=True)
            tally = _convert(export, site, prune=prune)
            facts = repr(tally_facts(tally)).replace(str(site), "SITE")
            outcomes.append((facts, _tree(site), sorted(_outcomes(log))))
        runs[way] = outcomes
    for fast, general in zip(runs["fast"], runs["general"], strict=True):
        assert fast[:2] == general[:2]
        assert general[2] == []  # the general way made no file without a look
    made = runs["fast"][0][2]
    assert "output-clash" in str(runs["fast"][0][0])  # the run's own files clash (a page, a post of the type "pages")
    assert "False" in made  # a clash met by the link's failure
    if setup not in ("a Hugo site with a user's post", "a user's comments data file"):
        assert made.count("True") > 50  # most files were made the fast way
    else:  # a folder with a user's file: the general way for the posts whose files go there
        assert made.count("True") < 20
    assert runs["fast"][1][2] == []  # a folder that held files: the general way
    if setup in ("new folder", "empty folders of a new Hugo site"):
        assert "True" in runs["fast"][3][2]  # the removed posts' folder holds nothing again: fast


# -- OutputFolder.create against check-then-put, file by file ---------------------------------------

POST_PATHS = ["content/posts/a.md", "content/posts/b.md", "content/pages/a.md", "content/posts/2019/c.md"]
COMMENTS_PATHS = ["data/comments/a.json", "data/comments/b.json"]
USERS = [*POST_PATHS, *COMMENTS_PATHS, "static/logo.txt", "content/", "data/comments/"]


def _write_post(folder: OutputFolder, files: list[tuple[str, str]], fast: bool) -> tuple[str | None, int]:
    """What MarkdownRun.write_post does with a post's files: why they were left alone (None:
    written), and how often ``on_written`` was called."""
    called: list[bool] = []
    if fast and folder.create(files, 7, lambda: called.append(True)):
        return None, len(called)
    *comments, (path, text) = files
    left_alone = folder.check(path, text) or (comments and folder.check(*comments[0]))
    if left_alone:
        for kept, _text in files:
            folder.keep(kept)
        return left_alone, 0
    if comments:
        folder.put(*comments[0], 7)
    folder.put(path, text, 7, count_unchanged=True, on_written=lambda: called.append(True))
    return None, len(called)


def _run(root: Path, users: list[str], posts: list[tuple[str, str | None, str]], fast: bool, force: bool) -> object:
    site = {"hugo.toml": ""} if users else {}  # a Hugo site: the user's files there are allowed
    _prepare(root, site | {path: "the user's\n" for path in users})
    with Scratch() as scratch:
        folder = OutputFolder(root, "hugo", "_blogimport", Tally(), scratch, force=force, prune=False)
        if not fast:
            folder.fresh = ()
        outcomes = []
        for path, comments, text in posts:
            files = [(comments, f"{text} comments\n")] if comments else []
            outcomes.append(_write_post(folder, [*files, (path, text + "\n")], fast))
        written = [(e.path, e.sha256, e.post_id) for e in folder.written]
        reported = (folder.clashes.count, folder.clashes.first, folder.user_changed.count, folder.unchanged)
        return outcomes, written, reported, _tree(root)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    users=st.lists(st.sampled_from(USERS), unique=True, max_size=3),
    posts=st.lists(
        st.tuples(
            st.sampled_from(POST_PATHS),
            st.none() | st.sampled_from(COMMENTS_PATHS),
            st.sampled_from(["one", "two"]),
        ),
        max_size=6,
    ),
    force=st.booleans(),
)
def test_create_is_check_then_put(
    tmp_path: Path, users: list[str], posts: list[tuple[str, str | None, str]], force: bool
) -> None:
    with tempfile.TemporaryDirectory(dir=tmp_path) as where:
        fast = _run(Path(where) / "fast", users, posts, True, force)
        general = _run(Path(where) / "general", users, posts, False, force)
    assert fast == general


def test_a_clash_after_the_comments_file_was_made_leaves_neither(tmp_path: Path) -> None:
    with Scratch() as scratch:
        folder = OutputFolder(tmp_path, "hugo", "_blogimport", Tally(), scratch, force=False, prune=False)
        assert folder.fresh == ("",)
        # a comments file whose folder is missing is not made the fast way (it could be removed)
        assert not folder.create([("data/comments/a.json", "a\n"), ("content/pages/a.md", "page\n")], 1, None)
        assert not (tmp_path / "data").exists()
        assert not (tmp_path / "content").exists()
        assert folder.create([("data/comments/a.json", "a\n")], 1, None)  # the last file: its folder is made
        assert folder.create([("content/pages/a.md", "page\n")], 1, None)
        # the comments file is made, then the post's file meets the page's: the comments file is removed
        assert not folder.create([("data/comments/b.json", "b\n"), ("content/pages/a.md", "post\n")], 2, None)
        assert sorted(os.listdir(tmp_path / "data" / "comments")) == ["a.json"]
        assert folder.check("content/pages/a.md", "post\n") == manifest.CLASH
        assert [e.path for e in folder.written] == ["content/pages/a.md", "data/comments/a.json"]


def test_the_folders_that_hold_nothing_are_found_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "content" / "posts").mkdir(parents=True)
    (tmp_path / "content" / "pages").mkdir()
    (tmp_path / "content" / "pages" / "mine.md").write_text("mine\n")
    (tmp_path / "data").symlink_to(tmp_path / "nowhere")  # a broken link is not nothing
    (tmp_path / "hugo.toml").write_text("")
    assert manifest._fresh_folders(tmp_path, "hugo") == ("content/posts/",)
    (tmp_path / "data").unlink()
    assert set(manifest._fresh_folders(tmp_path, "hugo")) == {"content/posts/", "data/"}
    assert manifest._fresh_folders(tmp_path / "new", "jekyll") == ("",)
    with Scratch() as scratch:  # an earlier run's folder: its files are there
        OutputFolder(tmp_path / "new", "hugo", "_blogimport", Tally(), scratch, force=False, prune=False)
        again = OutputFolder(tmp_path / "new", "hugo", "_blogimport", Tally(), scratch, force=False, prune=False)
        assert again.fresh == ("data/", "content/")  # the manifest is there: the root holds something


def test_without_unnamed_files_the_general_way_is_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(md_files._ANONYMOUS, "usable", False)
    with Scratch() as scratch:
        folder = OutputFolder(tmp_path, "hugo", "_blogimport", Tally(), scratch, force=False, prune=False)
        assert not folder.create([("content/posts/a.md", "a\n")], 1, None)
        assert not (tmp_path / "content").exists()


def test_a_file_found_missing_then_made_is_found_up_to_date(tmp_path: Path) -> None:
    """check() remembers a file it found missing for put(); a post left alone never puts it, and
    the file made since (another post's, the fast way's) is then up to date, not written again."""
    with Scratch() as scratch:
        folder = OutputFolder(tmp_path, "hugo", "_blogimport", Tally(), scratch, force=False, prune=False)
        assert folder.check("content/posts/a.md", "a\n") is None  # missing; its post is left alone
        assert folder.create([("content/posts/a.md", "a\n")], 1, None)
        inode = (tmp_path / "content" / "posts" / "a.md").stat().st_ino
        assert folder.check("content/posts/a.md", "a\n") is None
        folder.put("content/posts/a.md", "a\n", 2, count_unchanged=True)
        assert folder.unchanged == 1
        assert (tmp_path / "content" / "posts" / "a.md").stat().st_ino == inode
