"""The page's own comment list: items, threading, and each comment's parts.

Items are the elements whose id is ``comment-N`` / ``li-comment-N`` (outermost one per N) plus
id-less ``li.pingback``/``li.trackback`` (Twenty Ten/Eleven), found inside the profile's comment
area and never inside page chrome (so "Recent Comments" widgets are never read).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from ...model import Comment, Provenance
from ...transforms.urls import join_url
from ...wordpress import PING_TYPES
from .css import (
    ElementsWithin,
    PageIndex,
    _end,
    _index_of,
    in_document_order,
    page_memo,
    possible,
    select,
    select_any,
    with_id_prefix,
    within,
)
from .dates import parse_shown_date
from .fields import (
    DateFound,
    _doomed,
    _untouched,
    body_copy,
    clean_name,
    copy_html,
    html_inside,
    inner_html,
    link_url,
    outer_html,
    read_date,
    text_html,
    text_of,
    text_start,
)
from .profiles import Profile

_ITEM_ID = re.compile(r"^(?:li-|div-|dsq-)?comment-?(?:item-)?(\d+)$")  # Neve: li#comment-item-N; Disqus: dsq-comment-N
_PING_LABEL_ONLY = re.compile(r"^\s*((pingback|trackback)\s*:?)?\s*$", re.I)  # a short ping: no excerpt
_PING_TEXT = re.compile(r"^\s*(pingback|trackback)\b", re.I)
_PING_CLASS = re.compile(r"\b(pingback|trackback)\b")
_DEPTH = re.compile(r"(?:^|\s)depth-(\d+)(?:\s|$)")  # comment_class()'s depth-N
# .//*[starts-with(@id,'comment-') or ...] | .//li[contains(@class,'pingback') or ...], written
# with the attribute axis: libxml2 tests the predicate on the id and class attributes only, not on
# every element (5x faster; the same nodes in the same order on every corpus and fixture page)
_ITEMS = etree.XPath(
    "descendant::*/@id[starts-with(.,'comment-') or starts-with(.,'li-comment-') or starts-with(.,'comment')]/.."
    " | descendant::li/@class[contains(.,'pingback') or contains(.,'trackback')]/.."
)
# Lists that hold pings only (Thesis's ul#trackback_list of bare links), the Disqus plugin's copy
# of the comments and Disqus's rendered ones: found from the page index (a look-up on the pages
# that have them, not another walk of every comment area).
_MORE_ITEMS = (
    "#dsq-comments li",
    *(f"#{name} > li" for name in ("trackback_list", "trackbacks", "pings", "pinglist", "pingbacks")),
    *(f".{name} > li" for name in ("pinglist", "pings", "trackbacks", "pingbacks", "trackbacklist")),
    "li.post",
)
_ITEM_ID_PREFIXES = ("comment", "li-comment-", "div-comment-", "dsq-comment-")
_DISQUS_POST = re.compile(r"^post-(\d+)$")
_DISQUS_LISTS = frozenset(("post-list", "disqus_thread"))
_PING_LIST = re.compile(r"trackback|pingback|ping", re.I)  # Thesis: ul#trackback_list; pinglist, pings
# "NAME said:", "NAME a dit :", "by NAME on DATE", "NAME on DATE": a comment's author shown in text only
_SAID = re.compile(
    r"^(?:(?:comment )?(?:by|von|par|por|door|di|da|av|przez)\s+)?(?P<name>\S.{0,60}?)\s*,?\s+"
    r"(?:said|says|wrote|writes|a dit|a \u00e9crit|dit|dice|dijo|escribi\u00f3|disse|diz|sagt|schrieb|schreibt|"
    r"meint|zegt|schreef|scrive|ha scritto|skriver|skrev|sa|napisa\u0142|"
    r"\u043f\u0438\u0448\u0435\u0442|\u043d\u0430\u043f\u0438\u0441\u0430\u043b\w*|"  # Russian: writes, wrote
    r"\u0433\u043e\u0432\u043e\u0440\u0438\u0442)(?!\w)",  # Russian: says
    re.I,
)
_NAME_ON_DATE = re.compile(
    r"^(?:(?:comment )?(?:by|von|par|por|door|di|da|av|przez)\s+)?(?P<name>\S.{0,60}?)\s+"
    r"(?:on|am|le|el|il|op|em|den|dnia|\u2014|\u2013|-|\||@|,)\s+.*\d{4}",
    re.I,
)
_MAX_NAME_WORDS = 6
_UNKNOWN = object()
_LABEL_ONLY_MAX = 24
# A shown date carries a year: four digits, or d/m/yy (1-2, 1-2 and 2 digits, "." "/" or "-" between).
# Written to begin with its digit (\d{4}|\d{1,2}[./-]... finds the same): the search then skips to
# the next digit in C instead of trying both branches at every character of a byline without one.
_HAS_YEAR = re.compile(r"\d(?:\d{3}|\d?[./-]\d{1,2}[./-]\d{2})")
_DATE_IN_TEXT = ("cite", "small", "em", "span", "p", "div")
_MAX_DATE_LINE = 120
_DATE_LINES = 12
_NAME_LINES = 3  # a byline in text is among the comment's first lines
_TOP_ITEM = "[id^='comment-'].depth-1"
# The label a theme prints after the post author's name in their own comments.
_AUTHOR_BADGE = re.compile(
    r"^\W*(?:post author|author|autor|auteur|autore|auteur de l.article|beitragsautor|autor del art\u00edculo|"
    r"autor do post|autore dell.articolo|schrijver|f\u00f6rfattare|\u0430\u0432\u0442\u043e\u0440)\W*$",
    re.I,
)
_NOT_NAME = re.compile(r"date|meta|reply|time|says|edit", re.I)
_LISTS = frozenset(("ul", "ol", "dl"))
_WRAPPERS = frozenset(("div", "article", "section", "header", "footer"))
_BLOCKS = frozenset(
    "article section header footer p blockquote pre ul ol div table h1 h2 h3 h4 h5 h6 dl figure".split()  # noqa: SIM905
)
_AVATAR = ("img.avatar", "img.photo", ".comment-author img")  # a comment's avatar
_NONE: list[HtmlElement] = []  # ItemIndex.owned's answer for a comment that owns no match (never changed)


@dataclass(slots=True)
class CommentScope:
    """What the reader needs from the page: the document, what is chrome, how to resolve URLs."""

    path: str
    chrome: set[HtmlElement]
    base: str | None
    language: str | None
    rule: str


def comment_areas(doc: HtmlElement, profile: Profile, chrome: set[HtmlElement]) -> list[HtmlElement]:
    """The page's own comment lists (outermost first), chrome excluded."""
    areas = [el for el in select_any(doc, profile.comment_area) if not in_chrome(el, chrome)]
    if not areas:  # no known list: where comment_class() items ("comment depth-1", #comment-N) sit
        areas = [el.getparent() for el in select(doc, _TOP_ITEM) if not in_chrome(el, chrome)]
        areas = list(dict.fromkeys(a for a in areas if a is not None))
    items = _numbered_items(doc)
    if items and not any(within(a, items) for a in areas):  # a list no selector names: where #comment-N are
        areas = _lists_of_items(items, chrome) or areas
    return [el for el in areas if not any(a in areas for a in el.iterancestors())]


