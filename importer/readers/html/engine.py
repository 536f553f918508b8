"""The one extraction engine: applies a theme profile (``profiles.py``) to a parsed page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from lxml import etree
from lxml.html import HtmlElement

from ...model import HTML_CONTENT, Meta, Post, Provenance, TermRef
from ...tally import Tally
from ...transforms.urls import join_url
from .body import RESPONSES, is_meta_line, non_content
from .comments import in_chrome
from .css import in_document_order, possible, select, select_any, within
from .dates import parse_shown_date
from .fields import (
    DateFound,
    body_copy,
    byline_name,
    clean_name,
    comment_count,
    copy_html,
    html_inside,
    inner_html,
    is_navigation,
    link_url,
    outer_html,
    read_date,
    term_name,
    text_of,
    text_start,
)
from .metadata import HeadFacts, doubled_title, first_group, plain_text, unmirror
from .profiles import (
    ARCHIVE_HEADINGS,
    ARCHIVE_WORDS,
    AUTHOR_PLACES,
    BYLINE_PLACES,
    FOREIGN_MARKS,
    NAME_PLACES,
    SECTION_LABELS,
    Profile,
)

_SINGLE_CLASSES = {"single", "single-post", "singular", "singular-post", "page", "attachment"}
_INDEX_CLASSES = {"home", "blog", "archive", "category", "tag", "search", "date", "paged", "author"}
_MORE_LINK = ("a.more-link", "a[href*='#more-']", ".more-link")
_CATEGORY_HREF = re.compile(r"/(?:category|categories|kategorie|categorie|categoria|rubrik)/", re.I)
_WIDEN_LEVELS = 3
_MAX_BYLINE = 300
_LEAD_LINES = 3
_COMMENT_ID = re.compile(r"^(?:li-|div-)?comments?(?:-\d+|list)?$")
_COMMENT_CLASSES = frozenset(
    "comment comments commentlist comment-list comments-area comment-body comment-author children".split()  # noqa: SIM905
)
_LINK_HREF = re.compile(r"^link\[href\*='([^']+)'\]$")
_SHORT_TEXT = 200  # a post with less text than this and a photo outside it is a photo post
_PARAGRAPHS = frozenset(("p", "pre", "blockquote", "ul", "ol", "figure", "table", "h4", "h5", "h6"))
_ARCHIVE_WORDS = re.compile(ARCHIVE_WORDS, re.I)
_DAY_HEADINGS = ("h2", "h3", ".date-header")
_MAX_DAY_HEADING = 40
_POST_CLASS = re.compile(r"(?:^|\s)post-\d+(?:\s|$)")
_POST_ID = re.compile(r"^post-(\d+)$")
_POST_ID_CLASS = re.compile(r"(?:^|\s)post-(\d+)(?:\s|$)")
_MIRRORED_LINK = re.compile(r"""((?:href|src)=["'][^"']*?(?:^|/))index\.html?(?=[?#"'])""")
_HEADINGS = "h1, h2, h3, .entry-title, .post-title"
_TITLE_SEPARATOR = re.compile(r"(?<!\s)\s+[|\u00bb\u00ab\u2013\u2014\u2729\u00b7\u2022\u22c6~:-]\s+")
_FOREIGN = re.compile(FOREIGN_MARKS, re.I)
_DIGIT = re.compile(r"\d")
_SECTION_LABEL = re.compile(SECTION_LABELS, re.I)
_FOREIGN_TAGS = frozenset(("aside", "nav", "form"))
_LINE_TAGS = ("p", "div", "span", "small", "footer", "header", "address", "em")
_OUTSIDE_LINES = 12
_MAX_BARE_NAME = 60
_MAX_NAME_WORDS = 5
_NOT_A_NAME = re.compile(r"[\d:@/]|\b(?:posted|written|published|comments?|reply|share)\b", re.I)
_LONG_SHOWN = 60  # a date read from a whole meta block: its shown text is narrowed to the date's element
_NAME_THEN_DATE = re.compile(r"(?<!\s)\s*+[|\u00b7\u2022\u2013\u2014-]\s*+(?=\d)")  # linear (audit_regexes)
_SPLIT_DATE_TEXT = 40
_EXCERPT_END = re.compile(r"(\[(…|\.\.\.|&hellip;)\]|…|\.\.\.)\s*$")
_PLAIN_TERM = re.compile(r"[A-Za-z0-9 -]*")  # a term name slugify only lower-cases and joins with "-"
_TERM_PATH = re.compile(r"/(?:category|tag|tags|kategorie|schlagwort)/(?:[^/]+/)*([^/]+)$")


@dataclass(slots=True)
class Extraction:
    """What one profile found on a page."""

    profile: str
    posts: list[Post] = field(default_factory=list)
    containers: list[HtmlElement] = field(default_factory=list)
    found: dict[str, str] = field(default_factory=dict)  # "title" -> "h1.entry-title", first post


@dataclass(slots=True)
class PageContext:
    path: str
    tally: Tally
    head: HeadFacts
    chrome: set[HtmlElement]
    comment_zone: set[HtmlElement]  # comment areas: never read post fields from inside them
    single: bool
    title_hints: frozenset[str] | None = None  # _heading_matching_page_title's, worked out once
    unusable: set[HtmlElement] | None = None  # chrome | comment_zone, made on _usable's first call
    slugs: dict[str, str] = field(default_factory=dict)  # a term's name -> its slug (_term_slug)
    # _usable's walks: scope -> ancestor -> whether nothing from the ancestor up to the scope
    # (not included) is unusable; the same for every element below the ancestor
    clean: dict[HtmlElement, dict[HtmlElement, bool]] = field(default_factory=dict)
    dates: dict[HtmlElement, DateFound | None] = field(default_factory=dict)  # _date_of's readings
    # _live's answers by the id of the group of selectors asked (with the group, to check it)
    live: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=dict)


def detected(
    doc: HtmlElement,
    text: str | bytes | Callable[[], str | bytes],
    profile: Profile,
    link_hrefs: str | None = None,
) -> bool:
    """Whether the page shows the profile's theme. ``link_hrefs`` (every ``<link href>`` of the
    page, joined) answers the ``link[href*='/themes/NAME/']`` tests without walking the page;
    ``text`` (the page's text, as a str or as ``page_text_utf8`` gives it, or a function giving
    either) is read only for ``detect_text``."""
    others = profile.detect
    if link_hrefs is not None:
        needles, others = _theme_links(others)
        for needle in needles:  # a loop, not any() over a generator: asked of every profile, page by page
            if needle in link_hrefs:
                return True
    if others and select_any(doc, others):  # a theme detected by its links alone leaves none
        return True
    if not profile.detect_text:
        return False
    page_text = text() if callable(text) else text
    if isinstance(page_text, bytes):
        return any(phrase in page_text for phrase in _utf8_phrases(profile.detect_text))
    return any(phrase in page_text for phrase in profile.detect_text)


def page_text_utf8(doc: HtmlElement) -> bytes:
    """``doc.text_content()`` in UTF-8, without making a str of it: libxml2 collects the same
    text nodes (``xmlNodeBufGetContent``, what XPath's ``string()`` asks) and lxml hands its
    UTF-8 buffer over as it is, where ``text_content`` runs an XPath and decodes the buffer. A
    phrase is in the text exactly when its UTF-8 is in these bytes (UTF-8 never matches across
    a character's bytes)."""
    return etree.tostring(doc, method="text", encoding="utf-8", with_tail=False)


@cache
def _utf8_phrases(phrases: tuple[str, ...]) -> tuple[bytes, ...]:
    return tuple(phrase.encode() for phrase in phrases)


@cache
def _theme_links(selectors: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ``link[href*='/themes/NAME/']`` selectors' hrefs, and the other selectors."""
    needles = [_LINK_HREF.match(selector) for selector in selectors]
    return (
        tuple(m.group(1) for m in needles if m is not None),
        tuple(sel for sel, m in zip(selectors, needles, strict=True) if m is None),
    )


def page_kind(head: HeadFacts) -> str | None:
    """The page kind ("single", "index", or None when unknown) from WordPress's body classes."""
    classes = head.body_classes
    if any(c.startswith(("postid-", "page-id-")) for c in classes) or classes & _SINGLE_CLASSES:
        return "single"
    if classes & _INDEX_CLASSES:
        return "index"
    return None


def archive_heading(doc: HtmlElement) -> HtmlElement | None:
    """The archive's own heading, when the page shows one ("Month: July 2020", "Category: X")."""
    for el in select_any(doc, ARCHIVE_HEADINGS):
        if _ARCHIVE_WORDS.match(text_of(el)[:80]):
            return el
    return None


def is_archive_heading(el: HtmlElement) -> bool:
    return bool(_ARCHIVE_WORDS.match(text_of(el)[:80])) and el.tag in ("h1", "h2", "h3", "header", "div")


def find_containers(doc: HtmlElement, profile: Profile, ctx: PageContext) -> list[HtmlElement]:
    for selector in _live(doc, profile.container, ctx):
        found = [el for el in select(doc, selector) if el.tag not in ("body", "html") and _usable(el, doc, ctx)]
        outer = _outermost(found)
        if outer:
            return _prefer_post_id(outer, ctx)
    return []


def extract(doc: HtmlElement, profile: Profile, ctx: PageContext) -> Extraction:
    result = Extraction(profile.name)
    containers = find_containers(doc, profile, ctx)
    if ctx.single and len(containers) > 1:
        containers = [_main_container(containers, profile, ctx)]
    for container in containers:
        found: dict[str, str] = {}
        post = read_post(doc, container, profile, ctx, found)
        if post.title is None and post.content is None:
            continue
        result.posts.append(post)
        result.containers.append(container)
        if len(result.posts) == 1:
            result.found = found
    return result


def read_post(doc: HtmlElement, box: HtmlElement, profile: Profile, ctx: PageContext, found: dict[str, str]) -> Post:
    post = Post(type="post", status="publish", content_format=HTML_CONTENT)
    post.provenance = [Provenance(ctx.path, f"profile:{profile.name}", _locator(box))]
    post.id = _container_post_id(box) or (ctx.head.post_id if ctx.single else None)
    body = _find_body(box, profile, ctx, found)
    title_el = _title(box, body.wrapper if body else None, profile, ctx, found)
    post.title = (text_of(title_el) or None) if title_el is not None else None
    if body is not None:
        _read_body(box, body, post, title_el, profile, ctx)
        _add_outside_photo(box, body, post, title_el, ctx)
    post.url = _permalink(box, profile, ctx, found)
    lines = _once(lambda: byline_lines(box, title_el, body.wrapper if body else None, ctx))  # read when needed
    _read_dates(doc, box, post, profile, ctx, found, lines)
    read_byline_and_terms(box, post, profile, ctx, found, lines)
    post.comment_count = comment_count_in(doc, box, profile, ctx, found)
    rule = post.provenance[0].rule
    post.provenance += [Provenance(ctx.path, rule, f"{what}: {where}") for what, where in found.items()]
    return post


def _usable(el: HtmlElement, scope: HtmlElement, ctx: PageContext) -> bool:
    """Not page chrome and not inside the comment list (checked up to ``scope``). The walk up
    stops at an ancestor walked before for the same scope (``ctx.clean``): the candidates of a
    post share their wrappers."""
    unusable = ctx.unusable
    if unusable is None:
        unusable = unusable_of(ctx)
    if el in unusable:
        return False
    clean = ctx.clean.get(scope)
    if clean is None:
        clean = ctx.clean[scope] = {}
    walked = []
    answer = True
    for ancestor in el.iterancestors():
        if ancestor is scope:
            break
        known = clean.get(ancestor)
        if known is not None:
            answer = known
            break
        walked.append(ancestor)
        if ancestor in unusable:
            answer = False
            break
    for ancestor in walked:
        clean[ancestor] = answer
    return answer


def unusable_of(ctx: PageContext) -> set[HtmlElement]:
    """``ctx.chrome | ctx.comment_zone``, made on the first call (neither set changes once the
    context is made): one set to look in."""
    unusable = ctx.unusable
    if unusable is None:
        unusable = ctx.unusable = ctx.chrome | ctx.comment_zone
    return unusable


def _live(scope: HtmlElement, selectors: tuple[str, ...], ctx: PageContext) -> tuple[str, ...]:
    """``possible(scope, selectors)``, asked once a page for each group of selectors (its answer
    is the same for every scope of the page): a look-up by the group's id, not a hash of its
    strings and a search for the scope's page each time a post's field is read."""
    known = ctx.live.get(id(selectors))
    if known is not None and known[0] is selectors:
        return known[1]
    live = possible(scope, selectors)
    ctx.live[id(selectors)] = (selectors, live)
    return live


def _outermost(found: list[HtmlElement]) -> list[HtmlElement]:
    """The ``found`` elements inside none of the others."""
    chosen = set(found)
    return [el for el in found if not _has_ancestor_in(el, chosen)]


def _has_ancestor_in(el: HtmlElement, elements: set[HtmlElement]) -> bool:
    for ancestor in el.iterancestors():  # noqa: SIM110 (a generator for any() costs twice the loop)
        if ancestor in elements:
            return True
    return False


def _prefer_post_id(containers: list[HtmlElement], ctx: PageContext) -> list[HtmlElement]:
    if ctx.head.post_id is None or not ctx.single:
        return containers
    wanted = f"post-{ctx.head.post_id}"
    for el in containers:
        if el.get("id") == wanted or wanted in (el.get("class") or "").split():
            return [el]
    return containers


def _main_container(containers: list[HtmlElement], profile: Profile, ctx: PageContext) -> HtmlElement:
    """On a single page with several candidates: the one with a body and the most text."""
    with_body = [c for c in containers if select_any(c, profile.body)] or containers
    return max(with_body, key=lambda c: len(text_of(c)))


def _locator(box: HtmlElement) -> str | None:
    if box.get("id"):
        return f"#{box.get('id')}"
    classes = (box.get("class") or "").split()
    return f"{box.tag}." + ".".join(classes[:3]) if classes else box.tag


def _container_post_id(box: HtmlElement) -> int | None:
    match = _POST_ID.match(box.get("id") or "")
    if match:
        return int(match.group(1))
    found = _POST_ID_CLASS.search(box.get("class") or "")
    return int(found.group(1)) if found else None


def _first(
    box: HtmlElement, selectors: tuple[str, ...], ctx: PageContext, found: dict[str, str], what: str, need_text: bool
) -> HtmlElement | None:
    for selector in _live(box, selectors, ctx):
        for el in select(box, selector):
            if _usable(el, box, ctx) and (not need_text or text_of(el)):
                found.setdefault(what, selector)
                return el
    return None


def _title(
    box: HtmlElement, body: HtmlElement | None, profile: Profile, ctx: PageContext, found: dict[str, str]
) -> HtmlElement | None:
    """The post title: never a heading inside the body; on single pages the heading that repeats
    the page's own title (og:title, JSON-LD headline, <title>) wins."""
    if ctx.single:
        hinted = _heading_matching_page_title(box, body, ctx)
        if hinted is not None:
            found.setdefault("title", "heading that repeats the page title")
            return hinted
    after = _after_body(box, body)
    for outside_body in (True, False):  # a heading inside or after the body only when nothing else is
        for selector in _live(box, profile.title, ctx):
            for el in select(box, selector):
                text = text_of(el) if _usable(el, box, ctx) and not foreign(el, box, box) else ""
                if outside_body and (_inside(el, body) or el in after):
                    continue
                if text and not never_a_title(text, ctx.head):
                    found.setdefault("title", selector)
                    return el
        if outside_body:
            before = _title_before(box, ctx, found) or (_heading_above(box, ctx, found) if ctx.single else None)
            if before is not None:
                return before
    return None


def _heading_above(box: HtmlElement, ctx: PageContext, found: dict[str, str]) -> HtmlElement | None:
    """Single pages whose heading stands above the post box, in a wrapper of its own: the last
    ``h1``/``h2`` before the box in the levels around it (never the site's name, an archive or
    section heading, or one of a widget or another post)."""
    for scope in _scopes(box, ctx)[1:]:
        best = None
        for el in in_document_order(scope.iter("h1", "h2")):
            if not _before(el, box):
                break
            text = text_of(el) if _usable(el, scope, ctx) and not foreign(el, scope, box) else ""
            if text and not is_archive_heading(el) and not never_a_title(text, ctx.head):
                best = el
        if best is not None:
            found.setdefault("title", f"{best.tag} above the post box")
            return best
    return None


def _heading_matching_page_title(box: HtmlElement, body: HtmlElement | None, ctx: PageContext) -> HtmlElement | None:
    hints = ctx.title_hints
    if hints is None:  # the same for every post of the page
        hints = ctx.title_hints = _plain_title_hints(ctx.head)
    if not hints:
        return None
    tried: set[HtmlElement] = set()
    for scope in _scopes(box, ctx):
        for el in select(scope, _HEADINGS):
            if el in tried:  # refused in a narrower scope: refused here too (_usable only grows stricter)
                continue
            tried.add(el)
            if _plain(text_of(el)) in hints and not _inside(el, body) and _usable(el, scope, ctx):  # text first
                return el
    return None


def _plain_title_hints(head: HeadFacts) -> frozenset[str]:
    """The plain forms (``_plain``) of the hints that may repeat the post's title: each candidate
    (``_hint_candidates``) that is not blank and not the site's name, unless the title doubles
    it (``_doubled``). Each distinct hint made plain once (og:title, twitter:title, the headline
    and a part of the title often repeat one another); the tests keep the list form they match."""
    plain_hints = set()
    names = head.site_names_plain
    for hint in dict.fromkeys(_hint_candidates(head)):
        if not hint or not hint.strip():
            continue
        plain = _plain(hint)
        if plain not in names or _doubled(hint, head.title):  # is_site_name(hint, head): plain in names
            plain_hints.add(plain)
    return frozenset(plain_hints)


def _hint_candidates(head: HeadFacts) -> list[str | None]:
    """What may repeat the post's title: og:title, twitter:title, the JSON-LD headline, the
    page's title and its parts."""
    hints = [head.meta.get("og:title"), head.meta.get("twitter:title")]
    headline = head.jsonld.get("headline")
    hints.append(headline if isinstance(headline, str) else None)
    title = head.title
    if title:
        separators = list(_TITLE_SEPARATOR.finditer(title))
        starts = [0, *(m.end() for m in separators)]  # the parts re.split gives, from the one search
        ends = [*(m.start() for m in separators), len(title)]
        hints += [title, *(title[start:end] for start, end in zip(starts, ends, strict=True))]
        if len(separators) > 1:  # "POST - WITH - DASHES - SITE": all but the first or the last part
            hints += [title[: separators[-1].start()], title[separators[0].end() :]]
    return hints


def _doubled(hint: str, title: str | None) -> bool:
    """Whether ``title`` is "HINT SEP HINT" (``doubled_title``): the post is named like its blog.
    Such a title holds ``hint`` twice: looked for only then."""
    return title is not None and title.count(hint) > 1 and hint == doubled_title(title)


def never_a_title(text: str, head: HeadFacts) -> bool:
    """A heading no post is called: the site's name, a comments heading ("3 Responses to ...",
    "Комментарии (2)") or a section's label ("Related Posts", "You May Also Like", "Share this:")."""
    return is_site_name(text, head) or bool(RESPONSES.search(text)) or bool(_SECTION_LABEL.match(text))


def _after_body(box: HtmlElement, body: HtmlElement | None) -> set[HtmlElement]:
    """What follows the body in the post box (related posts, author boxes, share bars): a heading
    there is the title only when nothing before the text is."""
    after: set[HtmlElement] = set()
    node = body
    while node is not None and node is not box:
        for sibling in node.itersiblings():
            after.update(sibling.iter())
        node = node.getparent()
    return after


def is_site_name(text: str, head: HeadFacts) -> bool:
    """The site's name as the page gives it (og:site_name, the header, a link home)."""
    return _plain(text) in head.site_names_plain


_plain = plain_text


def _inside(el: HtmlElement, container: HtmlElement | None) -> bool:
    """Whether ``el`` is ``container`` or inside it."""
    if container is None:
        return False
    if el is container:
        return True
    for ancestor in el.iterancestors():  # noqa: SIM110 (a generator for any() costs twice the loop)
        if ancestor is container:
            return True
    return False


def _title_before(box: HtmlElement, ctx: PageContext, found: dict[str, str]) -> HtmlElement | None:
    """Kubrick 1.5 index pages and some custom themes put the title just before the post box."""
    sibling = box.getprevious()
    for _ in range(3):
        if sibling is None:
            return None
        text = text_of(sibling) if sibling.tag in ("h1", "h2", "h3") else ""
        if text and not is_archive_heading(sibling) and not never_a_title(text, ctx.head):
            found.setdefault("title", f"{sibling.tag} before the post")
            return sibling
        sibling = sibling.getprevious()
    return None


def _permalink(box: HtmlElement, profile: Profile, ctx: PageContext, found: dict[str, str]) -> str | None:
    head = ctx.head
    if ctx.single and head.canonical_url:
        found.setdefault("url", "link[rel=canonical]")
        return head.canonical_url
    el = _first(box, profile.permalink, ctx, found, "url", need_text=False)
    url = link_url(el, head.base_url) if el is not None else None
    url = unmirror(url) if head.mirrored or (url and "index.html?" in url) else url
    if url is None and ctx.single:
        url = head.meta.get("og:url") or head.canonical_url
    return url


def _read_dates(
    doc: HtmlElement,
    box: HtmlElement,
    post: Post,
    profile: Profile,
    ctx: PageContext,
    found: dict[str, str],
    lines: Callable[[], list[HtmlElement]],
) -> None:
    shown = _date_from(box, profile.date, ctx, found, "date")
    if shown is None or shown.local is None:  # a byline that carries the date ("Posted on DATE by NAME")
        shown = _date_from(box, _byline_places(profile.date), ctx, found, "date") or shown
    if shown is None or shown.local is None:
        shown = _date_in_lines(lines(), box, ctx, found) or shown
    if shown is None or shown.local is None:  # the_date()'s day heading, the time in the post
        shown = _date_from_heading(doc, box, profile, ctx, found) or shown
    if shown is None or shown.local is None:
        for scope in _scopes(box, ctx)[1:]:  # single pages: a date printed beside the post box, before it
            beside = _date_from(scope, profile.date, ctx, found, "date", box)
            if beside is not None:
                shown = beside if beside.local is not None or shown is None else shown
                break
    if shown is not None:
        post.date, post.date_gmt = shown.local, shown.utc
        post.meta.append(Meta("html:date_shown", shown.shown[:200]))
    updated = _date_from(box, profile.updated, ctx, found, "modified")
    if updated is not None and updated.local != post.date:
        post.modified, post.modified_gmt = updated.local, updated.utc


@cache
def _byline_places(date: tuple[str, ...]) -> tuple[str, ...]:
    """``BYLINE_PLACES`` but those among a profile's ``date`` selectors (tried already)."""
    return tuple(s for s in BYLINE_PLACES if s not in date)


def _date_from(
    scope: HtmlElement,
    selectors: tuple[str, ...],
    ctx: PageContext,
    found: dict[str, str],
    what: str,
    box: HtmlElement | None = None,
) -> DateFound | None:
    """The first readable date the selectors find in ``scope``; never one of another post, a
    comment or a list of other posts. With ``box`` (a scope around the post box): only a date
    printed before the box."""
    unreadable: str | None = None
    for selector in _live(scope, selectors, ctx):
        for el in select(scope, selector):
            if not _usable(el, scope, ctx) or foreign(el, scope, box):
                continue
            if box is not None and not _before(el, box):
                continue
            value = _date_of(el, ctx)
            if value is not None and value.local is not None:
                found.setdefault(what, selector)
                return _narrowest(el, value, ctx) if len(value.shown) > _LONG_SHOWN else value
            unreadable = unreadable or text_of(el)[:80] or None
    if unreadable and what == "date":
        return DateFound(None, None, unreadable)
    return None


def _date_of(el: HtmlElement, ctx: PageContext) -> DateFound | None:
    """``read_date(el, ctx.head.language)``, read once a page: one date element matches several
    of a profile's selectors (``.entry-date``, ``[class*='date']``), and the byline places and
    lines hold elements the selectors read before (the reader never changes the page)."""
    dates = ctx.dates
    if el in dates:
        return dates[el]
    value = dates[el] = read_date(el, ctx.head.language)
    return value


def _date_in_lines(
    lines: list[HtmlElement], box: HtmlElement, ctx: PageContext, found: dict[str, str]
) -> DateFound | None:
    """A date in the post's short lines: between the heading and the text ("Publicado em 8 de
    novembro de 2007 por"), or outside the text ("Posted by NAME on DATE" under it)."""
    for line in lines:
        if not (
            _DIGIT.search(text_start(line, _MAX_BYLINE))
            or line.get("title")
            or line.find(".//*[@datetime]") is not None
        ):
            continue  # no number, no machine date: no date to read
        value = _date_of(line, ctx)
        if value is not None and value.local is not None:
            found.setdefault("date", "a short line of the post outside its text")
            return _narrowest(line, value, ctx)
    return None


def _narrowest(line: HtmlElement, value: DateFound, ctx: PageContext) -> DateFound:
    """``value`` with the text of the smallest element in ``line`` showing the same day as its
    shown date (a header line holds title, date and byline: "html:date_shown" is the date's)."""
    assert value.local is not None
    shown = value.shown
    for el in line.iterdescendants():
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        text = text_of(el)
        if len(text) >= len(shown) or not _DIGIT.search(text):
            continue
        inner = _date_of(el, ctx)
        if inner is not None and inner.local is not None and inner.local.date() == value.local.date():
            shown = inner.shown
    return DateFound(value.local, value.utc, shown)


def _date_from_heading(
    doc: HtmlElement, box: HtmlElement, profile: Profile, ctx: PageContext, found: dict[str, str]
) -> DateFound | None:
    """the_date() prints the day once (Classic's ``h2``) above that day's posts; the time sits in
    the post. Generic rule: the nearest heading before the post box whose short text is a date."""
    headings = set(select_any(doc, profile.date_heading or _DAY_HEADINGS))
    time_el = _first(box, profile.date, ctx, {}, "time", need_text=True)
    for el in box.itersiblings(preceding=True):
        if el in headings:
            if not profile.date_heading and len(text_of(el)) > _MAX_DAY_HEADING:
                return None
            text = text_of(el) + " " + (text_of(time_el).rsplit("@", 1)[-1] if time_el is not None else "")
            holder = el.makeelement("span", {})
            holder.text = text
            value = read_date(holder, ctx.head.language)
            if value is not None:
                found.setdefault("date", "date heading before the post")
            return value
    return None


def read_byline_and_terms(
    box: HtmlElement,
    post: Post,
    profile: Profile,
    ctx: PageContext,
    found: dict[str, str],
    lines: Callable[[], list[HtmlElement]] | None = None,
) -> None:
    """The post's author (name and profile URL), categories and tags. ``lines`` gives the post's
    short lines outside its text (``byline_lines``); the box's lead lines when not given."""
    post.author, author_url = _author(box, profile, ctx, found, lines or (lambda: _lead_lines(box)))
    if author_url:
        post.meta.append(Meta("html:author_url", author_url))
    _read_terms(box, post, profile, ctx, found)


def heading_matching_page_title(scope: HtmlElement, ctx: PageContext) -> HtmlElement | None:
    """A heading in ``scope`` that repeats the page's own title (og:title, headline, <title>)."""
    return _heading_matching_page_title(scope, None, ctx)


def _author(
    box: HtmlElement,
    profile: Profile,
    ctx: PageContext,
    found: dict[str, str],
    lines: Callable[[], list[HtmlElement]],
) -> tuple[str | None, str | None]:
    """The byline's name and profile URL: the box first, then (single pages) around it."""
    for scope in _scopes(box, ctx):
        for selector in _live(scope, profile.author, ctx):
            for el in select(scope, selector):
                usable = _usable(el, scope, ctx) and not _in_comment(el, scope) and not foreign(el, scope, box)
                name = clean_name(text_of(el)) if usable else None
                if name and not is_navigation(name):
                    found.setdefault("author", selector)
                    return name, link_url(el, ctx.head.base_url)
        for selector, pattern in profile.author_in_text:
            for el in select(scope, selector):
                usable = _usable(el, scope, ctx) and not _in_comment(el, scope)
                match = re.search(pattern, text_of(el), re.I) if usable else None
                name = clean_name(match.group(1)) if match else None
                if name:
                    found.setdefault("author", f"{selector} /{pattern}/")
                    return name, None
    return _author_in_byline(box, ctx, found, lines)


def _author_in_byline(
    box: HtmlElement, ctx: PageContext, found: dict[str, str], lines: Callable[[], list[HtmlElement]]
) -> tuple[str | None, str | None]:
    """A byline that names the author in text only ("By NAME | DATE", "Posted on DATE by NAME",
    "Geplaatst door NAME"), else an author element holding a bare name (``span.author``)."""
    places = [
        el
        for el in select_any(box, AUTHOR_PLACES)
        if _usable(el, box, ctx) and not _in_comment(el, box) and not foreign(el, box, box)
    ]
    for el in [*places, *lines()]:  # the lines are the post's own already (byline_lines)
        text = text_start(el, _MAX_BYLINE + 1)
        name = byline_name(text) if len(text) <= _MAX_BYLINE else None
        if name:
            found.setdefault("author", "byline text")
            return name, None
    for el in select_any(box, NAME_PLACES):
        text = text_start(el, _MAX_BARE_NAME + 1) if _usable(el, box, ctx) and not _in_comment(el, box) else ""
        name = clean_name(text) if text and not foreign(el, box, box) else None
        if name and _bare_name(name) and not is_navigation(name):
            found.setdefault("author", "an author element holding a name")
            return name, link_url(el, ctx.head.base_url)
    for el in places:
        name = _name_before_date(el, ctx.head.language)
        if name:
            found.setdefault("author", "a name before the date in the byline")
            return name, None
    return None, None


def _name_before_date(line: HtmlElement, language: str | None) -> str | None:
    """ "<span>NAME</span> | DATE": a bare name in an element of its own, a separator and a date
    right after it, in a byline place (``the_author()`` printed without "By"); never a term
    link ("News | 3 Comments": what follows is no date)."""
    for el in line.iter("span", "strong", "em", "b", "a"):
        after = _NAME_THEN_DATE.match(el.tail or "")
        if len(el) or el.get("rel") or after is None:
            continue
        name = clean_name(el.text or "")
        if (
            name
            and _bare_name(name)
            and not is_navigation(name)
            and _starts_with_date(el.tail[after.end() :], language)
        ):
            return name
    return None


def _starts_with_date(text: str, language: str | None) -> bool:
    """Whether ``text`` is a date, perhaps with its time ("29.07.2006 um 14:26")."""
    return parse_shown_date(" ".join(text.split())[:_SPLIT_DATE_TEXT], language) is not None


def _bare_name(text: str) -> bool:
    """Whether an author element's whole text is a name: a few words, no digits, no label."""
    return len(text) <= _MAX_BARE_NAME and len(text.split()) <= _MAX_NAME_WORDS and not _NOT_A_NAME.search(text)


def foreign(el: HtmlElement, scope: HtmlElement, box: HtmlElement | None) -> bool:
    """Whether ``el`` (inside ``scope``) belongs to something else than the post: another post,
    a list of related or recent posts, a widget or sidebar, navigation, sharing, a comment.
    The post box itself and what is around it above ``scope`` are not looked at."""
    node: HtmlElement | None = el
    while node is not None and node is not scope and node is not box:
        if node.tag in _FOREIGN_TAGS:
            return True
        classes, ident = node.get("class"), node.get("id")
        if (classes or ident) and _foreign_marks(f"{classes or ''} {ident or ''}", node.tag == "article"):
            return True
        node = node.getparent()
    return False


@lru_cache(maxsize=2048)
def _foreign_marks(marks: str, article: bool) -> bool:
    """Whether an element's "class id" marks it as something else than the post (``foreign``):
    the ancestors of a page's candidates share a few wrappers, each searched once."""
    return _FOREIGN.search(marks) is not None or (article and _POST_CLASS.search(marks) is not None)


def _before(el: HtmlElement, box: HtmlElement) -> bool:
    """Whether ``el`` comes before ``box`` in the page (positions from the page's index)."""
    return el is not box and in_document_order([box, el])[0] is el


def _once(make: Callable[[], list[HtmlElement]]) -> Callable[[], list[HtmlElement]]:
    """``make``'s result, computed on the first call only."""
    kept: list[list[HtmlElement]] = []

    def get() -> list[HtmlElement]:
        if not kept:
            kept.append(make())
        return kept[0]

    return get


def byline_lines(
    box: HtmlElement, title: HtmlElement | None, body: HtmlElement | None, ctx: PageContext
) -> list[HtmlElement]:
    """The post's short lines outside its text, where a theme prints the byline and the date: the
    lines between the heading and the text (after the heading when it stands outside the post
    box), then the short lines around the text in the box ("Posted by NAME on DATE" under it)."""
    lines = [*_lead_lines(box), *_after_title(title, box)]
    if body is not None:
        lines += _short_lines_outside(box, body, title)
    if ctx.single:
        lines += _after_box(box, ctx)
    kept = []
    for el in dict.fromkeys(lines):
        around = _holder_of_both(el, box)  # the box, or (a line outside it) the element holding both
        if _usable(el, around, ctx) and not _in_comment(el, around) and not foreign(el, around, box):
            kept.append(el)
    return kept


def _holder_of_both(el: HtmlElement, box: HtmlElement) -> HtmlElement:
    """``box`` when ``el`` is inside it, else the nearest ancestor of ``el`` that holds ``box``
    (the page's own classes above it, such as a body class ``right-sidebar``, are not looked at)."""
    for ancestor in el.iterancestors():
        if ancestor is box or _inside(box, ancestor):
            return ancestor
    return box


def _after_title(title: HtmlElement | None, box: HtmlElement) -> list[HtmlElement]:
    """The short lines right after a heading that stands outside the post box (a header above it)."""
    if title is None or _inside(title, box):
        return []
    lines: list[HtmlElement] = []
    for sibling in title.itersiblings():
        if not isinstance(sibling, HtmlElement) or sibling is box or _inside(box, sibling):
            break
        if len(lines) >= _LEAD_LINES or len(text_start(sibling, _MAX_BYLINE + 1)) > _MAX_BYLINE:
            break
        lines.append(sibling)
    return lines


def _after_box(box: HtmlElement, ctx: PageContext) -> list[HtmlElement]:
    """The short lines right after the post box, before anything else begins (a meta line a theme
    prints under the post's wrapper: "Posted by NAME on DATE in CATEGORY")."""
    lines: list[HtmlElement] = []
    for sibling in box.itersiblings():
        if not isinstance(sibling, HtmlElement) or len(lines) >= _LEAD_LINES:
            break
        if sibling.tag in ("h1", "h2", "h3", "h4") or sibling in ctx.comment_zone or sibling in ctx.chrome:
            break
        text = text_start(sibling, _MAX_BYLINE + 1)
        if len(text) > _MAX_BYLINE or _in_comment(sibling, box.getparent()) or not is_meta_line(sibling, text):
            break  # only a meta line ("Posted by NAME on DATE in CAT"), never the start of something else
        lines.append(sibling)
    return lines


def _short_lines_outside(box: HtmlElement, body: HtmlElement, title: HtmlElement | None) -> list[HtmlElement]:
    """The box's innermost short blocks outside the text and the title, in order."""
    lines: list[HtmlElement] = []
    stack = [child for child in reversed(box) if isinstance(child, HtmlElement)]
    while stack and len(lines) < _OUTSIDE_LINES:
        el = stack.pop()
        if el is body or el is title:
            continue  # the text and the heading are not walked
        if _holds_block(el) or _inside(body, el):
            stack += [child for child in reversed(el) if isinstance(child, HtmlElement)]
            continue  # a wrapper: its lines come one by one
        text = text_start(el, _MAX_BYLINE + 1) if el.tag in _LINE_TAGS else ""
        if text and len(text) <= _MAX_BYLINE:
            lines.append(el)
    return lines


def _holds_block(el: HtmlElement) -> bool:
    """Whether a ``p`` or a ``div`` is inside ``el`` (``el.find(".//p")`` or ``el.find(".//div")``,
    in one walk without ElementPath)."""
    return next(el.iterdescendants("p", "div"), None) is not None


def _in_comment(el: HtmlElement, scope: HtmlElement) -> bool:
    """Inside a comment or a comment list (below ``scope``), even one the reader did not find:
    a commenter's name is never the post's author."""
    node: HtmlElement | None = el
    while node is not None and node is not scope:
        classes = (node.get("class") or "").split()
        if _COMMENT_ID.match(node.get("id") or "") or not _COMMENT_CLASSES.isdisjoint(classes):
            return True
        node = node.getparent()
    return False


def _lead_lines(box: HtmlElement) -> list[HtmlElement]:
    """The short lines after the post's heading and before its text, whatever their class
    ("Publié le 3 mai 2005 par Claire Dubois"): where a theme prints its byline."""
    lines: list[HtmlElement] = []
    for child in box:
        if not isinstance(child, HtmlElement) or child.tag in ("h1", "h2", "h3", "h4", "header"):
            continue
        if len(lines) >= _LEAD_LINES or len(text_start(child, _MAX_BYLINE + 1)) > _MAX_BYLINE:
            break
        if child.tag != "p" and next(child.iterdescendants("p"), None) is not None:  # el.find(".//p")
            break  # the text begins
        lines.append(child)
    return lines


def _scopes(box: HtmlElement, ctx: PageContext) -> list[HtmlElement]:
    """Where to look for a post's facts: its box; on single pages also up to three levels around it."""
    scopes = [box]
    if ctx.single:
        for ancestor in box.iterancestors():
            if len(scopes) > _WIDEN_LEVELS or ancestor.tag == "body" or ancestor in ctx.chrome:
                break
            scopes.append(ancestor)
    return scopes


def _read_terms(box: HtmlElement, post: Post, profile: Profile, ctx: PageContext, found: dict[str, str]) -> None:
    """Categories and tags: each from the box, or (single pages) the nearest scope around it showing some."""
    categories: list[HtmlElement] = []
    tags: list[HtmlElement] = []
    for scope in _scopes(box, ctx):
        tag_links, tag_selector = _term_links(scope, profile.tags, ctx)
        if categories and not tag_links:
            continue  # the categories found: a scope's own category links only take from its tags
        category_links, category_selector = _term_links(scope, profile.categories, ctx)
        in_categories = set(category_links)  # made once: a tag cloud holds hundreds of links
        tag_links = [el for el in tag_links if el not in in_categories]
        if not category_links:  # rel="tag" on a /category/ link: a category all the same
            category_links = [el for el in tag_links if _CATEGORY_HREF.search(el.get("href") or "")]
            in_categories = set(category_links)
            tag_links = [el for el in tag_links if el not in in_categories]
        if category_links and not categories:
            categories = category_links
            # where they came from (what _where finds: the selector that gave them, no other
            # before it matches a usable named link; none gave the /category/ links of the tags)
            found.setdefault("categories", category_selector or "a[href*='/category/']")
        if tag_links and not tags:
            chosen = set(categories)
            tags = [el for el in tag_links if el not in chosen]
            found.setdefault("tags", tag_selector or "none")
        if categories and tags:
            break
    if not categories:
        categories = _post_class_categories(box, ctx)
        if categories:
            found.setdefault("categories", "post_class() category-SLUG and its /category/SLUG/ link")
    post.categories = _refs(categories, ctx)
    post.tags = _refs(tags, ctx)


def _post_class_categories(box: HtmlElement, ctx: PageContext) -> list[HtmlElement]:
    """Category links without rel="category": those pointing at a category the post's own
    post_class() names (``category-SLUG``), found in the box or around it."""
    holders = [box, *box.iterancestors()]
    classes = next(
        (h.get("class") for h in holders if re.search(r"(?:^|\s)post-\d+(?:\s|$)", h.get("class") or "")), ""
    )
    slugs = [c.removeprefix("category-") for c in (classes or "").split() if c.startswith("category-")]
    links: list[HtmlElement] = []
    if not slugs:
        return links
    for scope in _scopes(box, ctx):
        for el in select(scope, "a[href*='/category/']"):
            slug = _term_slug(el, "", ctx)
            if slug in slugs and el not in links and _usable(el, scope, ctx) and term_name(el):
                links.append(el)
        if links:
            return links
    return links


def _term_links(
    scope: HtmlElement, selectors: tuple[str, ...], ctx: PageContext
) -> tuple[list[HtmlElement], str | None]:
    """The usable, named links of the first selector that finds some in ``scope``, and that
    selector (None when none does)."""
    for selector in _live(scope, selectors, ctx):
        links = [el for el in select(scope, selector) if _usable(el, scope, ctx) and term_name(el)]
        if links:
            return links, selector
    return [], None


def _refs(links: list[HtmlElement], ctx: PageContext) -> list[TermRef]:
    refs: dict[str, TermRef] = {}
    for el in links:
        name = term_name(el)
        if name and name not in refs:
            refs[name] = TermRef(slug=_term_slug(el, name, ctx), name=name)
    return list(refs.values())


def _term_slug(el: HtmlElement, name: str, ctx: PageContext) -> str:
    href = unmirror((el.get("href") or "").split("?")[0]) or ""
    href = href.rstrip("/")
    match = _TERM_PATH.search(href)
    if match:
        return match.group(1).lower()
    if _PLAIN_TERM.fullmatch(name):  # what python-slugify makes of ASCII words, without its steps
        return "-".join(name.lower().replace("-", " ").split()) or name
    slug = ctx.slugs.get(name)
    if slug is None:  # the page's posts repeat their terms: each name made a slug once a page
        from slugify import slugify

        slug = ctx.slugs[name] = slugify(name) or name
    return slug


@dataclass(slots=True)
class BodyFound:
    """Where the post's content is: ``children`` of ``root`` (all of a content wrapper's, or the
    run between two of the post box's children)."""

    root: HtmlElement
    children: list[HtmlElement]
    wrapper: HtmlElement | None  # the content wrapper; None for a run of the box's children


def _find_body(box: HtmlElement, profile: Profile, ctx: PageContext, found: dict[str, str]) -> BodyFound | None:
    if profile.body_between:
        children = _between(box, *profile.body_between)
        if children is not None:
            found.setdefault("content", f"between {profile.body_between[0]} and {profile.body_between[1]}")
            return BodyFound(box, children, None)
    body_el = _first(box, profile.body, ctx, found, "content", need_text=False)
    if body_el is None:
        body_el = _densest_block(box, ctx)
        if body_el is None:
            return None
        found.setdefault("content", "the block in the post box holding the most paragraph text")
    return BodyFound(body_el, [c for c in body_el if isinstance(c, HtmlElement)], body_el)


def _densest_block(box: HtmlElement, ctx: PageContext) -> HtmlElement | None:
    """No known content wrapper: the element in the post box whose own paragraphs hold the most text."""
    best, best_size = None, 0
    for el in box.iter("div", "section", "article", "main", "td"):
        if not isinstance(el, HtmlElement) or not _usable(el, box, ctx):
            continue
        size = sum(len(text_of(c)) for c in el if isinstance(c, HtmlElement) and c.tag in _PARAGRAPHS)
        if size > best_size:
            best, best_size = el, size
    return best


def _read_body(
    box: HtmlElement, body: BodyFound, post: Post, title: HtmlElement | None, profile: Profile, ctx: PageContext
) -> None:
    """Set the post's content (and excerpt on index pages): the body without what is not content."""
    drop = unusable_of(ctx) | non_content(body.children, body.root, title, post.title)
    if body.wrapper is None:
        drop = set(within(body.root, drop))  # what each child's copy may leave out: asked once, not per child
        stripped = set(select_any(body.root, profile.body_strip))
        kept = [child for child in body.children if child not in drop and child not in stripped]
        if ctx.single:  # no excerpt test on the copies: each child serialized, from the page where it can be
            html = "".join(copy_html(child, profile.body_strip, drop, ctx.head.base_url) for child in kept)
            post.content = _unmirrored(html.strip(), ctx) or None
            post.content_is_excerpt = False
            return
        holder = box.makeelement("div", {})
        for child in kept:
            holder.append(body_copy(child, profile.body_strip, drop, ctx.head.base_url))
        post.content = _unmirrored(html_inside(holder), ctx) or None
        post.content_is_excerpt = looks_cut(holder)
        return
    body_el = body.wrapper
    post.content = _unmirrored(inner_html(body_el, profile.body_strip, drop, ctx.head.base_url), ctx) or None
    if ctx.single:  # a single page shows the whole post: no summary to look for
        post.content_is_excerpt = False
        return
    is_summary = any(body_el in select(box, s) for s in _live(box, profile.excerpt, ctx))
    post.content_is_excerpt = is_summary or looks_cut(body_el)
    if is_summary:
        post.excerpt = post.content


def _add_outside_photo(
    box: HtmlElement, body: BodyFound, post: Post, title: HtmlElement | None, ctx: PageContext
) -> None:
    """Photo posts (post format image/gallery, or a short text) whose photo sits in the post box
    but outside the text container: the photo is part of the post, in front of the text."""
    classes = set((box.get("class") or "").split())
    photo_format = bool(classes & {"format-image", "format-gallery"})
    if not photo_format and body.wrapper is not None and len(text_start(body.wrapper, _SHORT_TEXT)) >= _SHORT_TEXT:
        return  # a text post
    if body.wrapper is not None and next(body.wrapper.iter("img"), None) is not None:
        return
    inside = body.wrapper if body.wrapper is not None else None
    for img in box.iter("img"):
        if "avatar" in (img.get("class") or "") or not _usable(img, box, ctx):
            continue
        if (inside is not None and _inside(img, inside)) or (title is not None and _inside(img, title)):
            continue
        holder = next((a for a in img.iterancestors("figure") if _inside(a, box)), None)
        photo = outer_html(holder if holder is not None else img, (), ctx.head.base_url)
        post.content = _unmirrored(photo, ctx) + ("\n" + post.content if post.content else "")
        return


def _unmirrored(html: str, ctx: PageContext) -> str:
    """A mirror's links back to the site's addresses (``.../index.html?p=137`` -> ``.../?p=137``).
    Every match holds "index.htm": HTML without it (most posts' text) is not searched by the
    pattern, which tries its start at every character."""
    return _MIRRORED_LINK.sub(first_group, html) if ctx.head.mirrored and "index.htm" in html else html


def _between(box: HtmlElement, start: str, end: str) -> list[HtmlElement] | None:
    starts = set(select(box, start))
    ends = set(select(box, end))
    children = [c for c in box if isinstance(c, HtmlElement)]
    first = next((i for i, c in enumerate(children) if c in starts), None)
    if first is None:
        return None
    run: list[HtmlElement] = []
    for child in children[first + 1 :]:
        if child in ends:
            break
        run.append(child)
    return run


def looks_cut(body: HtmlElement) -> bool:
    if select_any(body, _MORE_LINK):
        return True
    return bool(_EXCERPT_END.search(text_of(body)))


def comment_count_in(
    doc: HtmlElement, box: HtmlElement, profile: Profile, ctx: PageContext, found: dict[str, str]
) -> int | None:
    scopes = [box, doc] if ctx.single else [box]
    for scope in scopes:
        for selector in _live(scope, profile.comment_count, ctx):
            for el in select(scope, selector):
                if scope is doc and in_chrome(el, ctx.chrome):
                    continue
                if scope is box and not _usable(el, box, ctx):
                    continue
                count = comment_count(text_of(el))
                if count is not None:
                    found.setdefault("comment_count", selector)
                    return count
    return _responses_heading_count(doc, ctx, found) if ctx.single else None


def _responses_heading_count(doc: HtmlElement, ctx: PageContext, found: dict[str, str]) -> int | None:
    """The number in a comments heading no selector knows ("57 Responses to ...")."""
    for el in doc.iter("h2", "h3", "h4"):
        text = text_start(el, 120)
        if text[:1].isdigit() and RESPONSES.search(text) and not in_chrome(el, ctx.chrome):
            found.setdefault("comment_count", "a heading counting the responses")
            return comment_count(text)
    return None


def absolute(base: str | None, url: str | None) -> str | None:
    return join_url(base, url) if base and url else url
