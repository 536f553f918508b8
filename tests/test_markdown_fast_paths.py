"""The Markdown writer's shortcuts give exactly what the paths they stand in for give."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from hypothesis import example, given
from hypothesis import strategies as st

from importer.errors import OutputError
from importer.model import Comment, Post, Site
from importer.transforms.dates import iso, with_offset
from importer.transforms.html_to_markdown import UPSTREAM_START
from importer.transforms.urls import host_of, key_of, split_url, url_key
from importer.wordpress import ID_QUERY_KEYS, id_query_key, plain_permalink
from importer.writers.markdown.comments import _NOT_IN_URL, _public_fields, comment_thread, nested_thread, published_url
from importer.writers.markdown.frontmatter import iso_date
from importer.writers.markdown.links import (
    LinkIndex,
    _path_of,
    _without_host,
    old_addresses,
    permalink_alias,
    plain_permalinks,
)
from importer.writers.markdown.paths import reserved_path
from importer.writers.markdown.templates import _ESCAPERS, _UPSTREAM_SPAN, neutralise_templates
from importer.writers.markdown.writer import MarkdownRun
from importer.writers.scratch import Scratch


def _old_path(url: str) -> str:
    return _path_of(split_url(url))


_IDS = st.one_of(st.integers(), st.integers(min_value=-(1 << 80), max_value=1 << 80))
_TYPES = st.sampled_from(["post", "page", "attachment", "wp_block", "product", "Odd Type", ""])


@given(_IDS, _TYPES)
def test_plain_permalinks_are_their_own_key_and_old_path(post_id: int, post_type: str) -> None:
    for url in plain_permalinks(Post(id=post_id, type=post_type)):
        assert url_key(url) == url == _old_path(url) == _without_host(url)
        assert not reserved_path(url)


def _add_post_one_address_at_a_time(index: LinkIndex, post: Post, new_url: str, public: bool) -> None:
    """LinkIndex.add_post as it was: each old address in turn."""
    urls = [u for u in (post.url, post.guid) if u and index.is_internal(u)]
    if post.id is not None:
        urls.append(plain_permalink(post.type, post.id))
        if id_query_key(post.type) != "p":
            urls.append(f"/?p={post.id}")
    for old in urls:
        key = url_key(old)
        if key:
            index.new_urls[key] = new_url
            index.new_urls.setdefault(_without_host(key), new_url)
            old_path = _old_path(old)
            if not public or old_path.rstrip("/") == new_url.rstrip("/"):
                continue
            if reserved_path(old_path):
                index.refused_redirects[old_path] = new_url
            else:
                index.redirects[old_path] = new_url


_HOSTS = [
    " https://blog.example",
    "https://blog.example",
    "http://www.blog.example",
    "https://other.example",
    "",
    "mailto:x@blog.example",
]
_PATHS = ["/", "/a/", "/a", "/?p=3", "/?page_id=3", "/feed/", "/2020/01/a/", "/a%20b/", "/?x=1", "/index.xml"]
_URLS = st.one_of(st.none(), st.builds(str.__add__, st.sampled_from(_HOSTS), st.sampled_from(_PATHS)))
_POSTS = st.builds(
    Post,
    id=st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
    type=st.sampled_from(["post", "page", "attachment"]),
    url=_URLS,
    guid=_URLS,
)
_NEW_URLS = st.sampled_from(["/a/", "/2020/01/a/", "/b/", "/?p=3", "/feed/"])


_SITES = st.lists(st.sampled_from(["https://blog.example/", "http://www.Blog.Example:8080", "https://other.example"]))


@given(st.lists(st.tuples(_POSTS, _NEW_URLS, st.booleans()), max_size=8), _SITES, st.booleans())
def test_link_index_add_post_as_one_address_at_a_time(
    posts: list[tuple[Post, str, bool]], sites: list[str], found_before: bool
) -> None:
    """``found_before``: the old addresses found before the site's hosts are known (a part's
    reader finds them: see old_addresses), else by add_post itself."""
    with Scratch() as one, Scratch() as other:
        fast, slow = LinkIndex(one), LinkIndex(other)
        addresses = [old_addresses(post) if found_before else None for post, _, _ in posts]
        for index in (fast, slow):
            for link in sites:
                index.add_site(Site(link=link))
        for (post, new_url, public), found in zip(posts, addresses, strict=True):
            fast.add_post(post, new_url, public, found)
            _add_post_one_address_at_a_time(slow, post, new_url, public)
        assert list(fast.new_urls.items()) == list(slow.new_urls.items())
        assert list(fast.redirects.items()) == list(slow.redirects.items())
        assert fast.refused_redirects == slow.refused_redirects


def _old_paths_as_it_was(index: LinkIndex, url: str | None, new_url: str) -> list[str]:
    """MarkdownRun.old_paths as it was: the permalink split with the site's hosts known."""
    parts = index.internal_parts(url) if url else None
    if parts is None or parts.query or not parts.path or parts.path == "/":
        return []
    path = parts.path if parts.path.endswith("/") or "." in parts.path.rsplit("/", 1)[-1] else parts.path + "/"
    return [] if path == new_url or reserved_path(path) else [path]


