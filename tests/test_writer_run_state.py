"""The writers' run state on disk (writers/scratch.py): the Markdown writer's maps and sets, its
manifest, redirect maps and media lists written and read piece by piece, the SQL and WXR writers'
ids and the WXR writer's item index, each the same as the in-memory version was."""

from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importer.errors import OutputError
from importer.tally import Tally
from importer.transforms import json_stream
from importer.writers.markdown.files import write_chunks_if_changed
from importer.writers.markdown.manifest import USER_CHANGED, Entries, Entry, Named, OutputFolder, manifest_text
from importer.writers.markdown.media import MediaManifest, csv_rows, earlier_rows, json_rows
from importer.writers.markdown.paths import SlugRegistry
from importer.writers.markdown.redirects import netlify_redirects, nginx_map
from importer.writers.scratch import MEMORY_KIB, IntSet, Scratch, TextMap, TextSet
from importer.writers.wxr.split import Item, ItemIndex, linked_groups

# Keys whose byte order is not their length order, beyond the BMP, with a lone surrogate.
AWKWARD = ["/b", "/a/", "", "/é", "/z", "/\U0001f600", "/\ud800x", "/\uffff", "/a b", "/A", "/?p=10", "/?p=9"]


# Memory budgets: all in memory, all on disk from the first entry, moved to disk half-way.
BUDGETS = [MEMORY_KIB, 0, 1]


@pytest.mark.parametrize("memory_kib", BUDGETS)
def test_text_map_is_a_dict_whose_items_come_sorted(memory_kib: int) -> None:
    expected: dict[str, str] = {}
    with Scratch(memory_kib) as scratch:
        mapped = TextMap(scratch)
        assert not mapped
        for n, key in enumerate(AWKWARD):
            mapped[key] = expected[key] = f"/new/{n}"
            mapped.setdefault(key, "ignored")
        mapped["/b"] = expected["/b"] = "/replaced"
        mapped.setdefault("/new", "/kept")
        expected.setdefault("/new", "/kept")
        assert mapped.get("/\ud800x") == expected["/\ud800x"] and mapped.get("/missing") is None
        assert list(mapped.items()) == sorted(expected.items())
        assert len(mapped) == len(expected) and mapped


@pytest.mark.parametrize("memory_kib", BUDGETS)
def test_text_set_adds_once_per_group(memory_kib: int) -> None:
    with Scratch(memory_kib) as scratch:
        taken = TextSet(scratch)
        assert taken.add("posts", "hello") and taken.add("pages", "hello")
        assert not taken.add("posts", "hello")


_KEYS = st.sampled_from(AWKWARD)
_MAP_STEPS = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["set", "setdefault"]), _KEYS, st.text(max_size=300)),
        st.tuples(st.sampled_from(["set_many", "setdefault_many"]), st.lists(_KEYS, max_size=4), st.text(max_size=3)),
        st.tuples(st.just("add"), _KEYS, _KEYS),
    ),
    max_size=40,
)


@given(steps=_MAP_STEPS, memory_kib=st.sampled_from([*BUDGETS, 2, 3]))
def test_maps_and_sets_moved_to_disk_at_any_point_answer_as_dicts_and_sets(
    steps: list[tuple[str, object, object]], memory_kib: int
) -> None:
    """Two maps and a set sharing one store, its budget spent at any step (a long value spends
    it at once): every answer is a dict's or a set's, before and after the move."""
    maps: dict[str, str] = {}
    others: dict[str, str] = {}
    names: set[tuple[str, str]] = set()
    with Scratch(memory_kib) as scratch:
        mapped, other, taken = TextMap(scratch), TextMap(scratch), TextSet(scratch)
        for n, (op, key, value) in enumerate(steps):
            target, model = (mapped, maps) if n % 2 else (other, others)
            if op == "set":
                target[key] = model[key] = value  # type: ignore[index]
            elif op == "setdefault":
                target.setdefault(key, value)  # type: ignore[arg-type]
                model.setdefault(key, value)  # type: ignore[arg-type]
            elif op == "set_many":
                target.set_many(key, value)  # type: ignore[arg-type]
                model.update(dict.fromkeys(key, value))  # type: ignore[arg-type]
            elif op == "setdefault_many":
                target.setdefault_many(key, value)  # type: ignore[arg-type]
                for k in key:  # type: ignore[attr-defined]
                    model.setdefault(k, value)  # type: ignore[arg-type]
            else:
                assert taken.add(key, value) == ((key, value) not in names)  # type: ignore[arg-type]
                names.add((key, value))  # type: ignore[arg-type]
            assert target.get(key if isinstance(key, str) else "/a") == model.get(key if isinstance(key, str) else "/a")
        for target, model in ((mapped, maps), (other, others)):
            assert list(target.items()) == sorted(model.items())
            assert len(target) == len(model) and bool(target) == bool(model)
        assert all(not taken.add(group, key) for group, key in names)


