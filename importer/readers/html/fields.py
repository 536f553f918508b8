"""Reading one value out of a matched element: text, names, dates, term links, body HTML.

Shared by the post engine and the comment reader. Pure functions of elements (no profile logic).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache, partial

import lxml.html
from lxml import etree
from lxml.html import HtmlElement, HtmlMixin

from ...transforms.urls import join_url
from .css import select_any, within

try:  # the compiled text walk (setup.py builds it; the Python code below stands in without it)
    from . import _cindex
except ImportError:  # pragma: no cover - a build without a C compiler
    _cindex = None  # type: ignore[assignment]
from .dates import MONTHS, folded, parse_machine_date, parse_shown_date, parse_time_of_day

_NAME_PREFIX = re.compile(
    r"^\s*(?:\d+\.\s*)?(?:posted by|written by|comment by|kommentar von|geschrieben von|verfasst von|"
    r"pingback von|trackback von|pingback by|trackback by|pingback:|trackback:|pingback|trackback|"
    r"autor:|author:|auteur\s?:|\u0430\u0432\u0442\u043e\u0440:|von|by|par|por|di|door|da|av|przez)\s+",
    re.I,
)
# (?<!\s) and possessive runs keep these linear on long runs of spaces (bench/audit_regexes.py)
_NAME_SUFFIX = re.compile(
    r"(?<!\s)\s*+(?:says|said|sagt|schreibt|meint|dit|a dit|dice|disse|diz|scrive|ha scritto|zegt|schreef|wrote)"
    r"\s*+:?\s*+$",
    re.I,
)
_NAME_CUT = re.compile(r"(?<!\s)\s+(?:\u2014|\u2013|-|\||@|on|am|le|el|il|op|em)\s")  # cut when a digit follows
_ZERO_COMMENTS = re.compile(
    r"^(no comments|no responses|keine kommentare|aucun commentaire|pas de commentaire|sin comentarios|"
    r"nessun commento|geen reacties|sem comentários|0 )",
    re.I,
)
# "By NAME", "Posted by: NAME", "Author: NAME" (a label needs its colon), then up to four words of
# name, which end at a separator, a date, or a word that starts the rest of the line ("on", "den").
_BYLINE = re.compile(
    r"(?:^|[\s|\u00b7\u2022,(])(?:(?:posted by|written by|published by|by|von|par|por|door|di|da|av|przez|"
    r"ver\u00f6ffentlicht von|geschrieben von|publi\u00e9 par|\u00e9crit par|publicado por|escrito por|"
    r"pubblicato da|scritto da|geplaatst door|geschreven door)(?:\s*:\s*|\s+)"
    r"|(?:author|autor|auteur|autore|skribent|\u0430\u0432\u0442\u043e\u0440)\s*:\s*)"
    r"([^\W\d_][\w.'\u2019-]*(?:\s+[^\W\d_][\w.'\u2019-]*){0,3}?)"
    r"(?=\s*(?:$|[|\u00b7\u2022,\u2014\u2013(]|\s-\s|"
    r"\s(?:on|am|le|el|il|op|em|at|in|um|\u00e0|a las|dans|en|im|nel|nella|na|no|i|w|kl|den|dnia|"
    r"\u0432|\u0432\u043e|\u0443|\u043e\u0442|"  # Russian, Ukrainian "in" (v, vo, u), "of" a date (ot)
    r"published|posted|updated|ver\u00f6ffentlicht|publi\u00e9|publicado|pubblicato|"
    # "by NAME under CATEGORY", "filed under", "unter", "sous", "bajo", "sotto", "onder", "sob"
    r"under|filed|unter|abgelegt|sous|class\u00e9|bajo|archivado|sotto|archiviato|onder|sob|arquivado)(?!\w)|"
    r"\s(?:" + "|".join(sorted((re.escape(m) for m in MONTHS if len(m) > 2), key=len, reverse=True)) + r")\.?\s*\d|"
    r"\d))",
    re.I,
)
# Each of _BYLINE's labels is one of these words or ends in one, and white space or a colon follows
# it: looked for in the text folded as re.I folds their letters (dates.folded), case-sensitively
# (the engine skips to their first letters), before _BYLINE, which tries every position
_BYLINE_WORDS = (
    *("by", "von", "par", "por", "door", "di", "da", "av", "przez"),
    *("author", "autor", "auteur", "autore", "skribent", "\u0430\u0432\u0442\u043e\u0440"),
)
_BYLINE_WORD = re.compile(f"(?:{'|'.join(_BYLINE_WORDS)})[\\s:]")
# characters a match of _BYLINE starts at most before the word its label ends in: the separator
# before the label and the label's other words ("ver\u00f6ffentlicht " has 15; re.I matches a
# character to one); tests/test_s16hbyline_fields.py works it out of _BYLINE's labels
_LABEL_LEAD = 16
# what comes before the word a match's label ends in, unless the word starts the text: the
# separator before a one-word label, the space inside a longer one (the text's only white space
# is " ", str.split's and \s's spaces being the same)
_BEFORE_LABEL_WORD = frozenset(" |\u00b7\u2022,(")
# what a link to the author's archive says instead of a name ("View Archive →", "View all posts")
_NAVIGATION = re.compile(
    r"[\u2190\u2192\u00bb\u00ab\u203a\u2039]|\b(?:view|see|all posts|archives?|more posts|read more|"
    r"alle beitr\u00e4ge|archiv|voir|tous les articles|ver todos|todas las entradas|vedi|tutti gli articoli|"
    r"bekijk|alle berichten|ver arquivo|ver archivo|todos os posts|zobacz|wszystkie wpisy)\b",
    re.I,
)


def is_navigation(text: str) -> bool:
    """Whether a link's text is a navigation phrase (arrows, "view", "all posts", "archive"):
    never a person's name."""
    return _NAVIGATION.search(text) is not None


