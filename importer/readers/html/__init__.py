"""The HTML reader: saved WordPress-style pages back into posts with their threaded comments.

``parse_page`` is the library entry point (the mirror reader builds on it); ``read_html`` is the
registered reader (``blogimport convert page.html``): the Site, then the authors and terms seen,
then the page's posts.

Example::

    from importer.readers.html import parse_page
    from importer.tally import Tally
    page = parse_page(open("post.html", "rb").read(), "post.html", Tally())
    print(page.profile, page.posts[0].title, len(page.posts[0].comments))
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from lxml import etree
from lxml.html import HtmlElement

from ...errors import ParseError
from ...model import Author, Meta, Post, Provenance, Record, Site, Term
from ...sources import read_whole
from ...tally import Tally
from ...transforms.html_depth import FLATTENED, parse_document, parse_utf8_document
from ...transforms.urls import UrlJoins
from ...transforms.xml_chars import FORBIDDEN_CHARS, strip_xml_forbidden
from .. import ReadOptions
from ..mirror.wayback import mark_captured, unwrap_capture
from .comments import CommentScope, comment_areas, comment_items, find_items, read_comments
from .css import holding, indexed, select, select_any, spans_much
from .dates import parse_machine_date
from .encoding import Decoded, decode_page, is_utf8_page
from .engine import (
    Extraction,
    PageContext,
    archive_heading,
    detected,
    extract,
    find_containers,
    page_kind,
    page_text_utf8,
)
from .fallback import extract_generic
from .fields import clean_name, text_start
from .metadata import HeadFacts, doubled_title, jsonld_author, read_head, site_name_beside
from .profiles import CHROME, DEFAULTS, POST_SIGNALS, PROFILES, SINGLE_CHROME, Profile
from .report import comment_pages, comments_elsewhere, report_comment_gaps, report_post

try:  # the compiled walks (setup.py builds them; the Python code stands in without them)
    from . import _cindex
except ImportError:  # pragma: no cover - a build without a C compiler
    _cindex = None  # type: ignore[assignment]

__all__ = ["Page", "parse_page", "read_html"]

# the separators themes and Yoast SEO put between a post's title and the site's name
_TITLE_SEPARATORS = (
    *(" \u2013 ", " - ", " | ", " \u00bb ", " \u00ab ", " \u2014 ", " :: "),
    *(" \u00b7 ", " \u2022 ", " \u22c6 ", " ~ "),
)
_FORBIDDEN_BYTES = tuple(char.encode("ascii") for char in FORBIDDEN_CHARS)  # what strip_xml_forbidden removes
_FORBIDDEN_DELETED = b"".join(_FORBIDDEN_BYTES)  # the same, for bytes.translate's delete
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_CHROME_SPAN = 0.25  # a chrome element holding a quarter of the page may hold the post
_ANCHOR_TEXT = 2000
_TEXT_RUN = re.compile(r"(?:^|>)([^<]+)")
_BLANK_ENTITY = re.compile(r"&nbsp;|&#160;|&#xa0;", re.I)
_DATED_ADDRESS = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/")
_WRITTEN_BY = re.compile(
    r"^\s*(?:written by|verfasst von|geschrieben von|\u00e9crit par|escrito por|scritto da|geschreven door|"
    r"skriven av|napisane przez|\u0430\u0432\u0442\u043e\u0440)",
    re.I,
)
_MEDIA = re.compile(r"<(?:img|video|audio|iframe|embed|object)\b", re.I)
# libxml2's XPath refuses a node set over 10,000,000 nodes (XPathEvalError): a page with more
# tags than this (elements plus the text between them stay under that) is refused before parsing.
MAX_TAGS = 4_000_000
_ASCII_SPACES = re.compile(rb"[ \t\n\r\x0b\x0c]*")  # what \s matches at the start of ASCII text
_HREFS = etree.XPath("//a/@href")  # every link's address (_cindex.attribute_values when built)
_ABSOLUTE = ("http://", "https://", "mailto:")  # a link kept as it is written


@dataclass(slots=True)
class Page:
    """One saved page, read."""

    path: str
    page_type: str  # "single" | "index" | "other"
    posts: list[Post] = field(default_factory=list)
    profile: str | None = None  # "blix", "twentyten", ..., "generic-fallback"; None when nothing was found
    canonical_url: str | None = None
    shortlink: str | None = None
    post_id: int | None = None
    site_title: str | None = None
    language: str | None = None
    generator: str | None = None
    encoding: str | None = None
    feed_urls: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # every a[href] on the page (absolute when a base is known)
    found: dict[str, str] = field(default_factory=dict)  # field -> the selector or rule that found it
    comments_elsewhere: str | None = None  # "Disqus", ...: a script would load the comments


def parse_page(
    data: bytes,
    path: str,
    tally: Tally,
    base_url: str | None = None,
    profiles: tuple[Profile, ...] = PROFILES,
    links: bool = True,
) -> Page:
    """Read one saved page. Never raises for broken markup; an empty page is a ParseError.

    ``profiles`` are the theme profiles tried (all of them by default; a test leaves a theme's own
    profile out to measure what the generic layer finds alone). ``links=False`` leaves
    ``Page.links`` empty (the readers' records never carry them: joining every link of a page
    against its address costs about 4% of the reading)."""
    with _collector_paused():
        if _plain_utf8(data):  # read as _decoded_tree would read it, without making the page's text
            (doc, flattened), encoding = _parse_utf8(data, path), "utf-8"
        else:
            (doc, flattened), encoding = _decoded_tree(data, path, tally)
        if flattened:
            tally.changed[FLATTENED] += flattened
        try:
            with indexed(doc):
                return _read_page(doc, encoding, path, tally, base_url, profiles, links)
        except etree.XPathEvalError as exc:  # libxml2 caps a node set at 10,000,000 nodes
            raise ParseError(f"refused: too many elements to search ({exc})", file=path) from None


def _decoded_tree(data: bytes, path: str, tally: Tally) -> tuple[tuple[HtmlElement, int], str]:
    """The page's tree and flattened count (``_parse``) from its decoded text, and its encoding."""
    decoded = decode_page(data)
    text, stripped, utf8 = _allowed_text(decoded, data)
    if stripped:
        tally.changed["control characters stripped"] += stripped
    return _parse(text, path, utf8), decoded.encoding