@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["set_many", "setdefault_many"]), st.lists(_KEYS, max_size=4), st.text(max_size=300)),
        max_size=30,
    ),
    memory_kib=st.sampled_from([0, 1, 2, 3]),
)
def test_keys_set_at_once_spend_the_budget_as_each_set_in_turn(
    steps: list[tuple[str, list[str], str]], memory_kib: int
) -> None:
    """set_many and setdefault_many take the room of all their keys at once when it is there:
    the budget left, the move to disk and the pairs are those of each key set in turn."""
    with Scratch(memory_kib) as one, Scratch(memory_kib) as other:
        batched, single = TextMap(one), TextMap(other)
        for op, keys, value in steps:
            getattr(batched, op)(keys, value)
            for key in keys:
                if op == "set_many":
                    single[key] = value
                else:
                    single.setdefault(key, value)
            assert one._room == other._room and (one._in_memory is None) == (other._in_memory is None)
            assert list(batched.items()) == list(single.items())


def test_slug_registry_suffixes_as_before() -> None:
    with Scratch() as scratch:
        slugs = SlugRegistry(scratch)
        claims = [("post", "hello", 1), ("post", "hello", 2), ("post", "hello-2", 3), ("post", "hello", None)]
        claims += [("page", "hello", 5), ("post", "index", 6), ("post", "index", 7), ("post", "feed", None)]
        got = [slugs.claim(*claim) for claim in claims]
        assert got == ["hello", "hello-2", "hello-2-3", "hello-3", "hello", "index-6", "index-7", "feed-2"]
        assert SlugRegistry(scratch).claim("post", "hello", 9) == "hello"  # each registry its own


@given(
    rows=st.lists(
        st.tuples(
            st.booleans(),
            st.sampled_from(AWKWARD[:5]),
            st.sampled_from(["ab", "cd"]),
            st.none() | st.integers(-(2**63), 2**63 - 1),  # what SQLite holds
        ),
        max_size=30,
    )
)
def test_entry_rows_added_at_once_are_each_put_or_set_in_turn(rows: list[tuple[bool, str, str, int | None]]) -> None:
    """A part's manifest rows, added in runs (the main process reading a worker's list), give
    the entries that putting or setting each in turn gives."""
    with Scratch() as scratch:
        at_once, in_turn = Entries(scratch), Entries(scratch)
        at_once.add_rows(rows)
        for replace, path, sha256, post_id in rows:
            (in_turn.put if replace else in_turn.setdefault)(Entry(path, sha256, post_id))
        assert list(at_once) == list(in_turn)


@pytest.mark.parametrize(
    "entries",
    [
        [],
        [Entry("content/posts/a.md", "ab" * 32, 1)],
        [Entry(path, "cd" * 32, n or None) for n, path in enumerate(sorted(AWKWARD[:6]))],
        [Entry("data/x.json", "ef" * 32, [1, {"a": 2}]), Entry("y", "00", "7")],  # any JSON an old manifest held
    ],
)
def test_manifest_text_is_what_json_dumps_writes(entries: list[Entry]) -> None:
    rows = [{"path": e.path, "sha256": e.sha256, "post_id": e.post_id} for e in entries]
    document = {"schema": "blogimport-manifest/1", "preset": "hugo", "files": rows}
    expected = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    assert "".join(manifest_text("hugo", entries)) == expected