_COMMENT_CLASSES = frozenset(("comment", "pingback", "trackback"))  # what comment_class() gives every item


def comment_items(doc: HtmlElement) -> list[HtmlElement]:
    """The page's ``#comment-N`` elements that ``comment_class()`` marked (class ``comment``,
    ``pingback`` or ``trackback``): what only the comments template prints, never a widget."""
    found = []
    for el in _numbered_items(doc):
        classes = el.get("class")
        if classes and not _COMMENT_CLASSES.isdisjoint(classes.split()):  # no set per element
            found.append(el)
    return found


def _numbered_items(doc: HtmlElement) -> list[HtmlElement]:
    """The page's elements whose id numbers a comment (``comment-N``, ``li-comment-N`` ...):
    looked up once per page (chrome and every profile's comment areas ask)."""
    memo = page_memo(doc)
    items = memo.get("numbered items") if memo is not None else None
    if items is None:
        if memo is None:
            return [el for el in with_id_prefix(doc, _ITEM_ID_PREFIXES) if _item_number(el) is not None]
        items = memo["numbered items"] = _numbered_ids(doc)
    return list(items)


def _numbered_ids(doc: HtmlElement) -> list[HtmlElement]:
    """``_numbered_items`` of an indexed page from its index of ids: the ids tested, not the
    elements (no proxy, no ``get``, no Disqus test for ``comments``, ``commentform`` and the like;
    an id with these prefixes is never Disqus's ``post-N``), in document order."""
    index = _index_of(doc)
    assert index is not None
    return _scan_ids(index)[0]


def _scan_ids(index: PageIndex) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """One pass over the ids of the page's index for both of the reader's id look-ups, once per
    page (kept in its memo): the elements whose id numbers a comment (``_numbered_ids``, in
    document order) and those whose id starts with ``_MARKED_IDS`` (``_page_marked``'s, in the
    index's order). Every id of the second kind has one of ``_ITEM_ID_PREFIXES``."""
    memo = index.memo
    numbered, marked = memo.get("numbered ids"), memo.get("marked ids")
    if numbered is None or marked is None:
        numbered, marked = [], []
        for key, bucket in index.by_id.items():
            if key.startswith(_ITEM_ID_PREFIXES):
                if key.startswith(_MARKED_IDS):
                    marked += bucket[0]
                if _may_number(key) and _ITEM_ID.match(key):
                    numbered += bucket[0]
        numbered = memo["numbered ids"] = in_document_order(numbered)
        memo["marked ids"] = marked
    return numbered, marked


def _classes(el: HtmlElement) -> list[str]:
    return (el.get("class") or "").split()


def _lists_of_items(items: list[HtmlElement], chrome: set[HtmlElement]) -> list[HtmlElement]:
    """The elements holding the page's ``#comment-N`` items (an ``ol`` without a class, a ``div``
    of ``div.comment``s, a ``dl`` of ``dt``s), outside chrome: outermost items only."""
    items = [el for el in items if not in_chrome(el, chrome)]
    found = set(items)
    tops = [el for el in items if not any(a in found for a in el.iterancestors())]
    return list(dict.fromkeys(p for p in (el.getparent() for el in tops) if p is not None))


def find_items(areas: Iterable[HtmlElement], chrome: set[HtmlElement]) -> list[tuple[HtmlElement, int | None]]:
    """(item, comment id) in document order, one item per comment."""
    seen: set[HtmlElement] = set()
    candidates: list[tuple[HtmlElement, int | None]] = []
    for area in areas:
        if in_chrome(area, chrome):
            continue  # and so is everything in it
        is_chrome = _chrome_within(area, chrome)
        more = select_any(area, _MORE_ITEMS)
        found = _marked_items(area)
        for el in in_document_order([*found, *more]) if more else found:
            if el in seen or not isinstance(el, HtmlElement) or (is_chrome is not None and is_chrome(el)):
                continue
            seen.add(el)
            number = _item_number(el)
            if number is None and not _is_ping_li(el):
                continue
            if el.tag == "a" and not text_of(el):
                nxt = el.getnext()  # <a id="comment-5"></a><div class="comment">...
                if nxt is None:
                    continue
                el = nxt
            candidates.append((el, number))
    if not any(number is not None for _, number in candidates):
        candidates = [*candidates, *_unnumbered_items(areas, chrome, seen)]
    return _outermost_per_number(_with_unmarked_pings(candidates, seen))


def _marked_items(area: HtmlElement) -> list[HtmlElement]:
    """``_ITEMS(area)``: from the page's index, the page's marked elements (``_page_marked``,
    once per page) inside ``area`` by their positions, without an XPath walk of the area."""
    index = _index_of(area)
    first = index.position.get(area) if index is not None else None
    if index is None or first is None:
        found = _ITEMS(area)
        assert isinstance(found, list)
        return found
    memo = index.memo
    marked = memo.get("marked items")
    if marked is None:
        marked = memo["marked items"] = _page_marked(area)
    position, last = index.position, _end(index.position, area)
    return [el for el in marked if first < position[el] <= last]


_MARKED_IDS = ("comment", "li-comment-")  # _ITEMS' id prefixes ("comment" holds "comment-")


def _page_marked(doc: HtmlElement) -> list[HtmlElement]:
    """What ``_ITEMS`` finds in the whole of ``doc``'s (indexed) page, in document order: the
    elements whose id starts with ``_MARKED_IDS`` and the ``li`` whose
    class holds "pingback" or "trackback" (a class word does: the words hold no space)."""
    index = _index_of(doc)
    assert index is not None
    ids = _scan_ids(index)[1]
    pings = [
        el
        for name, bucket in index.by_class.items()
        if "back" in name and ("pingback" in name or "trackback" in name)  # one test for most names
        for el in bucket[0]
        if el.tag == "li"
    ]
    return in_document_order(dict.fromkeys(ids + pings))


