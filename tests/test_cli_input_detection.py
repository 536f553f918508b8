"""Input is recognised by evidence in its content; anything that is not a blog is refused with one
line naming what was found (exit 1), unless ``--from`` forces a reader, which then says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from importer.cli import EXIT_FAILED, EXIT_USAGE, main
from importer.readers import sniff

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
NOTES = "hello\n"
MARKDOWN = "# trailmix\n\nA tool for packing lists.\n\n## Install\n\n    pip install trailmix\n"
PLAIN_PAGE = "<!DOCTYPE html><html><head><title>Gig list</title></head><body><h1>Gigs</h1><p>Friday.</p></body></html>"


def convert(source: Path, tmp_path: Path, *extra: str) -> Result:
    return CliRunner().invoke(main, ["convert", str(source), "--to", "json", "-o", str(tmp_path / "out.json"), *extra])


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("notes.txt", NOTES, "text with no sign of a blog page"),
        ("README.md", MARKDOWN, "text with no sign of a blog page"),
        ("data.json", json.dumps({"title": "not a blog", "posts": [1, 2]}), "JSON data"),
        ("page.html", PLAIN_PAGE, "an HTML page with no sign of WordPress"),
        ("empty.xml", "  \n", "an empty file"),
    ],
)
def test_what_is_not_a_blog_is_refused_in_one_line(tmp_path: Path, name: str, text: str, found: str) -> None:
    source = write(tmp_path, name, text)
    result = convert(source, tmp_path)
    assert result.exit_code == EXIT_FAILED
    assert result.stderr.startswith(f"error: {source}: not a blog export or page: {found}")
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "out.json").exists()


def test_our_own_json_is_recognised_and_read_back(tmp_path: Path) -> None:
    archive = tmp_path / "blog.json"
    assert (
        CliRunner()
        .invoke(main, ["convert", str(FIXTURES / "wxr" / "wpcom-small.xml"), "--to", "json", "-o", str(archive)])
        .exit_code
        == 0
    )
    result = convert(archive, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "forced-format" not in result.stderr  # detected, not forced


@pytest.mark.parametrize(
    ("name", "text", "reader", "hint"),
    [("page.html", PLAIN_PAGE, "html", "--from html"), ("notes.txt", NOTES, "text", "--from text")],
)
def test_from_forces_a_reader_and_the_tally_says_so(
    tmp_path: Path, name: str, text: str, reader: str, hint: str
) -> None:
    source = write(tmp_path, name, text)
    assert hint in convert(source, tmp_path).stderr  # the refusal names the way out
    result = convert(source, tmp_path, "--from", reader)
    assert result.exit_code == 0, result.stderr
    assert "1 forced-format" in result.stderr
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["posts"]) == 1


@pytest.mark.parametrize(
    ("path", "reader", "evidence"),
    [
        (FIXTURES / "wxr" / "wpcom-small.xml", "wxr", "a WordPress export"),
        (FIXTURES / "html" / "twentyten-single.html", "html", "a WordPress page (wp-content, generator meta"),
        (FIXTURES / "text" / "lynx-blix.txt", "text", "a blog page saved as text: wpcom-blix layout"),
        (FIXTURES / "mirror" / "lantern", "mirror", "a directory"),
    ],
)
def test_blogs_are_recognised_by_their_evidence(path: Path, reader: str, evidence: str) -> None:
    found = sniff(str(path))
    assert found.format == reader and found.found.startswith(evidence)


def test_validate_keeps_exit_2_for_what_is_not_an_export(tmp_path: Path) -> None:
    source = write(tmp_path, "notes.txt", NOTES)
    result = CliRunner().invoke(main, ["validate", str(source)])
    assert result.exit_code == EXIT_USAGE
    assert "not a blog export or page" in result.output