def _allowed_text(decoded: Decoded, data: bytes) -> tuple[str, int, bytes | None]:
    """``strip_xml_forbidden`` of the decoded page (its text without the forbidden control
    characters, and how many went), and that text's UTF-8 when it is at hand (``_parse`` parses it
    instead of encoding the text): the page's own bytes when they were decoded strictly as UTF-8
    and nothing went (searched as bytes: a character below U+0020 comes from its own byte and from
    nothing else in UTF-8); the same bytes without the forbidden ones when some went, decoded
    instead of the text searched by a regex, which tests every character of the page against a
    class (5x the time of decoding it)."""
    if decoded.encoding != "utf-8":
        return (*strip_xml_forbidden(decoded.text), None)
    strict = decoded.how != "bom"  # data.decode("utf-8"); a BOM's page drops it and replaces errors
    if not _has_forbidden(data):
        return decoded.text, 0, data if strict else None
    if not strict:
        return (*strip_xml_forbidden(decoded.text), None)
    allowed = data.translate(None, _FORBIDDEN_DELETED)
    return allowed.decode("utf-8"), len(data) - len(allowed), allowed


def _plain_utf8(data: bytes) -> bool:
    """Whether ``data`` is a page ``decode_page`` reads as UTF-8 whole (no BOM), with nothing for
    ``strip_xml_forbidden`` and ``_parse`` to take off or refuse: no forbidden control byte, a first
    character after any ASCII spaces that is ASCII and starts no ``<?`` (no XML declaration, not
    empty: a non-ASCII first character may be a space to ``str.isspace``), and shorter than
    ``MAX_TAGS``. Then the page's text is never needed: ``parse_utf8_document`` parses the bytes.
    Needs the compiled checks (``_cindex``)."""
    if _cindex is None or len(data) > MAX_TAGS:
        return False
    first = _ASCII_SPACES.match(data).end()  # type: ignore[union-attr]  # matches anything
    if first == len(data) or data[first] >= 0x80 or data.startswith(b"<?", first):
        return False
    scanned = _cindex.utf8_scan(data)  # has_forbidden and is_utf8 in one pass
    return scanned >= 0 and is_utf8_page(data, _scanned_utf8)


def _scanned_utf8(data: bytes) -> bool:
    """``_cindex.is_utf8`` of a page ``_cindex.utf8_scan`` found well-formed (``_plain_utf8``
    asks ``is_utf8_page`` only then)."""
    return True