def _chrome_within(area: HtmlElement, chrome: set[HtmlElement]) -> Callable[[HtmlElement], bool] | None:
    """``in_chrome`` for the elements of ``area``, which is not chrome: whether a chrome element
    inside the area holds one (the span of page positions of each; a comment area holds a reply
    form or none), without walking up to the page's root per element. None when no chrome
    element is inside the area: none of its elements is chrome."""
    inside = within(area, chrome) if chrome else []
    if not inside:
        return None
    index = _index_of(area)
    if index is None:
        return lambda el: in_chrome(el, chrome)
    position = index.position
    spans = [(position[c], _end(position, c)) for c in inside]

    def is_chrome(el: HtmlElement) -> bool:
        at = position.get(el)
        if at is None:
            return in_chrome(el, chrome)
        return any(first <= at <= last for first, last in spans)

    return is_chrome


def _unnumbered_items(
    areas: Iterable[HtmlElement], chrome: set[HtmlElement], seen: set[HtmlElement]
) -> list[tuple[HtmlElement, int | None]]:
    """Comments without a ``comment-N`` id: the ``li`` of a comment list (``li class="alt"``), or
    elements whose class is ``comment``, in the page's comment areas."""
    found: list[tuple[HtmlElement, int | None]] = []
    for area in areas:
        if in_chrome(area, chrome):
            continue
        lists = [area] if area.tag in ("ol", "ul") else area.findall(".//ol") + area.findall(".//ul")
        top = next((lst for lst in lists if lst.find("li") is not None), None)
        items = list(top.iterchildren("li")) if top is not None else select(area, ".comment")
        found += [(el, None) for el in items if el not in seen and text_of(el)]
        seen.update(el for el, _ in found)
    return found


def _with_unmarked_pings(
    candidates: list[tuple[HtmlElement, int | None]], seen: set[HtmlElement]
) -> list[tuple[HtmlElement, int | None]]:
    """Add the pings a list shows as a bare ``li`` (no id, no class) beside its comments, found by
    their "Pingback:" / "Trackback:" label, in document order."""
    lists = {el.getparent() for el, number in candidates if number is not None and el.tag == "li"}
    if not lists:
        return candidates
    pings = {
        li: None
        for parent in lists
        if parent is not None
        for li in parent.iterchildren("li")
        if li not in seen and li.get("id") is None and _is_ping_li(li)
    }
    if not pings:
        return candidates
    numbers = dict([*candidates, *pings.items()])
    return [(el, numbers[el]) for el in in_document_order(numbers)]


def read_comments(
    items: list[tuple[HtmlElement, int | None]], areas: list[HtmlElement], profile: Profile, scope: CommentScope
) -> list[Comment]:
    item_set = {el for el, _ in items}
    index = ItemIndex(item_set, areas)
    numbers = dict(items)
    spans = index.spans()
    comments = []
    for el, number in items:
        # no item and no reply list above: a top-level comment, without the walk up to the page's root
        top = spans is not None and spans.under_any(el) is False
        parent = None if top else _parent_of(el, item_set, numbers)
        comments.append(_read_comment(el, number, parent, index, profile, scope))
    return comments


def in_chrome(el: HtmlElement, chrome: set[HtmlElement]) -> bool:
    return el in chrome or any(a in chrome for a in el.iterancestors())


def _item_number(el: HtmlElement) -> int | None:
    key = el.get("id") or ""
    match = (_ITEM_ID.match(key) if _may_number(key) else None) or _disqus_post(el)
    return int(match.group(1)) if match else None


def _may_number(key: str) -> bool:
    """Whether ``_ITEM_ID`` can match the id ``key``: only when it ends in a digit (``\\d``, a
    decimal) or in a newline (``$`` matches before a last one). A test of one character, not a
    regex call, for "comments", "commentform", "comment_parent" and the like."""
    last = key[-1:]
    return last.isdecimal() or last == "\n"


def _disqus_post(el: HtmlElement) -> re.Match[str] | None:
    """A comment Disqus rendered into the page (``#disqus_thread ul#post-list > li.post#post-N``),
    kept when the page was saved after the thread loaded."""
    if el.tag != "li" or "post" not in _classes(el):
        return None
    match = _DISQUS_POST.match(el.get("id") or "")
    if match is None or not any(a.get("id") in _DISQUS_LISTS for a in el.iterancestors()):
        return None
    return match


def _is_ping_li(el: HtmlElement, head: _Head | None = None) -> bool:
    """A ping listed as an ``li`` without an id: by its class, the label it starts with, or the
    list of pings it stands in (Thesis's ``ul#trackback_list``: a link to the linking post, no label).
    ``head`` reads ``el``'s text start when the caller has one."""
    if el.tag != "li":
        return False
    if _PING_CLASS.search(el.get("class") or ""):
        return True
    if el.get("id") is not None:
        return False
    start = head(20) if head is not None else text_start(el, 20)
    return bool(_PING_TEXT.match(start)) or _ping_list(el) is not None


class _Head:
    """The start of a comment's text (``text_start(el, 40)``), read once: the ping tests of
    the author, date and type ask for it up to three times."""

    __slots__ = ("el", "text")

    def __init__(self, el: HtmlElement) -> None:
        self.el = el
        self.text: str | None = None

    def __call__(self, limit: int) -> str:
        """``text_start(el, limit)``; ``limit`` at most 40 (the start of a longer start is the shorter one)."""
        if self.text is None:
            self.text = text_start(self.el, _HEAD)
        return self.text[:limit]


_HEAD = 40


def _ping_list(el: HtmlElement) -> str | None:
    """ "trackback" or "pingback" when ``el`` is an item of a list of pings (by the list's id or class)."""
    parent = el.getparent()
    marks = f"{parent.get('id') or ''} {parent.get('class') or ''}" if parent is not None else ""
    if parent is None or parent.tag not in ("ul", "ol") or not _PING_LIST.search(marks):
        return None
    return "trackback" if "trackback" in marks.lower() else "pingback"


def _outermost_per_number(candidates: list[tuple[HtmlElement, int | None]]) -> list[tuple[HtmlElement, int | None]]:
    by_number: dict[int, HtmlElement] = {}
    kept: list[tuple[HtmlElement, int | None]] = []
    for el, number in candidates:
        if number is not None and number in by_number:
            continue  # an inner wrapper or a duplicate anchor of a comment already taken
        if number is not None:
            by_number[number] = el
        kept.append((el, number))
    return kept