_ODD_URLS = st.one_of(
    _URLS, st.text(max_size=30), st.builds(str.__add__, st.sampled_from(_HOSTS), st.text(max_size=12))
)


@given(_ODD_URLS, _NEW_URLS, _SITES)
@example("http://[broken/a/", "/a/", [])
@example(" /a/b", "/b/", [])
@example("https://blog.example/a.html", "/b/", ["https://blog.example"])
def test_old_paths_from_a_permalink_alias_found_without_the_hosts(
    url: str | None, new_url: str, sites: list[str]
) -> None:
    alias = permalink_alias(url)  # found before the hosts are known
    with Scratch() as scratch:
        index = LinkIndex(scratch)
        for link in sites:
            index.add_site(Site(link=link))
        run = SimpleNamespace(index=index)
        post = Post(url=url)
        expected = _old_paths_as_it_was(index, url, new_url)
        assert MarkdownRun.old_paths(run, post, new_url, alias) == expected  # type: ignore[arg-type]
        assert MarkdownRun.old_paths(run, post, new_url) == expected  # type: ignore[arg-type]


@given(st.lists(_ODD_URLS, max_size=3), _SITES)
def test_old_addresses_found_without_the_hosts_are_the_internal_ones(urls: list[str | None], sites: list[str]) -> None:
    """Each old address is the site's own (internal_parts) exactly when the index knows its host."""
    with Scratch() as scratch:
        index = LinkIndex(scratch)
        for link in sites:
            index.add_site(Site(link=link))
        for url in urls:
            found = old_addresses(Post(url=url))
            internal = [a for a in found if index.knows(a[0])]
            assert bool(internal) == bool(url and index.internal_parts(url) is not None and url_key(url))


def test_safe_join_is_safe_path(tmp_path: Path) -> None:
    from importer.writers.markdown.paths import safe_join, safe_path

    for relative in ["a.md", "content/posts/a.md", "x/../y.md", "./z.md"]:
        assert safe_join(tmp_path, relative) == Path(safe_path(tmp_path, relative))


@given(st.text(alphabet="ab./\\\x00C: é", max_size=12), st.sampled_from(["/", "/tmp", "site", "/tmp/../tmp/site/"]))
@example("content/posts/a.md", "/")
@example("C:x", "site")
@example("a/./b", "site")
def test_safe_path_of_a_plain_relative_path_is_the_checked_one(relative: str, root: str) -> None:
    from importer.writers.markdown.paths import _checked_path, safe_path

    def outcome(way: Callable[[str, str], str]) -> str:
        try:
            return way(root, relative)
        except OutputError as exc:
            return f"refused: {exc}"

    assert outcome(safe_path) == outcome(_checked_path)


_TIMES = st.one_of(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)).map(
        lambda t: t.replace(microsecond=0)
    ),
    st.datetimes(min_value=datetime(1, 1, 3), max_value=datetime(9999, 12, 29)),  # years of fewer digits
)
_OFFSETS = st.one_of(
    st.integers(min_value=-15 * 60, max_value=15 * 60).map(lambda minutes: timedelta(minutes=minutes)),
    st.timedeltas(min_value=timedelta(days=-2), max_value=timedelta(days=2)),
)


@given(
    st.one_of(st.none(), _TIMES, _TIMES.map(lambda t: t.replace(tzinfo=UTC))),
    _OFFSETS,
    st.sampled_from(["aware", "naive", "none", "other"]),
)
def test_iso_date_is_iso_with_offset(local: datetime | None, offset: timedelta, utc_kind: str) -> None:
    utc: datetime | None = None
    if local is not None and utc_kind != "none":
        utc = local.replace(tzinfo=None) - offset
        utc = {
            "aware": utc.replace(tzinfo=UTC),
            "naive": utc,
            "other": utc.replace(tzinfo=timezone(timedelta(hours=3))),
        }[utc_kind]
    for _ in range(2):  # the second time from the offsets kept
        assert iso_date(local, utc) == iso(with_offset(local, utc))


_COMMENT_IDS = st.one_of(st.none(), st.integers(min_value=0, max_value=4))
_COMMENTS = st.lists(
    st.builds(
        Comment,
        id=_COMMENT_IDS,
        parent=_COMMENT_IDS,
        content=st.sampled_from(["Nice.", "*a*", "", None]),
        author_url=st.sampled_from([None, "", "https://a.example/", " https://a.example/b c", "javascript:x", '"><x']),
    ),
    max_size=5,
)