def _has_forbidden(data: bytes) -> bool:
    """Whether ``data`` holds one of ``_FORBIDDEN_BYTES`` (the compiled scan when built: one pass
    over the bytes instead of a memchr pass for each)."""
    if _cindex is not None:
        return _cindex.has_forbidden(data)
    return any(byte in data for byte in _FORBIDDEN_BYTES)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a page is read (on again after, when it was on).

    Reading a page allocates tens of thousands of small containers that reference its element
    proxies, and the collector ran about sixty times a pass over the 99 bench pages, walking them
    (1.1% of the instructions, 2-3% of the CPU time: bench/README.md). A page read makes no cyclic
    garbage (``tests/test_html_page.py``): what it leaves behind goes by reference counting."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _read_page(
    doc: HtmlElement,
    encoding: str,
    path: str,
    tally: Tally,
    base_url: str | None,
    profiles: tuple[Profile, ...],
    links: bool,
) -> Page:
    head = read_head(doc, base_url)
    kind = page_kind(head)
    if kind is None and archive_heading(doc) is not None:
        kind = "index"  # an archive listing (maybe one post) without body classes
    chrome = _chrome(doc, head, kind)
    extraction, items, areas, profile = _apply_profiles(doc, head, chrome, kind, path, tally, profiles)
    single = _is_single(kind, extraction, items)
    _drop_empty_listings(extraction, kind, path, tally)
    page = Page(
        path=path,
        page_type="single" if single else ("index" if len(extraction.posts) > 1 or kind == "index" else "other"),
        posts=extraction.posts,
        profile=extraction.profile if extraction.posts else None,
        canonical_url=head.canonical_url,
        shortlink=head.shortlink,
        post_id=head.post_id,
        site_title=head.site_title,
        language=head.language,
        generator=head.generator,
        encoding=encoding,
        feed_urls=head.feed_urls,
        links=_links(doc, head.base_url) if links else [],
        found=extraction.found,
    )
    if single and extraction.posts:
        post = extraction.posts[0]
        page.site_title = page.site_title or site_name_beside(post.title, head.title)
        scope = CommentScope(path, chrome, post.url or head.base_url, head.language, f"profile:{extraction.profile}")
        post.comments = read_comments(items, areas, profile, scope)
        _fill_from_metadata(post, head, page.found, path)
        page.post_id = page.post_id or post.id
    for post in extraction.posts:
        _date_from_address(post, page.found if single else {})
    _report(page, doc, tally)
    return page


def read_html(path: str, options: ReadOptions, tally: Tally) -> Iterator[Record]:
    """The registered reader for one saved page."""
    data = read_whole(path)
    unwrapped = unwrap_capture(data)  # a Wayback Machine capture: the archive's additions out, original URLs back
    base = unwrapped.capture.original_url if unwrapped.capture else None
    page = parse_page(unwrapped.data, path, tally, base, links=False)  # the records never carry the page's links
    mark_captured(page.posts, unwrapped.capture)
    yield Site(
        title=page.site_title,
        link=_site_link(page),
        language=page.language,
        generator=page.generator,
        source_format="html",
        sources=[path],
    )
    yield from authors_of(page.posts)
    yield from _terms(page.posts)
    for post in page.posts:
        tally.read[post.type] += 1
        tally.read["comment"] += len(post.comments)
        yield post


def _parse(text: str, path: str, utf8: bytes | None = None) -> tuple[HtmlElement, int]:
    """The page's tree. ``utf8``: ``text.encode("utf-8")``, parsed instead of encoding ``text``
    again (left out when the XML declaration comes off)."""
    undeclared = _XML_DECLARATION.sub("", text, count=1)
    if undeclared is not text:
        text, utf8 = undeclared, None
    if not text or text.isspace():  # what text.strip() would leave empty, without copying the page
        raise ParseError("the page is empty", file=path)
    if len(text) > MAX_TAGS and text.count("<") > MAX_TAGS:  # no count over a page shorter than that
        raise ParseError(f"refused: more than {MAX_TAGS:,} tags (a saved page holds thousands)", file=path)
    try:
        return parse_document(text, utf8)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not readable as HTML: {exc}", file=path) from None


def _parse_utf8(data: bytes, path: str) -> tuple[HtmlElement, int]:
    """``_parse`` of a page ``_plain_utf8`` passed: its bytes parsed as they are."""
    try:
        return parse_utf8_document(data)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"not readable as HTML: {exc}", file=path) from None


