"""The shipped JSON Schema: valid, in step with the model, and it accepts what the writers write."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from sample_records import sample_records

from importer.cli import main
from importer.model import Author, Comment, Meta, Post, Provenance, Site, Term, TermRef
from importer.schema import load_json_schema, load_jsonl_record_schema
from importer.tally import Tally
from importer.writers.json import JsonOptions, write_json, write_jsonl

DOCUMENT = Draft202012Validator(load_json_schema())
RECORD = Draft202012Validator(load_jsonl_record_schema())


def errors(validator: Draft202012Validator, instance: object) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def test_schemas_are_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(load_json_schema())
    Draft202012Validator.check_schema(load_jsonl_record_schema())


@pytest.mark.parametrize(
    ("cls", "definition"),
    [
        (Site, "siteFields"),
        (Author, "authorFields"),
        (Term, "termFields"),
        (Post, "postFields"),
        (Comment, "comment"),
        (Meta, "meta"),
        (TermRef, "termRef"),
        (Provenance, "provenance"),
    ],
)
def test_schema_lists_exactly_the_model_fields(cls: type, definition: str) -> None:
    # A field added to importer/model.py must be added to importer/schema/blogimport-1.schema.json too.
    schema = load_json_schema()["$defs"][definition]
    names = [f.name for f in dataclasses.fields(cls)]
    assert list(schema["properties"]) == names
    assert schema["required"] == names


def test_written_document_validates(tmp_path: Path) -> None:
    out = tmp_path / "blog.json"
    write_json(sample_records(), str(out), JsonOptions(), Tally())
    assert errors(DOCUMENT, json.loads(out.read_text())) == []


def test_written_jsonl_lines_validate(tmp_path: Path) -> None:
    out = tmp_path / "blog.jsonl"
    write_jsonl(sample_records(), str(out), JsonOptions(), Tally())
    for line in out.read_text().splitlines():
        assert errors(RECORD, json.loads(line)) == []


@pytest.fixture
def document(tmp_path: Path) -> dict:
    out = tmp_path / "blog.json"
    write_json(sample_records(), str(out), JsonOptions(), Tally())
    return json.loads(out.read_text())


def test_schema_rejects_a_missing_key(document: dict) -> None:
    del document["posts"][0]["comments"][0]["status"]
    assert errors(DOCUMENT, document)


def test_schema_rejects_an_unknown_key(document: dict) -> None:
    document["posts"][0]["rating"] = 5
    assert errors(DOCUMENT, document)


def test_schema_rejects_a_date_that_is_not_iso_8601(document: dict) -> None:
    document["posts"][0]["date"] = "2010-11-19 13:02:00"
    assert errors(DOCUMENT, document)
    document["posts"][0]["date"] = "2010-11-19T13:02:00"
    document["posts"][0]["date_gmt"] = "2010-11-19T13:02:00-05:00"  # the UTC field must be UTC
    assert errors(DOCUMENT, document)


def test_schema_rejects_a_wrong_schema_tag(document: dict) -> None:
    document["schema"] = "blogimport/2"
    assert errors(DOCUMENT, document)


def test_record_schema_requires_the_kind_to_match_the_fields() -> None:
    author = {"login": "a", "id": None, "email": None, "display_name": None, "first_name": None}
    author |= {"last_name": None, "url": None}
    assert errors(RECORD, {"kind": "author", **author}) == []
    assert errors(RECORD, {"kind": "post", **author})
    assert errors(RECORD, author)


def test_schema_command_prints_the_document_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == load_json_schema()


def test_schema_command_prints_the_jsonl_record_schema() -> None:
    result = CliRunner().invoke(main, ["schema", "--jsonl"])
    assert result.exit_code == 0
    assert json.loads(result.output) == load_jsonl_record_schema()
