"""``--to markdown`` of a big WXR file written part by part gives the site one process writes.

What depends on the order of the posts across the whole file is what the parts must get right:
media named in the order they are first met (two images with one file name: the later one is
renamed), slugs and comments data keys that clash (the later post gets the suffix), a post
converted again once its media have names (a table, a name the converter would escape, a post
quoting the placeholders' spelling), and the tally. A worker that fails before any file is
written leaves the run to one process, with the same site and the same tally.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import pickle
import time
from pathlib import Path

import pytest
from conftest import tally_facts

import importer
from importer import parallel
from importer.api import ConvertOptions
from importer.readers import ReadOptions
from importer.readers.wxr import parts as wxr_parts
from importer.tally import Tally
from importer.writers.markdown import MarkdownOptions
from importer.writers.markdown import parts as md_parts

SITE = "https://tidewater.example"


@pytest.fixture(autouse=True)
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wxr_parts, "MIN_PART_SIZE", 64)


def _item(number: int, slug: str, content: str, comments: str = "", post_type: str = "post") -> str:
    return f"""	<item>
		<title>Harbour log {number}</title>
		<link>{SITE}/2019/04/{slug}/</link>
		<guid isPermaLink="false">{SITE}/?p={number}</guid>
		<dc:creator><![CDATA[ines]]></dc:creator>
		<content:encoded><![CDATA[{content}]]></content:encoded>
		<wp:post_id>{number}</wp:post_id>
		<wp:post_date><![CDATA[2019-04-{1 + number % 28:02d} 09:30:00]]></wp:post_date>
		<wp:post_name><![CDATA[{slug}]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[{post_type}]]></wp:post_type>
{comments}	</item>
"""


def _comment(number: int, status: str = "1") -> str:
    return f"""		<wp:comment>
			<wp:comment_id>{number}</wp:comment_id>
			<wp:comment_author><![CDATA[Rosa]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[rosa@example.org]]></wp:comment_author_email>
			<wp:comment_date><![CDATA[2019-05-01 10:00:00]]></wp:comment_date>
			<wp:comment_content><![CDATA[The tide came in early that day.]]></wp:comment_content>
			<wp:comment_approved><![CDATA[{status}]]></wp:comment_approved>
		</wp:comment>
"""


def _attachment(number: int, parent: int, url: str) -> str:
    return f"""	<item>
		<title>Photo {number}</title>
		<wp:post_id>{number}</wp:post_id>
		<wp:post_parent>{parent}</wp:post_parent>
		<wp:status><![CDATA[inherit]]></wp:status>
		<wp:post_type><![CDATA[attachment]]></wp:post_type>
		<wp:attachment_url><![CDATA[{url}]]></wp:attachment_url>
	</item>
