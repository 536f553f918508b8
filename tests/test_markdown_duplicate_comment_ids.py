"""Comments that share an id (a broken export, exports merged by hand) each appear once in a
post's Markdown thread. Before, every comment with the id got the replies of all of them, each
reply again under those, and so on to the depth limit: twice as many nodes a level, a run that
never ended and grew without bound (hypothesis found it on the compiled thread's test)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.model import Comment
from importer.writers.markdown import comments


def _count(nodes: list[dict[str, object]]) -> int:
    total = 0
    for node in nodes:
        replies = node.get("replies", [])
        assert isinstance(replies, list)
        total += 1 + _count(replies)
    return total


class _Calls:
    """A comment's Markdown, refusing to be asked more than ``limit`` times in a test: the old
    thread asked for ever (2**100 nodes), which must fail, not hang."""

    def __init__(self, limit: int = 1000) -> None:
        self.left = limit

    def __call__(self, text: str) -> str:
        self.left -= 1
        if self.left < 0:
            raise AssertionError("the thread placed comments again and again")
        return text + "\n"


def _threads() -> list[object]:
    builders = [comments.comment_thread]
    try:
        from importer.writers.markdown import _cdates
    except ImportError:  # pragma: no cover - not built
        return builders
    return [*builders, _cdates.comment_thread]


TWINS = [
    Comment(id=1, parent=2, content="a"),
    Comment(id=1, parent=2, content="b"),
    Comment(id=2, parent=1, content="c"),
    Comment(id=2, parent=1, content="d"),
    Comment(id=2, parent=None, content="e"),
]


@pytest.mark.parametrize("thread", _threads())
def test_twins_in_a_cycle_give_each_comment_once(thread) -> None:  # type: ignore[no-untyped-def]
    nodes = thread(TWINS, _Calls())
    assert _count(nodes) <= len(TWINS)
    assert [node["id"] for node in nodes] == [2]  # the only comment without a parent in the thread


_IDS = st.integers(min_value=0, max_value=3)
_THREADS = st.lists(
    st.builds(lambda n, p: Comment(id=n, parent=p, content="x"), _IDS, st.one_of(st.none(), _IDS)), max_size=12
)


@settings(max_examples=300, deadline=None)
@given(_THREADS)
def test_each_comment_is_placed_once_and_both_builders_agree(thread: list[Comment]) -> None:
    results = [build(thread, _Calls()) for build in _threads()]
    for nodes in results:
        assert _count(nodes) == len(thread)  # each once: none twice, none left out
    assert all(nodes == results[0] for nodes in results)


def test_a_thread_with_unique_ids_keeps_every_reply() -> None:
    thread = [Comment(id=1), Comment(id=2, parent=1), Comment(id=3, parent=2), Comment(id=4, parent=1)]
    nodes = comments.comment_thread(thread, _Calls())
    assert _count(nodes) == 4
    assert [r["id"] for r in nodes[0]["replies"]] == [2, 4]  # type: ignore[index]


@pytest.mark.parametrize("thread", _threads())
def test_a_reply_cycle_is_written_at_the_top(thread) -> None:  # type: ignore[no-untyped-def]
    cycle = [Comment(id=1, parent=3, content="a"), Comment(id=2, content="b"), Comment(id=3, parent=1, content="c")]
    nodes = thread(cycle, _Calls())
    assert [node["id"] for node in nodes] == [2, 1]  # the thread's top first, then what no thread reached
    assert [reply["id"] for reply in nodes[1]["replies"]] == [3]


@pytest.mark.parametrize("thread", _threads())
def test_replies_past_the_nesting_limit_are_written(thread) -> None:  # type: ignore[no-untyped-def]
    chain = [Comment(id=n, parent=n - 1 if n else None, content=f"reply {n}") for n in range(130)]
    nodes = thread(chain, _Calls())
    assert _count(nodes) == len(chain)
    assert [node["id"] for node in nodes] == [0, 101]  # nested 100 deep, then the rest from the top