def test_redirect_maps_line_by_line() -> None:
    pairs = [("/2019/06/a b/", "/posts/a/"), ('/?p="10"$', "/x/")]
    assert "".join(netlify_redirects(pairs)) == (
        '# old WordPress URL -> new URL (written by blogimport)\n/2019/06/a%20b/  /posts/a/  301\n/?p="10"$  /x/  301\n'
    )
    assert "".join(nginx_map(pairs)) == (
        'map $request_uri $blogimport_redirect {\n    default "";\n    "/2019/06/a%20b/" "/posts/a/";\n'
        '    "/?p=\\"10\\"%24" "/x/";\n}\n'
    )


_REDIRECT_URLS = st.one_of(
    st.sampled_from(["/a/", "/2019/06/a/", "/?p=12", "/posts/b/"]),
    st.text(alphabet=st.sampled_from(list('/a?=1 \t\n\\"$%')), max_size=8),
    st.text(max_size=8),
)


@given(st.lists(st.tuples(_REDIRECT_URLS, _REDIRECT_URLS), max_size=40), st.integers(min_value=1, max_value=5))
def test_redirect_maps_made_a_batch_at_a_time_are_the_lines_escaped_one_by_one(
    pairs: list[tuple[str, str]], lines: int
) -> None:
    """A batch whose text holds only its lines' own spaces, quotes and breaks is written as it is;
    the lines are the ones each pair escaped on its own gives, whatever the batch's size."""
    from importer.writers.markdown import redirects

    netlify = "# old WordPress URL -> new URL (written by blogimport)\n" + "".join(
        f"{redirects._no_space(old)}  {redirects._no_space(new)}  301\n" for old, new in pairs
    )
    nginx = (
        'map $request_uri $blogimport_redirect {\n    default "";\n'
        + "".join(f'    "{redirects._nginx_quote(old)}" "{redirects._nginx_quote(new)}";\n' for old, new in pairs)
        + "}\n"
    )
    with patch.object(redirects, "_LINES", lines):
        assert "".join(netlify_redirects(iter(pairs))) == netlify
        assert "".join(nginx_map(iter(pairs))) == nginx


def test_chunks_written_only_when_changed(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "file.txt"
    assert write_chunks_if_changed(target, ["a", "é\n"]).rewritten
    assert target.read_text(encoding="utf-8") == "aé\n"
    staged = write_chunks_if_changed(target, iter(["aé", "\n"]))
    assert not staged.rewritten and staged.size == 4
    assert write_chunks_if_changed(target, ["b"]).rewritten and target.read_text() == "b"
    assert [p.name for p in target.parent.iterdir()] == ["file.txt"]  # no temporary file left


def test_streamed_file_changed_by_the_user_is_left_alone(tmp_path: Path) -> None:
    tally = Tally()
    with Scratch() as scratch:
        folder = OutputFolder(tmp_path, "hugo", "_blogimport", tally, scratch, force=False, prune=False)
        assert folder.write_stream("static/_redirects", ["one\n"]) is None
        folder.finish()
    (tmp_path / "static/_redirects").write_text("mine\n")
    with Scratch() as scratch:
        folder = OutputFolder(tmp_path, "hugo", "_blogimport", tally, scratch, force=False, prune=False)
        assert folder.write_stream("static/_redirects", ["two\n"]) == USER_CHANGED
        folder.finish()
    assert (tmp_path / "static/_redirects").read_text() == "mine\n"
    manifest = json.loads((tmp_path / "_blogimport/manifest.json").read_text())
    assert [row["path"] for row in manifest["files"]] == ["static/_redirects"]  # still ours


def test_named_paths_count_all_and_show_five() -> None:
    named = Named()
    for n in range(7):
        named.add(f"p{n}")
    assert named.count == 7 and str(named) == "p0, p1, p2, p3, p4 and 2 more"


@pytest.mark.parametrize("count", [0, 1, 3])
def test_media_lists_row_by_row_as_whole(count: int) -> None:
    rows: list[dict[str, object]] = [
        {
            "url": f'https://blog.example/wp-content/uploads/{n}/a "b".jpg',
            "local_path": f"static/media/{n}/a-b.jpg",
            "public_url": f"/media/{n}/a-b.jpg",
            "other_urls": [f"http://blog.example/{n}.jpg", "https://é.example/x,y.jpg"][: n + 1],
            "referenced_by": list(range(n)),
            "present": n % 2 == 0,
        }
        for n in range(count)
    ]
    assert "".join(json_rows(iter(rows))) == json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["url", "local_path", "public_url", "other_urls", "referenced_by"])
    for row in rows:
        other = " ".join(str(u) for u in row["other_urls"])  # type: ignore[attr-defined]
        posts = " ".join(str(i) for i in row["referenced_by"])  # type: ignore[attr-defined]
        writer.writerow([row["url"], row["local_path"], row["public_url"], other, posts])
    assert "".join(csv_rows(iter(rows))) == buffer.getvalue()