def _chrome(doc: HtmlElement, head: HeadFacts, kind: str | None) -> set[HtmlElement]:
    """Page chrome, minus anything holding the post: an exclusion rule never removes the post
    (a body class ``sidebar``, a wrapper ``div.sidebar`` around the content column)."""
    chrome = set(select_any(doc, CHROME + (SINGLE_CHROME if kind == "single" else ())))
    chrome = {el for el in chrome if el.tag not in ("html", "body")}
    _keep_comments(chrome, doc)
    if not any(spans_much(el, _CHROME_SPAN) for el in chrome):
        return chrome  # sidebars, widgets and footers are small; a rule matching a wrapper is not
    candidates = select_any(doc, POST_SIGNALS)
    if head.post_id is not None:
        candidates += select(doc, f"#post-{head.post_id}")
    if not holding(chrome, candidates):
        return chrome  # the usual case: no chrome rule holds a post candidate
    _unmark(chrome, _post_anchors(candidates, head))
    return chrome


def _unmark(chrome: set[HtmlElement], kept: list[HtmlElement]) -> None:
    """Neither the ``kept`` elements nor anything around them is chrome. The ancestors are gathered
    once (a climb stops at an ancestor gathered already: its own are in too), not every kept
    element's whole line up to the root (a page's comment items share all but their last few)."""
    lineage: set[HtmlElement] = set()
    for el in kept:
        for ancestor in el.iterancestors():
            if ancestor in lineage:
                break
            lineage.add(ancestor)
        chrome.discard(el)
    chrome.difference_update(lineage)


def _keep_comments(chrome: set[HtmlElement], doc: HtmlElement) -> None:
    """Chrome never holds the post's comments: a comment panel styled as a sidebar (class
    ``sidebar``) or a widget area is unmarked where it holds ``comment_class()`` items."""
    if not chrome:
        return
    items = comment_items(doc)
    if items and holding(chrome, items):
        _unmark(chrome, items)


def _post_anchors(candidates: list[HtmlElement], head: HeadFacts) -> list[HtmlElement]:
    """What surely belongs to the post: the element WordPress marks with the page's post id, and
    the content wrapper holding the most text."""
    wanted = f"post-{head.post_id}" if head.post_id is not None else None
    anchors = [c for c in candidates if wanted and c.get("id") == wanted]
    if candidates:
        anchors.append(max(candidates, key=lambda el: len(text_start(el, _ANCHOR_TEXT))))
    return anchors


def _apply_profiles(
    doc: HtmlElement,
    head: HeadFacts,
    chrome: set[HtmlElement],
    kind: str | None,
    path: str,
    tally: Tally,
    profiles: tuple[Profile, ...],
) -> tuple[Extraction, list[tuple[HtmlElement, int | None]], list[HtmlElement], Profile]:
    page_text: list[bytes] = []

    def text() -> bytes:
        if not page_text:
            page_text.append(page_text_utf8(doc))
        return page_text[0]

    link_hrefs = head.link_hrefs
    untitled = None  # a single post found without a heading: its title may come from <title>
    for candidate in profiles:
        if not detected(doc, text, candidate, link_hrefs):
            continue
        profile = _with_defaults(candidate)
        areas = comment_areas(doc, profile, chrome)
        items = find_items(areas, chrome)
        zone = _holding_items(areas, items)
        ctx = PageContext(path, tally, head, chrome, zone, single=kind == "single")
        if kind is None:
            ctx.single = bool(items) or len(find_containers(doc, profile, ctx)) <= 1
        extraction = extract(doc, profile, ctx)
        if extraction.posts and any(p.title for p in extraction.posts):
            return extraction, items, areas, profile
        if untitled is None and ctx.single and len(extraction.posts) == 1 and extraction.posts[0].content:
            untitled = extraction, items, areas, profile
    if untitled is not None:
        return untitled
    areas = comment_areas(doc, DEFAULTS, chrome)
    items = find_items(areas, chrome)
    zone = _holding_items(areas, items)
    ctx = PageContext(path, tally, head, chrome, zone, single=kind != "index")
    return extract_generic(doc, ctx), items, areas, DEFAULTS


@cache
def _with_defaults(profile: Profile) -> Profile:
    """``profile.merged_with(DEFAULTS)``, merged once per profile (not once per page)."""
    return profile.merged_with(DEFAULTS)


