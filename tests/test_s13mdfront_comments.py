"""The compiled comment thread (``_cdates.comment_thread``) is the Python one
(``comments.python_comment_thread``): the same nodes, nested the same, the same author URLs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_mdcontent_texts import exported_posts

from importer.model import Comment
from importer.transforms.plain_text import plain_markdown
from importer.writers.markdown import comments

_cdates = pytest.importorskip("importer.writers.markdown._cdates")
if not hasattr(_cdates, "comment_thread"):  # pragma: no cover - a build older than its source
    pytest.skip("_cdates built without comment_thread", allow_module_level=True)


def _markdown(text: str) -> str:
    return plain_markdown(text) or f"<{text}>\n\n"


_URLS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "",
            "https://reader.example.net/",
            "http://a.b/c d",
            "https:/x",
            "http:",
            "https://",
            "HTTP://x/",
            "http://x/`",
        ]
    ),
    st.sampled_from(["javascript:alert(1)", " javascript:x", "data:text/html,x", "data:image/png;base64,x", "//x"]),
    st.builds(
        lambda prefix, rest: prefix + rest,
        st.sampled_from(["https://", "http://", "ftp://", "", "jav&#x61;script:", "/"]),
        st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2030), max_size=10),
    ),
)
_DATES = st.one_of(st.none(), st.datetimes(min_value=datetime(900, 1, 1), max_value=datetime(2100, 1, 1)))
_COMMENTS = st.lists(
    st.builds(
        lambda n, parent, kind, author, url, date, shift, content: Comment(
            id=n,
            parent=parent,
            type=kind,
            author=author,
            author_url=url,
            date=date,
            date_gmt=None if date is None or shift is None else (date - timedelta(hours=shift)).replace(tzinfo=UTC),
            content=content,
        ),
        st.one_of(st.none(), st.integers(min_value=0, max_value=8)),
        st.one_of(st.none(), st.integers(min_value=0, max_value=8)),
        st.sampled_from([None, "", "comment", "pingback", "trackback"]),
        st.sampled_from([None, "", "Reader 0", "<b>x</b>"]),
        _URLS,
        _DATES,
        st.one_of(st.none(), st.integers(min_value=-14, max_value=14)),
        st.one_of(st.none(), st.sampled_from(["", "Lovely walk.", "a\n\nb", "<p>x</p>", "x_y"]), st.text(max_size=8)),
    ),
    max_size=10,
)


def _same(thread: list[Comment]) -> None:
    assert _cdates.comment_thread(thread, _markdown) == comments.python_comment_thread(thread, _markdown)
    for comment in thread:
        assert _cdates.public_fields(comment, _markdown) == comments._public_fields(comment, _markdown)


@settings(max_examples=2000, deadline=None)
@given(_COMMENTS)
@example([Comment(id=1, parent=1), Comment(id=2, parent=1), Comment(id=3, parent=2)])
@example([Comment(id=1, parent=2), Comment(id=2, parent=1)])  # a cycle: at the top, the first with its reply
@example([Comment(id=1, author_url="http://x/ y"), Comment(id=2, author_url="javascript:alert(1)")])
def test_the_compiled_thread_is_the_python_one(thread: list[Comment]) -> None:
    _same(thread)


def test_deep_threads_stop_nesting_as_the_python_one() -> None:
    thread = [Comment(id=n, parent=n - 1 if n else None, content=f"reply {n}") for n in range(150)]
    _same(thread)
    assert comments.comment_thread is _cdates.comment_thread


def test_every_export_s_comments_threaded_the_same() -> None:
    count = 0
    for post in exported_posts():
        _same(post.comments)
        count += len(post.comments)
    assert count > 100