def test_media_manifest_on_disk_keeps_order_names_and_references() -> None:
    with Scratch() as scratch:
        media = MediaManifest("static/media", "/media", "https://blog.example", scratch)
        uploads = "https://blog.example/wp-content/uploads"
        media.remember([{"local_path": "static/media/2020/01/old.jpg", "url": f"{uploads}/2020/01/b.jpg"}])
        assert media.local_url("/wp-content/uploads/2021/05/z.jpg", 7) == "/media/2021/05/z.jpg"
        resized = "https://www.blog.example/wp-content/uploads/2021/05/z-300x200.jpg"
        assert media.local_url(resized, 8) == "/media/2021/05/z.jpg"
        assert media.local_url(f"{uploads}/2020/01/b.jpg", 7) == "/media/2020/01/old.jpg"
        other = "https://other.example/wp-content/uploads/2021/05/Z.jpg"
        assert media.local_url(other, None) == "/media/2021/05/Z-2.jpg"
        assert media.local_url("/wp-content/uploads/2021/05/z.jpg", 7, "content/posts/p") == "z.jpg"
        files = list(media.files())
        assert [f.local_path for f in files] == [
            "static/media/2021/05/z.jpg",
            "static/media/2020/01/old.jpg",
            "static/media/2021/05/Z-2.jpg",
            "content/posts/p/z.jpg",
        ]
        assert files[0].sources == [
            "https://blog.example/wp-content/uploads/2021/05/z.jpg",
            "https://www.blog.example/wp-content/uploads/2021/05/z.jpg",
            "https://www.blog.example/wp-content/uploads/2021/05/z-300x200.jpg",
        ]
        assert files[0].referenced_by == [7, 8] and files[2].referenced_by == []
        assert [f.local_path for f in media.files(by_path=True)] == sorted(f.local_path for f in files)
        assert [r.local_path for r in media.renamed] == ["static/media/2021/05/Z-2.jpg"] and media.count == 4


def test_int_set_on_disk_and_beyond_64_bits() -> None:
    with Scratch() as scratch:
        used = IntSet(scratch)
        huge = 1 << 70
        assert used.add(5) and used.add(-3) and used.add(huge)
        assert not used.add(5) and not used.add(huge)
        used.update([6, 7])
        assert 7 in used and huge in used and 8 not in used and None not in used and -(1 << 70) not in used
        assert used.isdisjoint([1, 2, 1 << 65]) and not used.isdisjoint([1, 6])


MANIFESTS = [
    '{"schema": "blogimport-manifest/1", "preset": "hugo", "files": []}',
    json.dumps(
        {
            "schema": "s",
            "preset": "jekyll",
            "files": [{"path": f"p/{n}é.md", "sha256": "ab", "post_id": n} for n in range(40)],
        },
        indent=1,
        ensure_ascii=False,
    ),
    '{"files": [{"path": "a", "sha256": "b", "post_id": 1234567}], "preset": null, "extra": {"x": [1, 2.5e3]}}',
    " { } ",
]


