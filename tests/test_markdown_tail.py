"""The end of a Markdown run: the media lists and the manifest rows, made cheaper, give what the
general paths they replace give."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.tally import Tally
from importer.writers.markdown import manifest as manifest_module
from importer.writers.markdown import media as media_module
from importer.writers.markdown import parts as md_parts
from importer.writers.markdown.manifest import Entries, Entry
from importer.writers.markdown.media import MediaManifest, _is_file, _json_row, json_rows
from importer.writers.markdown.writer import MarkdownOptions, MarkdownRun, prepared_folder
from importer.writers.scratch import Scratch, decode

_TEXT = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", 'a"b\\c', "\u2028", "\x00\x1f\x7f", "caf\u00e9 \U0001f600", "/wp-content/uploads/2019/04/a b.jpg"]
)
_ROW = st.fixed_dictionaries(
    {
        "url": _TEXT,
        "local_path": _TEXT,
        "public_url": _TEXT,
        "other_urls": st.lists(_TEXT, max_size=3),
        "referenced_by": st.lists(st.integers(min_value=-(2**70), max_value=2**70), max_size=3),
        "present": st.booleans(),
    }
)


def _dumped(row: object) -> str:
    return json.dumps(row, indent=2, ensure_ascii=False).replace("\n", "\n  ")


@settings(max_examples=300, deadline=None)
@given(_ROW)
def test_a_media_row_is_json_dumps_of_it(row: dict[str, object]) -> None:
    assert _json_row(row) == _dumped(row)


@pytest.mark.parametrize(
    "row",
    [
        {},
        {"present": None},
        {"n": 1.5},
        {"other_urls": ["a", 1]},
        {"referenced_by": [True, 2]},
        {"nested": {"a": [1]}},
        {1: "a"},
        {"a": [["b"]]},
    ],
)
def test_a_row_of_another_shape_is_json_dumps_of_it_too(row: dict[str, object]) -> None:
    assert _json_row(row) == _dumped(row)


@settings(max_examples=50, deadline=None)
@given(st.lists(_ROW, max_size=4))
def test_the_media_list_is_json_dumps_of_its_rows(rows: list[dict[str, object]]) -> None:
    assert "".join(json_rows(iter(rows))) == json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def test_is_file_is_paths_is_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    os.symlink(tmp_path / "file", tmp_path / "link")
    for name in ("file", "folder", "missing", "file/below", "loop", "link", "bad\x00name"):
        path = str(tmp_path / name)
        assert _is_file(path) == Path(path).is_file(), name


def _files_one_by_one(manifest: MediaManifest, by_path: bool) -> list[tuple[str, str, list[str], list[int]]]:
    """What :meth:`MediaManifest.files` gave before: a statement for each file's sources and posts."""
    db = manifest.db
    order = "path" if by_path else "n"
    found = []
    for n, path, url in db.execute(f"SELECT n, path, url FROM {manifest._files} ORDER BY {order}").fetchall():
        sources = db.execute(f"SELECT url FROM {manifest._sources} WHERE file = ? ORDER BY n", (n,))
        posts = db.execute(f"SELECT post FROM {manifest._references} WHERE file = ? ORDER BY n", (n,))
        found.append((decode(path), decode(url), [decode(u) for (u,) in sources], [p for (p,) in posts]))
    return found


_URL = st.sampled_from(
    [
        "https://tidewater.example/wp-content/uploads/2019/04/gull.jpg",
        "https://tidewater.example/wp-content/uploads/2019/04/gull-300x200.jpg",
        "http://www.tidewater.example/wp-content/uploads/2019/04/gull.jpg",
        "https://tidewater.example/wp-content/uploads/2020/01/gull.jpg",
        "https://cdn.example/wp-content/uploads/2019/04/Gull.JPG",
        "/wp-content/uploads/2018/12/a b.png",
        "/wp-content/uploads/2018/12/a-b.png",
        "https://tidewater.files.wordpress.com/2017/02/map.pdf",
        "https://tidewater.example/wp-content/uploads/z.png",
    ]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_URL, st.none() | st.integers(1, 6), st.none() | st.sampled_from(["b1", "b2"])), max_size=25))
