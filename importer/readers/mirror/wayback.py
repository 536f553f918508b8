"""Wayback Machine captures: recognise one, strip what the archive added, restore original URLs.

Pure functions on the page bytes, applied before the HTML reader parses the page:

- the head injection (analytics, ``bundle-playback.js``, ``wombat.js``, banner styles, up to
  ``<!-- End Wayback Rewrite JS Include -->``), the toolbar (``BEGIN/END WAYBACK TOOLBAR INSERT``)
  and the trailer comments (``FILE ARCHIVED ON ...``, ``playback timings``) are removed;
- every rewritten URL, ``http(s)://web.archive.org/web/TS/URL``, ``//web.archive.org/web/TSim_/URL``
  or root-relative ``/web/TScs_/URL`` (any two-letter ``xx_`` modifier: ``id_``, ``im_``, ``cs_``,
  ``js_``, ``if_``, ``oe_``, ``fw_``), becomes ``URL`` again, in links, images, canonical tags,
  meta content and scripts alike;
- the capture time is returned as a :class:`Capture` so readers keep it as
  ``Provenance.captured``: it is when the archive saw the page, never the post's date.

Example::

    page = unwrap_capture(data)
    if page.capture:
        print(page.capture.original_url, page.capture.timestamp)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from ...model import Post

# Markers only the Wayback Machine's playback writes into a page.
_MARKERS = re.compile(
    rb"<!-- End Wayback Rewrite JS Include -->|BEGIN WAYBACK TOOLBAR INSERT|FILE ARCHIVED ON \d"
    rb"|__wm\.wombat\(|archive_analytics|/_static/js/wombat\.js|id=\"wm-ipp",
    re.IGNORECASE,
)
# Every pattern here runs on a whole page a stranger may have written, so each is linear in it
# (bench/audit_regexes.py): an element is found by its start tag first, a tag never spans a "<"
# (``[^<>]``), and what must close a span (``-->``, ``</script>``, an end marker) is looked for
# once; when it is missing after one opener it is missing after every later one.
_LINK_TAG = re.compile(rb"<link[^<>]+", re.I)
_SCRIPT_TAG = re.compile(rb"<script\b[^<>]*>", re.I)
_SCRIPT_END = re.compile(rb"</script>", re.I)
_REL_CANONICAL = re.compile(rb"rel=[\"']canonical[\"']", re.I)
_CAPTURE_HREF = re.compile(rb"href=[\"'](?:https?:)?(?://web\.archive\.org)?/web/\d{14}", re.I)
_INJECTED_SCRIPT = re.compile(rb"archive\.org/includes/analytics\.js|/_?static/js/", re.I)
_INJECTION_END = re.compile(rb"<!-- End Wayback Rewrite JS Include -->[ \t]*\r?\n?", re.I)
_OLD_SCRIPT_SRC = re.compile(rb"src=[\"'][^\"']*/_?static/js/[^\"']*[\"']", re.I)
_OLD_STYLESHEET = re.compile(rb"href=[\"'][^\"']*/_?static/css/[^\"']*[\"']", re.I)
_OLD_INLINE_SCRIPT = re.compile(rb"archive_analytics|__wm\.", re.I)
_SPACE = re.compile(rb"\s*")
_TOOLBAR = (
    re.compile(rb"<!-- BEGIN WAYBACK TOOLBAR INSERT -->", re.I),
    re.compile(rb"<!-- END WAYBACK TOOLBAR INSERT -->", re.I),
)
_TRAILER = (re.compile(rb"<!--\s*(?:FILE ARCHIVED ON|playback timings)", re.I), re.compile(rb"-->\s*"))
_ARCHIVED_ON = re.compile(rb"FILE ARCHIVED ON (\d{1,2}:\d{2}:\d{2} [A-Z][a-z]{2} \d{1,2}, \d{4})")
_WOMBAT = re.compile(rb"__wm\.wombat\(\s*[\"']([^\"']+)[\"']\s*,\s*[\"'](\d{1,14})[\"']")
# A rewritten URL prefix: absolute, protocol-relative or root-relative, with an optional xx_ modifier.
_PREFIX = r"(?:(?:https?:)?//web\.archive\.org)?/web/(\d{1,14})(?:[a-z]{2}_)?/"
_PREFIX_BYTES = re.compile(
    rb"(?:(?:https?:)?//web\.archive\.org/web/\d{1,14}(?:[a-z]{2}_)?/"
    rb"|(?<=[\"'(=\s])/web/\d{1,14}(?:[a-z]{2}_)?/(?=https?:|//))",
    re.IGNORECASE,
)
# The same prefix JSON-escaped inside inline scripts: http:\/\/web.archive.org\/web\/TS\/
_PREFIX_ESCAPED = re.compile(rb"(?:https?:)?\\/\\/web\.archive\.org\\/web\\/\d{1,14}(?:[a-z]{2}_)?\\/", re.I)
_PREFIX_TEXT = re.compile(_PREFIX, re.IGNORECASE)
_REWRITTEN_HREF = re.compile(rb"href=[\"']" + _PREFIX.encode() + rb"([^\"']+)", re.I)


@dataclass(frozen=True, slots=True)
class Capture:
    """What the archive tells about one capture."""

    timestamp: datetime | None  # when the archive captured the page (UTC); never a post date
    original_url: str | None  # the page's own URL before the archive rewrote it


@dataclass(frozen=True, slots=True)
class Unwrapped:
    data: bytes  # the page as the site served it, as near as can be restored
    capture: Capture | None  # None: not a Wayback Machine capture (data unchanged)


def is_capture(data: bytes) -> bool:
    """True for a page saved from the Wayback Machine's playback (toolbar, scripts, rewritten URLs)."""
    return bool(_MARKERS.search(data) or _canonical_href(data, _CAPTURE_HREF))


