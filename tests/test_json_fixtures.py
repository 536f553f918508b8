"""JSON and JSON Lines output of the real reader over every fixture and every corpus export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

import importer
from importer.api import ConvertOptions
from importer.schema import load_json_schema, load_jsonl_record_schema

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
WXR_FIXTURES = sorted((FIXTURES / "wxr").glob("*.xml"))
# Every fixture that is a readable blog (not deliberately broken or hostile input).
READABLE_FIXTURES = [
    *WXR_FIXTURES,
    *sorted((FIXTURES / "html").glob("*.html")),
    *sorted((FIXTURES / "text").glob("*.txt")),
    FIXTURES / "mirror" / "lantern",
]
# Fixtures of problems (validate's per-code files, hostile input): refused with a sentence, or valid.
PROBLEM_FIXTURES = sorted((FIXTURES / "validate").glob("*.xml")) + sorted(
    p for p in (FIXTURES / "hostile").glob("*") if p.is_file()
)
DOCUMENT = Draft202012Validator(load_json_schema())
RECORD = Draft202012Validator(load_jsonl_record_schema())


def schema_errors(validator: Draft202012Validator, instance: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def test_there_are_wxr_fixtures() -> None:
    names = {p.name for p in WXR_FIXTURES}
    assert {"wpcom-small.xml", "selfhosted.xml"} <= names


@pytest.mark.parametrize("source", WXR_FIXTURES, ids=lambda p: p.name)
def test_fixture_json_validates_and_accounts_for_every_record(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    tally = importer.convert([str(source)], to="json", output=str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert schema_errors(DOCUMENT, doc) == []
    # Nothing lost silently: what was read is written or counted as skipped.
    skipped: dict[str, int] = {}
    for (kind, _reason), n in tally.skipped.items():
        skipped[kind] = skipped.get(kind, 0) + n
    for kind, n in tally.read.items():
        assert tally.written[kind] + skipped.get(kind, 0) == n, kind
    # And what the tally says was written is what the document holds.
    assert len(doc["authors"]) == tally.written["author"]
    assert len(doc["terms"]) == tally.written["term"]
    assert sum(len(p["comments"]) for p in doc["posts"]) == tally.written["comment"]
    assert len(doc["posts"]) == sum(n for kind, n in tally.written.items() if kind not in {"author", "term", "comment"})


@pytest.mark.parametrize("source", WXR_FIXTURES, ids=lambda p: p.name)
def test_fixture_jsonl_lines_validate_and_match_the_document(source: Path, tmp_path: Path) -> None:
    importer.convert([str(source)], to="jsonl", output=str(tmp_path / "out.jsonl"))
    importer.convert([str(source)], to="json", output=str(tmp_path / "out.json"))
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    for line in lines:
        assert schema_errors(RECORD, line) == []
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))

    def of_kind(kind: str) -> list[dict]:
        return [{k: v for k, v in line.items() if k != "kind"} for line in lines if line["kind"] == kind]

    assert of_kind("site") == [doc["site"]]
    assert of_kind("author") == doc["authors"]
    assert of_kind("term") == doc["terms"]
    assert of_kind("post") == doc["posts"]


def _fixture_id(path: Path) -> str:
    return str(path.relative_to(FIXTURES))


# A page with no sign of WordPress is read only when its reader is forced (--from html).
FORCED = {"unknown-theme-broken-html.html": "html"}


@pytest.mark.parametrize("source", READABLE_FIXTURES, ids=_fixture_id)
def test_every_readable_fixture_gives_schema_valid_json_and_jsonl(source: Path, tmp_path: Path) -> None:
    options = ConvertOptions(source_format=FORCED.get(source.name))
    importer.convert([str(source)], to="json", output=str(tmp_path / "out.json"), options=options)
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert schema_errors(DOCUMENT, doc) == []
    assert doc["posts"], "a readable fixture holds posts"
    importer.convert([str(source)], to="jsonl", output=str(tmp_path / "out.jsonl"), options=options)
    for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines():
        assert schema_errors(RECORD, json.loads(line)) == []


@pytest.mark.parametrize("source", PROBLEM_FIXTURES, ids=_fixture_id)
def test_problem_fixtures_are_refused_or_give_schema_valid_json(source: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    try:
        importer.convert([str(source)], to="json", output=str(out))
    except importer.BlogImportError:
        assert not out.exists()
        return
    assert schema_errors(DOCUMENT, json.loads(out.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("to", ["json", "jsonl"])
def test_same_fixture_gives_byte_identical_output(to: str, tmp_path: Path) -> None:
    source = str(ROOT / "fixtures" / "wxr" / "selfhosted.xml")
    importer.convert([source], to=to, output=str(tmp_path / "a"))
    importer.convert([source], to=to, output=str(tmp_path / "b"))
    assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()


def test_wpcom_fixture_facts_survive_in_json(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    importer.convert([str(ROOT / "fixtures" / "wxr" / "wpcom-small.xml")], to="json", output=str(out))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["site"]["format_version"] == "1.2"
    posts = doc["posts"]
    assert {p["type"] for p in posts} == {"post", "page", "attachment"}  # nav_menu_item skipped
    draft = next(p for p in posts if p["status"] == "draft")
    assert draft["date_gmt"] is None  # 0000-00-00 00:00:00 is unknown, not year 0
    comments = [c for p in posts for c in p["comments"]]
    assert any(c["parent"] for c in comments)  # threading kept
    assert {c["type"] for c in comments} == {"comment", "pingback"}
    assert {c["status"] for c in comments} == {"approved", "pending", "spam"}
    dated = next(p for p in posts if p["date_gmt"])
    assert dated["date"][-6] in "+-"  # offset applied where both dates are known


@pytest.mark.corpus
def test_every_corpus_export_converts_to_valid_json(corpus: Path, tmp_path: Path) -> None:
    expected = json.loads((corpus / "expected-wxr.json").read_text(encoding="utf-8"))
    checked = 0
    for name, facts in sorted(expected.items()):
        if not facts.get("well_formed"):
            continue
        out = tmp_path / "out.json"
        importer.convert([str(corpus / name)], to="json", output=str(out))
        doc = json.loads(out.read_text(encoding="utf-8"))
        assert schema_errors(DOCUMENT, doc)[:3] == [], name
        assert len(doc["posts"]) <= facts["items_total"], name
        checked += 1
    assert checked >= 40
