"""The fast writers of front matter and comment data files write what YAML and JSON dumpers write."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from importer.writers.markdown import yaml_text
from importer.writers.markdown.frontmatter import _Dumper, dump_yaml, read_front_matter
from importer.writers.markdown.json_text import indented_json
from importer.writers.markdown.yaml_text import simple_yaml

# Words that read back as something else in YAML (dates, booleans, numbers, null) beside plain ones.
_TRICKY = ["2005-01-01T09:00:00+00:00", "2005-01-01", "true", "Yes", "off", "null", "~", "12", "0x1F", "1e3", ".inf"]
_TEXT = st.one_of(
    st.text(alphabet="aZéß19 _-.,:;'\"#&*!?()/[]{}%@`|>=+$~<\t\n\u2028\xa0\ufeff\x85—“😀", max_size=20),
    st.sampled_from(_TRICKY),
    st.lists(
        st.sampled_from(["Walk", "to", "the", "kilns", "Part", "2", "Zoë's", "café", "(1)", "a/b"]), max_size=5
    ).map(" ".join),
    # Slugs, paths and names, first letters the resolver reads (true, null, yes, on...) among them.
    st.text(alphabet="tTnNyYoOfFaZ/09 ._-:#", max_size=12),
    # Comments data keys and other words starting with a digit, numbers and near misses among them.
    st.from_regex(r"[0-9][0-9a-gxtzA-GTXZ ._/:+-]{0,10}", fullmatch=True),
    # Dates as iso_date writes them and near misses.
    st.from_regex(
        r"[0-9]{4}-[0-9]{1,2}-[0-9]{2}(T[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]{0,7})?([+-][0-9]{2}:[0-9]{2}|Z| )?)?",
        fullmatch=True,
    ),
)
_SCALARS = st.one_of(_TEXT, st.integers(), st.booleans(), st.none())
_FRONT_MATTER = st.dictionaries(
    st.one_of(st.sampled_from(["title", "date", "slug", "tags", "draft", "wordpress_id", "on", "12"]), _TEXT),
    st.one_of(_SCALARS, st.lists(_TEXT, max_size=3), st.dictionaries(_TEXT, st.lists(_TEXT), max_size=2)),
    max_size=8,
)


def _pyyaml(data: Any) -> str:
    return str(
        yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    )


@settings(max_examples=500)
@given(_FRONT_MATTER)
@example({"title": "A walk to the kilns", "date": "2005-01-01T09:00:00+00:00", "tags": ["birds", "true"]})
@example({"title": "", "categories": [], "wordpress_id": None, "sticky": True, "comment_count": 3})
@example({"...": "...", "title": "... and after", "tags": ["...", "a..."]})  # a document's end marker
def test_simple_yaml_is_what_pyyaml_writes(data: dict[str, Any]) -> None:
    fast = simple_yaml(data, yaml.resolver.Resolver().resolve)
    if fast is not None:
        assert fast == _pyyaml(data)
    assert dump_yaml(data) == _pyyaml(data)


@given(st.lists(_FRONT_MATTER, max_size=6))
def test_simple_yaml_with_its_scalars_kept_writes_the_same(documents: list[dict[str, Any]]) -> None:
    resolve = yaml.resolver.Resolver().resolve
    kept: dict[str, str | None] = {}
    cached, yaml_text.CACHED = yaml_text.CACHED, 5  # cleared when full: often, here
    try:
        for data in documents * 2:  # the second time round from what was kept
            assert simple_yaml(data, resolve, kept) == simple_yaml(data, resolve)
    finally:
        yaml_text.CACHED = cached


@settings(max_examples=1000)
@given(st.from_regex(r"[0-9][0-9a-zA-Z ._/-]{0,12}", fullmatch=True))
@example("2005-12-walk-4")
@example("1e5k")
@example("0x1Fg")
def test_words_known_plain_from_a_first_digit_read_back_as_strings(text: str) -> None:
    """The shortcut that spares the resolver: what it takes, PyYAML writes plain and reads as text."""
    if yaml_text._KNOWN_PLAIN_DIGIT.fullmatch(text) is None:
        return
    assert yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
    assert simple_yaml({"k": text}, yaml.resolver.Resolver().resolve) == _pyyaml({"k": text}) == f"k: {text}\n"


def test_everyday_front_matter_is_simple_and_reads_back() -> None:
    data = {
        "title": "Counting curlews at the estuary",
        "date": "2005-01-01T09:00:00+00:00",
        "slug": "counting-curlews",
        "categories": ["Walks", "Birds"],
        "tags": ["estuary", "no"],
        "wordpress_id": 42,
        "draft": True,
    }
    assert simple_yaml(data, yaml.resolver.Resolver().resolve) is not None
    assert read_front_matter(f"---\n{dump_yaml(data)}---\n\nbody")[0] == data
    resolve = yaml.resolver.Resolver().resolve
    assert simple_yaml({"title": "Part 2: the return"}, resolve) == "title: 'Part 2: the return'\n"
    assert simple_yaml({"title": "two\nlines"}, resolve) is None


@pytest.mark.parametrize(
    "title",
    ["Issue #1", "a: b", "a:", "it's - ok", "a:b", "x  y", "y ", "1.5", "No", "Zoë's café", "-1", "- x", "[x]", "'q'"],
)
def test_titles_near_yaml_indicators(title: str) -> None:
    data = {"title": title, "tags": [title]}
    assert dump_yaml(data) == _pyyaml(data)
    assert yaml.safe_load(dump_yaml(data)) == data


class _Name(str):
    pass


_JSON = st.recursive(
    st.one_of(
        st.text(),
        st.integers(),
        st.integers(min_value=2**62, max_value=2**66),  # orjson takes 64 bits
        st.booleans(),
        st.none(),
        st.floats(allow_nan=False),
        st.sampled_from(["\ud800", "a\udfff", _Name("name"), "\x7f\u2028\ufeff"]),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300)
@given(_JSON)
@example({"post_id": 1, "title": "Zoë “q” \u2028 \x00", "comments": [{"id": 2, "replies": [], "x": {}}]})
@example({"n": [1e16, 1e-05, 2**64, -(2**63) - 1, True]})
@example({"keys": {1: "a", None: "b"}})
def test_indented_json_is_json_dumps(value: Any) -> None:
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