_WORDS = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_SPLIT_DATE = 60  # a date split into spans is short
_DATE_ELEMENT = 80  # characters of text a date element holds at most ("Published on Monday, 3 March 2014 at 10:15")
_DATE_WORDS = frozenset(
    ("st", "nd", "rd", "th", "of", "de", "at", "am", "pm", "um", "à", "h", "kl", "\u043e", "\u0432")
)
_MAX_NAME = 200  # a pingback's "name" is the linking post's title
_COUNT = re.compile(r"(\d[\d.,]*)")
_SEGMENTS = re.compile(r"\s\|\s|\s•\s")  # a date line's parts ("May 4, 2020 | 3 Comments")
_NO_TEXT = frozenset(("script", "style"))
_TERM_JUNK = " \t\n#\u203a\u00bb\u00b7\u2022|,;:"


@dataclass(slots=True)
class DateFound:
    local: datetime | None
    utc: datetime | None
    shown: str  # the text or attribute the value came from


def text_of(el: HtmlElement | None) -> str:
    """Visible text, whitespace collapsed (non-breaking spaces too), scripts and styles left out."""
    if el is None:
        return ""
    if _cindex is not None:
        collapsed = _cindex.collapsed_text(el)  # one walk in C, collapsing as it copies
        if collapsed is not None:
            return collapsed
    found = _cindex.text(el) if _cindex is not None else None  # one walk in C, scripts and styles left out
    if found is not None:
        return " ".join(found[0].split())
    if isinstance(el.tag, str) and next(el.iter(*_NO_TEXT), None) is None:
        return " ".join("".join(el.itertext()).split())  # nothing to leave out: lxml joins in C
    parts = el.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
    return " ".join("".join(str(p) for p in parts).split())


def spaced_text(el: HtmlElement) -> str:
    """Visible text with a space between text nodes (``<span>12</span><span>May</span>`` reads
    "12 May", where ``text_of`` gives "12May")."""
    return " ".join(" ".join(_text_nodes(el)).split())


def text_start(el: HtmlElement, limit: int) -> str:
    """``text_of(el)[:limit]``, reading only as much of the element as that needs."""
    if _cindex is not None and limit >= 0:
        collapsed = _cindex.collapsed_text(el, limit)  # collapsed in C, up to the limit
        if collapsed is not None:
            return collapsed
    # a text node that is not UTF-8 as Python reads it: the text nodes walked in C, in growing
    # steps (an indented template's white space is not the whole thread read for a few words);
    # any start of the text nodes collapses to a prefix of the whole text, collapsed
    enough, read, head = 4 * limit + 64, -1, 2 * limit + 16
    while _cindex is not None:
        found = _cindex.text(el, enough)
        if found is None or (len(found[0]) == read and not found[1]):
            break  # not an element, or no more text and not complete (a script or style)
        start, complete = found
        if len(start) > head:  # mostly enough: a text has a few spaces in a row, not more
            collapsed = " ".join(start[:head].split())
            if len(collapsed) > limit:
                return collapsed[:limit]
        collapsed = " ".join(start[: 2 * enough].split())
        if len(collapsed) > limit:
            return collapsed[:limit]
        if complete and len(start) <= 2 * enough:
            return collapsed
        enough, read = enough * 8, len(start)
    parts: list[str] = []
    size, check_at = 0, 2 * limit
    for part in _text_nodes(el):
        parts.append(part)
        size += len(part)
        if size > check_at:
            collapsed = " ".join("".join(parts).split())  # a prefix of the whole text, collapsed
            if len(collapsed) > limit:
                return collapsed[:limit]
            check_at = 2 * size
    return " ".join("".join(parts).split())[:limit]


