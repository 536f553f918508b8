"""links.prepared (the permalink split once, its reserved path looked at once, the kind's slug
kept) gives what the functions it stands for give one by one: the slug of the post's type,
post_slug, old_addresses and permalink_alias as they were written before (kept here)."""

from __future__ import annotations

import pickle
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_mdcontent_texts import exported_posts

from importer.model import Post
from importer.transforms.urls import host_of, key_of, split_url
from importer.writers.markdown import links
from importer.writers.markdown.links import old_addresses, permalink_alias, plain_permalinks, prepared
from importer.writers.markdown.paths import make_slug, post_slug, reserved_path


def _split_stripped(url: str, parts: Any) -> Any:
    stripped = url.strip()
    return parts if stripped == url else split_url(stripped)


def _site_parts(url: str) -> tuple[Any, Any]:
    parts = split_url(url)
    if parts.scheme in ("http", "https"):
        host = host_of(_split_stripped(url, parts))
        return (host, parts) if host else (None, None)
    if url.startswith("/") and not url.startswith("//"):
        return None, parts
    return None, None


def _old_addresses(post: Post) -> list[Any]:
    """old_addresses as it was: each address split on its own."""
    found: list[Any] = []
    for old in (post.url, post.guid):
        if not old:
            continue
        host, parts = _site_parts(old)
        if parts is None:
            continue
        key = key_of(_split_stripped(old, parts))
        if key:
            old_path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            found.append((host, key, key[key.index("/") :] if "/" in key else key, old_path, reserved_path(old_path)))
    found.extend([(None, plain, plain, plain, False) for plain in plain_permalinks(post)])
    return found


def _permalink_alias(url: str | None) -> Any:
    """permalink_alias as it was: the permalink split again, its path's reserved_path again."""
    if not url:
        return None
    host, parts = _site_parts(url)
    if parts is None or parts.query or not parts.path or parts.path == "/":
        return None
    path = parts.path if parts.path.endswith("/") or "." in parts.path.rsplit("/", 1)[-1] else parts.path + "/"
    return host, path, reserved_path(path)


def _reference(post: Post) -> Any:
    return make_slug(post.type) or "post", post_slug(post), _old_addresses(post), _permalink_alias(post.url)


def _same(post: Post) -> None:
    expected = _reference(post)
    assert prepared(post) == expected
    assert pickle.loads(pickle.dumps(prepared(post))) == expected  # what the reader spools
    assert old_addresses(post) == expected[2]
    assert permalink_alias(post.url) == expected[3]


_HOSTS = st.sampled_from(["example.org", "www.Example.org", "EXAMPLE.org:8080", "", "[::1]", "a b", "ex%41mple.org"])
_PATHS = st.one_of(
    st.sampled_from(
        ["", "/", "/a", "/a/", "/index.html", "/feed/", "/Feed", "/tags/x", "/TAGS/x/", "/page/2", "/categories"]
    ),
    st.sampled_from(
        [
            "/x/index.html",
            "/x/index%2Ehtml",
            "/index%2Ehtml",
            "/Index.HTML",
            "/tags/index%2Ehtml",
            "/%74ags/a",
            "/a.b",
            "/a.b/c",
            "/é/",
        ]
    ),
    st.text(alphabet="/abc.%2E4-_ ?#=&p", max_size=12).map(lambda t: "/" + t),
)
_URLS = st.one_of(
    st.builds(
        lambda scheme, host, path, query, space: f"{space}{scheme}{host}{path}{query}{space}",
        st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "//", "", "mailto:"]),
        _HOSTS,
        _PATHS,
        st.sampled_from(["", "?p=12", "?page_id=3&x=1", "?", "#top", "?a=b#c"]),
        st.sampled_from(["", " ", "\n"]),
    ),
    st.text(max_size=15),
    st.none(),
)
_POSTS = st.builds(
    lambda kind, n, slug, title, url, guid: Post(id=n, type=kind, slug=slug, title=title, url=url, guid=guid),
    st.sampled_from(["post", "page", "attachment", "wp_block", "Custom Type", "", "événement", "nav_menu_item"]),
    st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)),
    st.one_of(st.none(), st.sampled_from(["walk-1", "Walk 1", "", "%C3%A9t%C3%A9", "a--b"])),
    st.one_of(st.none(), st.sampled_from(["Walk number 1: curlews", "", "Zoë"])),
    _URLS,
    _URLS,
)


@settings(max_examples=2000)
@given(_POSTS)
@example(Post(id=1, type="post", slug="walk-1", url="https://bench.example.org/2005/01/01/walk-1/"))
@example(Post(id=1, type="page", url="https://example.org/tags/index%2Ehtml", guid="https://example.org/?p=1"))
@example(Post(id=1, type="post", url="https://example.org/feed", guid="https://example.org/feed"))
@example(Post(id=1, type="post", url="https://example.org/index%2Ehtml"))  # reserved; its alias path is not
@example(Post(id=1, type="post", url=" /feed/ ", guid="/Feed"))
@example(Post(id=None, type="post", url="http:///x"))
def test_prepared_is_its_functions_one_by_one(post: Post) -> None:
    _same(post)


def test_every_export_s_posts_prepared_the_same() -> None:
    count = 0
    for post in exported_posts():
        _same(post)
        count += 1
    assert count > 500


def test_the_kinds_slugs_kept_are_cleared_when_many() -> None:
    for n in range(600):
        post = Post(id=n, type=f"Kind {n}", url=f"https://example.org/k/{n}/")
        assert prepared(post)[0] == f"kind-{n}"
    assert len(links._KIND_SLUGS) <= 257