def _parent_of(el: HtmlElement, items: set[HtmlElement], numbers: dict[HtmlElement, int | None]) -> int | None:
    in_list = False  # replies sit in a list (ul.children); an item inside another's text is broken markup
    for ancestor in el.iterancestors():
        if ancestor in items:
            if in_list or _depth(el) > 1:
                return numbers[ancestor]
            return _parent_of(ancestor, items, numbers)  # an unclosed tag swallowed the next comment
        in_list = in_list or ancestor.tag in _LISTS or "children" in (ancestor.get("class") or "").split()
        if "children" in (ancestor.get("class") or "").split():
            previous = ancestor.getprevious()  # a theme that closes the </li> before its children
            while previous is not None and previous not in items:
                previous = previous.getprevious() if previous.tag not in ("li", "div", "article") else None
            if previous is not None:
                return numbers[previous]
    return None


class _Spans:
    """A page's comment items and reply lists as the spans of document positions their subtrees
    cover (nested or apart, as subtrees are): the owner of a match (``ItemIndex.owner``: the
    nearest item above it, None when a reply list comes first) is the innermost span around its
    position, found by a bisect and a few steps out instead of a walk of its ancestors."""

    __slots__ = ("ends", "leaves", "outer", "owner", "position", "starts")

    def __init__(self, items: ElementsWithin, lists: ElementsWithin, item_set: set[HtmlElement]) -> None:
        assert items.index is not None
        self.position = position = items.index.position
        placed = dict(zip(lists.positions, lists.sorted, strict=True))
        placed.update(zip(items.positions, items.sorted, strict=True))  # an item with class "children" is an item
        self.starts = sorted(placed)
        self.ends = [_end(position, placed[at]) for at in self.starts]
        self.owner: list[HtmlElement | None] = [placed[at] if placed[at] in item_set else None for at in self.starts]
        total = len(self.starts)
        # the items whose span holds no other span: no item and no reply list inside them (most comments)
        self.leaves = {
            el
            for number, el in enumerate(self.owner)
            if el is not None and (number + 1 == total or self.starts[number + 1] > self.ends[number])
        }
        self.outer: list[int] = []  # the innermost span around each span (-1: none)
        open_spans: list[int] = []
        for number, at in enumerate(self.starts):
            while open_spans and self.ends[open_spans[-1]] < at:
                open_spans.pop()
            self.outer.append(open_spans[-1] if open_spans else -1)
            open_spans.append(number)

    def owners(self, matches: list[HtmlElement], items: set[HtmlElement]) -> list[HtmlElement | None] | None:
        """Each match's owner; None when a match is not in the page's index."""
        found: list[HtmlElement | None] = []
        get, owner = self.position.get, self.owner
        for match in matches:
            if match in items:
                found.append(match)
                continue
            at = get(match)
            if at is None:
                return None
            span = self._around(at)
            found.append(owner[span] if span >= 0 else None)
        return found

    def file(
        self,
        matches: list[HtmlElement],
        items: set[HtmlElement],
        owned: dict[HtmlElement, list[HtmlElement]],
        owner_of: Callable[[HtmlElement], HtmlElement | None],
    ) -> None:
        """Append each match to its owner's list in ``owned``, in order (a match without one is
        left out): ``owners`` and the filing in one loop, ``_around`` written inline. A match
        not in the page's index is asked of ``owner_of`` (``ItemIndex.owner``, the walk)."""
        get, owner, starts, ends, outer = self.position.get, self.owner, self.starts, self.ends, self.outer
        for match in matches:
            if match in items:
                found: HtmlElement | None = match
            else:
                at = get(match)
                if at is None:
                    found = owner_of(match)
                else:
                    span = bisect_left(starts, at) - 1  # _around
                    while span >= 0 and ends[span] < at:
                        span = outer[span]
                    found = owner[span] if span >= 0 else None
                if found is None:
                    continue
            row = owned.get(found)
            if row is None:
                owned[found] = [match]
            else:
                row.append(match)

    def holes(self, el: HtmlElement) -> list[tuple[int, int, bool]] | None:
        """The spans right inside the span of the item ``el`` (its replies and reply lists, each
        with all it holds), in order: first and last position and whether it is an item's. None
        when ``el`` has no span. A node inside ``el`` that none of them holds is owned by ``el``
        (``ItemIndex.owner``), and so is a reply list itself (the walk up starts above it)."""
        at = self.position.get(el)
        starts, ends = self.starts, self.ends
        span = bisect_left(starts, at) if at is not None else len(starts)
        if span == len(starts) or starts[span] != at or self.owner[span] is not el:
            return None
        last, total = ends[span], len(starts)
        holes: list[tuple[int, int, bool]] = []
        inner = span + 1
        while inner < total and starts[inner] <= last:
            end = ends[inner]
            holes.append((starts[inner], end, self.owner[inner] is not None))
            inner += 1
            while inner < total and starts[inner] <= end:  # the spans inside this one
                inner += 1
        return holes

    def under_any(self, el: HtmlElement) -> bool | None:
        """Whether an item or a reply list is above ``el`` (None when ``el`` is not in the index)."""
        at = self.position.get(el)
        return None if at is None else self._around(at) >= 0

    def _around(self, at: int) -> int:
        """The innermost span around position ``at`` (not starting there), -1 when none is."""
        starts, ends, outer = self.starts, self.ends, self.outer
        span = bisect_left(starts, at) - 1  # the last span that starts before ``at``
        while span >= 0 and ends[span] < at:
            span = outer[span]  # it ended before ``at``: the span around it
        return span


def _reply_lists_of_page(el: HtmlElement) -> ElementsWithin | None:
    """The reply lists of ``el``'s page, from its index of classes (None when it has none): every
    element with ``children`` among its classes is filed under a class word holding that word
    (the index splits at XML white space only, ``str.split`` at more)."""
    index = _index_of(el)
    if index is None:
        return None
    by_class = index.by_class
    # the class words that str.split to a "children" (an element's str.split words are its class
    # words' str.split words): every element filed under one is a reply list, and the elements of
    # "menu-item-has-children" and the like get no proxy and no test. A substring test per class
    # word first (a page has hundreds): in the compiled module a C call each, cheaper than a regex
    names = [name for name in by_class if "children" in name and "children" in name.split()]
    return ElementsWithin(dict.fromkeys(e for name in names for e in by_class[name][0]))


def _is_reply_list(el: HtmlElement) -> bool:
    """A reply list as the comment reader tells one: ``children`` among its classes (``str.split``)."""
    return "children" in (el.get("class") or "").split()


def _depth(el: HtmlElement) -> int:
    """comment_class()'s ``depth-N``; 0 when the item does not say."""
    found = _DEPTH.search(el.get("class") or "")
    return int(found.group(1)) if found else 0