def _holding_items(areas: list[HtmlElement], items: list[tuple[HtmlElement, int | None]]) -> set[HtmlElement]:
    """The ``areas`` that are the first item or hold an item: the first item and every item's ancestors, gathered
    once (a climb stops at an ancestor gathered already: its own are in too), instead of a set
    of ancestors per item for each area."""
    if not areas or not items:
        return set()
    lineage: set[HtmlElement] = set()
    for el, _ in items:
        for ancestor in el.iterancestors():
            if ancestor in lineage:
                break
            lineage.add(ancestor)
    lineage.add(items[0][0])
    return {a for a in areas if a in lineage}


def _drop_empty_listings(extraction: Extraction, kind: str | None, path: str, tally: Tally) -> None:
    """An index page entry with neither text nor a picture is not written as an empty published
    post: it is counted as skipped and reported (its own page, if saved, holds the post)."""
    if kind == "single" or len(extraction.posts) < 2:
        return
    kept = []
    for post in extraction.posts:
        if _has_substance(post.content):
            kept.append(post)
            continue
        tally.skip("post", "no text or picture in its entry on an index page")
        tally.problem(
            "empty-content",
            f"{post.title or 'a post'}: its entry on this index page shows no text or picture; not written",
            file=path,
            post_id=post.id,
        )
    extraction.posts = kept


def _has_substance(html: str | None) -> bool:
    """Whether body HTML shows anything: a character of text, a picture or other media."""
    if not html:
        return False
    for run in _TEXT_RUN.finditer(html):  # stops at the first run of real text
        if _BLANK_ENTITY.sub("", run.group(1)).strip():
            return True
    return _MEDIA.search(html) is not None


def _is_single(kind: str | None, extraction: Extraction, items: list[tuple[HtmlElement, int | None]]) -> bool:
    if kind is not None:
        return kind == "single"
    return len(extraction.posts) == 1


def _fill_from_metadata(post: Post, head: HeadFacts, found: dict[str, str], path: str) -> None:
    """Fill what the markup did not show from schema.org JSON-LD, then OpenGraph/article meta."""
    before = dict(found)
    _fill_fields(post, head, found)
    for what, where in found.items():
        if before.get(what) != where:
            rule, _, key = where.partition(":")
            post.provenance.append(Provenance(path, rule, f"{what}: {key}"))


def _fill_fields(post: Post, head: HeadFacts, found: dict[str, str]) -> None:
    item = head.jsonld
    if post.title is None:
        title = item.get("headline") or head.meta.get("og:title")
        if isinstance(title, str) and title.strip():
            post.title = _without_site_name(" ".join(title.split()), head.site_title)
            found["title"] = "jsonld:headline" if item.get("headline") else "opengraph:og:title"
        elif head.title and head.site_title and _without_site_name(head.title, head.site_title) != head.title:
            post.title = _without_site_name(head.title, head.site_title)  # <title> minus the site's name
            post.meta.append(Meta("html:title_guessed", "<title> minus the site name"))
            found["title"] = "<title> minus the site name"
    published = item.get("datePublished") or head.meta.get("article:published_time")
    machine = parse_machine_date(published) if isinstance(published, str) else None
    if machine and post.date is None:
        post.date, post.date_gmt = machine.local, machine.utc
        found["date"] = "jsonld:datePublished" if item.get("datePublished") else "opengraph:article:published_time"
    elif (
        machine
        and post.date
        and post.date.date() == machine.local.date()
        and post.date.time() == machine.local.time().min
    ):
        post.date = machine.local  # the page showed the day only; the metadata has the time
        post.date_gmt = post.date_gmt or machine.utc
    modified = item.get("dateModified") or head.meta.get("article:modified_time")
    machine = parse_machine_date(modified) if isinstance(modified, str) else None
    if machine and post.modified is None and machine.local != post.date:
        post.modified, post.modified_gmt = machine.local, machine.utc
    if post.author is None and item:
        name, _url = jsonld_author(item)
        if name:
            post.author = name
            found["author"] = "jsonld:author"
    if post.author is None:
        name, where = _meta_author(head)
        if name:
            post.author = name
            found["author"] = where


def _meta_author(head: HeadFacts) -> tuple[str | None, str]:
    """The author a page's head names: Yoast's "Written by" card (twitter:label1/data1), then
    ``<meta name="author">`` (not a profile address)."""
    for n in ("1", "2"):
        label, value = head.meta.get(f"twitter:label{n}"), head.meta.get(f"twitter:data{n}")
        if label and value and _WRITTEN_BY.match(label):
            return clean_name(value), f"meta:twitter:data{n}"
    value = head.meta.get("author")
    if value and "://" not in value and "@" not in value:
        return clean_name(value), "meta:author"
    return None, ""