def unwrap_capture(data: bytes) -> Unwrapped:
    """Strip the archive's additions and restore original URLs; other pages come back unchanged."""
    if not is_capture(data):
        return Unwrapped(data, None)
    capture = read_capture(data)
    cleaned = _cut_spans(data, *_TOOLBAR)
    cleaned, injected = _cut_head_injection(cleaned)
    if not injected:
        cleaned = _cut_old_head_pieces(cleaned)
    cleaned = _cut_spans(cleaned, *_TRAILER)
    cleaned = _PREFIX_BYTES.sub(b"", cleaned)
    cleaned = _PREFIX_ESCAPED.sub(b"", cleaned)
    return Unwrapped(cleaned, capture)


def read_capture(data: bytes) -> Capture:
    """The capture time and original URL, from the playback script, the trailer or the canonical link."""
    url: str | None = None
    stamp: datetime | None = None
    wombat = _WOMBAT.search(data)
    if wombat:
        url = wombat.group(1).decode("utf-8", "replace")
        stamp = parse_timestamp(wombat.group(2).decode())
    if stamp is None:
        archived = _ARCHIVED_ON.search(data)
        if archived:
            stamp = datetime.strptime(archived.group(1).decode(), "%H:%M:%S %b %d, %Y").replace(tzinfo=UTC)
    canonical = _canonical_href(data, _REWRITTEN_HREF)
    if canonical:
        stamp = stamp or parse_timestamp(canonical.group(1).decode())
        url = url or canonical.group(2).decode("utf-8", "replace")
    return Capture(stamp, url)


def _canonical_href(data: bytes, href: re.Pattern[bytes]) -> re.Match[bytes] | None:
    """``href`` matched after ``rel="canonical"`` in the first ``<link>`` tag that has both."""
    for tag in _LINK_TAG.finditer(data):
        rel = _REL_CANONICAL.search(data, tag.start(), tag.end())
        found = href.search(data, rel.end() + 1, tag.end()) if rel else None
        if found:
            return found
    return None


def _cut_spans(data: bytes, opener: re.Pattern[bytes], closer: re.Pattern[bytes]) -> bytes:
    """``data`` without each span from an ``opener`` to the end of the first ``closer`` after it."""
    parts: list[bytes] = []
    position = 0
    while (start := opener.search(data, position)) and (end := closer.search(data, start.end())):
        parts.append(data[position : start.start()])
        position = end.end()
    return b"".join(parts) + data[position:] if parts else data


def _cut_head_injection(data: bytes) -> tuple[bytes, bool]:
    """Cut the archive's head injection: from its first script to ``End Wayback Rewrite JS Include``."""
    for tag in _SCRIPT_TAG.finditer(data):
        if _INJECTED_SCRIPT.search(data, tag.start(), tag.end()):
            end = _INJECTION_END.search(data, tag.end())
            if end is None:
                return data, False
            return data[: tag.start()] + data[end.end() :], True
    return data, False


def _cut_old_head_pieces(data: bytes) -> bytes:
    """Cut what older captures put in the head without an end marker: the archive's scripts
    (by their source or their inline code) and stylesheets."""
    parts: list[bytes] = []
    position = 0
    for tag in _LINK_TAG.finditer(data):
        if _OLD_STYLESHEET.search(data, tag.start(), tag.end()) and data.startswith(b">", tag.end()):
            parts.append(data[position : tag.start()])
            position = _skip_space(data, tag.end() + 1)
    data = b"".join(parts) + data[position:] if parts else data
    parts, position, script_end = [], 0, 0
    for tag in _SCRIPT_TAG.finditer(data):
        if tag.start() < script_end:
            continue  # "<script>" inside a script's text
        end = _SCRIPT_END.search(data, tag.end())
        if end is None:
            break  # no script after this one is closed either
        script_end = end.end()
        by_source = _OLD_SCRIPT_SRC.search(data, tag.start(), tag.end()) and not data[tag.end() : end.start()].strip()
        if by_source or _OLD_INLINE_SCRIPT.search(data, tag.end(), end.start()):
            parts.append(data[position : tag.start()])
            position = _skip_space(data, script_end)
    return b"".join(parts) + data[position:] if parts else data


def _skip_space(data: bytes, at: int) -> int:
    space = _SPACE.match(data, at)
    return space.end() if space else at


def parse_timestamp(digits: str) -> datetime | None:
    """A Wayback timestamp ``YYYYMMDDhhmmss`` (shorter prefixes allowed) as an aware UTC datetime."""
    if not digits.isdigit() or len(digits) < 4:
        return None
    padded = digits + "0101000000"[len(digits) - 4 :] if len(digits) < 14 else digits[:14]
    try:
        return datetime.strptime(padded, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def original_url(url: str) -> str:
    """``https://web.archive.org/web/20130612041522im_/http://x/y.jpg`` -> ``http://x/y.jpg``."""
    return _PREFIX_TEXT.sub("", url, count=1) if _PREFIX_TEXT.match(url) else url


def mark_captured(posts: Iterable[Post], capture: Capture | None) -> None:
    """Stamp the capture time on the provenance of posts and comments read from a capture."""
    if capture is None or capture.timestamp is None:
        return
    for post in posts:
        for provenance in post.provenance:
            provenance.captured = capture.timestamp
        for comment in post.comments:
            for provenance in comment.provenance:
                provenance.captured = capture.timestamp
