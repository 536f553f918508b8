"""What a browser would run in an HTML fragment, removed: scripts, event handlers, script URLs.

The Markdown writer publishes HTML that strangers wrote (comments) and HTML the author wrote
(posts). :func:`strip_active_content` takes out what would run in a visitor's browser:

- ``<script>`` elements (with their text), also inside ``<svg>`` and ``<math>``, and elements
  whose name the parser could only read as garbage (``<scr<script>``: unwrapped, text kept);
- event-handler attributes (``onclick``, ``onerror``, ``ONLOAD``, also behind junk such as
  ``'"onclick``) and ``srcdoc`` (a whole document inside an ``<iframe>``);
- attributes that hold a URL (:data:`URL_ATTRIBUTES`) whose scheme is ``javascript:``,
  ``vbscript:`` or ``data:`` other than ``data:image/``, read the way a browser reads them:
  entities decoded, tabs, newlines and controls ignored, any case (``jav&#x61;script:``,
  ``java\\tscript:``), and backslashes ignored (Markdown would turn ``javascript\\:`` into
  ``javascript:``); SVG ``<set>``/``<animate>`` that change an ``href``;
- ``<meta http-equiv="refresh">`` (a redirect, to a script URL too).

Everything else (text, links, images, iframes of embeds, styles) stays as it was, and a
fragment with nothing to remove is returned unchanged, byte for byte. Elements nested deeper
than the parser goes are flattened with their text kept (:mod:`importer.transforms.html_depth`),
never cut off, and counted when the returned fragment is the flattened one.
"""

from __future__ import annotations

import html as html_module
import re
from collections.abc import Callable

import lxml.html
from lxml import etree

from .html_depth import html_of, parse_fragment
from .simple_markdown import only_simple_tags
from .xml_chars import strip_xml_forbidden

URL_ATTRIBUTES = frozenset(
    [
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
        "codebase",
        "cite",
        "longdesc",
        "lowsrc",
        "dynsrc",
        "xlink:href",
        "xml:base",
    ]
)
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "livescript:")
_WEB_PREFIXES = ("https://", "http://")  # as most URLs start: no script scheme
_ANIMATIONS = frozenset(["set", "animate", "animatemotion", "animatetransform", "animatecolor"])
# Characters a browser ignores inside a URL's scheme, and the Markdown escape character.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f\\]+")
_VALID_TAG = re.compile(r"[a-z][a-z0-9._:-]*")
_LEADING_JUNK = re.compile(r"^[^a-z0-9]+")


def is_script_url(url: str) -> bool:
    """Would a browser (or Markdown, then a browser) run ``url`` or open it as a document?"""
    if url.startswith(_WEB_PREFIXES):  # nothing before the scheme that decoding or ignoring could change
        return False
    value = _IGNORED_IN_URL.sub("", html_module.unescape(url)).lower()
    if value.startswith(_SCRIPT_SCHEMES):
        return True
    return value.startswith("data:") and not value.startswith("data:image/")


def strip_active_content(html: str, report_flattened: Callable[[int], None] | None = None) -> tuple[str, int]:
    """``html`` without what would run in a browser (see the module doc), and how many things went.
    ``report_flattened`` is told how many elements were flattened when the fragment returned is
    the flattened one (unchanged HTML is flattened, and counted, where it is converted)."""
    if "<" not in html or only_simple_tags(html, _is_safe_url):  # nothing that could run: no parse
        return html, 0
    cleaned, _ = strip_xml_forbidden(html)
    try:
        root, flattened = parse_fragment(cleaned)
    except etree.ParserError:
        return html, 0
    removed = 0
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element is root:
            continue
        removed += _strip_element(element)
    if not removed:
        return html, 0
    if flattened and report_flattened is not None:
        report_flattened(flattened)
    text = html_module.escape(root.text or "", quote=False)
    return text + "".join(html_of(child) for child in root), removed


def _is_safe_url(url: str) -> bool:
    return not is_script_url(url)


def _strip_element(element: lxml.html.HtmlElement) -> int:
    """Remove ``element`` or its active attributes; the number of things removed."""
    tag = element.tag.lower()
    if tag == "script" or _is_refresh(element, tag) or _animates_link(element, tag):
        if element.getparent() is not None:  # not inside a script already removed
            element.drop_tree()  # its tail stays
        return 1
    removed = 0
    for name, value in list(element.attrib.items()):
        key = name.lower()
        if (
            _LEADING_JUNK.sub("", key).startswith("on")
            or key == "srcdoc"
            or (key in URL_ATTRIBUTES and is_script_url(value))
        ):
            del element.attrib[name]
            removed += 1
    if not _VALID_TAG.fullmatch(tag):
        element.drop_tag()  # a name no browser gives an element (``scr<script``): its text stays text
        removed += 1
    return removed


def _is_refresh(element: lxml.html.HtmlElement, tag: str) -> bool:
    return tag == "meta" and (element.get("http-equiv") or "").strip().lower() == "refresh"


def _animates_link(element: lxml.html.HtmlElement, tag: str) -> bool:
    return tag in _ANIMATIONS and (element.get("attributename") or "").strip().lower().endswith("href")