"""


def _export(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Tidewater</title>\n'
        f"<link>{SITE}</link>\n<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
        "<wp:author><wp:author_login><![CDATA[ines]]></wp:author_login>"
        "<wp:author_display_name><![CDATA[Ines Moreau]]></wp:author_display_name></wp:author>\n"
        + "".join(items)
        + "</channel>\n</rss>\n"
    )


def _order_dependent_export(path: Path) -> Path:
    """Posts spread over the file whose names, keys and media clash with earlier ones."""
    items = []
    for n in range(1, 41):
        # one name for two images (case apart): the one met later is renamed
        image = f"{SITE}/wp-content/uploads/2019/01/{'Quay' if n % 3 == 0 else 'quay'}.jpg"
        body = f'<p>Morning {n} at the quay.</p>\n<p><img src="{image}" alt="quay"></p>\n'
        if n % 7 == 0:
            body += f'<table><tr><td><img src="{SITE}/wp-content/uploads/2019/05/net-{n}.png"></td></tr></table>\n'
        if n % 11 == 0:
            body += f'<p><img src="{SITE}/wp-content/uploads/2019/06/bouée-{n}.jpg"></p>\n'
        if n == 23:
            body += "<p>The word blogimportmedia0z is only a word here.</p>\n"
        if n % 5 == 0:
            body += f'<p>See <a href="{SITE}/2019/04/low-water-{n - 1}/">the day before</a>.</p>\n'
        slug = "low-water" if n % 4 == 0 else f"low-water-{n}"  # "low-water" claimed again and again
        comments = _comment(n * 10) + (_comment(n * 10 + 1, "0") if n % 3 == 0 else "")
        items.append(_item(n, slug, body, comments if n % 2 else ""))
        if n % 6 == 0:
            items.append(_attachment(1000 + n, n, image))
    path.write_text(_export(items), encoding="utf-8")
    return path


def _site(output: Path) -> dict[str, bytes]:
    return {str(p.relative_to(output)): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}


def _convert(source: Path, output: Path, jobs: int, **markdown: object) -> Tally:
    tally = Tally()
    options = ConvertOptions(read=ReadOptions(jobs=jobs))
    importer.convert(
        [str(source)], "markdown", str(output), options=options, write_options=MarkdownOptions(**markdown), tally=tally
    )  # type: ignore[arg-type]
    return tally


@pytest.mark.parametrize(
    "markdown",
    [{}, {"layout": "bundle"}, {"preset": "jekyll", "comments": "inline"}, {"preset": "eleventy"}],
    ids=["hugo", "hugo-bundle", "jekyll-inline", "eleventy"],
)
def test_a_site_written_in_parts_is_the_site_one_process_writes(
    tmp_path: Path, markdown: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = _order_dependent_export(tmp_path / "export.xml")
    workers = tmp_path / "workers"
    workers.mkdir()
    write_part = md_parts._write_part

    def spy(*args: object) -> object:
        (workers / str(os.getpid())).touch()  # in the worker's process
        return write_part(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(md_parts, "_write_part", spy)
    whole = _convert(source, tmp_path / "whole", 1, **markdown)
    split = _convert(source, tmp_path / "split", 3, **markdown)
    assert len(list(workers.iterdir())) == 3  # every part wrote its own files, in a process of its own
    assert str(os.getpid()) not in {p.name for p in workers.iterdir()}
    assert _site(tmp_path / "split") == _site(tmp_path / "whole")
    assert tally_facts(split) == tally_facts(whole)
    if markdown.get("layout") != "bundle":  # a bundle's media are its own
        assert whole.changed["media files named apart (another image had the same name)"] >= 1
    # a second run over the site written in parts changes nothing, as over one process's
    again = _convert(source, tmp_path / "split", 3, **markdown)
    assert _site(tmp_path / "split") == _site(tmp_path / "whole")
    assert not [p for p in again.problems if p.code != "undated-post"]


def test_a_worker_that_fails_leaves_the_run_to_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _order_dependent_export(tmp_path / "export.xml")
    write_part = md_parts._write_part

    def failing(run: object, part_dir: str, deferred: object) -> None:
        if part_dir.endswith("2"):
            raise MemoryError("the worker ran out of memory")
        write_part(run, part_dir, deferred)  # type: ignore[arg-type]

    monkeypatch.setattr(md_parts, "_write_part", failing)
    reads: list[bool] = []
    parts_run = parallel.read_parts

    def spy(*args: object, **kwargs: object) -> object:
        reads.append(True)
        return parts_run(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "read_parts", spy)
    split = _convert(source, tmp_path / "split", 3)
    whole = _convert(source, tmp_path / "whole", 1)
    assert reads == [True]  # the parts were read, then the file was written whole
    assert _site(tmp_path / "split") == _site(tmp_path / "whole")
    # what the other parts wrote before the failure is what the run writes: found up to date
    split.changed.pop("files already up to date (not rewritten)", None)
    assert tally_facts(split) == tally_facts(whole)


def test_an_interrupted_run_lists_every_file_its_workers_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = _order_dependent_export(tmp_path / "export.xml")
    write_part, write_deferred = md_parts._write_part, md_parts._write_deferred
    mine: list[str] = []  # in each worker: its part's folder

    def remember(run: object, part_dir: str, deferred: object) -> None:
        mine.append(part_dir)
        write_part(run, part_dir, deferred)  # type: ignore[arg-type]

    def slow_last_part(*args: object) -> None:
        if mine[0].endswith("2"):
            time.sleep(60)  # still at work when the run is interrupted
        write_deferred(*args)  # type: ignore[arg-type]

    outcome = md_parts._Worker.outcome

    def interrupted(worker: md_parts._Worker, *args: object) -> object:
        if worker.part_dir.endswith("2"):
            raise KeyboardInterrupt  # the first two parts are written, the last one is not
        return outcome(worker, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(md_parts, "_write_part", remember)
    monkeypatch.setattr(md_parts, "_write_deferred", slow_last_part)
    monkeypatch.setattr(md_parts._Worker, "outcome", interrupted)
    site = tmp_path / "site"
    with pytest.raises(KeyboardInterrupt):
        _convert(source, site, 3)
    assert not multiprocessing.active_children()  # the worker still at work was stopped
    manifest_path = site / "_blogimport" / "manifest.json"
    on_disk = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and p != manifest_path}
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert on_disk and on_disk == {entry["path"] for entry in manifest["files"]}
    assert "_blogimport/redirects.nginx.map" in on_disk  # written while the workers wrote the posts
    monkeypatch.undo()
    monkeypatch.setattr(wxr_parts, "MIN_PART_SIZE", 64)
    again = _convert(source, site, 3)  # the next run takes the files as its own: none left alone
    assert not [p for p in again.problems if p.code not in ("undated-post", "media-name-clash")]
    assert _site(site) == _site(_converted_whole(source, tmp_path / "whole"))


def _converted_whole(source: Path, output: Path) -> Path:
    _convert(source, output, 1)
    return output


def test_a_write_error_in_the_main_process_stops_the_run_as_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from importer.errors import OutputError, PartialOutputError
    from importer.writers.markdown.writer import MarkdownRun

    source = _order_dependent_export(tmp_path / "export.xml")
    plan = MarkdownRun._plan  # what the first pass calls a post

    def refused(self: MarkdownRun, post: object, public: bool, public_comments: bool | None, ready: object) -> object:
        if getattr(post, "id", None) == 30:
            raise OutputError("refusing unsafe output path 'content/posts/../../x.md'")
        return plan(self, post, public, public_comments, ready)  # type: ignore[arg-type]

    monkeypatch.setattr(MarkdownRun, "_plan", refused)
    stopped = []
    for jobs in (1, 3):
        tally = Tally()
        with pytest.raises(PartialOutputError) as error:
            importer.convert(
                [str(source)],
                "markdown",
                str(tmp_path / f"site-{jobs}"),
                options=ConvertOptions(read=ReadOptions(jobs=jobs)),
                tally=tally,
            )
        stopped.append((str(error.value), [p.code for p in tally.problems]))  # (the parts read the whole file)
    assert stopped[0] == stopped[1]
    assert "output-incomplete" in stopped[1][1]


def test_a_redirect_file_that_cannot_be_written_stops_the_run_where_one_process_stops(tmp_path: Path) -> None:
    """The parts' main process writes the redirect files while the workers write the posts; when
    it cannot, the run still stops where one process stops: after every post, in finish()."""
    from importer.errors import PartialOutputError

    source = _order_dependent_export(tmp_path / "export.xml")
    stopped = []
    for jobs in (1, 3):
        site = tmp_path / f"site-{jobs}"
        (site / "static" / "_redirects").mkdir(parents=True)  # a folder where the Netlify file goes
        (site / "hugo.toml").write_text('title = "Low water"\n', encoding="utf-8")
        tally = Tally()
        with pytest.raises(PartialOutputError) as error:
            importer.convert(
                [str(source)], "markdown", str(site), options=ConvertOptions(read=ReadOptions(jobs=jobs)), tally=tally
            )
        posts = sorted(str(p.relative_to(site)) for p in (site / "content").rglob("*.md"))
        stopped.append((str(error.value).replace(str(site), "SITE"), [p.code for p in tally.problems], posts))
    assert stopped[0] == stopped[1]
    assert "is a directory" in stopped[1][0] and stopped[1][2]


@pytest.mark.parametrize("post_type", ["post", "page", "wp_block", "attachment"])
def test_a_light_post_is_the_post_with_the_fields_planning_reads(post_type: str) -> None:
    from dataclasses import replace
    from datetime import datetime

    from importer.model import Comment, Meta, Post, Provenance, TermRef
    from importer.writers.markdown.links import prepared

    post = Post(
        id=3, type=post_type, status="publish", title="Low tide", slug="low-tide", url=f"{SITE}/low-tide/",
        guid=f"{SITE}/?p=3", author="ines", date=datetime(2019, 4, 2, 9, 30), date_gmt=datetime(2019, 4, 2, 8, 30),
        modified=datetime(2019, 5, 1), content="<p>Mud.</p>", excerpt="Mud", categories=[TermRef("n", "N")],
        parent=2, password="", attachment_url=f"{SITE}/wp-content/uploads/2019/04/mud.jpg",
        meta=[Meta("k", "v")], comments=[Comment(id=1, status="approved")], provenance=[Provenance("f.xml", "wxr")],
    )  # fmt: skip
    light, public, ready = md_parts._light(post)
    if post_type == "attachment":  # planning reads its old addresses only
        assert ready[2] == prepared(post)[2]
    else:
        assert ready == prepared(post)  # found in the reading worker: the post's own part of its plan
    assert public is (None if post_type == "attachment" else True)
    if post_type == "wp_block":  # posts include its text
        assert light == replace(post, comments=[]) and post.comments
        return
    planned = dict(id=3, type=post_type, status="publish", password="", date=post.date, parent=2)
    assert light == Post(**planned, attachment_url=post.attachment_url)  # type: ignore[arg-type]


def test_planning_a_light_post_plans_the_post(tmp_path: Path) -> None:
    """Planned from its light record (and what its reader prepared), each post of an export gets
    the plan that the whole post gets: nothing planning reads was left out."""
    from importer.readers.wxr.reader import read_wxr
    from importer.writers.markdown.writer import MarkdownRun, prepared_folder
    from importer.writers.scratch import Scratch

    source = _order_dependent_export(tmp_path / "export.xml")
    plans = []
    for light in (False, True):
        root, preset = prepared_folder(str(tmp_path / f"site-{light}"), MarkdownOptions())
        with Scratch() as scratch:
            run = MarkdownRun(root, preset, MarkdownOptions(), Tally(), scratch, background=False)
            index = run.index_pass()
            for record in read_wxr(str(source), ReadOptions(), Tally()):
                plans.append((light, index(*md_parts._light(record)) if light else index(record)))
            plans.append((light, sorted(run.index.redirects.items())))
            plans.append((light, [(f.local_path, f.sources) for f in run.media.files()]))
    whole = [plan for light, plan in plans if not light]
    assert whole == [plan for light, plan in plans if light] and len(whole) > 10


def test_the_planner_reads_a_spool_still_being_written_one_whole_batch_at_a_time(tmp_path: Path) -> None:
    """The first part is planned while its reader spools it: cut anywhere, the spool gives the
    batches written whole before the cut, then the rest once it is there; none twice, none lost."""
    from importer.model import Comment, Post
    from importer.writers.spool import RecordSpool

    records = [
        (Post(id=n, title=f"Tide {n} \u00e9t\u00e9", comments=[Comment(id=n, content="x" * n)]), n % 2 == 0)
        for n in range(150)
    ]
    whole = tmp_path / "whole.pickle"
    with RecordSpool[object]([], open(whole, "wb")) as spool:  # batches of BATCH records, as a reader writes them
        for record in records:
            spool.add(record)
        spool.flush()
    data = whole.read_bytes()
    growing = tmp_path / "growing.pickle"
    for cut in sorted({*range(0, len(data), 97), len(data) - 1, len(data)}):
        growing.write_bytes(data[:cut])
        with open(growing, "rb") as stream:
            first = [r for batch in md_parts._spooled_batches(stream, complete=False) for r in batch]
            assert first == records[: len(first)]
            growing.write_bytes(data)  # the reader goes on, and finishes
            rest = [r for batch in md_parts._spooled_batches(stream, complete=True) for r in batch]
        assert first + rest == records


def test_a_spool_cut_short_when_its_writer_is_done_is_an_error(tmp_path: Path) -> None:
    from importer.writers.spool import RecordSpool

    path = tmp_path / "cut.pickle"
    with RecordSpool[object]([], open(path, "wb")) as spool:
        for n in range(100):
            spool.add(("record", n))
        spool.flush()
    path.write_bytes(path.read_bytes()[:-3])
    with open(path, "rb") as stream, pytest.raises((EOFError, pickle.UnpicklingError)):
        list(md_parts._spooled_batches(stream, complete=True))


def test_files_left_alone_are_reported_in_the_order_one_process_meets_them(tmp_path: Path) -> None:
    """Files a run must not overwrite (there before it, not its own): posts' files, the redirects
    file and the media list, named in the report in the order one process meets them."""
    source = _order_dependent_export(tmp_path / "export.xml")
    reports = []
    for jobs in (1, 3):
        site = tmp_path / f"site-{jobs}"
        (site / "content" / "posts").mkdir(parents=True)
        (site / "hugo.toml").write_text("# the user's\n", encoding="utf-8")
        for path in ("content/posts/low-water-1.md", "static/_redirects", "_blogimport/media.json"):
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text("the user's\n", encoding="utf-8")
        tally = _convert(source, site, jobs)
        clashes = [dataclasses.astuple(p) for p in tally.problems if p.code == "output-clash"]
        reports.append([tuple(str(f).replace(str(site), "SITE") for f in p) for p in clashes])
    assert reports[0] and reports[0] == reports[1]