class ItemIndex:
    """The comment items, and each selector's matches grouped by the comment that owns them.

    A selector is run once over the comment areas (not once per comment); a match belongs to
    the nearest comment item above it, never to a parent comment of that item.
    """

    def __init__(self, items: set[HtmlElement], roots: list[HtmlElement]) -> None:
        self.items = items
        self.roots = roots
        self.inside = ElementsWithin(items)  # the items inside a scope
        self._inside_items: dict[HtmlElement, list[HtmlElement]] = {}  # inside_item's answers
        self._owned: dict[str, dict[HtmlElement, list[HtmlElement]]] = {}
        self._owners: dict[HtmlElement, HtmlElement | None] = {}
        self._above: dict[HtmlElement, HtmlElement | None] = {}  # _find_owner's answer for an ancestor
        # own's selectors that can match on the page, by the id of the tuple asked about: (it, them)
        self._live: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._lists: ElementsWithin | None = None  # the page's reply lists (nested); None: no page index
        self._lists_read = False
        self._rooted: set[HtmlElement] | None = None  # rooted(), on first use
        self._spans_found: _Spans | None = None  # spans(), on first use
        self._spans_read = False
        self._children: ElementsWithin | None = None  # the page's elements of class word "children"
        # owned_set's tables, by the id of the group asked about: (the group, the table)
        self._owned_any: dict[int, tuple[tuple[str, ...], dict[HtmlElement, list[HtmlElement]]]] = {}

    def nested(self, el: HtmlElement) -> set[HtmlElement]:
        """The items and the reply lists (class ``children``, split as ``str.split`` splits) among
        ``el``'s descendants: on an indexed page a bisect each (``ElementsWithin``) instead of a
        walk of every descendant (a parent comment's walk goes through all its replies)."""
        lists = self._reply_lists(el)
        if lists is None:
            return {c for c in el.iterdescendants() if c in self.items or _is_reply_list(c)}
        found = {*self.inside_item(el), *lists(el)}
        found.discard(el)
        return found

    def holds_none(self, el: HtmlElement) -> bool:
        """Whether the comment item ``el`` holds no other item and no reply list (a class word
        ``children``, as ``str.split`` splits; the page's ``.children`` are among them): its span
        holds no other (``_Spans.leaves``). False when the page has no spans."""
        spans = self.spans()
        return spans is not None and el in spans.leaves

    def inside_item(self, el: HtmlElement) -> list[HtmlElement]:
        """``inside(el)`` for a comment item ``el``, looked up once per item (``_swallowed``,
        ``nested`` and ``_reply_lists`` each ask for a comment with replies). The list is
        shared: callers do not change it."""
        found = self._inside_items.get(el)
        if found is None:
            found = self._inside_items[el] = self.inside(el)
        return found

    def _reply_lists(self, el: HtmlElement) -> ElementsWithin | None:
        """``_reply_lists_of_page`` for ``el``'s page, once."""
        if not self._lists_read:
            self._lists, self._lists_read = _reply_lists_of_page(el), True
        return self._lists

    def children_class(self, el: HtmlElement) -> list[HtmlElement]:
        """``select(el, ".children")``: on an indexed page a bisect in the page's elements of
        class word "children" (made once per page), not a look-up per comment body."""
        if self._children is None:
            index = _index_of(el)
            if index is None:
                return select(el, ".children")
            bucket = index.by_class.get("children")
            self._children = ElementsWithin(bucket[0] if bucket is not None else ())
        return self._children(el)

    def rooted(self) -> set[HtmlElement]:
        """The items inside the roots (all of them but a ping beside a root that is an item itself)."""
        if self._rooted is None:
            self._rooted = {el for root in self.roots for el in self.inside(root)}
        return self._rooted

    def own(self, el: HtmlElement, selectors: tuple[str, ...]) -> Iterator[tuple[HtmlElement, str]]:
        """Matches inside comment ``el`` that do not belong to a nested reply, selector by selector
        (lazily: a selector's matches are looked up only when the ones before it gave nothing;
        the selectors that cannot match on the page are left out once per page: ``possible``).
        The reader loops over ``live`` and ``owned`` itself (no generator per comment and group)."""
        for selector in self.live(selectors):
            for match in self.owned(selector, el):
                yield match, selector

    def live(self, selectors: tuple[str, ...]) -> tuple[str, ...]:
        """``possible(selectors)`` on the page, once per page and group."""
        seen = self._live.get(id(selectors))  # by identity: a profile's tuple of 24 selectors hashes slowly
        if seen is not None and seen[0] is selectors:
            return seen[1]
        live = possible(self.roots[0], selectors) if self.roots else ()
        self._live[id(selectors)] = (selectors, live)  # the tuple kept: its id is not reused meanwhile
        return live

    def owned(self, selector: str, el: HtmlElement) -> list[HtmlElement]:
        """The matches of ``selector`` that comment ``el`` owns, in document order."""
        owned = self._owned.get(selector)
        if owned is None:
            owned = self._by_owner(selector)
        return owned.get(el, _NONE)

    def first_owned(self, el: HtmlElement, selectors: tuple[str, ...]) -> HtmlElement | None:
        """``own``'s first match, None when it has none."""
        for selector in self.live(selectors):
            found = self.owned(selector, el)
            if found:
                return found[0]
        return None

    def owned_set(self, el: HtmlElement, selectors: tuple[str, ...]) -> set[HtmlElement]:
        """Every match ``own`` gives, as a set: from one table per page and group (the matches of
        all its live selectors at once, ``select_any``), not a look-up per selector (a comment's
        strip group has about ten live selectors, every one asked for every comment)."""
        seen = self._owned_any.get(id(selectors))  # by identity, as live()
        if seen is None or seen[0] is not selectors:
            seen = self._owned_any[id(selectors)] = (selectors, self._by_owner_any(self.live(selectors)))
        return set(seen[1].get(el, _NONE))

    def _by_owner_any(self, selectors: tuple[str, ...]) -> dict[HtmlElement, list[HtmlElement]]:
        """``_by_owner`` of the matches of any of ``selectors``."""
        if not selectors:
            return {}
        return self._filed(lambda root: select_any(root, selectors))

    def _by_owner(self, selector: str) -> dict[HtmlElement, list[HtmlElement]]:
        owned = self._owned.get(selector)
        if owned is None:
            owned = self._owned[selector] = self._filed(lambda root: select(root, selector))
        return owned

    def _filed(self, matches_in: Callable[[HtmlElement], list[HtmlElement]]) -> dict[HtmlElement, list[HtmlElement]]:
        """The matches ``matches_in`` finds under each root, filed by the item that owns them."""
        owned: dict[HtmlElement, list[HtmlElement]] = {}
        spans = self.spans()
        for root in self.roots:
            matches = matches_in(root)
            if spans is not None:
                spans.file(matches, self.items, owned, self.owner)
                continue
            for match in matches:
                owner = self.owner(match)
                if owner is not None:
                    owned.setdefault(owner, []).append(match)
        return owned

    def spans(self) -> _Spans | None:
        """The items and reply lists as spans of page positions (None when the page has no
        index, or an item is not in it), once."""
        if not self._spans_read:
            self._spans_read = True
            lists = self._reply_lists(self.inside.elements[0]) if self.inside.elements else None
            if lists is not None and self.inside.index is not None and len(self.inside.sorted) == len(self.items):
                self._spans_found = _Spans(self.inside, lists, self.items)
        return self._spans_found

    def owner(self, match: HtmlElement) -> HtmlElement | None:
        known = self._owners.get(match, _UNKNOWN)
        if known is not _UNKNOWN:
            return known
        found = self._find_owner(match)
        self._owners[match] = found
        return found

    def _find_owner(self, match: HtmlElement) -> HtmlElement | None:
        """``match`` when it is an item, else the nearest item above it, unless a reply list
        (``.children``) comes first (None). What an ancestor leads to is remembered
        (``_above``): the matches of one comment share their ancestors up to it."""
        items = self.items
        if match in items:
            return match
        above = self._above
        path: list[HtmlElement] = []
        found: HtmlElement | None = None
        for ancestor in match.iterancestors():
            known = above.get(ancestor, _UNKNOWN)
            if known is not _UNKNOWN:
                found = known
                break
            path.append(ancestor)
            if ancestor in items:
                found = ancestor
                break
            if "children" in (ancestor.get("class") or "").split():
                break
        for ancestor in path:  # each leads to what the walk found (itself, for an item)
            above[ancestor] = found
        return found