@given(_COMMENTS)
def test_comment_thread_is_the_nested_thread(comments: list[Comment]) -> None:
    ids = {c.id for c in comments if c.id is not None}
    assert comment_thread(comments, str.upper) == nested_thread(comments, ids, str.upper)


def _nested_thread_as_it_was(comments: list[Comment], ids: set[int]) -> list[dict[str, object]]:
    """nested_thread as it was: a call for the replies of every comment, none or some; since
    session 14 each comment placed once (comments sharing an id got each other's replies), since
    session 15 the comments no thread reached at the top."""
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        parent = comment.parent if comment.parent in ids and comment.parent != comment.id else None
        children.setdefault(parent, []).append(comment)

    placed: list[Comment] = []

    def build(parent: int | None, depth: int) -> list[dict[str, object]]:
        nodes = []
        for comment in children.get(parent, []):
            if any(comment is done for done in placed):
                continue
            placed.append(comment)
            node = _public_fields(comment, str.upper)
            replies = build(comment.id, depth + 1) if comment.id is not None and depth < 100 else []
            if replies:
                node["replies"] = replies
            nodes.append(node)
        return nodes

    nodes = build(None, 0)
    for comment in comments:  # since session 15: what no thread reached, at the top in order
        if not any(comment is done for done in placed):
            children[-1] = [comment]
            nodes += build(-1, 0)
    return nodes


_CHAINS = st.integers(min_value=0, max_value=105).map(
    lambda n: [Comment(id=i, parent=i - 1 if i else None, content="x") for i in range(n)]
)


@given(st.one_of(_COMMENTS, _CHAINS))
def test_nested_thread_is_as_it_was(comments: list[Comment]) -> None:
    ids = {c.id for c in comments if c.id is not None}
    assert nested_thread(comments, ids, str.upper) == _nested_thread_as_it_was(comments, ids)


@given(st.text(st.sampled_from(" a/:\"<>`'\t\n\u00a0\u2028é%")))
def test_an_author_url_with_nothing_to_encode_is_published_as_it_is(url: str) -> None:
    if _NOT_IN_URL.search(url) is None:
        assert published_url(url) == url


@given(st.text(st.sampled_from("{}%<>a \n\ue020\ue021")), st.sampled_from(["hugo", "liquid", None, "other"]))
def test_text_without_a_delimiter_or_mark_is_left_as_it_is(text: str, language: str | None) -> None:
    if "{" not in text and UPSTREAM_START not in text:
        escape = _ESCAPERS.get(language) if language else None
        general = (_UPSTREAM_SPAN.sub(r"\1", text), 0) if escape is None else escape(text)
        assert neutralise_templates(text, language) == general == (text, 0)


def _urlsplit_or_nothing(url: str) -> tuple[str, ...]:
    try:
        return tuple(urlsplit(url))
    except ValueError:
        return tuple(urlsplit(""))


def _key_of_as_it_was(parts: SplitResult) -> str | None:
    """key_of with urllib's hostname, unquote and parse_qs for every URL."""
    if parts.scheme not in ("http", "https", "") or not (parts.scheme or parts.netloc or parts.path):
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = unquote(parts.path).rstrip("/") or "/"
    if not parts.query:
        return f"{host}{path}"
    query = parse_qs(parts.query)
    ids = [f"{k}={query[k][0]}" for k in ID_QUERY_KEYS if k in query]
    return f"{host}{path}" + (f"?{ids[0]}" if ids else "")


_URL_PIECES = st.sampled_from(
    [
        *("http://", "https://", "HTTP://", "http:", "//", "/", "www.", "Blog.Example", ":8080", "@", "user:pw@"),
        *("[::1]", "[", "]", "?", "#", "&", "=", "%20", "%", "+", "p=12", "page_id=3", "attachment_id=", "a b"),
        *("\t", "\n", " ", "é", "\u2100", "\x00", "\\", ";", "index.html", "2019/06/", "?p=1&p=2", "%41"),
    ]
)
_URL_LIKE = st.one_of(st.lists(_URL_PIECES, max_size=8).map("".join), st.text(max_size=20))


@given(_URL_LIKE)
@example("http://blog.example/a?b?c#d#e")
@example("https://user@Blog.Example:8080/a%20b/?p=12")
@example("http://[::1]/a")
@example("http://a]b/")
@example(" http://a/")
def test_split_url_and_its_keys_are_urllibs(url: str) -> None:
    """The plain web URL's match, the host worked out once a host part, and key_of's shortcuts
    (no percent sign to decode, one name=value query) give what urllib gives."""
    parts = split_url(url)
    assert tuple(parts) == _urlsplit_or_nothing(url)
    assert host_of(parts) == (parts.hostname or "").lower().removeprefix("www.")
    assert key_of(parts) == _key_of_as_it_was(parts)
    assert url_key(url) == _key_of_as_it_was(split_url(url.strip()))
