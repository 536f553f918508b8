"""The Markdown writer's first pass in memory: its fast paths give what the general paths give
(the media manifest in memory against its tables, the link index's keys set at once against
each in turn)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from importer.model import Post
from importer.writers.markdown.links import LinkIndex, OldAddress
from importer.writers.markdown.media import MediaManifest
from importer.writers.markdown.paths import reserved_path
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


_ATTACHMENTS = st.lists(
    st.tuples(st.integers(1, 8), st.none() | st.integers(0, 4), st.sampled_from(["", "/a.jpg", "/wp-content/b é.png"])),
    max_size=25,
)


def _attachment_answers(memory_kib: int, attachments: list[tuple[int, int | None, str]]) -> Any:
    with Scratch(memory_kib) as scratch:
        index = LinkIndex(scratch)
        answers = []
        for number, parent, url in attachments:
            index.add_attachment(Post(id=number, type="attachment", parent=parent, attachment_url=url))
            answers.append(([index.attachment_url(n) for n in range(10)], [index.attachments_of(p) for p in range(5)]))
        return answers


@settings(max_examples=100, deadline=None)
@given(attachments=_ATTACHMENTS, memory_kib=st.sampled_from([1, 32768]))
def test_attachments_in_memory_moved_at_any_point_answer_as_on_disk(
    attachments: list[tuple[int, int | None, str]], memory_kib: int
) -> None:
    """The link index's attachments (by id, by parent in export order) start in memory and move
    with the scratch maps: every answer, after every attachment, is that of the tables."""
    assert _attachment_answers(memory_kib, attachments) == _attachment_answers(0, attachments)


def _add_post_before(index: LinkIndex, new_url: str, public: bool, addresses: list[OldAddress]) -> None:
    """LinkIndex.add_post as it was (lists deduplicated with dict.fromkeys): the general path."""
    keys: list[str] = []
    hostless: list[str] = []
    old_paths: list[tuple[str, bool]] = []
    for host, key, bare, old_path, reserved in addresses:
        if host is None or host in index.hosts:
            keys.append(key)
            hostless.append(bare)
            old_paths.append((old_path, reserved))
    index.new_urls.set_many(dict.fromkeys(keys), new_url)
    if rest := [key for key in dict.fromkeys(hostless) if key not in keys]:
        index.new_urls.setdefault_many(rest, new_url)
    if not public:
        return
    redirects = []
    for old_path, reserved in dict.fromkeys(old_paths):
        if old_path.rstrip("/") == new_url.rstrip("/"):
            continue
        if reserved:
            index.refused_redirects[old_path] = new_url
        else:
            redirects.append(old_path)
    if redirects:
        index.redirects.set_many(redirects, new_url)


_HOST = st.none() | st.sampled_from(["tidewater.example", "other.example"])
_PATH = st.sampled_from(["/", "/a/", "/a", "/?p=1", "/feed/", "/b/c/", "/tags/x/"])
_ADDRESS = st.builds(
    lambda host, key, bare, path: (host, f"{host or ''}{key}", bare, path, reserved_path(path)),
    _HOST,
    _PATH,
    _PATH,
    _PATH,
)


@settings(max_examples=150, deadline=None)
@given(
    posts=st.lists(st.tuples(_PATH, st.booleans(), st.lists(_ADDRESS, max_size=5)), max_size=12),
    memory_kib=st.sampled_from([0, 1, 32768]),
)
def test_a_posts_addresses_set_at_once_are_those_the_lists_set(
    posts: list[tuple[str, bool, list[OldAddress]]], memory_kib: int
) -> None:
    """add_post's keys, host-less keys and redirects deduplicated in dicts as they come: the
    link index (new URLs, redirects, refused redirects, the budget left) is the one the lists
    deduplicated with dict.fromkeys made."""
    with Scratch(memory_kib) as one, Scratch(memory_kib) as other:
        fast, general = LinkIndex(one), LinkIndex(other)
        for index in (fast, general):
            index.hosts.add("tidewater.example")
        for new_url, public, addresses in posts:
            fast.add_post(Post(id=1), new_url, public, addresses)
            _add_post_before(general, new_url, public, addresses)
            assert one._room == other._room
        assert list(fast.new_urls.items()) == list(general.new_urls.items())
        assert list(fast.redirects.items()) == list(general.redirects.items())
        assert fast.refused_redirects == general.refused_redirects


@settings(max_examples=60, deadline=None)
@given(
    posts=st.lists(
        st.tuples(
            st.sampled_from(["post", "page"]),
            st.sampled_from(["a", "b", "feed", "x-y"]),
            st.none()
            | st.sampled_from(
                [
                    "https://tidewater.example/a/",
                    "https://other.example/a/",
                    "/2020/01/a/",
                    "/feed/",
                    "/a?x=1",
                    "https://tidewater.example/a",
                    "https://tidewater.example/b.html",
                    "mailto:a@b",
                ]
            ),
        ),
        max_size=8,
    ),
    with_site=st.booleans(),
)
def test_a_plans_alias_is_what_old_paths_gives(
    tmp_path_factory: Any, posts: list[tuple[str, str, str | None]], with_site: bool
) -> None:
    """plan() works out the permalink's alias inline: the old paths are those old_paths() gives
    for the post and its new address."""
    from pathlib import Path

    from importer.model import Site
    from importer.tally import Tally
    from importer.writers.markdown.presets import get_preset
    from importer.writers.markdown.writer import MarkdownOptions, MarkdownRun

    folder: Path = tmp_path_factory.mktemp("site")
    with Scratch() as scratch:
        run = MarkdownRun(folder, get_preset("hugo"), MarkdownOptions(), Tally(), scratch, background=False)
        if with_site:
            run.index.add_site(Site(link="https://tidewater.example"))
        for number, (kind, slug, url) in enumerate(posts, 1):
            post = Post(id=number, type=kind, slug=slug, url=url, status="publish")
            plan = run.plan(post)
            assert plan.old_paths == run.old_paths(post, plan.new_url)
        run.folder.stop()