def _read_comment(
    el: HtmlElement,
    number: int | None,
    parent: int | None,
    items: ItemIndex,
    profile: Profile,
    scope: CommentScope,
) -> Comment:
    comment = Comment(id=number, parent=parent, status="approved")
    comment.provenance = [Provenance(scope.path, scope.rule, f"#comment-{number}" if number else None)]
    if number is not None:
        comment.url = f"{scope.base}#comment-{number}" if scope.base else f"#comment-{number}"
    swallowed = _swallowed(el, items)  # broken markup: what a later comment or the page put inside this one
    head = _Head(el)
    author_el = _read_author(el, comment, items, profile, scope, swallowed, head)
    date_el = _read_date(el, comment, items, profile, scope, swallowed, head)
    comment.type = _comment_type(el, author_el, head)
    avatar = items.first_owned(el, _AVATAR)
    if avatar is not None:
        comment.avatar_url = link_url_of_image(avatar, scope.base)
    meta = {e for e in (author_el, date_el) if e is not None}
    comment.content = _read_body(el, items, profile, scope, meta, swallowed) or None
    return comment


def _read_author(
    el: HtmlElement,
    comment: Comment,
    items: ItemIndex,
    profile: Profile,
    scope: CommentScope,
    swallowed: set[HtmlElement],
    head: _Head,
) -> HtmlElement | None:
    for selector in items.live(profile.comment_author):
        for match in items.owned(selector, el):
            if match is el or _in_any(match, swallowed):
                continue  # a class on the comment itself (comment-author-NAME): the whole comment is no name
            text, anchor = _name_part(match)
            name = clean_name(text)
            if name:
                comment.author = name
                comment.author_url = link_url(anchor if anchor is not None else match, scope.base, inside=False)
                return match
    if _is_ping_li(el, head) or _PING_TEXT.match(head(40)):
        anchor = next(iter(el.iterfind(".//a[@href]")), None)
        if anchor is not None:
            comment.author = clean_name(text_of(anchor))
            comment.author_url = link_url(anchor, scope.base)
            return anchor
    return _author_in_text(el, comment, items, scope)


def _author_in_text(el: HtmlElement, comment: Comment, items: ItemIndex, scope: CommentScope) -> HtmlElement | None:
    """A byline written as text: "NAME said,", "NAME a dit :", "by NAME on DATE", "NAME on DATE"."""
    for line in _own_short_lines(el, items)[:_NAME_LINES]:
        text = text_start(line, _MAX_DATE_LINE + 1)
        if len(text) > _MAX_DATE_LINE:
            continue
        match = _SAID.match(text) or _NAME_ON_DATE.match(text)
        name = clean_name(match.group("name")) if match else None
        if name and len(name.split()) <= _MAX_NAME_WORDS:
            comment.author = name
            anchor = next(iter(line.iterfind(".//a[@href]")), None)
            comment.author_url = link_url(anchor, scope.base) if anchor is not None else None
            return line
    return None


def _is_comment_date_link(node: HtmlElement) -> bool:
    """A link to the comment itself (``#comment-N``) or one whose text is a date."""
    if node.tag != "a":
        return False
    return "#comment" in (node.get("href") or "") or parse_shown_date(text_of(node)) is not None


def _name_part(el: HtmlElement) -> tuple[str, HtmlElement | None]:
    """The text of an author element up to the date, meta or reply link some themes put inside
    it (OceanWP's ``.comment-author`` holds name, date and "Reply"), and the link in that part."""
    parts: list[str] = []
    anchor: list[HtmlElement] = []
    _walk_name(el, el, parts, anchor)
    return " ".join("".join(parts).split()), (anchor[0] if anchor else None)


def _walk_name(node: HtmlElement, el: HtmlElement, parts: list[str], anchor: list[HtmlElement]) -> bool:
    """``_name_part``'s walk of ``node`` (inside the author element ``el``): its text into
    ``parts``, its first link into ``anchor``; False where the name ends. A function of its own,
    not a closure that calls itself (a reference cycle per comment, holding the page). The tag
    is read once (lxml makes a new string per read); only a link can be the permalink."""
    tag = node.tag
    if node is not el:
        if tag in ("time", "small"):
            return False
        classes = node.get("class")
        if classes and _NOT_NAME.search(classes):  # no regex call for an element without a class
            return False
        if tag == "span" and parts and _AUTHOR_BADGE.match(text_of(node)):
            return True  # the post author's badge after the name (Twenty Twelve, ColorMag): no part of it
        if tag == "a" and "".join(parts).strip() and _is_comment_date_link(node):
            return False  # the comment's permalink, its date, glued to the name ("puppy26.05.2008, 22:30")
    if tag == "a" and node.get("href") and not anchor:
        anchor.append(node)
    if node.text and tag not in ("script", "style"):
        parts.append(node.text)
    for child in node:
        if isinstance(child.tag, str) and not _walk_name(child, el, parts, anchor):
            return False
        if child.tail:
            parts.append(child.tail)
    return True


