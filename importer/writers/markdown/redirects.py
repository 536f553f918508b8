"""The redirects file: every old URL (permalink, ?p=ID, attachment page) to its new address.

Written as Netlify ``_redirects`` (where the preset publishes static files) and as an nginx
``map`` block; Hugo aliases and Jekyll redirect_from go in each post's front matter.
"""

from __future__ import annotations

from collections.abc import Callable

from .presets import Preset


def netlify_redirects(redirects: dict[str, str]) -> str:
    lines = ["# old WordPress URL -> new URL (written by blogimport)"]
    lines += [f"{_no_space(old)}  {_no_space(new)}  301" for old, new in sorted(redirects.items())]
    return "\n".join(lines) + "\n"


def nginx_map(redirects: dict[str, str]) -> str:
    """``map $request_uri $blogimport_redirect { ... }``; use with ``if ($blogimport_redirect) { return 301 ...; }``."""
    lines = ["map $request_uri $blogimport_redirect {", '    default "";']
    for old, new in sorted(redirects.items()):
        lines.append(f'    "{_nginx_quote(old)}" "{_nginx_quote(new)}";')
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_redirects(
    write: Callable[[str, str], object], preset: Preset, redirects: dict[str, str], report_dir: str
) -> None:
    """Write both files with ``write(relative path, text)`` (the output folder's guarded write)."""
    if not redirects:
        return
    write(preset.redirects_path, netlify_redirects(redirects))
    write(f"{report_dir}/redirects.nginx.map", nginx_map(redirects))


def _no_space(url: str) -> str:
    return url.replace(" ", "%20").replace("\n", "").replace("\t", "%09")


def _nginx_quote(url: str) -> str:
    return _no_space(url).replace("\\", "\\\\").replace('"', '\\"').replace("$", "%24")
