"""A big WXR file converted in parts by several processes gives what one process gives.

The parts are forced on small files by lowering the size a part must have, so every export of
the corpus and every fixture (the broken ones too) is cut between items and converted both ways:
the output bytes, the tally (counts, problems with their lines) and the errors must be the same.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, ROOT, tally_facts

import importer
from importer import parallel
from importer.api import ConvertOptions, Filters
from importer.errors import BlogImportError
from importer.readers import ReadOptions
from importer.readers.wxr import parts as wxr_parts
from importer.tally import Tally
from importer.writers import WRITERS, writer_entry

FIXTURES = sorted((ROOT / "fixtures" / "wxr").rglob("*.xml"))
CORPUS_FILES = sorted((CORPUS / "wxr").rglob("*.xml")) if CORPUS.is_dir() else []


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any file of a few hundred bytes is worth parts."""
    monkeypatch.setattr(wxr_parts, "MIN_PART_SIZE", 64)


# Every format whose writer can write parts or read them: each is checked against a whole run.
PARTS_FORMATS = sorted(
    fmt for fmt in WRITERS if writer_entry(fmt).parts is not None or writer_entry(fmt).in_parts is not None
)


def _output_facts(output: Path, to: str) -> object:
    """What a run wrote: a file's bytes, a database's rows, a folder's files."""
    if to == "sqlite":
        with contextlib.closing(sqlite3.connect(output)) as db:
            return list(db.iterdump())
    if output.is_dir():
        return {str(p.relative_to(output)): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
    return output.read_bytes()


def _convert(source: Path, output: Path, jobs: int, to: str = "jsonl", **options: object) -> tuple[object, Tally]:
    tally = Tally()
    convert_options = ConvertOptions(read=ReadOptions(jobs=jobs, **options))  # type: ignore[arg-type]
    if output.is_file():  # a database of the previous call (--to sqlite does not overwrite one)
        output.unlink()
    try:
        importer.convert([str(source)], to=to, output=str(output), options=convert_options, tally=tally)
    except BlogImportError as exc:
        return f"{type(exc).__name__}: {exc}", tally
    return _output_facts(output, to), tally


@pytest.fixture
def parts_used(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each run over parts: True when the parts were used, False when the file was read whole."""
    used: list[bool] = []
    parts_run = parallel.read_parts

    @contextlib.contextmanager
    def spy(*args: Any, **kwargs: Any) -> Iterator[object]:
        with parts_run(*args, **kwargs) as results:
            used.append(results is not None)
            yield results

    monkeypatch.setattr(parallel, "read_parts", spy)
    return used


def _same_both_ways(source: Path, tmp_path: Path, **options: object) -> Tally:
    tally = Tally()
    for to in PARTS_FORMATS:
        whole, tally = _convert(source, tmp_path / f"whole-{to}", 1, to, **options)
        split, split_tally = _convert(source, tmp_path / f"parts-{to}", 3, to, **options)
        assert split == whole, to
        assert tally_facts(split_tally) == tally_facts(tally), to
    return tally


def _parts_expected(tally: Tally) -> bool:
    """A file converted without a whole-file problem is converted in parts."""
    return not any(p.code in parallel.WHOLE_FILE_PROBLEMS for p in tally.problems)


@pytest.mark.parametrize("source", FIXTURES, ids=lambda p: str(p.relative_to(ROOT / "fixtures")))
def test_fixture_exports_in_parts_are_converted_as_whole(
    source: Path, tmp_path: Path, small_parts: None, parts_used: list[bool]
) -> None:
    _same_both_ways(source, tmp_path)
    _same_both_ways(source, tmp_path, recover=True)


@pytest.mark.corpus
@pytest.mark.parametrize("source", CORPUS_FILES or [None], ids=lambda p: p.name if p else "(corpus absent)")
def test_corpus_exports_in_parts_are_converted_as_whole(
    source: Path | None, tmp_path: Path, small_parts: None, parts_used: list[bool]
) -> None:
    if source is None:
        pytest.skip(f"shared corpus not found at {CORPUS}")
    tally = _same_both_ways(source, tmp_path, recover=True)
    if _parts_expected(tally) and parts_used:
        assert parts_used == [True] * len(PARTS_FORMATS)
    _same_both_ways(source, tmp_path)


def _export(items: list[str]) -> str:
    head = (
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Harbour notes</title>\n'
        "<wp:wxr_version>1.2</wp:wxr_version>\n"
        "<wp:author><wp:author_login><![CDATA[ines]]></wp:author_login></wp:author>\n"
    )
    return head + "".join(items) + "</channel>\n</rss>\n"


def _item(number: int, content: str, post_type: str = "post") -> str:
    return (
        f"\t<item>\n\t\t<title>Tide table {number}</title>\n\t\t<wp:post_id>{number}</wp:post_id>\n"
        f"\t\t<wp:post_type>{post_type}</wp:post_type>\n\t\t<wp:status>publish</wp:status>\n"
        f"\t\t<content:encoded><![CDATA[{content}]]></content:encoded>\n\t</item>\n"
    )


def test_a_cut_inside_a_post_quoting_wxr_markup_reads_the_file_whole(tmp_path: Path, small_parts: None) -> None:
    quoted = "An export looks like this:\n" + "</item>\n<item>\n" * 40  # every cut lands inside it
    source = tmp_path / "quoting.xml"
    source.write_text(_export([_item(1, "Low tide at six."), _item(2, quoted), _item(3, "High tide at noon.")]))
    assert wxr_parts.plan_parts(str(source), 3) is not None  # the scan does cut inside the CDATA
    _same_both_ways(source, tmp_path)
    text, tally = _convert(source, tmp_path / "out.jsonl", 3)
    assert isinstance(text, bytes) and text.count(b'"kind":"post"') == 3
    assert tally.problems == []


def test_forbidden_characters_in_a_later_part_are_reported_on_their_file_line(
    tmp_path: Path, small_parts: None
) -> None:
    items = [_item(n, f"Walk {n} along the dyke.") for n in range(1, 30)]
    items[25] = _item(26, "The bell\x07 rang twice.")
    source = tmp_path / "bell.xml"
    text = _export(items)
    source.write_text(text)
    expected_line = text[: text.index("\x07")].count("\n") + 1
    parts = wxr_parts.plan_parts(str(source), 3)
    assert parts is not None and parts[-1].start < text.encode().index(b"\x07")  # it is in the last part
    _same_both_ways(source, tmp_path)
    _, tally = _convert(source, tmp_path / "out.jsonl", 3)
    [problem] = [p for p in tally.problems if p.code == "invalid-xml-char"]
    assert problem.line == expected_line and problem.post_id == 26


def test_filters_report_a_type_no_part_had_once(tmp_path: Path, small_parts: None) -> None:
    items = [_item(n, f"Walk {n}.", "page" if n == 2 else "post") for n in range(1, 30)]
    source = tmp_path / "filtered.xml"
    source.write_text(_export(items))
    for jobs in (1, 3):
        tally = Tally()
        options = ConvertOptions(read=ReadOptions(jobs=jobs), filters=Filters(types=frozenset({"page", "recipe"})))
        output = str(tmp_path / f"{jobs}.jsonl")
        importer.convert([str(source)], to="jsonl", output=output, options=options, tally=tally)
        assert tally.written == {"page": 1, "author": 1}
        assert tally.skipped[("post", "not selected by types")] == 28
        unmatched = [p.message for p in tally.problems if p.code == "filter-matched-nothing"]
        assert unmatched == ["types='recipe': no post of the sources has it"]
    assert (tmp_path / "1.jsonl").read_bytes() == (tmp_path / "3.jsonl").read_bytes()


def test_progress_reaches_the_whole_file(tmp_path: Path, small_parts: None) -> None:
    source = tmp_path / "progress.xml"
    source.write_text(_export([_item(n, f"Walk {n}.") for n in range(1, 30)]))
    seen: list[tuple[int, int]] = []
    options = ConvertOptions(read=ReadOptions(jobs=2, progress=lambda _p, done, total: seen.append((done, total))))
    importer.convert([str(source)], to="jsonl", output=str(tmp_path / "out.jsonl"), options=options)
    assert seen and seen[-1][0] == seen[-1][1] > 0
    assert all(done <= total for done, total in seen)


def test_what_is_read_whole(tmp_path: Path) -> None:
    source = tmp_path / "small.xml"
    source.write_text(_export([_item(1, "Low tide.")]))
    assert parallel.plan([str(source)], None, 2) is None  # too small to be worth a process
    assert parallel.plan([str(source), str(source)], None, 2) is None  # several sources merge
    assert parallel.plan(["-"], None, 2) is None  # standard input


def test_a_part_s_line_shift_is_the_newlines_before_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted a block at a time (a few bytes here: many blocks, a newline on a block's edge)."""
    source = tmp_path / "lines.xml"
    source.write_text(_export([_item(n, "Line\n" * (n % 4) + "end.") for n in range(1, 60)]))
    data = source.read_bytes()
    monkeypatch.setattr(wxr_parts, "MIN_PART_SIZE", 64)
    for block in (1, 7, 1 << 20):
        monkeypatch.setattr(wxr_parts, "_COUNT_BLOCK", block)
        planned = wxr_parts.plan_parts(str(source), 4)
        assert planned is not None and len(planned) == 4
        shifts = [wxr_parts.line_shift(str(source), part) for part in planned]
        assert shifts == [data.count(b"\n", part.header_end, part.start) for part in planned]


def test_an_item_past_line_65535_is_on_its_own_line(tmp_path: Path) -> None:
    """libxml2 gives an element past line 65535 the line where its leading text ends."""
    source = tmp_path / "long.xml"
    text = _export(["\n" * 70_000, _item(7, "Far down the file.")])
    source.write_text(text)
    archive = importer.load([str(source)])
    expected = text[: text.index("<item>")].count("\n") + 1
    assert archive.posts[0].provenance[0].locator == f"line {expected}"


def test_every_corpus_export_with_items_to_cut_between_is_converted_in_parts(
    tmp_path: Path, small_parts: None, parts_used: list[bool]
) -> None:
    """The comparisons above are of parts joined, not of a fallback to a whole read."""
    if not CORPUS_FILES:
        pytest.skip(f"shared corpus not found at {CORPUS}")
    for source in CORPUS_FILES:
        if parallel.plan([str(source)], None, 3) is None:
            continue  # one item: nothing to cut
        parts_used.clear()
        _, tally = _convert(source, tmp_path / "out.jsonl", 3, recover=True)
        assert parts_used == [_parts_expected(tally)], source.name


def test_a_compact_json_document_in_parts_is_the_whole_runs(tmp_path: Path, small_parts: None) -> None:
    from importer.writers.json import JsonOptions

    source = tmp_path / "compact.xml"
    source.write_text(_export([_item(n, f"Walk {n}.") for n in range(1, 30)]))
    for jobs in (1, 3):
        options = ConvertOptions(read=ReadOptions(jobs=jobs))
        output = str(tmp_path / f"{jobs}.json")
        importer.convert([str(source)], "json", output, options=options, write_options=JsonOptions(compact=True))
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "3.json").read_bytes()
    assert (tmp_path / "3.json").read_bytes().count(b',{"id":') == 28


def test_an_output_the_writer_refuses_is_refused_before_the_parts_are_read(
    tmp_path: Path, small_parts: None, parts_used: list[bool]
) -> None:
    from importer.errors import OutputError

    source = tmp_path / "refused.xml"
    source.write_text(_export([_item(n, f"Walk {n}.") for n in range(1, 30)]))
    existing = tmp_path / "blog.db"
    existing.write_bytes(b"")
    options = ConvertOptions(read=ReadOptions(jobs=3))
    for to, output in (("sqlite", existing), ("jsonl", tmp_path / "missing" / "out.jsonl")):
        with pytest.raises(OutputError):
            importer.convert([str(source)], to, str(output), options=options)
    (tmp_path / "site").write_text("a file where the Markdown folder would go")
    with pytest.raises(OutputError):
        importer.convert([str(source)], "markdown", str(tmp_path / "site"), options=options)
    assert parts_used == []


def test_the_progress_counters_a_forked_worker_writes_are_the_main_process_s() -> None:
    """The counters are an anonymous shared mapping (no ctypes): what a child writes, the parent reads."""
    import multiprocessing

    counters = parallel._shared_counters(3)
    assert list(counters) == [0, 0, 0]

    def child() -> None:
        counters[1] = 2**40 + 7
        counters[2] = -1

    process = multiprocessing.get_context("fork").Process(target=child)
    process.start()
    process.join()
    assert process.exitcode == 0
    assert list(counters) == [0, 2**40 + 7, -1] and sum(counters) == 2**40 + 6
