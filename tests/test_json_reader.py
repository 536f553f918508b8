"""``--from json``: our own JSON and JSON Lines read back give the same archive, and edits apply."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES

import importer
from importer.api import ConvertOptions
from importer.cli import main
from importer.readers import detect_format
from importer.tally import Tally

WXR_FIXTURES = [*sorted((FIXTURES / "wxr").glob("*.xml")), FIXTURES / "markdown" / "garden-blog.xml"]


def convert(sources: list[Path], to: str, output: Path) -> Tally:
    options = ConvertOptions(read=importer.ReadOptions(keep_internal=True))
    return importer.convert([str(s) for s in sources], to=to, output=str(output), options=options)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
@pytest.mark.parametrize("source", WXR_FIXTURES, ids=lambda p: p.name)
def test_json_read_back_writes_the_same_bytes(tmp_path: Path, source: Path, fmt: str) -> None:
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    tally = convert([source], fmt, first)
    again = convert([first], fmt, second)
    assert detect_format(str(first)) == "json"
    assert second.read_bytes() == first.read_bytes()
    assert again.read == tally.written  # every record counted as read, as the WXR reader counts


def test_every_corpus_export_reads_back(tmp_path: Path, corpus: Path) -> None:
    for source in sorted((corpus / "wxr").rglob("*.xml")):
        first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
        try:
            convert([source], "jsonl", first)
        except importer.BlogImportError:
            continue  # malformed exports: not this test's subject
        convert([first], "jsonl", second)
        assert second.read_bytes() == first.read_bytes(), source


def test_an_edited_document_is_read_with_its_edits(tmp_path: Path) -> None:
    source = tmp_path / "blog.json"
    convert([FIXTURES / "wxr" / "selfhosted.xml"], "json", source)
    document = json.loads(source.read_text())
    post = document["posts"][0]
    post["title"] = "A corrected title"
    post["date"], post["date_gmt"] = "2011-02-03T10:00:00+01:00", None  # the offset says when
    document["posts"] = [post]
    source.write_text(json.dumps(document))
    archive = importer.load([str(source)])
    (read,) = archive.posts
    assert read.title == "A corrected title"
    assert read.date == datetime(2011, 2, 3, 10, 0)
    assert read.date_gmt == datetime(2011, 2, 3, 9, 0, tzinfo=UTC)


def test_a_wrong_type_is_one_error_line_naming_the_field(tmp_path: Path) -> None:
    source = tmp_path / "blog.jsonl"
    convert([FIXTURES / "wxr" / "selfhosted.xml"], "jsonl", source)
    lines = source.read_text().splitlines()
    bad = json.loads(lines[-1])
    bad["comments"] = [{"id": "seven"}]
    lines[-1] = json.dumps(bad)
    source.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["convert", str(source), "--to", "json", "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 1
    assert f"blog.jsonl:{len(lines)}: post.comments[0].id: expected an integer" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"schema": "blogimport/9", "site": {}}', "is not 'blogimport/1'"),
        ('{"schema": "blogimport/1", "site": {}, "posts": [{"id": 1,', "not well-formed JSON"),
        ('{"kind": "site"}\n{"kind": "comment", "id": 3}\n', "kind must be one of site, author, term, post"),
    ],
)
def test_files_that_are_not_our_json_are_refused_with_a_reason(tmp_path: Path, text: str, message: str) -> None:
    source = tmp_path / "x.json"
    source.write_text(text)
    result = CliRunner().invoke(main, ["convert", str(source), "--to", "json", "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 1
    assert message in result.output
    assert not (tmp_path / "out.json").exists()


def test_a_document_streams_with_its_schema_and_site_before_the_records(tmp_path: Path) -> None:
    """A document is read a record at a time, so the schema and site must come before the arrays
    (anywhere there, as an editor may move them); after, they are refused with a reason."""
    post = '{"id": 1, "title": "Moved", "content": "x"}'
    source = tmp_path / "moved.json"
    source.write_text('{"site": {"title": "Kept"}, "extra": [1, 2], "schema": "blogimport/1", "posts": [' + post + "]}")
    result = CliRunner().invoke(main, ["convert", str(source), "--to", "json", "-o", str(tmp_path / "out.json")])
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "out.json").read_text())
    assert written["site"]["title"] == "Kept"
    assert [p["title"] for p in written["posts"]] == ["Moved"]
    source.write_text('{"schema": "blogimport/1", "posts": [' + post + '], "site": {"title": "Late"}}')
    result = CliRunner().invoke(main, ["convert", str(source), "--to", "json", "-o", str(tmp_path / "late.json")])
    assert result.exit_code == 1
    assert '"site" must come before "authors", "terms" and "posts"' in result.output
    assert not (tmp_path / "late.json").exists()