def _date_from_address(post: Post, found: dict[str, str]) -> None:
    """No date shown or in the metadata: the day the post's address carries (``/2008/05/12/``),
    marked as a guess (WordPress's permalink may be changed after publishing)."""
    match = _DATED_ADDRESS.search(post.url or "") if post.date is None else None
    if match is None:
        return
    try:
        post.date = datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return
    post.meta.append(Meta("html:date_guessed", "the day in the post's address"))
    found["date"] = "the day in the post's address (/YYYY/MM/DD/)"


def _without_site_name(title: str, site_title: str | None) -> str:
    """Drop the blog's name and its separator from a title ("Post - Blog", "Blog » Post",
    "Blog » Blog Archive » Post"): og:title and <title> often carry it. "X SEP X" (a post named
    like its blog) is X."""
    doubled = doubled_title(title)
    if doubled:
        return doubled
    if site_title:
        for separator in _TITLE_SEPARATORS:
            suffix = separator + site_title
            if title.endswith(suffix) and len(title) > len(suffix):
                return title[: -len(suffix)]
            prefix = site_title + separator
            if title.startswith(prefix) and len(title) > len(prefix):
                rest = title[len(prefix) :]
                archive = "Blog Archive" + separator
                return rest[len(archive) :] if rest.startswith(archive) and len(rest) > len(archive) else rest
    return title


def _report(page: Page, doc: HtmlElement, tally: Tally) -> None:
    if not page.posts:
        tally.problem("no-post-found", "no post found on the page", file=page.path)
        return
    single = page.page_type == "single"
    for post in page.posts:
        report_post(post, page.path, single, tally)
        if post.provenance and post.provenance[0].confidence is not None:
            tally.problem(
                "generic-extraction",
                f"no theme profile matched; {post.title or 'the post'} was found by the generic fallback",
                file=page.path,
            )
    if single:
        post = page.posts[0]
        page.comments_elsewhere = None if post.comments else comments_elsewhere(doc)
        paged = post.comment_count is not None and post.comment_count > len(post.comments) and comment_pages(doc)
        report_comment_gaps(post, page.path, page.comments_elsewhere, paged, tally)


def _links(doc: HtmlElement, base: str | None) -> list[str]:
    """Every ``a[href]`` of the page, stripped, but empty ones and fragments (``#top``); one not
    written absolute (http, https, mailto) joined to ``base`` when there is one (``UrlJoins``:
    pages repeat links, comment permalinks, reply links, menus, and each is joined once)."""
    values = _cindex.attribute_values(doc, b"a", b"href") if _cindex is not None else None
    if values is None:  # no compiled walk, or a value it leaves to XPath
        found = _HREFS(doc)
        values = [str(h) for h in found] if isinstance(found, list) else []
    if not base:
        return [href for href in map(str.strip, values) if href and href[0] != "#"]
    joins = UrlJoins(base)
    return [
        href if href.startswith(_ABSOLUTE) else joins[href]
        for href in map(str.strip, values)
        if href and href[0] != "#"
    ]


def _site_link(page: Page) -> str | None:
    url = page.canonical_url
    if url and url.startswith(("http://", "https://")):
        parts = url.split("/")
        return "/".join(parts[:3]) + "/"
    return None


def authors_of(posts: list[Post]) -> Iterator[Author]:
    """One Author per byline seen on the posts (the name is all a page gives), with its profile URL."""
    seen: set[str] = set()
    for post in posts:
        if post.author and post.author not in seen:
            seen.add(post.author)
            url = next((m.value for m in post.meta if m.key == "html:author_url"), None)
            yield Author(login=post.author, display_name=post.author, url=url if isinstance(url, str) else None)


def _terms(posts: list[Post]) -> Iterator[Term]:
    seen: set[tuple[str, str]] = set()
    for post in posts:
        for taxonomy, refs in (("category", post.categories), ("post_tag", post.tags)):
            for ref in refs:
                if (taxonomy, ref.slug) not in seen:
                    seen.add((taxonomy, ref.slug))
                    yield Term(taxonomy=taxonomy, slug=ref.slug, name=ref.name)
