"""Posts converted by worker processes are written as the main process would write them.

The pool is forced on small exports (any number of posts), and every WXR export of the fixtures
and the corpus is written with one process and with workers, for each preset, layout and
comment mode: the trees must be the same file for file, byte for byte, with the same tally.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT

import importer
from importer.api import ConvertOptions
from importer.errors import BlogImportError
from importer.readers import ReadOptions
from importer.tally import Tally
from importer.writers.markdown import MarkdownOptions
from importer.writers.markdown import pool as markdown_pool

FIXTURES = sorted((ROOT / "fixtures" / "wxr").glob("*.xml")) + sorted((ROOT / "fixtures" / "markdown").glob("*.xml"))
CORPUS_FILES = sorted((CORPUS / "wxr").rglob("*.xml")) if CORPUS.is_dir() else []
SETTINGS = [
    {"preset": "hugo"},
    {"preset": "jekyll", "comments": "inline"},
    {"preset": "eleventy", "layout": "dated"},
    {"preset": "hugo", "layout": "bundle", "sanitize": True},
    {"preset": "plain", "comments": "none"},
]


@pytest.fixture
def pool_always(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Workers for any export; returns how many posts were written from a worker's text."""
    monkeypatch.setattr(markdown_pool, "MIN_POSTS", 1)
    monkeypatch.setattr(markdown_pool, "BATCH", 2)  # several batches in flight even on a small export
    used: list[int] = []
    placed = markdown_pool.ConvertPool._placed

    def counting(self: markdown_pool.ConvertPool, result: object) -> object:
        converted = placed(self, result)  # type: ignore[arg-type]
        used.append(converted is not None)
        return converted

    monkeypatch.setattr(markdown_pool.ConvertPool, "_placed", counting)
    return used


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _write(source: Path, output: Path, jobs: int, settings: dict[str, object]) -> tuple[object, dict[str, object]]:
    tally = Tally()
    options = ConvertOptions(read=ReadOptions(jobs=jobs))
    try:
        importer.convert(
            [str(source)],
            "markdown",
            str(output),
            options=options,
            write_options=MarkdownOptions(**settings),
            tally=tally,
        )
    except BlogImportError as exc:
        return f"{type(exc).__name__}: {exc}", {}
    facts = {
        "read": dict(tally.read),
        "written": dict(tally.written),
        "skipped": dict(tally.skipped),
        "changed": dict(tally.changed),
        "problems": [dataclasses.astuple(p) for p in tally.problems],
    }
    return _tree(output), facts


def _same_with_workers(source: Path, tmp_path: Path, settings: dict[str, object]) -> None:
    alone = _write(source, tmp_path / "alone", 1, settings)
    pooled = _write(source, tmp_path / "pooled", 2, settings)
    assert pooled[0] == alone[0]
    assert pooled[1] == alone[1]


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda s: "-".join(str(v) for v in s.values()))
@pytest.mark.parametrize("source", FIXTURES, ids=lambda p: p.name)
def test_fixture_exports_written_by_workers_are_written_alike(
    source: Path, settings: dict[str, object], tmp_path: Path, pool_always: list[int]
) -> None:
    _same_with_workers(source, tmp_path, settings)


@pytest.mark.corpus
@pytest.mark.parametrize("source", CORPUS_FILES or [None], ids=lambda p: p.name if p else "(corpus absent)")
def test_corpus_exports_written_by_workers_are_written_alike(
    source: Path | None, tmp_path: Path, pool_always: list[int]
) -> None:
    if source is None:
        pytest.skip(f"shared corpus not found at {CORPUS}")
    for n, settings in enumerate(SETTINGS[:2]):
        _same_with_workers(source, tmp_path / str(n), settings)


def test_the_workers_write_the_posts(tmp_path: Path, pool_always: list[int]) -> None:
    """The comparisons above are of the workers' text, not of the main process's."""
    _write(ROOT / "fixtures" / "wxr" / "selfhosted.xml", tmp_path / "out", 2, {})
    assert pool_always and all(pool_always)


def _export(posts: list[tuple[int, str]]) -> str:
    items = "".join(
        f"<item><title>Note {n}</title><link>https://tide.example.org/?p={n}</link>"
        f"<wp:post_id>{n}</wp:post_id><wp:post_date>2011-05-0{n % 9 + 1} 10:00:00</wp:post_date>"
        f"<wp:post_name>note-{n}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        f"<content:encoded><![CDATA[{content}]]></content:encoded></item>\n"
        for n, content in posts
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">'
        "<channel><title>Tide notes</title><link>https://tide.example.org</link>"
        "<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://tide.example.org</wp:base_site_url>\n"
        f"{items}</channel></rss>\n"
    )


def test_media_names_the_converter_writes_otherwise_are_converted_again(tmp_path: Path, pool_always: list[int]) -> None:
    """Media are named in the order the posts come, whichever worker converted them; a media name
    that is not plain ASCII is percent-encoded by the converter: that post is converted again in
    the main process, and the files are the same."""
    upload = "https://tide.example.org/wp-content/uploads/2011/05"
    source = tmp_path / "media.xml"
    source.write_text(
        _export(
            [
                (1, f'<img src="{upload}/harbour.jpg" alt="Harbour"> <img src="{upload}/sea wall.jpg" alt="">'),
                (2, f'<img src="{upload}/écluse été.jpg" alt="Lock"> and <a href="{upload}/harbour.jpg">again</a>'),
                (3, f'<img src="{upload}/sea-wall.jpg" alt="Another wall">'),
                (4, f'Someone typed blogimportmedia0z here, and an image: <img src="{upload}/buoy.png" alt="">'),
                (5, f'<table><tr><td><img src="{upload}/gauge.png" alt="Gauge"></td></tr><tr><td>x</td></tr></table>'),
            ]
        ),
        encoding="utf-8",
    )
    _same_with_workers(source, tmp_path, {})
    pool_always.clear()
    _, facts = _write(source, tmp_path / "again", 2, {})
    # post 2 names a file with accents, post 5 has an image in a table (its width counts), post 4
    # holds the placeholder's spelling (never sent to a worker)
    assert pool_always == [True, False, True, False]
    assert facts["changed"]["media files named apart (another image had the same name)"] == 1  # type: ignore[index]
    assert "![Another wall](/media/2011/05/sea-wall-2.jpg)" in (tmp_path / "again/content/posts/note-3.md").read_text()


def test_a_worker_that_dies_leaves_its_posts_to_the_main_process(
    tmp_path: Path, pool_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed mid-run (out of memory, a crash in a library) does not hang the run: the
    main process converts what it had, and the files are those of a run without workers."""
    import os

    from importer.writers.markdown.writer import MarkdownRun

    source = ROOT / "fixtures" / "wxr" / "selfhosted.xml"
    alone = _write(source, tmp_path / "alone", 1, {})
    main_process = os.getpid()
    convert = MarkdownRun.convert

    def dies_in_a_worker(self: MarkdownRun, planned: object) -> object:
        if os.getpid() != main_process:
            os._exit(9)
        return convert(self, planned)  # type: ignore[arg-type]

    monkeypatch.setattr(MarkdownRun, "convert", dies_in_a_worker)
    monkeypatch.setattr(markdown_pool, "_CHECK_ALIVE", 0.05)
    assert _write(source, tmp_path / "pooled", 2, {}) == alone
    assert pool_always and not any(pool_always)  # every post converted by the main process
