"""`validate --export` on blogimport's own output: JSON, JSON Lines, SQLite and Markdown made
from fixtures/validate/clean.xml, each then damaged in one way to raise one finding code."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES

import importer
from importer.validate import validate

CLEAN = str(FIXTURES / "validate" / "clean.xml")


def export(tmp_path: Path, fmt: str) -> Path:
    output = tmp_path / f"clean.{fmt}" if fmt != "markdown" else tmp_path / "site"
    importer.convert([CLEAN], to=fmt, output=str(output))
    return output


def codes(path: Path, against: bool = True) -> list[str]:
    report = validate(exports=[str(path)], against=[CLEAN] if against else [])
    return sorted(f.code for f in report.findings)


# -- JSON ------------------------------------------------------------------------------


def edit_json(path: Path, change: Callable[[dict], None]) -> Path:
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def post(document: dict, post_id: int) -> dict:
    return next(p for p in document["posts"] if p["id"] == post_id)


@pytest.mark.parametrize("fmt", ["json", "jsonl", "sqlite"])
def test_a_fresh_export_is_clean_and_reconciles(fmt: str, tmp_path: Path) -> None:
    report = validate(exports=[str(export(tmp_path, fmt))], against=[CLEAN])
    assert report.findings == [] and report.exit_code == 0


def test_json_missing_published_post(tmp_path: Path) -> None:
    path = edit_json(export(tmp_path, "json"), lambda d: d["posts"].remove(post(d, 14)))
    report = validate(exports=[str(path)], against=[CLEAN])
    assert [(f.code, f.post_id, f.file) for f in report.findings] == [("BI508", 14, str(path))]
    assert "'Mooring fees, a short history'" in report.findings[0].message
    assert codes(path, against=False) == []  # nothing to reconcile with


def test_json_missing_approved_comment(tmp_path: Path) -> None:
    path = edit_json(export(tmp_path, "json"), lambda d: post(d, 10)["comments"].pop())
    (f,) = validate(exports=[str(path)], against=[CLEAN]).findings
    assert (f.code, f.post_id, f.comment_id) == ("BI508", 10, 2)


def test_json_schema_violation(tmp_path: Path) -> None:
    path = edit_json(export(tmp_path, "json"), lambda d: post(d, 14).update(id="fourteen"))
    report = validate(exports=[str(path)])
    assert {f.code for f in report.findings} == {"BI503"}
    assert any("posts/" in f.message and "'fourteen'" in f.message for f in report.findings)


def test_json_duplicate_permalink(tmp_path: Path) -> None:
    path = edit_json(export(tmp_path, "json"), lambda d: post(d, 14).update(url=post(d, 10)["url"]))
    assert codes(path) == ["BI505"]


def test_json_broken_internal_link(tmp_path: Path) -> None:
    def relink(document: dict) -> None:
        target = post(document, 14)
        target["content"] = target["content"].replace("/2011/03/spring-tides/", "/2010/12/harbour-lights/")

    assert codes(edit_json(export(tmp_path, "json"), relink)) == ["BI506"]


def test_json_that_does_not_parse(tmp_path: Path) -> None:
    path = export(tmp_path, "json")
    path.write_text(path.read_text(encoding="utf-8")[:300], encoding="utf-8")
    (f,) = validate(exports=[str(path)]).findings
    assert f.code == "BI500" and f.line is not None


def test_jsonl_missing_post_and_bad_line(tmp_path: Path) -> None:
    path = export(tmp_path, "jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if '"id": 14,' not in line and '"id":14,' not in line]
    assert len(kept) == len(lines) - 1
    path.write_text("\n".join([*kept, "{not json"]) + "\n", encoding="utf-8")
    report = validate(exports=[str(path)], against=[CLEAN])
    assert sorted((f.code, f.line) for f in report.findings) == [("BI500", len(kept) + 1), ("BI508", None)]


def test_not_an_export_and_missing_export(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert codes(text, against=False) == ["BI500"]
    report = validate(exports=[str(tmp_path / "nothing.json")])
    assert [f.code for f in report.findings] == ["BI001"] and report.exit_code == 2


# -- SQLite ----------------------------------------------------------------------------


def test_sqlite_missing_post_and_comment(tmp_path: Path) -> None:
    path = export(tmp_path, "sqlite")
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys = OFF")
        for table in ("post_terms", "post_meta", "attachments"):
            db.execute(f"DELETE FROM {table} WHERE post_id = 2")
        db.execute("DELETE FROM posts WHERE id = 2")
        db.execute("DELETE FROM comments WHERE id = 3")
    report = validate(exports=[str(path)], against=[CLEAN])
    assert sorted((f.code, f.post_id, f.comment_id) for f in report.findings) == [
        ("BI506", 14, None),  # post 14 links to the About page, which is gone
        ("BI508", 2, None),
        ("BI508", 14, 3),
    ]


def test_sqlite_foreign_key_violation(tmp_path: Path) -> None:
    path = export(tmp_path, "sqlite")
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys = OFF")
        db.execute("UPDATE comments SET post_id = 999 WHERE id = 3")
    report = validate(exports=[str(path)])
    assert {f.code for f in report.findings} == {"BI504"}
    assert any("comments" in f.message for f in report.findings)


def test_sqlite_damaged_or_foreign_database(tmp_path: Path) -> None:
    path = export(tmp_path, "sqlite")
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xa5" * 4096  # overwrite the second page
    path.write_bytes(bytes(data))
    assert set(codes(path, against=False)) == {"BI504"}
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE notes (body TEXT)")
    (f,) = validate(exports=[str(other)]).findings
    assert f.code == "BI504" and "not a blogimport database" in f.message


# -- Markdown --------------------------------------------------------------------------


def markdown_export(tmp_path: Path) -> Path:
    site = export(tmp_path, "markdown")
    for entry in json.loads((site / "_blogimport" / "media.json").read_text(encoding="utf-8")):
        local = site / entry["local_path"]
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(b"\xff\xd8\xff\xe0 a JPEG, as far as this test cares")
    return site


def page(site: Path, slug: str) -> Path:
    (found,) = site.rglob(f"*{slug}.md")
    return found


def test_markdown_export_with_its_media_is_clean_and_reconciles(tmp_path: Path) -> None:
    assert codes(markdown_export(tmp_path)) == []


def test_markdown_media_never_downloaded_is_a_warning(tmp_path: Path) -> None:
    site = export(tmp_path, "markdown")
    report = validate(exports=[str(site)])
    (f,) = report.findings
    assert f.code == "BI509" and "1 of the 1 media files" in f.message and f.severity == "warning"
    assert report.exit_code == 0


def test_markdown_one_media_file_missing(tmp_path: Path) -> None:
    site = markdown_export(tmp_path)
    manifest = site / "_blogimport" / "media.json"
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    gone = {"local_path": "static/media/gone.png", "public_url": "/media/gone.png", "present": True}
    entries.append({**entries[0], **gone})  # downloaded once, deleted since
    manifest.write_text(json.dumps(entries), encoding="utf-8")
    (f,) = validate(exports=[str(site)]).findings
    assert f.code == "BI507" and "static/media/gone.png" in f.message


def test_markdown_front_matter_that_does_not_parse(tmp_path: Path) -> None:
    site = markdown_export(tmp_path)
    target = page(site, "mooring-fees")
    target.write_text(target.read_text(encoding="utf-8").replace("slug: mooring-fees", "slug: [mooring"))
    report = validate(exports=[str(site)], against=[CLEAN])
    assert sorted((f.code, f.file) for f in report.findings) == [("BI501", str(target)), ("BI508", str(site))]


def test_markdown_front_matter_without_title(tmp_path: Path) -> None:
    site = markdown_export(tmp_path)
    target = page(site, "about")
    target.write_text(target.read_text(encoding="utf-8").replace("title: About\n", ""))
    assert codes(site) == ["BI502"]


def test_markdown_duplicate_permalink(tmp_path: Path) -> None:
    site = markdown_export(tmp_path)
    target = page(site, "about")
    target.write_text(target.read_text(encoding="utf-8").replace("url: /about/", "url: /2011/04/mooring-fees/"))
    assert codes(site) == ["BI505", "BI506"]  # and the link to /about/ now goes nowhere


def test_markdown_broken_link(tmp_path: Path) -> None:
    site = markdown_export(tmp_path)
    target = page(site, "mooring-fees")
    target.write_text(target.read_text(encoding="utf-8").replace("(/about/)", "(/about-me/)"))
    (f,) = validate(exports=[str(site)]).findings
    assert (f.code, f.file) == ("BI506", str(target)) and "/about-me/" in f.message


def test_markdown_missing_post_and_comment(tmp_path: Path) -> None:
    site = markdown_export(tmp_path)
    page(site, "mooring-fees").unlink()
    (comments,) = site.rglob("*spring-tides.json")
    comments.write_text(comments.read_text(encoding="utf-8").replace('"id": 2,', '"id": 22,'))
    report = validate(exports=[str(site)], against=[CLEAN])
    assert sorted((f.code, f.post_id, f.comment_id) for f in report.findings) == [
        ("BI508", 10, 2),
        ("BI508", 14, None),
    ]


def test_empty_directory_is_not_an_export(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert codes(empty, against=False) == ["BI500"]
    shutil.rmtree(empty)


@pytest.mark.parametrize("preset", ["hugo", "jekyll", "eleventy"])
def test_every_preset_with_permalinks_validates_clean(preset: str, tmp_path: Path) -> None:
    site = tmp_path / preset
    importer.convert(
        [CLEAN],
        to="markdown",
        output=str(site),
        write_options=importer.api.writer_options("markdown", {"preset": preset}),
    )
    report = validate(exports=[str(site)], against=[CLEAN])
    assert [f.code for f in report.findings] == ["BI509"]  # only: the media were not downloaded
    assert report.exit_code == 0