def _text_nodes(el: HtmlElement) -> Iterator[str]:
    """``_texts(el)``: lxml's ``itertext`` (in C) when no script or style is inside, which gives
    the same text nodes (comments' text left out, their tails kept)."""
    if isinstance(el.tag, str) and next(el.iter(*_NO_TEXT), None) is None:
        return el.itertext()
    return _texts(el)


def _texts(el: HtmlElement) -> Iterator[str]:
    """The text nodes inside ``el`` in document order, scripts, styles and comments left out."""
    if el.tag in _NO_TEXT:
        return
    if el.text and isinstance(el.tag, str):
        yield el.text
    for child in el:
        if isinstance(child.tag, str):
            yield from _texts(child)
        if child.tail:
            yield child.tail


def clean_name(text: str) -> str | None:
    """A person's name from a byline: no "by", "says:", numbering or trailing date."""
    name = " ".join(text.split())
    # _NAME_PREFIX.sub("", name): anchored at the start (^, no MULTILINE) and never empty, so its
    # one match at most is at the start; match does not try the positions after it
    # (white space follows its label, and " " is the only white space left: a name of one word has none)
    prefix = _NAME_PREFIX.match(name) if " " in name else None
    if prefix is not None:
        name = name[prefix.end() :]
    # cut at "NAME on DATE" when a digit follows the separator (no digit at all: no cut to look for)
    has_digit = _DIGIT.search(name) is not None
    cut = _NAME_CUT.search(name) if has_digit else None
    if cut and _DIGIT.search(name, cut.end()):
        name = name[: cut.start()]
    if _may_end_in_suffix(name):
        name = _NAME_SUFFIX.sub("", name)
    name = name.strip(" ,:|\u2014\u2013-")
    # what is left is the name looked at for a digit, less some characters: without a digit then,
    # none now, and _is_date_like is False for a text without one (its first test)
    if not name or len(name) > _MAX_NAME or (has_digit and _is_date_like(name)):
        return None
    return name


# every word _NAME_SUFFIX ends in ("a dit" and "ha scritto" end so)
_SUFFIX_WORDS: tuple[str, ...] = (
    *("says", "said", "sagt", "schreibt", "meint", "dit", "dice", "disse", "diz", "scrive", "scritto"),
    *("zegt", "schreef", "wrote"),
)


# the last letters of those words, in either case ("" is not one)
_SUFFIX_LAST_LETTERS = frozenset(c for word in _SUFFIX_WORDS for c in (word[-1], word[-1].upper()))


def _may_end_in_suffix(name: str) -> bool:
    """Whether ``_NAME_SUFFIX`` can match ``name`` (False only when it surely cannot): it matches
    only a name ending in one of its words and then white space and a colon. A tail that is not
    ASCII is not looked at (``re.I`` matches some other letters to these: the long s, Kelvin)."""
    tail = name.rstrip().rstrip(":").rstrip()
    last = tail[-1:]
    if last.isascii() and last not in _SUFFIX_LAST_LETTERS:  # most names: no word of them ends so
        return False
    tail = tail[-10:]  # the longest word has 10 characters
    return not tail.isascii() or tail.lower().endswith(_SUFFIX_WORDS)


def _is_date_like(text: str) -> bool:
    """A date where a name belongs ("May 2007", "12.03.2009", "July 3, 2020"): never a person."""
    if _DIGIT.search(text) is None:
        return False
    words = _WORDS.findall(text.lower())
    return all(w.rstrip(".") in MONTHS or w in _DATE_WORDS for w in words)


def byline_name(text: str) -> str | None:
    """The name in a byline written out as text: "By NAME | DATE", "Posted on DATE by NAME",
    "Von NAME", "Publié par NAME le DATE" (eight languages)."""
    text = " ".join(text.split())
    lowered = folded(text)
    word = _BYLINE_WORD.search(lowered)
    while word is not None and word.start() and text[word.start() - 1] not in _BEFORE_LABEL_WORD:
        word = _BYLINE_WORD.search(lowered, word.start() + 1)  # inside a word ("ruby Tags"): no label's
    if word is None:
        return None
    # a match's label ends in a word found here, at or after the first: no match starts more
    # than _LABEL_LEAD characters before that, and _BYLINE is not tried at the positions before
    # (^ matches only at the real start: the same matches)
    match = _BYLINE.search(text, max(0, word.start() - _LABEL_LEAD))
    if match is None:
        return None
    return clean_name(match.group(1))


