"""Python's cycle collector in a run in parts (importer.parallel.GC_YOUNG).

The forked readers and writers collect young objects far less often than Python's default, and
the main process does so while the run goes on: safe because what a run does per record leaves
no reference cycle behind (checked here: a run of twice the posts leaves no more cyclic garbage),
and a library call gives its caller's collector back as it found it (thresholds, on or off,
nothing frozen), also when the run fails.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

import importer
from importer import parallel
from importer.api import ConvertOptions
from importer.model import Comment
from importer.readers import ReadOptions
from importer.readers.wxr import parts as wxr_parts
from importer.tally import Tally
from importer.writers.markdown.comments import comment_thread

sys.path.insert(0, str(ROOT / "bench"))
from synth_wxr import write_synthetic_wxr  # the benchmarks' export generator

FORMATS = ["jsonl", "sqlite", "markdown"]


@pytest.fixture
def collector() -> Iterator[None]:
    """The test's own collector settings, put back after it."""
    thresholds, enabled = gc.get_threshold(), gc.isenabled()
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        (gc.enable if enabled else gc.disable)()


def _state() -> tuple[tuple[int, int, int], bool, int]:
    return gc.get_threshold(), gc.isenabled(), gc.get_freeze_count()


@pytest.mark.usefixtures("collector")
@pytest.mark.parametrize("thresholds", [(700, 10, 10), (123, 4, 5), (50_000, 10, 10), (0, 10, 10)])
def test_tuned_gc_gives_the_thresholds_back(thresholds: tuple[int, int, int]) -> None:
    gc.set_threshold(*thresholds)
    with parallel.tuned_gc():
        young = gc.get_threshold()[0]
        assert young == (thresholds[0] if thresholds[0] in (0, 50_000) else parallel.GC_YOUNG)
        assert gc.get_threshold()[1:] == thresholds[1:]
    assert gc.get_threshold() == thresholds
    with pytest.raises(KeyboardInterrupt), parallel.tuned_gc():
        raise KeyboardInterrupt
    assert gc.get_threshold() == thresholds


@pytest.mark.usefixtures("collector")
def test_worker_gc_changes_the_forked_process_only() -> None:
    before = _state()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        parallel.worker_gc()
        send.send((gc.get_threshold(), gc.get_freeze_count() > 0))

    process = context.Process(target=child)
    process.start()
    thresholds, frozen = receive.recv()
    process.join()
    assert thresholds[0] == parallel.GC_YOUNG and frozen
    assert _state() == before


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wxr_parts, "MIN_PART_SIZE", 64)


def _convert(source: Path, output: Path, to: str, jobs: int = 2) -> Tally:
    tally = Tally()
    importer.convert(
        [str(source)], to=to, output=str(output), options=ConvertOptions(read=ReadOptions(jobs=jobs)), tally=tally
    )
    return tally


@pytest.mark.usefixtures("small_parts", "collector")
@pytest.mark.parametrize("to", FORMATS)
@pytest.mark.parametrize("thresholds", [(700, 10, 10), (321, 7, 9)])
def test_a_run_in_parts_leaves_the_callers_collector_as_it_found_it(
    tmp_path: Path, to: str, thresholds: tuple[int, int, int]
) -> None:
    source = write_synthetic_wxr(tmp_path / "export.xml", posts=30, comments_per_post=3)
    gc.set_threshold(*thresholds)
    before = _state()
    seen: list[tuple[int, int, int]] = []
    parts_run = parallel.read_parts

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold())
        return parts_run(*args, **kwargs)  # type: ignore[arg-type]

    parallel.read_parts = spy  # type: ignore[assignment]
    try:
        _convert(source, tmp_path / f"out.{to}", to)
    finally:
        parallel.read_parts = parts_run
    assert seen, "the run was in parts"
    assert _state() == before


@pytest.mark.usefixtures("small_parts", "collector")
@pytest.mark.parametrize("to", FORMATS)
def test_a_failed_run_in_parts_leaves_the_callers_collector_as_it_found_it(
    tmp_path: Path, to: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_synthetic_wxr(tmp_path / "export.xml", posts=30, comments_per_post=3)
    before = _state()

    def interrupted(*args: object, **kwargs: object) -> None:
        assert gc.get_threshold()[0] == parallel.GC_YOUNG
        raise KeyboardInterrupt

    monkeypatch.setattr(parallel, "_collect", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _convert(source, tmp_path / f"out.{to}", to)
    assert _state() == before


def _threaded_comments() -> list[Comment]:
    comments = [Comment(id=1, status="1", content="first")]
    comments += [Comment(id=n, parent=n - 1, status="1", content=f"reply {n}") for n in range(2, 6)]
    return comments


def test_a_thread_with_replies_leaves_no_cycle() -> None:
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        thread = comment_thread(_threaded_comments(), str.upper)
        assert thread[0]["replies"]
        del thread
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()


def _cyclic_garbage(source: Path, output: Path, to: str) -> int:
    """The objects in reference cycles a one-process run of ``source`` left behind."""
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        _convert(source, output, to, jobs=1)
        return gc.collect()
    finally:
        if enabled:
            gc.enable()


@pytest.mark.parametrize("to", FORMATS)
def test_cyclic_garbage_does_not_grow_with_the_posts(tmp_path: Path, to: str) -> None:
    """What one run leaves in cycles (its writer's and reader's own objects) is the same for
    twice the posts: reading, spooling, planning and converting a post make no cycle."""
    small = write_synthetic_wxr(tmp_path / "small.xml", posts=40, comments_per_post=4)
    big = write_synthetic_wxr(tmp_path / "big.xml", posts=80, comments_per_post=4)
    _cyclic_garbage(small, tmp_path / f"warm.{to}", to)  # imports and caches filled
    left = [_cyclic_garbage(source, tmp_path / f"{source.stem}.{to}", to) for source in (small, big)]
    assert left[1] <= left[0], left


def test_spooled_parts_leave_no_cycle(tmp_path: Path) -> None:
    """A reader's spooling (whole and light) and the replay leave no cyclic garbage."""
    from importer.readers.wxr.reader import read_wxr
    from importer.writers.markdown import parts
    from importer.writers.spool import RecordSpool

    source = write_synthetic_wxr(tmp_path / "export.xml", posts=60, comments_per_post=4)
    records = list(read_wxr(str(source), ReadOptions(), Tally()))
    gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        parts._spool_part(iter(records), str(tmp_path), None, Tally())
        with RecordSpool[object]([parts.Plan], open(os.path.join(tmp_path, parts._RECORDS), "rb")) as spool:
            assert list(spool.replay()) == records
        with open(os.path.join(tmp_path, parts._INDEX), "rb") as light:
            assert len([r for batch in parts._spooled_batches(light, True) for r in batch]) == len(records)
        assert gc.collect() == 0
    finally:
        if enabled:
            gc.enable()
