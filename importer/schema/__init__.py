"""The schemas blogimport ships: the JSON Schema (draft 2020-12) of its JSON and JSON Lines output.

``load_json_schema()`` is the schema of a ``--to json`` document; ``load_jsonl_record_schema()``
is the schema of one line of ``--to jsonl`` output. Both are plain dicts, ready for any JSON
Schema validator (``jsonschema.Draft202012Validator(load_json_schema())``).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

JSON_SCHEMA_FILE = "blogimport-1.schema.json"


@cache
def _json_schema_text() -> str:
    return resources.files(__package__).joinpath(JSON_SCHEMA_FILE).read_text(encoding="utf-8")


def json_schema_text() -> str:
    """The shipped JSON Schema file, as text (what ``blogimport schema`` prints)."""
    return _json_schema_text()


def load_json_schema() -> dict[str, Any]:
    """The JSON Schema of a ``blogimport/1`` document (a fresh dict on every call)."""
    schema: dict[str, Any] = json.loads(_json_schema_text())
    return schema


def load_jsonl_record_schema() -> dict[str, Any]:
    """The JSON Schema of one ``--to jsonl`` line: the document schema's ``$defs/record``."""
    document = load_json_schema()
    return {
        "$schema": document["$schema"],
        "$id": document["$id"] + ":record",
        "title": "blogimport/1 JSON Lines record",
        "$ref": "#/$defs/record",
        "$defs": document["$defs"],
    }