def _read_date(
    el: HtmlElement,
    comment: Comment,
    items: ItemIndex,
    profile: Profile,
    scope: CommentScope,
    swallowed: set[HtmlElement],
    head: _Head,
) -> HtmlElement | None:
    for selector in items.live(profile.comment_date):
        for match in items.owned(selector, el):
            found = read_date(match, scope.language) if not _in_any(match, swallowed) else None
            if found and found.local:
                comment.date, comment.date_gmt = found.local, found.utc
                return match
    if _is_ping_li(el, head):
        return None  # pings show no date of their own
    lines = _own_short_lines(el, items)
    for at, match in enumerate(lines):  # "Comment by NAME — DATE @ TIME", "by NAME on DATE"
        if _in_any(match, swallowed):
            continue
        text = start = text_start(match, _MAX_DATE_LINE + 1)
        if len(text) > _MAX_DATE_LINE and swallowed:  # broken markup put the text in the byline: its own words
            text = _leading_text(match)
        found = (
            _date_in(text, match, scope.language, start)
            if len(text) <= _MAX_DATE_LINE and _HAS_YEAR.search(text)
            else None
        )
        if found and found.local:
            comment.date, comment.date_gmt = found.local, found.utc
            return _date_element(match, lines[at + 1 :], found, scope.language)
    return None


def _date_element(line: HtmlElement, later: list[HtmlElement], found: DateFound, language: str | None) -> HtmlElement:
    """The smallest of the ``later`` lines inside ``line`` that shows the same date: the date's own
    element, not a short comment's whole text block (which the body must keep)."""
    for inner in later:
        if any(a is line for a in inner.iterancestors()):
            again = read_date(inner, language)
            if again is not None and again.local == found.local:
                line = inner
    return line


def _date_in(text: str, el: HtmlElement, language: str | None, start: str) -> DateFound | None:
    """The date in ``text``, the words of ``el`` (or the part of them before its first block);
    ``start``: ``el``'s ``text_start(el, _MAX_DATE_LINE + 1)``."""
    if text == start:
        return read_date(el, language)
    holder = el.makeelement("span", {})
    holder.text = text
    return read_date(holder, language)


