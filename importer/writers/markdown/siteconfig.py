"""A generator configuration for a new site, written only where the site has none.

Hugo's Markdown renderer drops raw HTML unless ``markup.goldmark.renderer.unsafe`` is true: the
figures, embeds and tables Markdown cannot express would show as "raw HTML omitted". When the
output folder has no Hugo configuration yet, the writer leaves a ``hugo.toml`` that shows them
and publishes posts at the addresses it gave them. An existing configuration (``hugo.*``,
``config.*`` or a ``config/`` folder) is never touched. Jekyll (kramdown) and Eleventy
(markdown-it with ``html: true``) show raw HTML by default and need nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ...model import Site
from .files import write_if_changed
from .presets import PRESETS

_UNSAFE_ON = re.compile(r"""["']?unsafe["']?\s*[=:]\s*true""", re.I)


def has_hugo_config(root: Path) -> bool:
    """Does ``root`` already hold a Hugo configuration?"""
    return (root / "config").is_dir() or any((root / name).exists() for name in PRESETS["hugo"].site_configs)


def hugo_config_shows_raw_html(root: Path) -> bool:
    """Does the folder's Hugo configuration (a file or the ``config/`` folder) turn ``unsafe`` on?"""
    files = [root / name for name in PRESETS["hugo"].site_configs if (root / name).is_file()]
    if (root / "config").is_dir():
        files += [f for f in (root / "config").rglob("*") if f.is_file()]
    return any(_UNSAFE_ON.search(f.read_text(encoding="utf-8", errors="replace")) for f in files)


def hugo_config(site: Site | None) -> str:
    """The ``hugo.toml`` of a new site: its address, title and language, raw HTML shown."""
    base_url = (site.base_blog_url or site.link or "") if site else ""
    if not base_url.startswith(("http://", "https://")):
        base_url = "/"
    lines = [
        "# Written by blogimport because this folder had no Hugo configuration; it is never",
        "# rewritten once it exists, so edit it freely.",
        f"baseURL = {_toml_string(base_url.rstrip('/') + '/')}",
    ]
    if site and site.title:
        lines.append(f"title = {_toml_string(site.title)}")
    if site and site.language:
        lines.append(f"languageCode = {_toml_string(site.language)}")
    lines += [
        "",
        "# Figures, embeds and tables that Markdown cannot express are kept as HTML: show them.",
        "[markup.goldmark.renderer]",
        "unsafe = true",
        "",
        "# Every post and page also carries its address in its front matter (url).",
        "[permalinks]",
        'posts = "/:year/:month/:slug/"',
        'pages = "/:slug/"',
    ]
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's; control characters come out as \\uXXXX)."""
    return json.dumps(value, ensure_ascii=False)


def write_hugo_config(root: Path, site: Site | None) -> bool:
    """Leave ``hugo.toml`` in ``root`` unless a Hugo configuration is there; True when written."""
    if has_hugo_config(root):
        return False
    write_if_changed(root / "hugo.toml", hugo_config(site))
    return True
