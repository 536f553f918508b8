"""The Markdown writer's first pass in memory: its fast paths give what the general paths give
(the media manifest in memory against its tables, the link index's keys set at once against
each in turn)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from importer.writers.markdown.media import MediaManifest
from importer.writers.scratch import Scratch

_URL = st.sampled_from(
    [
        "https://tidewater.example/wp-content/uploads/2019/04/gull.jpg",
        "https://tidewater.example/wp-content/uploads/2019/04/gull-300x200.jpg",
        "http://www.tidewater.example/wp-content/uploads/2019/04/gull.jpg",
        "https://tidewater.example/wp-content/uploads/2020/01/gull.jpg",
        "https://cdn.example/wp-content/uploads/2019/04/Gull.JPG",
        "https://cdn.example/wp-content/uploads/2019/04/GULL.jpg",
        "/wp-content/uploads/2018/12/a b.png",
        "/wp-content/uploads/2018/12/a-b.png",
        "https://tidewater.files.wordpress.com/2017/02/map.pdf",
        "https://tidewater.example/wp-content/uploads/z.png",
        "https://tidewater.example/wp-content/uploads/con.png",
        "//tidewater.example/wp-content/uploads/2019/04/gull.jpg?w=300",
        "relative/x.jpg",
    ]
)
_EARLIER = st.lists(
    st.fixed_dictionaries(
        {
            "url": _URL,
            "local_path": st.sampled_from(
                ["static/media/2019/04/gull.jpg", "static/media/old/gull.jpg", "static/media/2018/12/a-b.png", ""]
            ),
            "other_urls": st.lists(_URL, max_size=2),
        }
    ),
    max_size=4,
)
_CALLS = st.lists(
    st.tuples(_URL, st.none() | st.integers(1, 6), st.none() | st.sampled_from(["b1", "b2", "content/posts/p"])),
    max_size=30,
)


def _answers(memory_kib: int, earlier: list[dict[str, Any]], calls: list[tuple[str, int | None, str | None]]) -> Any:
    """Every answer of a media manifest made with this budget, given an earlier run's rows and the calls."""
    with Scratch(memory_kib) as scratch:
        media = MediaManifest("static/media", "/media", "https://tidewater.example", scratch)
        media.remember(earlier)
        urls = [media.local_url(url, post_id, bundle) for url, post_id, bundle in calls]
        files = {
            by_path: [(f.local_path, f.public_url, f.sources, f.referenced_by) for f in media.files(by_path=by_path)]
            for by_path in (False, True)
        }
        return urls, files, list(media.local_paths()), media.renamed, media.count


@settings(max_examples=150, deadline=None)
@given(earlier=_EARLIER, calls=_CALLS, memory_kib=st.sampled_from([1, 2, 3, 5, 8, 32768]))
def test_media_manifest_in_memory_moved_at_any_point_answers_as_on_disk(
    earlier: list[dict[str, Any]], calls: list[tuple[str, int | None, str | None]], memory_kib: int
) -> None:
    """The manifest starts in memory and moves to its tables when the budget is spent (at any
    call): its names, renames, files, sources and references are those of one on disk from the
    start (a budget of none: it moves at its first entry)."""
    assert _answers(memory_kib, earlier, calls) == _answers(0, earlier, calls)