def _leading_text(el: HtmlElement) -> str:
    """The words of ``el`` before its first block child ("Ann on July 4, 2020" in a byline whose
    unclosed tag swallowed the comment's text)."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag in _BLOCKS:
            break
        parts += [text_of(child) if isinstance(child.tag, str) else "", child.tail or ""]
    return " ".join(" ".join(parts).split())


def _in_any(el: HtmlElement, elements: set[HtmlElement]) -> bool:
    """Whether ``el`` is one of ``elements`` or inside one."""
    return bool(elements) and (el in elements or any(a in elements for a in el.iterancestors()))


def _own_short_lines(el: HtmlElement, items: ItemIndex) -> list[HtmlElement]:
    """The comment's own text elements (not its replies'), in order, the first few only: on an
    indexed page, those outside the spans right inside the comment's (``_Spans.holes``) by their
    positions, instead of the owner of each (an ancestor walk each, through all the replies)."""
    spans = items.spans()
    holes = spans.holes(el) if spans is not None else None
    if spans is None or holes is None:
        return _own_short_lines_walked(el, items)
    position = spans.position
    found: list[HtmlElement] = []
    hole, count = 0, len(holes)
    for match in el.iter(*_DATE_IN_TEXT):
        if match is el:
            continue
        at = position.get(match)
        if at is None:
            return _own_short_lines_walked(el, items)
        while hole < count and holes[hole][1] < at:
            hole += 1
        if hole < count and holes[hole][0] <= at and (at != holes[hole][0] or holes[hole][2]):
            continue  # in a reply or a reply list, or a reply itself (a reply list itself is the comment's)
        found.append(match)
        if len(found) >= _DATE_LINES:
            break
    return found


def _own_short_lines_walked(el: HtmlElement, items: ItemIndex) -> list[HtmlElement]:
    """``_own_short_lines`` by the owner of each text element (``ItemIndex.owner``)."""
    found: list[HtmlElement] = []
    for match in el.iter(*_DATE_IN_TEXT):
        if match is not el and items.owner(match) is el:
            found.append(match)
            if len(found) >= _DATE_LINES:
                break
    return found


def _comment_type(el: HtmlElement, author_el: HtmlElement | None, head: _Head) -> str:
    classes = el.get("class") or ""
    for kind in PING_TYPES:
        if kind in classes and kind in classes.split():  # split only when the word is in the string
            return kind
    match = _PING_TEXT.match(head(40))
    if match:
        return match.group(1).lower()
    return (_ping_list(el) if el.get("id") is None else None) or "comment"


def _read_body(
    el: HtmlElement,
    items: ItemIndex,
    profile: Profile,
    scope: CommentScope,
    meta: set[HtmlElement],
    swallowed: set[HtmlElement],
) -> str:
    if el.tag == "dt":  # a definition list of comments: the byline in the dt, the text in the dd after it
        text = el.getnext()
        while text is not None and not isinstance(text.tag, str):
            text = text.getnext()
        if text is None or text.tag != "dd":
            return ""
        return inner_html(text, profile.comment_strip, set(), scope.base)  # the copy only where needed
    stripped = items.owned_set(el, profile.comment_strip)  # one look-up per page, not per comment
    stripped |= swallowed
    match = _body_of(el, items, profile.comment_body)
    if match is not None:
        drop: set[HtmlElement] = set()  # one set, filled (no set per part and per union)
        if not items.holds_none(el):  # else no item and no reply list is inside el, nor in match
            drop.update(items.inside(match))
            drop.update(items.children_class(match))
        drop |= meta
        drop |= stripped
        doomed = _doomed(match, (), drop)  # once, for both tests
        if _as_is(match, drop, scope.base, doomed):
            body = match
        else:
            html = _pruned_html(match, doomed, scope.base)
            if html is not None:
                return html
            body = body_copy(match, (), drop, scope.base)
        start = text_start(body, _LABEL_ONLY_MAX)  # a short ping shows its label alone
        return "" if len(start) < _LABEL_ONLY_MAX and _PING_LABEL_ONLY.match(start) else html_inside(body)
    nested = items.nested(el)
    nested |= _reply_lists(el, items)
    blocks = _body_blocks(el, nested | stripped, _lineage(meta))  # nested holds every item _body_blocks meets
    inside = (nested | stripped) - {el}  # replies and swallowed markup deeper in a block
    strip = _block_strip(el, items, profile.comment_strip)
    return "\n".join(outer_html(b, strip, scope.base, inside) for b in blocks).strip()


def _body_of(el: HtmlElement, items: ItemIndex, selectors: tuple[str, ...]) -> HtmlElement | None:
    """The first match of ``selectors`` that comment ``el`` owns, other than ``el`` itself."""
    for selector in items.live(selectors):
        for match in items.owned(selector, el):
            if match is not el:
                return match
    return None


def _block_strip(el: HtmlElement, items: ItemIndex, strip: tuple[str, ...]) -> tuple[str, ...]:
    """What ``outer_html`` strips from comment ``el``'s blocks besides ``inside``: nothing when
    ``el`` lies in the index's roots. Then every ``strip`` match in a block is in ``inside``
    (owned by ``el``) or inside a reply or reply list that is (owned by no one or by the reply),
    so a ``select_any`` per block would doom nothing more."""
    return () if el in items.rooted() else strip


def _as_is(el: HtmlElement, drop: set[HtmlElement], base: str | None, doomed: list[HtmlElement] | None = None) -> bool:
    """Whether ``body_copy(el, (), drop, base)`` would be ``el``'s subtree as it is, so that the
    body is read and serialized from the page without the copy (fields' tests, which
    ``inner_html`` and ``outer_html`` use the same way). ``doomed``: ``_doomed(el, (), drop)``
    when the caller has it (the copy's path takes it too)."""
    if doomed is None:
        doomed = _doomed(el, (), drop)
    return not doomed and _untouched(el, base)


_WHITE = frozenset(" \t\n")  # white space that HTML serializes as it is


def _pruned_html(body: HtmlElement, doomed: list[HtmlElement], base: str | None) -> str | None:
    """``html_inside(body_copy(body, (), drop, base))`` (``doomed``: ``_doomed(body, (), drop)``)
    without copying ``body``, when every element the copy leaves out lies in a child of ``body``
    left out whole (the byline, meta line and reply link beside a comment's text: 117 of the 124
    comment bodies a pass that are copied), and a kept child shows at least ``_LABEL_ONLY_MAX``
    characters (then the body is no ping's label alone: its text is at least as long). None
    otherwise: the copy answers.

    The copy's children are the kept ones, each serialized as ``copy_html`` serializes it (from
    the page when its own copy would be the same). A removed child's tail (a child left out, an
    HTML comment ``_cleaned`` strips) joins what comes before it, as lxml's removals join it: the
    body's text, which ``html_inside`` escapes (``text_html``), or the tail of the kept child
    before it, serialized with it (taken here only when it is white space, which serializes as it is)."""
    left_out = set(doomed)
    for victim in doomed:  # the child of body holding each one must be left out itself
        node, parent = victim, victim.getparent()
        while parent is not body:
            if parent is None:
                return None
            node, parent = parent, parent.getparent()
        if node not in left_out:
            return None
    parts = [body.text or ""]
    long_enough = False
    for child in body:
        tag = child.tag
        if tag is etree.Comment or child in left_out:
            tail = child.tail
            if not tail:
                continue
            if len(parts) == 1:  # no kept child before it: the body's text
                parts[0] += tail
            elif _WHITE.issuperset(tail):
                parts.append(tail)
            else:
                return None
        elif isinstance(tag, str):
            parts.append(copy_html(child, (), set(), base))
            if not long_enough and tag not in _NO_TEXT:
                long_enough = len(text_start(child, _LABEL_ONLY_MAX)) >= _LABEL_ONLY_MAX
        else:  # a processing instruction or an entity: the copy answers
            return None
    parts[0] = text_html(parts[0])
    return "".join(parts).strip() if long_enough else None


_NO_TEXT = frozenset(("script", "style"))


def _reply_lists(el: HtmlElement, items: ItemIndex) -> set[HtmlElement]:
    """The lists inside comment ``el`` that hold its replies (a ``ul`` without the ``children`` class)."""
    lists: set[HtmlElement] = set()
    for reply in items.inside_item(el):
        for ancestor in reply.iterancestors() if reply is not el else ():
            if ancestor is el or ancestor in lists:
                break
            if ancestor.tag in _LISTS:
                lists.add(ancestor)
    return lists


def _swallowed(el: HtmlElement, items: ItemIndex) -> set[HtmlElement]:
    """What broken markup put inside this comment after a later comment (an unclosed ``div``
    swallows the rest of the list, the reply form, the sidebar): the later comment and all that
    follows it, at every level up to ``el``. The items inside ``el`` come in document order from
    the index (the order of ``el.iterdescendants()``, without walking the comment's subtree)."""
    if items.holds_none(el):  # no item inside the comment (most): nothing to cut
        return set()
    inside = items.inside_item(el)
    if len(inside) == 1 and inside[0] is el:
        return set()
    later = next((d for d in inside if d is not el and not _listed_below(d, el)), None)
    cut: set[HtmlElement] = {later} if later is not None else set()
    node = later
    while node is not None and node is not el:
        cut.update(s for s in node.itersiblings() if isinstance(s.tag, str))
        node = node.getparent()
    return cut


def _listed_below(item: HtmlElement, top: HtmlElement) -> bool:
    """Whether a list (a reply list) lies between ``item`` and the comment ``top`` holding it."""
    for ancestor in item.iterancestors():
        if ancestor is top:
            return False
        if ancestor.tag in _LISTS or "children" in (ancestor.get("class") or "").split():
            return True
    return False


def _body_blocks(el: HtmlElement, skip: set[HtmlElement], lineage: set[HtmlElement]) -> list[HtmlElement]:
    """The comment's own paragraphs: block children that are not its byline, meta or replies
    (``lineage``: the byline and meta elements and all their ancestors)."""
    blocks: list[HtmlElement] = []
    for child in el:
        if not isinstance(child, HtmlElement) or child in skip or child.tag not in _BLOCKS:
            continue
        if child in lineage:  # the block is or holds the byline or meta
            if child.tag in _WRAPPERS:
                blocks += _body_blocks(child, skip, lineage)
            continue
        blocks.append(child)
    return blocks


def _lineage(elements: set[HtmlElement]) -> set[HtmlElement]:
    """``elements`` and all their ancestors: a block holds one of them when it is in this set."""
    return {a for m in elements for a in (m, *m.iterancestors())}


def link_url_of_image(img: HtmlElement, base: str | None) -> str | None:
    src = img.get("src") or img.get("data-src") or img.get("data-lazy-src")
    if not src:
        return None
    return join_url(base, src) if base else src
