"""The generic fallback for a theme no profile knows: the largest text block is the body, the
nearest heading before it the title, the nearest readable date around them the date.

Posts found this way carry ``Provenance(rule="generic-fallback", confidence=FALLBACK_CONFIDENCE)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from ...model import HTML_CONTENT, Meta, Post, Provenance
from .css import _index_of, select
from .engine import (
    Extraction,
    PageContext,
    comment_count_in,
    heading_matching_page_title,
    is_archive_heading,
    looks_cut,
    never_a_title,
    read_byline_and_terms,
    unusable_of,
)
from .fields import DateFound, inner_html, link_url, read_date, text_of, text_start
from .profiles import DEFAULTS

if TYPE_CHECKING:
    from .css import Positions

FALLBACK_CONFIDENCE = 0.4
_BLOCK_HOLDERS = ("div", "article", "section", "main", "td", "body")
_PARAGRAPHS = ("p", "pre", "blockquote", "ul", "ol", "h4", "h5", "h6", "figure", "table")
_MAX_DATE_TEXT = 80
# the classes WordPress themes give a post's title whatever its tag (``div.post-title`` too)
_TITLE_CLASSES = (".entry-title", ".wp-block-post-title", ".post-title", ".posttitle", ".storytitle")
_DATE_WINDOW = 40  # elements before the title and after the body's start searched for a date


def extract_generic(doc: HtmlElement, ctx: PageContext) -> Extraction:
    result = Extraction("generic-fallback")
    block = _largest_text_block(doc, ctx)
    if block is None:
        return result
    order, nodes = document_order(doc)
    post = Post(type="post", status="publish", content_format=HTML_CONTENT)
    post.provenance = [Provenance(ctx.path, "generic-fallback", _describe(block), FALLBACK_CONFIDENCE)]
    heading = _title_heading(doc, block, order, ctx, result.found)
    if heading is not None:
        post.title = text_of(heading) or None
    post.content = inner_html(block, DEFAULTS.body_strip, unusable_of(ctx), ctx.head.base_url) or None
    post.content_is_excerpt = False
    result.found["content"] = f"largest text block {_describe(block)}"
    date = _nearest_date(nodes, block, heading, order, ctx)
    if date is not None and date.local is not None:
        post.date, post.date_gmt = date.local, date.utc
        post.meta.append(Meta("html:date_shown", date.shown[:200]))
        result.found["date"] = "nearest date to the title"
    post.url = ctx.head.canonical_url or ctx.head.meta.get("og:url")
    if not ctx.single:  # an archive listing: the title links to the post, the text may be cut
        post.url = link_url(heading, ctx.head.base_url) if heading is not None else None
        post.content_is_excerpt = looks_cut(block)
    around = _common_ancestor(block, heading)
    read_byline_and_terms(around, post, DEFAULTS, ctx, result.found)
    post.comment_count = comment_count_in(doc, around, DEFAULTS, ctx, result.found)
    post.id = ctx.head.post_id
    post.provenance += [
        Provenance(ctx.path, "generic-fallback", f"{what}: {where}", FALLBACK_CONFIDENCE)
        for what, where in result.found.items()
    ]
    result.posts.append(post)
    result.containers.append(block)
    return result


def document_order(doc: HtmlElement) -> tuple[Positions, Callable[[int, int], list[HtmlElement]]]:
    """Every node's position in ``doc.iter()`` order, and the nodes from one position to another
    (both included): the page index's positions when ``doc`` is the indexed page's root (no
    proxy for each node of the page), else one walk."""
    index = _index_of(doc)
    if index is not None and index.root is doc and not isinstance(index.position, dict):
        position = index.position
        count = len(position)
        return position, lambda low, high: [position.element(i) for i in range(low, min(high, count - 1) + 1)]
    nodes = list(doc.iter())
    order = {el: i for i, el in enumerate(nodes)}
    return order, lambda low, high: nodes[low : high + 1]


def _usable(el: HtmlElement, ctx: PageContext) -> bool:
    """Neither page chrome nor in a comment area, nor inside either."""
    unusable = unusable_of(ctx)
    if el in unusable:
        return False
    for ancestor in el.iterancestors():  # noqa: SIM110 (a generator for any() costs twice the loop)
        if ancestor in unusable:
            return False
    return True


def _largest_text_block(doc: HtmlElement, ctx: PageContext) -> HtmlElement | None:
    best, best_size = None, 0
    skip = unusable_of(ctx)  # chrome and comment areas: a comment list is no paragraph of the post
    for el in doc.iter(*_BLOCK_HOLDERS):
        size = 0
        for child in el:  # a loop, not sum() over a generator: every block of the page is asked
            if child.tag in _PARAGRAPHS and isinstance(child, HtmlElement) and child not in skip:
                size += len(text_of(child))
        if size > best_size and _usable(el, ctx):
            best, best_size = el, size
    return best


def _title_heading(
    doc: HtmlElement, block: HtmlElement, order: Positions, ctx: PageContext, found: dict[str, str]
) -> HtmlElement | None:
    """The heading repeating the page title, else the first usable .entry-title, else the nearest heading."""
    heading = heading_matching_page_title(doc, ctx)
    if heading is not None:
        found["title"] = "heading that repeats the page title"
        return heading
    for selector in _TITLE_CLASSES:
        for el in select(doc, selector):
            if text_of(el) and _usable(el, ctx) and not never_a_title(text_of(el), ctx.head):
                found["title"] = selector
                return el
    heading = _nearest_heading(doc, block, order, ctx)
    if heading is not None:
        found["title"] = f"{heading.tag} nearest before the largest text block"
    return heading


def _common_ancestor(block: HtmlElement, heading: HtmlElement | None) -> HtmlElement:
    if heading is None:
        return block
    lineage = {id(a) for a in heading.iterancestors()}
    for candidate in [block, *block.iterancestors()]:
        if id(candidate) in lineage:
            return candidate
    return block


def _nearest_heading(doc: HtmlElement, block: HtmlElement, order: Positions, ctx: PageContext) -> HtmlElement | None:
    start = order[block]
    best = None
    for el in doc.iter("h1", "h2", "h3"):
        if order[el] >= start and block not in set(el.iterancestors()):
            break
        text = text_of(el)
        if text and _usable(el, ctx) and not _inside(el, block) and not is_archive_heading(el):
            best = None if never_a_title(text, ctx.head) else el  # the site's name: no title before the text
    return best


def _inside(el: HtmlElement, block: HtmlElement) -> bool:
    return any(a is block for a in el.iterancestors())


def _nearest_date(
    nodes: Callable[[int, int], list[HtmlElement]],
    block: HtmlElement,
    heading: HtmlElement | None,
    order: Positions,
    ctx: PageContext,
) -> DateFound | None:
    """The readable date nearest the title (or the block), ``time`` elements first, among the
    page's nodes around them (``nodes(low, high)``: those from one position to another;
    ``order`` their positions)."""
    anchor = order[heading] if heading is not None else order[block]
    low, high = max(anchor - _DATE_WINDOW, 0), order[block] + _DATE_WINDOW
    candidates = [el for el in nodes(low, high) if isinstance(el, HtmlElement)]
    for el in sorted(candidates, key=lambda e: (e.tag != "time", abs(order[e] - anchor))):
        if el.tag in ("script", "style") or not _usable(el, ctx):
            continue
        text = text_start(el, _MAX_DATE_TEXT + 1)  # text_of(el)[:81]: only its length is asked
        if (el.tag == "time" or el.get("datetime")) or (text and len(text) <= _MAX_DATE_TEXT):
            found = read_date(el, ctx.head.language)
            if found is not None and found.local is not None:
                return found
    return None


def _describe(el: HtmlElement) -> str:
    if el.get("id"):
        return f"#{el.get('id')}"
    classes = (el.get("class") or "").split()
    return el.tag + "".join(f".{c}" for c in classes[:2])
