"""The compiled front matter (``_cdates.simple_yaml`` and its scalars) writes what the Python code
(``yaml_text.simple_yaml``, ``yaml_text._scalar``) writes, and what PyYAML writes where that takes it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_mdcontent_texts import exported_posts

from importer.writers.markdown import frontmatter, yaml_text
from importer.writers.markdown.presets import get_preset

_cdates = pytest.importorskip("importer.writers.markdown._cdates")
if not hasattr(_cdates, "simple_yaml"):  # pragma: no cover - a build older than its source
    pytest.skip("_cdates built without simple_yaml", allow_module_level=True)

_RESOLVE = yaml.resolver.Resolver().resolve
_PRESETS = ["hugo", "jekyll", "eleventy", "plain"]

# Near every branch of the scalar: plain words (first letters the resolver reads among them),
# words from a first digit, dates and near misses, indicators first, inside and last, quotes,
# spaces at either end, control and non-ASCII characters, long texts.
_ASCII = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=12)
_TEXT = st.one_of(
    _ASCII,
    st.text(alphabet="aZtTnNyYoO/09 ._-:#'\"?,[]{}&*!|>%@`", max_size=14),
    st.text(alphabet="aZé19 _-.:'#\t\n\x7f\u2028\xa0😀", max_size=10),
    st.from_regex(r"[0-9][0-9a-zA-Z ._/:+-]{0,12}", fullmatch=True),
    st.from_regex(
        r"[0-9]{4}-[0-9]{1,2}-[0-9]{2}(T[0-9]{1,2}:[0-9]{2}:[0-9]{2}(\.[0-9]{0,7})?([+-][0-9]{2}:?[0-9]{2}|Z| |:)?)?",
        fullmatch=True,
    ),
    st.sampled_from(["true", "Yes", "off", "null", "~", "12", "0x1F", "1e3", ".inf", "-", "- a", "?", ":", "a:"]),
    st.integers(min_value=195, max_value=205).map(lambda n: "w" * n),
)
_FRONT_MATTER = st.dictionaries(
    st.one_of(st.sampled_from(["title", "date", "slug", "tags", "draft", "wordpress_id", "on", "12"]), _TEXT),
    st.one_of(
        _TEXT,
        st.integers(),
        st.booleans(),
        st.none(),
        st.floats(),
        st.lists(st.one_of(_TEXT, st.integers(), st.booleans(), st.none(), st.floats()), max_size=3),
        st.dictionaries(_TEXT, st.lists(_TEXT), max_size=2),
    ),
    max_size=8,
)


@settings(max_examples=3000)
@given(_TEXT)
@example("2005-01-01T16:00:00+01:00")
@example("2005-01-01T16:00:00.123456")
@example("2005-01-01T16:00:00.1234567")
@example("2005-01-01T16:00:00.")
@example("2005-12-walk-4")
@example("Walk number 1: curlews and kilns")
@example("it's")
@example("x #1")
@example("C#")
def test_the_compiled_scalar_is_the_python_one(text: str) -> None:
    assert _cdates.yaml_scalar(text, _RESOLVE) == yaml_text._scalar(text, _RESOLVE)


@settings(max_examples=1500)
@given(_FRONT_MATTER)
@example({"title": "A walk to the kilns", "date": "2005-01-01T09:00:00+00:00", "tags": ["birds", "true"]})
@example({"title": "", "categories": [], "wordpress_id": None, "sticky": True, "comment_count": 3})
@example({"title": "x", "k": 1.5})
@example({1: "x"})
@example({})
def test_the_compiled_front_matter_is_the_python_one(data: dict[Any, Any]) -> None:
    python = yaml_text.python_simple_yaml(data, _RESOLVE)
    assert _cdates.simple_yaml(data, _RESOLVE, {}) == python
    kept: dict[str, str | None] = {}
    for _ in range(2):  # the second time from the kept scalars
        assert _cdates.simple_yaml(data, _RESOLVE, kept) == python


@given(st.lists(_FRONT_MATTER, max_size=6))
def test_the_kept_scalars_are_cleared_when_full(documents: list[dict[str, Any]]) -> None:
    kept: dict[str, str | None] = {}
    _cdates.init_yaml(yaml_text._UNTYPED_FIRST, yaml_text._scalar, yaml_text._MAX_LENGTH, 5)
    try:
        for data in documents * 2:
            assert _cdates.simple_yaml(data, _RESOLVE, kept) == yaml_text.python_simple_yaml(data, _RESOLVE)
            assert len(kept) <= 5 + 2 * sum(2 + len(v) if isinstance(v, list) else 2 for v in data.values())
    finally:
        _cdates.init_yaml(yaml_text._UNTYPED_FIRST, yaml_text._scalar, yaml_text._MAX_LENGTH, yaml_text.CACHED)


def _front_matters() -> Iterator[dict[str, Any]]:
    """Each fixture's and corpus post's front matter, with each preset, as the writer builds it."""
    for post in exported_posts():
        for name in _PRESETS:
            url = f"/{post.slug or post.id}/"
            yield frontmatter.build_front_matter(
                post,
                get_preset(name),
                new_url=url,
                old_paths=[post.url] if post.url else [],
                author=post.author,
                summary=post.excerpt or None,
                comments_key=url.strip("/") if post.comments else None,
                comment_count=len(post.comments),
            )


def test_every_export_s_front_matter_is_written_the_same() -> None:
    kept: dict[str, str | None] = {}
    taken = 0
    for data in _front_matters():
        python = yaml_text.python_simple_yaml(data, _RESOLVE)
        assert _cdates.simple_yaml(data, _RESOLVE, kept) == python
        taken += python is not None
        for value in data.values():
            for text in value if isinstance(value, list) else [value]:
                if isinstance(text, str):
                    assert _cdates.yaml_scalar(text, _RESOLVE) == yaml_text._scalar(text, _RESOLVE)
    assert taken > 400


def test_the_writer_uses_the_compiled_loop() -> None:
    assert yaml_text.kept_simple_yaml is _cdates.simple_yaml
    data = {"title": "Walk number 1: curlews and kilns", "date": "2005-01-01T16:00:00+01:00", "tags": ["Tag 2"]}
    assert (
        frontmatter.dump_yaml(data)
        == "title: 'Walk number 1: curlews and kilns'\ndate: '2005-01-01T16:00:00+01:00'\ntags:\n- Tag 2\n"
    )
