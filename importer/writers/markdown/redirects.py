"""The redirects file: every old URL (permalink, ?p=ID, attachment page) to its new address.

Written as Netlify ``_redirects`` (where the preset publishes static files) and as an nginx
``map`` block; Hugo aliases and Jekyll redirect_from go in each post's front matter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ..scratch import TextMap
from .presets import Preset


def netlify_redirects(redirects: Iterable[tuple[str, str]]) -> Iterator[str]:
    """The lines of Netlify's ``_redirects`` for ``(old, new)`` pairs in the order given."""
    yield "# old WordPress URL -> new URL (written by blogimport)\n"
    for old, new in redirects:
        yield f"{_no_space(old)}  {_no_space(new)}  301\n"


def nginx_map(redirects: Iterable[tuple[str, str]]) -> Iterator[str]:
    """``map $request_uri $blogimport_redirect { ... }``; use with ``if ($blogimport_redirect) { return 301 ...; }``."""
    yield 'map $request_uri $blogimport_redirect {\n    default "";\n'
    for old, new in redirects:
        yield f'    "{_nginx_quote(old)}" "{_nginx_quote(new)}";\n'
    yield "}\n"


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