def test_media_files_read_side_by_side_are_the_files_read_one_by_one(
    calls: list[tuple[str, int | None, str | None]],
) -> None:
    with Scratch() as scratch:
        manifest = MediaManifest("static/media", "/media", "https://tidewater.example", scratch)
        for url, post_id, bundle in calls:
            manifest.local_url(url, post_id, bundle)
        in_memory = {by_path: _files(manifest, by_path) for by_path in (False, True)}
        manifest.to_disk()  # the same rows in the tables
        for by_path in (False, True):
            assert in_memory[by_path] == _files(manifest, by_path) == _files_one_by_one(manifest, by_path)


def _files(manifest: MediaManifest, by_path: bool) -> list[tuple[str, str, list[str], list[int]]]:
    return [(f.local_path, f.public_url, f.sources, f.referenced_by) for f in manifest.files(by_path=by_path)]


def test_a_workers_list_of_files_is_recorded_as_it_grows_each_entry_once(tmp_path: Path) -> None:
    """The main process records a worker's files while it writes: cut anywhere, the batches
    written whole are recorded, the rest when the worker is done; the file is removed then."""
    rows = [(n % 3 != 0, f"content/posts/tide-{n}.md", f"{n:064x}", n if n % 5 else None) for n in range(700)]
    whole = tmp_path / "whole"
    whole.mkdir()
    listed = md_parts._Written(str(whole))
    for replace, file, sha256, post_id in rows:
        (listed.put if replace else listed.setdefault)(Entry(file, sha256, post_id))
    listed.close()
    data = (whole / md_parts._WRITTEN).read_bytes()
    for cut in sorted({0, 1, len(data) // 3, len(data) // 2, len(data) - 1, len(data)}):
        part = tmp_path / f"part-{cut}"
        part.mkdir()
        path = part / md_parts._WRITTEN
        with Scratch() as scratch:
            expected, got = Entries(scratch), Entries(scratch)
            expected.add_rows(rows)
            folder: Any = _Recorder(got)  # what the follower uses of the output folder
            follower = md_parts._Listed(str(part))
            follower.record(folder, complete=False)  # not there yet
            path.write_bytes(data[:cut])
            follower.record(folder, complete=False)
            path.write_bytes(data)  # the worker goes on, and is done
            follower.record(folder, complete=True)
            follower.record(folder, complete=True)  # once only
            assert list(got) == list(expected)
            assert not path.exists()


class _Recorder:
    def __init__(self, written: Entries) -> None:
        self.written = written


def test_a_worker_that_listed_nothing_is_recorded_as_nothing(tmp_path: Path) -> None:
    with Scratch() as scratch:
        entries = Entries(scratch)
        follower = md_parts._Listed(str(tmp_path))
        follower.record(cast(Any, _Recorder(entries)), complete=True)
        assert not list(entries) and follower.done


def test_the_media_lists_written_first_are_the_ones_finish_writes(tmp_path: Path) -> None:
    """A run in parts writes the media lists while its workers write the posts (no downloads):
    the same files, the same manifest entries, the renamed files reported in finish() all the same."""
    results = []
    for early in (False, True):
        root, preset = prepared_folder(str(tmp_path / f"site-{early}"), MarkdownOptions())
        tally = Tally()
        with Scratch() as scratch:
            run = MarkdownRun(root, preset, MarkdownOptions(), tally, scratch, background=False)
            for n, url in enumerate(
                [
                    "https://tidewater.example/wp-content/uploads/2019/04/gull.jpg",
                    "https://cdn.example/wp-content/uploads/2019/04/gull.jpg",
                    "https://tidewater.example/wp-content/uploads/2019/05/map.pdf",
                ]
            ):
                run.media.local_url(url, n + 1)
            if early:
                run.write_media_lists()
            run.finish()
            manifest = json.loads((root / "_blogimport" / "manifest.json").read_text(encoding="utf-8"))
        lists = [(root / "_blogimport" / name).read_text(encoding="utf-8") for name in ("media.json", "media.csv")]
        results.append((lists, manifest, tally.as_dict()))
    assert results[0] == results[1]
    assert any(p["code"] == "media-name-clash" for p in results[1][2]["problems"])


def test_a_run_in_parts_imports_the_converters_after_its_readers_are_forked(tmp_path: Path) -> None:
    """The readers need none of the converters: the main process imports them while they read
    (before it forks the writers, which convert), not before."""
    import subprocess
    import sys

    from test_markdown_parts import _convert, _order_dependent_export, _site

    source = _order_dependent_export(tmp_path / "export.xml")
    script = f"""
import os, sys
from importer.readers.wxr import parts
parts.MIN_PART_SIZE = 64
at_fork = []
os.register_at_fork(before=lambda: at_fork.append(sorted(sys.modules)))
import importer
from importer.api import ConvertOptions
from importer.readers import ReadOptions
options = ConvertOptions(read=ReadOptions(jobs=3))
importer.convert([{str(source)!r}], "markdown", {str(tmp_path / "split")!r}, options=options)
converters = ("importer.transforms.html_to_markdown", "importer.writers.markdown.frontmatter", "yaml")
import json
print(json.dumps([len(at_fork), [[name for name in converters if name in m] for m in (at_fork[0], at_fork[-1])]]))
"""
    root = Path(__file__).resolve().parent.parent  # this tree's importer
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=root)
    forks, (first, last) = json.loads(done.stdout)
    assert forks >= 6 and first == [] and len(last) == 3  # readers first, writers last
    _convert(source, tmp_path / "whole", 1)
    assert _site(tmp_path / "split") == _site(tmp_path / "whole")


@settings(max_examples=60, deadline=None)
@given(
    entries=st.lists(
        st.tuples(_TEXT, st.sampled_from(["ab" * 32, "", 'x"y']), st.none() | st.integers(-(2**63), 2**63 - 1) | _TEXT),
        max_size=40,
    ),
    rows=st.integers(1, 5),
)
def test_the_manifest_of_stored_entries_is_json_dumps_of_them(entries: list[tuple[str, str, Any]], rows: int) -> None:
    """Entries on disk are formatted from their rows, a batch at a time (batches of 1 to 5 here):
    the text the entries give one by one, ``json.dumps`` of the document."""
    with Scratch() as scratch, pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_module, "_ROWS", rows)
        stored = Entries(scratch)
        stored.add_rows([(True, path, sha256, post_id) for path, sha256, post_id in entries])
        listed = list(stored)
        document = {
            "schema": "blogimport-manifest/1",
            "preset": "jekyll",
            "files": [{"path": e.path, "sha256": e.sha256, "post_id": e.post_id} for e in listed],
        }
        expected = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
        assert "".join(manifest_module.manifest_text("jekyll", listed)) == expected
        assert "".join(manifest_module.manifest_text("jekyll", stored)) == expected


def _safe_media_path_by_pathlib(relative: str) -> str:
    """:func:`safe_media_path` as it was: the parts of a :class:`~pathlib.PurePosixPath`."""
    from pathlib import PurePosixPath

    parts = [media_module._safe_file_name(p) for p in PurePosixPath(relative).parts if p not in ("", ".", "..", "/")]
    return "/".join(p for p in parts if p) or "file"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["/", "//", ".", "..", "a", "B.jpg", " ", "-", "con", "\\", "é", "\x00"]), max_size=8))
def test_a_media_path_made_safe_is_what_pathlib_parts_gave(pieces: list[str]) -> None:
    relative = "".join(pieces)
    assert media_module.safe_media_path(relative) == _safe_media_path_by_pathlib(relative)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_any_media_path_made_safe_is_what_pathlib_parts_gave(relative: str) -> None:
    assert media_module.safe_media_path(relative) == _safe_media_path_by_pathlib(relative)
