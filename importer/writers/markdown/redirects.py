"""The redirects file: every old URL (permalink, ?p=ID, attachment page) to its new address.

Written as Netlify ``_redirects`` (where the preset publishes static files) and as an nginx
``map`` block; Hugo aliases and Jekyll redirect_from go in each post's front matter.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator

from ..scratch import TextMap
from .presets import Preset


def netlify_redirects(redirects: Iterable[tuple[str, str]]) -> Iterator[str]:
    """The lines of Netlify's ``_redirects`` for ``(old, new)`` pairs in the order given (a
    :data:`_LINES` of them at a time)."""
    yield "# old WordPress URL -> new URL (written by blogimport)\n"
    for batch in _batched(redirects):
        text = "".join([f"{old}  {new}  301\n" for old, new in batch])
        # no URL holds what _no_space changes when the text has only the lines' own spaces and breaks
        if text.count(" ") != 4 * len(batch) or text.count("\n") != len(batch) or "\t" in text:
            text = "".join([f"{_no_space(old)}  {_no_space(new)}  301\n" for old, new in batch])
        yield text


def nginx_map(redirects: Iterable[tuple[str, str]]) -> Iterator[str]:
    """``map $request_uri $blogimport_redirect { ... }``; use with ``if ($blogimport_redirect) { return 301 ...; }``."""
    yield 'map $request_uri $blogimport_redirect {\n    default "";\n'
    for batch in _batched(redirects):
        text = "".join([f'    "{old}" "{new}";\n' for old, new in batch])
        # as above: only the lines' own spaces, quotes and breaks, and nothing else _nginx_quote changes
        if (
            text.count(" ") != 5 * len(batch)
            or text.count('"') != 4 * len(batch)
            or text.count("\n") != len(batch)
            or any(c in text for c in "\t\\$")
        ):
            text = "".join([f'    "{_nginx_quote(old)}" "{_nginx_quote(new)}";\n' for old, new in batch])
        yield text
    yield "}\n"


_LINES = 1024  # redirect lines made (and checked) at once


def _batched(pairs: Iterable[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
    """``pairs`` in lists of :data:`_LINES`."""
    iterator = iter(pairs)
    while batch := list(itertools.islice(iterator, _LINES)):
        yield batch


def write_redirects(
    write: Callable[[str, Iterable[str]], object], preset: Preset, redirects: TextMap, report_dir: str
) -> None:
    """Write both files, each line by line in the order of the old URLs, with ``write(relative
    path, pieces of text)`` (the output folder's guarded write)."""
    if not redirects:
        return
    write(preset.redirects_path, netlify_redirects(redirects.items()))
    write(f"{report_dir}/redirects.nginx.map", nginx_map(redirects.items()))


def _no_space(url: str) -> str:
    return url.replace(" ", "%20").replace("\n", "").replace("\t", "%09")


def _nginx_quote(url: str) -> str:
    return _no_space(url).replace("\\", "\\\\").replace('"', '\\"').replace("$", "%24")
