"""``join_url``'s shortcut for absolute plain web URLs against ``urljoin`` itself (issue 13)."""

from __future__ import annotations

from urllib.parse import urljoin

from hypothesis import example, given, settings
from hypothesis import strategies as st

from importer.transforms.urls import _joined_plain, join_url

_PIECES = st.sampled_from(
    [
        *("http://", "https://", "HTTP://", "http:", "//", "/", "www.", "Blog.Example", ":8080", ":x", "@", "u:p@"),
        *("[::1]", "[", "]", "?", "#", "&", "=", "%20", "%", "+", "p=12", "a b", "\t", "\n", " ", "é", "\u2100"),
        *("\x00", "\\", ";", ";x", "index.html", "2019/06/", "../", "./", ".", "..", "\x7f", '"', "'", "{", "|"),
    ]
)
_URLS = st.one_of(st.lists(_PIECES, max_size=9).map("".join), st.text(max_size=24))
_BASES = st.one_of(
    st.sampled_from(
        [
            "",
            "http://blog.example/2019/06/post/",
            "https://blog.example/a/b?c#d",
            "http://[broken/",
            "HTTPS://Blog.Example",
            "ftp://x/y",
            "/relative/",
            "http://a.example:8080/x;y",
        ]
    ),
    _URLS,
)


def _urljoin_or_url(base: str, url: str) -> str:
    try:
        return urljoin(base, url)
    except ValueError:
        return url


@settings(max_examples=1000, deadline=None)
@given(_BASES, _URLS)
@example("http://a/", "http://b/c?")
@example("http://a/", "http://b/c#")
@example("http://a/", "http://b/c?#x")
@example("http://a/", "http://b/c;")
@example("http://a/", "http://b/c;p")
@example("http://a/", "http://b;x/c")
@example("http://[a/", "http://b/c")
@example("https://a/", "http://b")
@example("http://a/", "http://b?q=1#f")
@example("http://a/", "http:///c")
@example("http://a/", "http://b/../c/./d")
@example("http://a/", "http://b:999999/c")
def test_join_url_is_urljoin(base: str, url: str) -> None:
    assert join_url(base, url) == _urljoin_or_url(base, url)


@settings(deadline=None)
@given(_URLS)
def test_shortcut_answers_urljoin_for_every_base(url: str) -> None:
    joined = _joined_plain(url)
    if joined is not None:
        for base in ("", "http://x.example/a/", "https://x.example/", "http://[bad/", "mailto:a@b", "/r/"):
            assert joined == _urljoin_or_url(base, url)


def test_shortcut_takes_the_usual_links() -> None:
    for url in ("https://blog.example/2019/06/post/", "http://gravatar.example/avatar/ab?s=64&d=mm", "http://a.b/#c"):
        assert _joined_plain(url) == url