def term_name(el: HtmlElement) -> str | None:
    name = text_of(el).strip(_TERM_JUNK)
    return name or None


def link_url(el: HtmlElement, base: str | None, inside: bool = True) -> str | None:
    """The href of ``el``, of the first link inside it (unless ``inside`` is False) or of a link
    around it (Twenty Twenty wraps avatar and name in one), made absolute when a base is known."""
    anchor = el if el.tag == "a" and el.get("href") else None
    if anchor is None and inside:
        anchor = next(iter(el.iterfind(".//a[@href]")), None)
    if anchor is None:
        anchor = next((a for a in el.iterancestors("a") if a.get("href")), None)
    if anchor is None:
        return None
    href = (anchor.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    return join_url(base, href) if base else href


def read_date(el: HtmlElement, language: str | None) -> DateFound | None:
    """A date from an element: machine attributes first (its own, then a ``time[datetime]``
    inside it: Blocksy's ``li[itemprop=datePublished]`` holds one), then its visible text."""
    names = el.keys()  # one call for the attribute names; most elements have none of these
    for attr in _MACHINE_ATTRIBUTES:
        value = el.get(attr) if attr in names else None
        machine = parse_machine_date(value) if value else None
        if machine:
            return DateFound(machine.local, machine.utc, value or "")
    text = text_of(el)
    # a date element's own time[datetime] (Blocksy's li[itemprop=datePublished]); not in a block of
    # text such as a footer, whose first <time> may be a related post's
    inner = _with_datetime(el) if len(el) and len(text) <= _DATE_ELEMENT else None
    machine = parse_machine_date(inner.get("datetime")) if inner is not None else None
    if inner is not None and machine:
        return DateFound(machine.local, machine.utc, inner.get("datetime") or "")
    local = _shown(text, language)
    # day, month, year in spans: "12May2015" (spaced_text has text_of's characters, white space
    # aside: without a digit in text, none in it, and parse_shown_date reads no date without one)
    if local is None and len(el) and len(text) <= _SPLIT_DATE and _DIGIT.search(text) is not None:
        spaced = spaced_text(el)
        local = _shown(spaced, language) if spaced != text else None
        text = spaced if local is not None else text
    if local is None:
        title = el.get("title") if "title" in names else None
        local = _shown(title, language) if title else None
        if local is None:
            return None
        text = title or text
    if local.hour == local.minute == 0:
        local = _with_time_hint(el, local)
    return DateFound(local, None, text)


_MACHINE_ATTRIBUTES = ("datetime", "content", "title")  # what read_date reads as ISO first, in this order


def _with_datetime(el: HtmlElement) -> HtmlElement | None:
    """``el.find(".//*[@datetime]")``: the first element inside ``el`` with a ``datetime``
    attribute (a short date element holds a few), without ElementPath's steps."""
    for node in el.iterdescendants():
        if node.get("datetime") is not None:
            return node
    return None


def _shown(text: str | None, language: str | None) -> datetime | None:
    if not text:
        return None
    if "|" not in text and "\u2022" not in text:  # no separator _SEGMENTS splits at: one segment
        return parse_shown_date(text, language)
    segments = [s for s in _SEGMENTS.split(text) if s.strip()]
    if len(segments) > 1:
        for segment in segments:
            value = parse_shown_date(segment, language)
            if value:
                return value
    return parse_shown_date(text, language)


def _with_time_hint(el: HtmlElement, day: datetime) -> datetime:
    """Twenty Ten and Blix print the time only in the date link's ``title``."""
    for holder in (el, el.getparent()):
        if holder is None:
            continue
        clock = parse_time_of_day(holder.get("title"))
        if clock:
            return day.replace(hour=clock[0], minute=clock[1], second=clock[2])
    return day


def comment_count(text: str) -> int | None:
    """The number a "4 Comments" / "Comments (4)" / "No Comments" label shows."""
    text = " ".join(text.split())
    if _ZERO_COMMENTS.match(text):
        return 0
    match = _COUNT.search(text)
    if not match:
        return None
    digits = re.sub(r"[.,]", "", match.group(1))
    return int(digits) if digits else None


def inner_html(el: HtmlElement, strip: tuple[str, ...], drop: set[HtmlElement], base: str | None) -> str:
    """The HTML inside ``el`` without the ``strip`` selectors' matches or the ``drop`` elements."""
    doomed = _doomed(el, strip, drop)
    if not doomed and _untouched(el, base):
        return html_inside(el)  # the copy would be the same: serialized straight from the page
    html = _inner_html_in_place(el, doomed, base) if len(el) > 1 else None
    if html is not None:
        return html
    return html_inside(_cleaned(_stand_in_copy(el, doomed), base))


_RAW_TEXT = frozenset(("script", "style"))  # tags whose text the serializer writes unescaped


def _inner_html_in_place(el: HtmlElement, doomed: list[HtmlElement], base: str | None) -> str | None:
    """``html_inside(_cleaned(_stand_in_copy(el, doomed), base))`` from the page itself, without
    the copy: the doomed elements and the HTML comments swapped for stand-ins, the links made
    absolute where they are, ``el`` serialized whole and the stand-ins cut out of its HTML, then
    the page put back as it was (the same nodes, the attributes' values as they were). None when
    the copy's HTML would come child by child (``_html_inside_whole`` of the copy is None: fewer
    than two children, a ``>`` in an attribute, a first text written otherwise), a link is in a
    text (``object``, ``meta``, ``param``, ``style``: only attributes are put back), or a stand-in's
    markup is in the HTML otherwise than as the stand-ins (a script's text): then the copy."""
    if el.tag in _RAW_TEXT:
        return None
    swapped: list[tuple[HtmlElement, HtmlElement, HtmlElement]] = []
    changed: list[tuple[HtmlElement, str, str]] = []
    try:
        _swap_in_stand_ins(doomed, swapped)
        _swap_in_stand_ins(list(el.iterdescendants(etree.Comment)), swapped)
        holders = _link_holders(el) if base else []
        if any(_local_tag(node) in _LINK_TAGS for node in holders):
            return None
        if base and holders:
            _rewrite_holders(holders, partial(_absolute_link, base), changed)
        return _html_inside_without_stand_ins(el)
    finally:
        for node, attrib, value in reversed(changed):
            node.set(attrib, value)
        _put_back(swapped)


def _html_inside_without_stand_ins(el: HtmlElement) -> str | None:
    """``_html_inside_whole`` (stripped) of a copy of ``el`` without its stand-ins, from ``el``'s
    own HTML with the stand-ins' markup cut out; None where ``_html_inside_whole`` of the copy is
    None, where an element would be left empty (its end tag can go), or where the markup is
    found otherwise than once per stand-in."""
    tag = el.tag
    kept = [child for child in el if child.tag != _STAND_IN]
    if len(kept) < 2 or not isinstance(tag, str) or ">" in "".join(el.values()):
        return None
    stand_ins = list(el.iter(_STAND_IN))
    if any(_emptied(stand_in.getparent()) for stand_in in stand_ins):
        return None
    whole = etree.tostring(el, encoding="unicode", method="html", with_tail=False)
    if whole.count(_STAND_IN_HTML) != len(stand_ins):
        return None
    if stand_ins:
        whole = whole.replace(_STAND_IN_HTML, "")
    end = f"</{tag}>"
    start = whole.find(">") + 1
    if not start or not whole.endswith(end) or len(whole) - len(end) < start:
        return None
    inner = whole[start : len(whole) - len(end)]
    text = _first_text_without_stand_ins(el)
    if text and not inner.startswith(text_html(text)):
        return None
    return inner.strip()


def _emptied(parent: HtmlElement | None) -> bool:
    """Whether ``parent`` holds nothing but stand-ins without tails: its copy holds no node at
    all, and the serializer leaves the end tag of an empty ``li``, ``p`` and the like out."""
    return parent is not None and not parent.text and all(child.tag == _STAND_IN and not child.tail for child in parent)


def _first_text_without_stand_ins(el: HtmlElement) -> str:
    """The text a copy of ``el`` has before its first child once the stand-ins are stripped
    (``with_tail=False``): ``el.text`` and the tails of the stand-ins that come first."""
    parts = [el.text or ""]
    for child in el:
        if child.tag != _STAND_IN:
            break
        parts.append(child.tail or "")
    return "".join(parts)


def _local_tag(node: HtmlElement) -> str:
    tag = node.tag
    return tag.rsplit("}", 1)[1] if "}" in tag else tag


def body_copy(el: HtmlElement, strip: tuple[str, ...], drop: set[HtmlElement], base: str | None) -> HtmlElement:
    """A copy of ``el`` as ``inner_html`` serializes it: pruned, no HTML comments, absolute links."""
    return _cleaned(_stand_in_copy(el, _doomed(el, strip, drop)), base)


def copy_html(el: HtmlElement, strip: tuple[str, ...], drop: set[HtmlElement], base: str | None) -> str:
    """``body_copy(el, strip, drop, base)`` serialized with its tail, as ``html_inside`` of an
    element holding such copies serializes each: from the page when the copy would be the same."""
    doomed = _doomed(el, strip, drop)
    if not doomed and _untouched(el, base):
        return etree.tostring(el, encoding="unicode", method="html")
    return etree.tostring(_cleaned(_stand_in_copy(el, doomed), base), encoding="unicode", method="html")


def _untouched(el: HtmlElement, base: str | None) -> bool:
    """Whether ``_cleaned`` would leave a copy of ``el`` as it is: no HTML comment inside it, and
    no link that ``rewrite_links`` would change (the links that are absolute already)."""
    if next(el.iterdescendants(etree.Comment), None) is not None:
        return False
    if not base:
        return True
    holders = _link_holders(el)
    if not holders:
        return True
    absolute = _absolute_link
    return all(absolute(base, link.strip()) == link for _node, _attrib, link, _pos in _iterlinks(holders))


def _cleaned(clone: HtmlElement, base: str | None) -> HtmlElement:
    """``clone`` (a copy, changed in place) without HTML comments or the stand-ins of
    ``_stand_in_copy`` (their tails kept), its links made absolute."""
    etree.strip_elements(clone, etree.Comment, _STAND_IN, with_tail=False)
    if base:
        rewrite_links(clone, partial(_absolute_link, base))
    return clone


# What lxml's iterlinks reads links from: these attributes on any element, and the text or
# attributes of these tags (object's codebase/archive, meta refresh, param value, style sheets).
_LINK_ATTRIBUTES = frozenset((*lxml.html.defs.link_attrs, "style"))
_LINK_TAGS = frozenset(("object", "meta", "param", "style"))
_LINK_ATTRIBUTES_UTF8 = tuple(sorted(name.encode() for name in _LINK_ATTRIBUTES))  # for _cindex.link_holders
_LINK_TAGS_UTF8 = tuple(sorted(name.encode() for name in _LINK_TAGS))


def _link_holders(el: HtmlElement) -> list[HtmlElement]:
    """The elements of ``el`` (itself included) that can hold a link: a tag of ``_LINK_TAGS`` or
    an attribute of ``_LINK_ATTRIBUTES`` (walked in C when the accelerator is built)."""
    if _cindex is not None:
        return _cindex.link_holders(el, _LINK_TAGS_UTF8, _LINK_ATTRIBUTES_UTF8)
    holders = []
    for node in el.iter(etree.Element):
        tag = node.tag
        if "}" in tag:
            tag = tag.rsplit("}", 1)[1]
        if tag in _LINK_TAGS or not _LINK_ATTRIBUTES.isdisjoint(node.keys()):
            holders.append(node)
    return holders


class _Holders:
    """Stands in for the element lxml's ``iterlinks`` walks: its ``iter`` gives the holders only."""

    def __init__(self, elements: list[HtmlElement]) -> None:
        self.elements = elements

    def iter(self, *_tags: object) -> Iterator[HtmlElement]:
        return iter(self.elements)


_PLAIN_LINK_ATTRIBUTES = lxml.html.defs.link_attrs  # what iterlinks yields as it is, at position 0
# what each link lxml's iterlinks finds in a style attribute starts with (its _iter_css_urls: url\(..\), any case)
_CSS_URL = re.compile(r"url\(", re.I)


def _may_hold_url(style: str) -> bool:
    """``_CSS_URL.search(style)``, the search run only when ``style`` holds a ``(`` (which every
    match ends with): most inline styles of a body hold none, and a case-blind search reads the
    whole value character by character."""
    return "(" in style and _CSS_URL.search(style) is not None


def _iterlinks(holders: list[HtmlElement]) -> Iterator[tuple[HtmlElement, str | None, str, int]]:
    """lxml's ``iterlinks`` over ``holders``: an element of a special tag or with a ``style``
    attribute that may hold a ``url(...)`` through lxml's own code; any other's link attributes
    straight from its own attribute names (one test per attribute it has instead of one per link
    attribute; the links of one element come in its attributes' order, where lxml's come in its
    set's order). A style without ``url(`` gives lxml no link: most inline styles of a body."""
    for node in holders:
        tag = node.tag
        if "}" in tag:
            tag = tag.rsplit("}", 1)[1]
        names = node.keys()
        if tag in _LINK_TAGS or ("style" in names and _may_hold_url(node.get("style") or "")):
            yield from HtmlMixin.iterlinks(_Holders([node]))  # type: ignore[arg-type]
            continue
        for name in names:
            if name in _PLAIN_LINK_ATTRIBUTES:
                yield node, name, node.get(name) or "", 0


def rewrite_links(el: HtmlElement, replace: Callable[[str], str]) -> None:
    """``el.rewrite_links(replace, resolve_base_href=False)``, with lxml's own ``iterlinks`` run
    over the elements that can hold a link only (an element with no link attribute and no
    special tag is skipped with one set test instead of a test per link attribute)."""
    holders = _link_holders(el)
    if holders:
        _rewrite_holders(holders, replace)


def _rewrite_holders(
    holders: list[HtmlElement], replace: Callable[[str], str], changed: list[tuple[HtmlElement, str, str]] | None = None
) -> None:
    """``rewrite_links``'s rewriting of the links of ``holders``; each attribute's value before
    its change noted in ``changed`` when given (to put back)."""
    for node, attrib, link, pos in _iterlinks(holders):
        new_link = replace(link.strip())  # what follows is lxml's rewrite_links, as it is
        if new_link == link:
            continue
        if attrib is None:
            text = node.text or ""
            node.text = text[:pos] + new_link + text[pos + len(link) :]
        else:
            current = node.get(attrib) or ""
            if changed is not None:
                changed.append((node, attrib, current))
            node.set(
                attrib,
                new_link
                if not pos and len(current) == len(link)
                else current[:pos] + new_link + current[pos + len(link) :],
            )


@lru_cache(maxsize=4096)
def _absolute_link(base: str, href: str) -> str:
    """``href`` made absolute against ``base`` (what lxml's make_links_absolute does), remembered:
    a page repeats its links (commenters' sites, permalinks, reply links) from body to body."""
    return join_url(base, href.strip())


def html_inside(el: HtmlElement) -> str:
    """The HTML inside ``el`` (its own tag left out), trimmed: ``el.text`` escaped as lxml escapes
    a text (``text_html``), then each child serialized with its tail (``_html_inside_per_child``),
    from one serialization of ``el`` when that gives the same text (``_html_inside_whole``)."""
    if len(el) > 1:
        html = _html_inside_whole(el)
        if html is not None:
            return html.strip()
    return _html_inside_per_child(el)


def _html_inside_per_child(el: HtmlElement) -> str:
    html = text_html(el.text or "") + "".join(etree.tostring(child, encoding="unicode", method="html") for child in el)
    return html.strip()


def _html_inside_whole(el: HtmlElement) -> str | None:
    """``el`` serialized once, its start and end tags cut off; None when that could differ from
    the text and children serialized one by one: a start tag whose end the first ``>`` may not
    be (an attribute value holding one), an end tag other than ``</TAG>``, or a text before the
    first child that serializes otherwise than ``text_html`` escapes it (the raw text of a
    ``script`` or ``style``)."""
    tag = el.tag
    if not isinstance(tag, str) or ">" in "".join(el.values()):  # one test over the attributes' values
        return None
    whole = etree.tostring(el, encoding="unicode", method="html", with_tail=False)
    end = f"</{tag}>"
    start = whole.find(">") + 1
    if not start or not whole.endswith(end) or len(whole) - len(end) < start:
        return None
    inner = whole[start : len(whole) - len(end)]
    text = el.text
    if text and not inner.startswith(text_html(text)):
        return None
    return inner


def text_html(text: str) -> str:
    """``text`` as lxml's HTML serializer writes a text node: ``&``, ``<`` and ``>`` escaped. A
    text that reads ``<script>`` on the page (``&lt;script&gt;`` in its source) stays a text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def outer_html(el: HtmlElement, strip: tuple[str, ...], base: str | None, drop: set[HtmlElement] | None = None) -> str:
    """``el`` itself as HTML (its tag kept), without the ``strip`` selectors' matches or ``drop``."""
    doomed = _doomed(el, strip, drop or set())
    if not doomed and _untouched(el, base):  # the copy would be the same: serialized straight from the page
        return etree.tostring(el, encoding="unicode", method="html", with_tail=False).strip()
    clone = _cleaned(_stand_in_copy(el, doomed), base)  # serialized alone: what a wrapper div around it gave
    return etree.tostring(clone, encoding="unicode", method="html", with_tail=False).strip()


def _doomed(el: HtmlElement, strip: tuple[str, ...], drop: set[HtmlElement]) -> list[HtmlElement]:
    """What a copy of ``el`` leaves out: the ``strip`` selectors' matches and the ``drop`` elements
    inside it (``el`` itself never)."""
    doomed = [m for m in select_any(el, strip) if m is not el] if strip else []
    if drop:
        doomed += [d for d in within(el, drop) if d is not el]
    return doomed


# What stands in, on the page, for a doomed element while ``_pruned_copy`` copies around it: an
# upper-case tag, which no parsed page holds (the HTML parser lower-cases every tag name).
_STAND_IN = "BLOGIMPORT-DOOMED"
# How the HTML serializer writes an empty stand-in (``_STAND_IN``): cut out of the page's HTML, it
# leaves what serializing a copy without it gives (its tail, the victim's, is the next text)
_STAND_IN_HTML = f"<{_STAND_IN}></{_STAND_IN}>"


def _pruned_copy(el: HtmlElement, doomed: list[HtmlElement]) -> HtmlElement:
    """A copy of ``el`` without the ``doomed`` elements (``_doomed``): what copying ``el`` whole and
    then ``drop_tree`` of each doomed element in the copy gives (``_pruned_copy_by_places``)."""
    clone = _stand_in_copy(el, doomed)
    if doomed:
        etree.strip_elements(clone, _STAND_IN, with_tail=False)
    return clone


def _stand_in_copy(el: HtmlElement, doomed: list[HtmlElement]) -> HtmlElement:
    """A copy of ``el`` in which an empty ``_STAND_IN`` element holding its tail stands for each
    ``doomed`` element: ``_pruned_copy`` once the stand-ins are stripped (``_cleaned`` strips
    them with the HTML comments, in the same walk).

    The doomed parts are often half a body (reply lists, comment meta, share blocks), so they
    are not copied at all: each doomed element is swapped, on the page, for its stand-in, ``el``
    is copied, and the page is put back as it was (the same nodes, the doomed elements with their
    tails where they were)."""
    if not doomed:
        return el.__copy__()  # what copy.deepcopy(el) calls (lxml's __deepcopy__), without the copy module's steps
    swapped: list[tuple[HtmlElement, HtmlElement, HtmlElement]] = []
    try:
        _swap_in_stand_ins(doomed, swapped)
        return el.__copy__()
    finally:
        _put_back(swapped)


def _swap_in_stand_ins(victims: list[HtmlElement], swapped: list[tuple[HtmlElement, HtmlElement, HtmlElement]]) -> None:
    """Each of ``victims`` swapped, on the page, for an empty stand-in holding its tail; each swap
    noted in ``swapped`` (``_put_back`` undoes them)."""
    for victim in dict.fromkeys(victims):  # one inside another is swapped too, in the subtree gone with it
        parent = victim.getparent()
        stand_in = etree.SubElement(parent, _STAND_IN)
        tail = victim.tail
        parent.replace(victim, stand_in)  # the victim leaves with its tail
        swapped.append((parent, victim, stand_in))
        if tail:
            stand_in.tail = tail


def _put_back(swapped: list[tuple[HtmlElement, HtmlElement, HtmlElement]]) -> None:
    for parent, victim, stand_in in reversed(swapped):  # each swap undone in the state it made
        stand_in.tail = None  # no text node next to the stand-in: the victim's own tail goes back as it is
        parent.replace(stand_in, victim)


def _pruned_copy_by_places(el: HtmlElement, doomed: list[HtmlElement]) -> HtmlElement:
    """``_pruned_copy`` the plain way, kept for the tests: a whole copy of ``el``, then the doomed
    elements found in it by their places under ``el`` (``_place``) and dropped, the last first (a
    removal moves no earlier place)."""
    places = sorted({_place(el, victim) for victim in doomed}, reverse=True)
    clone = el.__copy__()
    for place in places:
        junk = clone
        for index in place:
            junk = junk[index]
        junk.drop_tree()
    return clone


def _place(top: HtmlElement, el: HtmlElement) -> tuple[int, ...]:
    """The child positions from ``top`` down to ``el`` (inside it): where a copy of ``top`` holds
    the copy of ``el``. Sorted, places come in document order."""
    place = []
    node = el
    while node is not top:
        parent = node.getparent()
        assert parent is not None  # el is inside top
        place.append(parent.index(node))
        node = parent
    return tuple(reversed(place))