@pytest.mark.parametrize("text", MANIFESTS)
@pytest.mark.parametrize("chunk", [1, 3, 7, 1 << 16])
def test_streamed_json_reads_what_json_loads_reads(text: str, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_stream, "CHUNK", chunk)
    whole = json.loads(text)
    members = list(json_stream.object_members(io.StringIO(text), "files"))
    assert [value for name, value in members if name == "files"] == whole.get("files", [])
    assert {name: value for name, value in members if name != "files"} == {
        k: v for k, v in whole.items() if k != "files"
    }
    array = json.dumps(whole.get("files", []))
    assert list(json_stream.array_items(io.StringIO(array))) == json.loads(array)


@pytest.mark.parametrize(
    "text", ['{"files": [{"path": "a"}', '{"a": 1} x', "[1, 2", '{"a" 1}', "{1: 2}", "", '{"files": [1,]}', "[1 2]"]
)
def test_streamed_json_refuses_what_json_loads_refuses(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_stream, "CHUNK", 2)
    with pytest.raises(ValueError):
        json.loads(text)
    with pytest.raises(ValueError):
        reader = json_stream.array_items if text.startswith("[") else lambda s: json_stream.object_members(s, "files")
        list(reader(io.StringIO(text)))


def test_unreadable_manifest_is_one_error_and_a_bad_media_list_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "_blogimport").mkdir()
    (tmp_path / "_blogimport/manifest.json").write_text('{"preset": "hugo", "files": [{"path": "a"}]}')
    with Scratch() as scratch, pytest.raises(OutputError, match="cannot read blogimport's manifest"):
        OutputFolder(tmp_path, "hugo", "_blogimport", Tally(), scratch, force=False, prune=False)
    (tmp_path / "media.json").write_text('[{"local_path": "a.jpg", "url": "https://x/a.jpg"}, 3, {"local_path": ')
    assert list(earlier_rows(tmp_path / "media.json")) == []
    (tmp_path / "media.json").write_text('[{"local_path": "a.jpg"}, 3, {"local_path": "b.jpg"}]')
    assert list(earlier_rows(tmp_path / "media.json")) == [{"local_path": "a.jpg"}, {"local_path": "b.jpg"}]
    assert list(earlier_rows(tmp_path / "missing.json")) == []


def _groups_in_memory(items: list[Item]) -> list[list[Item]]:
    """The grouping as the WXR writer did it with every item in memory (the reference)."""
    leader = list(range(len(items)))

    def find(i: int) -> int:
        while leader[i] != i:
            leader[i] = leader[leader[i]]
            i = leader[i]
        return i

    index = {item.post_id: i for i, item in enumerate(items)}
    for i, item in enumerate(items):
        for linked in item.post_links:
            if linked in index:
                a, b = find(i), find(index[linked])
                leader[max(a, b)] = min(a, b)
    groups: dict[int, list[Item]] = {}
    for i, item in enumerate(items):
        groups.setdefault(find(i), []).append(item)
    return list(groups.values())


@pytest.mark.parametrize("seed", range(20))
def test_wxr_item_groups_on_disk_as_in_memory(seed: int) -> None:
    chance = random.Random(seed)
    items = [
        Item(
            n * 100,
            100,
            chance.randint(1, 40),  # ids repeat: the last item with an id is the one linked to
            chance.choice([None, "ann", "b\u00e9"]),
            tuple(chance.sample([("category", "a"), ("post_tag", "b\ud800")], chance.randint(0, 2))),
            tuple(chance.randint(1, 50) for _ in range(chance.choice([0, 0, 1, 2]))),
            tuple(chance.randint(1, 5) for _ in range(chance.choice([0, 1]))),
        )
        for n in range(chance.randint(0, 60))
    ]
    with Scratch() as scratch:
        index = ItemIndex(scratch)
        for item in items:
            index.append(item)
        assert list(index) == items and len(index) == len(items)
        assert list(linked_groups(index)) == _groups_in_memory(items)
