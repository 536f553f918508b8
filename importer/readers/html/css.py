"""CSS selectors: simple ones answered from a per-page index, the rest compiled once to XPath (cssselect)."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from cssselect import HTMLTranslator, SelectorError, parse
from cssselect.parser import Attrib, Class, CombinedSelector, Element, Hash, Negation
from lxml import etree
from lxml.html import HtmlElement

if TYPE_CHECKING:
    from ._cindex import Positions as CompiledPositions

    # every node's document position by element: a dict (the Python walk) or the compiled walk's
    Positions = dict[HtmlElement, int] | CompiledPositions

try:  # the compiled page index walk (setup.py builds it; the Python walk stands in without it)
    from . import _cindex
except ImportError:  # pragma: no cover - a build without a C compiler
    _cindex = None  # type: ignore[assignment]

_TRANSLATOR = HTMLTranslator()


@cache
def compiled(selector: str) -> etree.XPath:
    """The XPath for a CSS selector, compiled on first use (profiles reuse a few hundred).

    A selector starting with ``xpath:`` is XPath already (for what CSS cannot say, such as
    "a paragraph that starts with 'Tags:'")."""
    if selector.startswith("xpath:"):
        return etree.XPath(selector.removeprefix("xpath:"))
    return etree.XPath(_TRANSLATOR.css_to_xpath(selector))


@dataclass(slots=True)
class PageIndex:
    """One walk over a page: every node's document position, and its elements by class, id and tag.

    Answers the simple selectors (a tag, classes, ids and attribute tests, no combinators) that
    make up most of the profile table with dictionary look-ups instead of an XPath walk of the
    whole subtree per selector; the rest still run as XPath."""

    position: Positions  # a dict, or _cindex.Positions (no proxy per node)
    by_class: dict[str, Bucket]
    by_id: dict[str, Bucket]
    root: HtmlElement
    by_tag: dict[str, Bucket]  # filled per tag on first look-up (lxml walks the tree for one tag in C)
    by_attribute: dict[str, Bucket]  # elements holding an attribute, filled per name on first look-up
    last: dict[HtmlElement, int]  # the position of a scope's last node, filled on first look-up
    memo: dict[str, list[HtmlElement]]  # page-wide look-ups the reader makes more than once (page_memo)
    # the matches of a tag-and-one-rare-attribute test ("a[rel~='tag']", "[itemprop='author']") in
    # the whole page, filled per test on first look-up: one pass over the attribute's holders per page
    by_test: dict[tuple[str | None, tuple[str, str, str | None]], Bucket]
    # ``possible``'s answers: a group of selectors without those that cannot match on this page
    live: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: HtmlElement, compiled: bool | None = None) -> PageIndex:
        """The index of ``doc``'s page: by the compiled walk (``_cindex``) when it is built, else
        by the Python walk; ``compiled`` forces one (tests compare them)."""
        if compiled is None:
            compiled = _cindex is not None
        if compiled:
            if _cindex is None:
                raise RuntimeError("importer.readers.html._cindex is not built")
            position, by_class, class_holders, by_id, id_holders = _cindex.index_page(doc, class_tokens)
            by_attribute = {"class": class_holders, "id": id_holders}
            return cls(position, by_class, by_id, doc, {}, by_attribute, {}, {}, {})
        return cls._walked(doc)

    @classmethod
    def _walked(cls, doc: HtmlElement) -> PageIndex:
        """The Python walk (``_cindex.index_page`` stands for it when built)."""
        nodes = list(doc.iter())
        position = dict(zip(nodes, range(len(nodes)), strict=True))
        by_class: dict[str, Bucket] = {}
        holders: list[HtmlElement] = []  # document order, elements only
        holder_positions: list[int] = []
        get = by_class.get  # _file inline: this loop runs for every class of the page
        for node, number in zip(nodes, range(len(nodes)), strict=True):
            classes = node.get("class")
            if classes is None or node.tag.__class__ is not str:
                continue  # no class, or a comment or processing instruction (whose get reads its text)
            holders.append(node)
            holder_positions.append(number)
            if not classes:
                continue
            # str.split() splits printable ASCII as XPath's normalize-space does (only spaces
            # separate its words); tabs, newlines and control characters take the slow path
            names = classes.split() if classes.isascii() and classes.isprintable() else class_tokens(classes)
            for name in dict.fromkeys(names) if len(names) > 1 else names:
                bucket = get(name)
                if bucket is None:
                    by_class[name] = ([node], [number])
                else:
                    bucket[0].append(node)
                    bucket[1].append(number)
        by_attribute = {"class": (holders, holder_positions)}
        by_id: dict[str, Bucket] = {}
        holders = _elements(_holders("id")(doc))
        holder_positions = [position[node] for node in holders]
        for node, number in zip(holders, holder_positions, strict=True):
            _file(by_id, node.get("id"), node, number)
        by_attribute["id"] = (holders, holder_positions)
        return cls(position, by_class, by_id, doc, {}, by_attribute, {}, {}, {})

    def tagged(self, tag: str) -> Bucket:
        """The elements named ``tag`` and their positions, in document order."""
        bucket = self.by_tag.get(tag)
        if bucket is None and not isinstance(self.position, dict) and _PLAIN_TAG.fullmatch(tag):
            bucket = self.by_tag[tag] = self.position.tagged(tag)  # the compiled walk's node list
        if bucket is None:
            elements = list(self.root.iter(tag)) if tag else []
            bucket = self.by_tag[tag] = (elements, [self.position[el] for el in elements])
        return bucket

    def find(self, scope: HtmlElement, tests: tuple[Test, ...]) -> list[HtmlElement] | None:
        """Elements inside ``scope`` (itself included) passing any of ``tests``, in document order;
        None when ``scope`` is not part of the indexed page. The compiled walk's index tests the
        nodes themselves (``_cindex.Positions.find``: no proxy, no ``str`` per test) when every
        test is compiled; the rest is the Python code below, which gives the same."""
        if not isinstance(self.position, dict):
            done = self.position.find(scope, tests)
            if done is not NotImplemented:
                return done
        first = self.position.get(scope)
        if first is None:
            return None
        last = self.last.get(scope)
        if last is None:
            last = self.last[scope] = _end(self.position, scope)
        found: dict[HtmlElement, int] = {}
        for test in tests:
            if isinstance(test, ChainSelector):
                found.update(self._chain(test, first, last))
                continue
            elements, positions = self._candidates(test)
            if not elements:
                continue
            start, end = bisect_left(positions, first), bisect_right(positions, last)
            if start == end:
                continue
            if test.exact:  # every candidate matches: ".widget", "a[rel~='tag']"
                if len(tests) == 1:
                    return elements[start:end]
                found.update(zip(elements[start:end], positions[start:end], strict=True))
                continue
            for el, where in zip(elements[start:end], positions[start:end], strict=True):
                if test.matches(el):
                    found[el] = where
        return sorted(found, key=found.__getitem__) if len(found) > 1 and len(tests) > 1 else list(found)

    def _chain(self, test: ChainSelector, first: int, last: int) -> Iterator[tuple[HtmlElement, int]]:
        """The matches of ``test`` between ``first`` and ``last`` (a scope's positions), with their
        positions: the last part's candidates inside the elements matching the first part (most
        chains start with a rare id or class), each checked up its ancestors."""
        head, tail, position = test.parts[0], test.parts[-1], self.position
        elements, positions = self._candidates(head)
        start, end = bisect_left(positions, first), bisect_right(positions, last)
        if start == end:
            return
        covered = -1  # the end of the last head's subtree taken
        candidates, spots = self._candidates(tail)
        for outer, at in zip(elements[start:end], positions[start:end], strict=True):
            if at <= covered or not head.matches(outer):
                continue  # inside a head already taken, or not a head
            covered = self.last.get(outer, -1)
            if covered < 0:
                covered = self.last[outer] = _end(position, outer)
            low, high = bisect_right(spots, at), bisect_right(spots, covered)
            for el, where in zip(candidates[low:high], spots[low:high], strict=True):
                if tail.matches(el) and test.holds_above(el, first, position):
                    yield el, where

    def holding_attribute(self, name: str) -> Bucket:
        """The elements that have attribute ``name`` (a plain name: see ``_ATTRIBUTE_NAME``) and
        their positions, in document order."""
        bucket = self.by_attribute.get(name)
        if bucket is None and not isinstance(self.position, dict):
            bucket = self.by_attribute[name] = self.position.holding(name)  # the compiled walk's node list
        if bucket is None:
            elements = _elements(_holders(name)(self.root))
            bucket = self.by_attribute[name] = (elements, [self.position[el] for el in elements])
        return bucket

    def matching(self, test: SimpleSelector) -> Bucket:
        """The elements of the page that a tag-and-one-rare-attribute test matches
        (``SimpleSelector.one_attribute``) and their positions: the attribute's holders tested once
        per page, not once per scope."""
        key = (test.tag, test.attributes[0])
        bucket = self.by_test.get(key)
        if bucket is None:
            name, operator, value = test.attributes[0]
            elements, positions = self.holding_attribute(name)
            tag = test.tag
            kept = [
                (el, at)
                for el, at in zip(elements, positions, strict=True)
                if (tag is None or el.tag == tag) and _attribute_matches(el.get(name), operator, value)
            ]
            bucket = self.by_test[key] = ([el for el, _ in kept], [at for _, at in kept])
        return bucket

    def _candidates(self, test: SimpleSelector) -> Bucket:
        if test.ids:
            return self.by_id.get(test.ids[0], _EMPTY)
        if len(test.classes) == 1:
            return self.by_class.get(test.classes[0], _EMPTY)
        if test.classes:
            return min((self.by_class.get(name, _EMPTY) for name in test.classes), key=lambda b: len(b[0]))
        if test.one_attribute:  # "[itemprop='author']", "a[rel~='tag']": its matches in the page
            return self.matching(test)
        if test.tag is None:  # attribute tests alone: "[itemprop='author']"
            return self.holding_attribute(test.attributes[0][0])
        tagged = self.tagged(test.tag)
        name = test.attributes[0][0] if test.attributes else ""
        if not tagged[0] or not (name in self.by_attribute or name in _RARE_ATTRIBUTES):
            return tagged
        # "a[rel~='tag']", "time[datetime]": the elements holding the attribute may be fewer
        holding = self.holding_attribute(name)
        return holding if len(holding[0]) < len(tagged[0]) else tagged


Bucket = tuple[list[HtmlElement], list[int]]  # elements and their positions, in document order
_EMPTY: Bucket = ([], [])


def _file(buckets: dict[str, Bucket], key: str, node: HtmlElement, number: int) -> None:
    bucket = buckets.get(key)
    if bucket is None:
        buckets[key] = ([node], [number])
    else:
        bucket[0].append(node)
        bucket[1].append(number)


@dataclass(frozen=True, slots=True)
class SimpleSelector:
    """A selector testing the element alone: ``tag.class#id[attr op 'value']``."""

    tag: str | None
    classes: tuple[str, ...]
    ids: tuple[str, ...]
    attributes: tuple[tuple[str, str, str | None], ...]  # (name, operator, value)
    negations: tuple[SimpleSelector, ...] = ()  # ":not(.comment)": none of these may match
    # a tag (or none) and one test of an attribute few elements hold ("a[rel~='tag']",
    # "[itemprop='author']"), nothing else: the page's holders of that attribute, tested once per
    # page, are all its matches (PageIndex.matching). Not for class, id or href: a page-wide pass
    # over their holders costs more than testing the candidates of the scopes asked (callgrind)
    one_attribute: bool = field(default=False, init=False, compare=False)
    exact: bool = field(default=False, init=False, compare=False)  # is_key_only or one_attribute: no test per candidate
    # the test compiled for libxml2's nodes (_cindex.Test), None without the extension or where
    # it cannot compare as libxml2 stores (a tag the compiled walk does not file, a NUL)
    compiled: object = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        one = (
            len(self.attributes) == 1
            and not (self.ids or self.classes or self.negations)
            and self.attributes[0][0] in _RARE_ATTRIBUTES
        )
        object.__setattr__(self, "one_attribute", one)
        object.__setattr__(self, "exact", one or self.is_key_only)
        if _cindex is not None and (self.tag is None or _PLAIN_TAG.fullmatch(self.tag)):
            with suppress(ValueError):  # left to the Python test
                object.__setattr__(self, "compiled", _cindex.compile_test(self))

    @property
    def is_key_only(self) -> bool:
        """True when the one id, class or tag the candidates are looked up by is the whole test."""
        if self.attributes or self.negations:
            return False
        if self.ids:
            return len(self.ids) == 1 and not self.classes and self.tag is None
        return (len(self.classes) == 1 and self.tag is None) or not self.classes

    def matches(self, el: HtmlElement) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        if self.ids and any(el.get("id") != ident for ident in self.ids):
            return False
        if self.classes:
            tokens = class_tokens(el.get("class") or "")
            if not all(name in tokens for name in self.classes):
                return False
        for name, operator, value in self.attributes:  # a loop: no generator per element
            if not _attribute_matches(el.get(name), operator, value):
                return False
        return not self.negations or not any(negation.matches(el) for negation in self.negations)


@dataclass(frozen=True, slots=True)
class ChainSelector:
    """Element-alone tests joined by descendant and child combinators: ``.comment-author .fn``,
    ``#comments > h3``. As cssselect's XPath from a scope: the first part is the scope or inside
    it, each next part a descendant (``" "``) or a child (``">"``) of the one before."""

    parts: tuple[SimpleSelector, ...]  # outermost first
    combinators: tuple[str, ...]  # between the parts: " " or ">"
    compiled: object = field(default=None, init=False, compare=False, repr=False)  # _cindex.Chain, or None

    def __post_init__(self) -> None:
        if _cindex is not None and all(part.compiled is not None for part in self.parts):
            compiled = _cindex.compile_chain([part.compiled for part in self.parts], self.combinators)
            object.__setattr__(self, "compiled", compiled)

    def holds_above(self, el: HtmlElement, first: int, position: Positions, at: int = -1) -> bool:
        """Whether the parts before ``parts[at]`` (which ``el`` matches) match ``el``'s ancestors
        at or after position ``first`` (the scope and what is inside it)."""
        at = at % len(self.parts)
        if at == 0:
            return True
        part = self.parts[at - 1]
        if self.combinators[at - 1] == ">":
            parent = el.getparent()
            return (
                parent is not None
                and position.get(parent, -1) >= first
                and part.matches(parent)
                and self.holds_above(parent, first, position, at - 1)
            )
        for ancestor in el.iterancestors():
            if position.get(ancestor, -1) < first:
                return False
            if part.matches(ancestor) and self.holds_above(ancestor, first, position, at - 1):
                return True
        return False


def class_tokens(value: str) -> list[str]:
    """The words of a class (or ``~=``) attribute, split as XPath's normalize-space splits them
    (printable ASCII has no separator but the space, which ``str.split`` splits as XPath does)."""
    if value.isascii() and value.isprintable():
        return value.split()
    return [word for word in _XML_SPACE.split(value) if word]


def _attribute_matches(actual: str | None, operator: str, value: str | None) -> bool:
    """cssselect's attribute tests (its XPath translation), in Python."""
    if actual is None:
        return False
    if operator == "exists":
        return True
    if operator == "=":
        return actual == value
    if not value:
        return False  # cssselect: an empty value for ~= *= ^= $= matches nothing
    if operator == "~=":
        return value in class_tokens(actual)
    if operator == "*=":
        return value in actual
    if operator == "^=":
        return actual.startswith(value)
    return actual.endswith(value)  # "$="


_ATTRIBUTE_OPERATORS = frozenset(("exists", "=", "~=", "*=", "^=", "$="))


Test = SimpleSelector | ChainSelector


@cache
def simple_selectors(selector: str) -> tuple[Test, ...] | None:
    """The selector group as element-alone tests or chains of them; None when any part needs XPath."""
    if selector.startswith("xpath:"):
        return None
    try:
        group = parse(selector)
    except SelectorError:
        return None
    tests: list[Test] = []
    for one in group:
        test = _chain(one.parsed_tree) if one.pseudo_element is None else None
        if test is None:
            return None
        tests.append(test)
    return tuple(tests)


def _chain(tree: object) -> Test | None:
    """``A B > C`` as a ChainSelector of simple parts, a lone simple part as a SimpleSelector."""
    parts: list[SimpleSelector] = []
    combinators: list[str] = []
    while isinstance(tree, CombinedSelector):
        if tree.combinator not in (" ", ">"):
            return None  # "+" and "~" look sideways: XPath does them
        part = _simple(tree.subselector)
        if part is None:
            return None
        parts.append(part)
        combinators.append(tree.combinator)
        tree = tree.selector
    top = _simple(tree)
    if top is None:
        return None
    if not parts:
        return top
    return ChainSelector((top, *reversed(parts)), tuple(reversed(combinators)))


def _simple(tree: object) -> SimpleSelector | None:
    classes: list[str] = []
    ids: list[str] = []
    attributes: list[tuple[str, str, str | None]] = []
    negations: list[SimpleSelector] = []
    while not isinstance(tree, Element):
        if isinstance(tree, Negation):
            negation = _simple(tree.subselector)
            if negation is None:
                return None
            negations.append(negation)
        elif isinstance(tree, Class):
            classes.append(tree.class_name)
        elif isinstance(tree, Hash):
            ids.append(tree.id)
        elif isinstance(tree, Attrib) and _plain_attribute(tree):
            value = tree.value.value if tree.value is not None else None
            attributes.append((tree.attrib.lower(), tree.operator, value))
        else:
            return None  # a combinator, pseudo-class, :not() or function: XPath does it
        tree = tree.selector
    if tree.namespace is not None:
        return None
    tag = tree.element.lower() if tree.element else None
    if not (ids or classes or tag or attributes):
        return None  # "*" alone: nothing to look up, XPath walks as fast
    if not (ids or classes or tag) and not _ATTRIBUTE_NAME.fullmatch(attributes[0][0]):
        return None  # an attribute name that is not safe to put in an XPath: XPath does it
    return SimpleSelector(tag, tuple(classes), tuple(ids), tuple(attributes), tuple(reversed(negations)))


def _plain_attribute(attrib: Attrib) -> bool:
    if attrib.namespace is not None or getattr(attrib, "flag", None) or attrib.operator not in _ATTRIBUTE_OPERATORS:
        return False
    value = (attrib.value.value if attrib.value is not None else None) or ""
    return not (attrib.operator == "~=" and _XML_SPACE.search(value))


def _end(position: Positions, el: HtmlElement) -> int:
    """The position of the last node of ``el``'s subtree (from the compiled walk's nodes, without
    a proxy per level, when it made the index)."""
    if isinstance(position, dict):
        return position[_last_node(el)]
    return position.last(el)


def _last_node(el: HtmlElement) -> HtmlElement:
    """The last node of ``el``'s subtree in document order."""
    while len(el):
        el = el[-1]
    return el


# Pages being read, by their root element (several pages may be read at once, one per thread).
_PAGES: dict[HtmlElement, PageIndex] = {}
_ONLY: CompiledPositions | None = None  # see _only
_ONLY_INDEX: PageIndex | None = None  # the index whose positions _ONLY is
_QUOTED = re.compile(r"\[[^\]]*\]|'[^']*'|\"[^\"]*\"")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_ID = re.compile(r"#(-?[_a-zA-Z][\w-]*)")
_XML_SPACE = re.compile(r"[ \t\n\r]+")
_ATTRIBUTE_NAME = re.compile(r"[a-z_][a-z0-9_.-]*")
_PLAIN_TAG = re.compile(r"[a-z][a-z0-9-]*")  # a name the compiled walk compares as libxml2 stores it
# Attributes few elements of a page hold: "a[rel~='tag']" looks at the rel holders, not every link.
_RARE_ATTRIBUTES = frozenset(("itemprop", "itemtype", "rel", "datetime", "clear"))


# The profiles' XPath selectors that ``select`` answers from the page index, named once here
# (profiles.py uses these names: a selector edited there cannot lose its shortcut unseen).
# A link to the author's archive:
AUTHOR_ARCHIVE_LINK = "xpath:.//a[contains(@href,'/author/') or contains(@href,'?author=')]"
# the heading linking to the post itself:
BOOKMARKED_HEADING = (
    "xpath:.//*[self::h1 or self::h2 or self::h3 or self::h4]"
    "[.//a[contains(concat(' ', normalize-space(@rel), ' '), ' bookmark ')]]"
)
# a box with the post's id and no post_class() (Thesis's div.post_box#post-N, 2005-era themes):
NUMBERED_POST_BOX = (
    "xpath:.//*[self::div or self::article or self::section][starts-with(@id,'post-')]"
    "[translate(substring-after(@id,'post-'),'0123456789','')=''][string-length(@id)>5]"
)

# Those that CSS says as well, for a scope's descendants (``.//``: not the scope itself): on an
# indexed page ``select`` answers them from the index (an XPath walks every element of the scope:
# the author links' was 1.5% of the reading).
_XPATH_AS_CSS = {AUTHOR_ARCHIVE_LINK: "a[href*='/author/'], a[href*='?author=']"}


def _bookmarked_headings(index: PageIndex, scope: HtmlElement) -> list[HtmlElement] | None:
    """``.//*[self::h1 or self::h2 or self::h3 or self::h4][.//a[...' bookmark ']]`` (the
    profiles' heading linking to its post) from the page index: the h1-h4 ancestors below
    ``scope`` of its ``a[rel~='bookmark']`` links (a look-up of the rel holders), instead of an
    XPath over every element of the scope; None when ``scope`` is not of the indexed page."""
    position = index.position
    if position.get(scope) is None:
        return None
    found: dict[HtmlElement, int] = {}
    for anchor in select(scope, "a[rel~='bookmark']"):  # the XPath's test, as cssselect says it
        if anchor is scope:
            continue  # its ancestors are outside the scope
        for ancestor in anchor.iterancestors():
            if ancestor is scope:
                break
            if ancestor.tag in _LOW_HEADINGS and ancestor not in found:
                found[ancestor] = position[ancestor]
    return sorted(found, key=found.__getitem__) if len(found) > 1 else list(found)


def _numbered_post_boxes(index: PageIndex, scope: HtmlElement) -> list[HtmlElement] | None:
    """``.//*[self::div or self::article or self::section][starts-with(@id,'post-')]`` with digits
    alone after ``post-`` (the profiles' post box without post_class()) from the page's ids: the
    ids of that form first, then their div, article and section holders below ``scope``, instead
    of an XPath over every element of the scope; None when ``scope`` is not of the indexed page."""
    position = index.position
    first = position.get(scope)
    if first is None:
        return None
    last = -1
    found: dict[HtmlElement, int] = {}
    for key, bucket in index.by_id.items():
        if not (key.startswith("post-") and _POST_NUMBER.fullmatch(key)):
            continue
        if last < 0:
            last = _end(position, scope)
        for el in bucket[0]:
            if el.tag in _POST_BOXES:
                at = position[el]
                if first < at <= last:
                    found[el] = at
    return sorted(found, key=found.__getitem__) if len(found) > 1 else list(found)


# The profiles' XPath selectors CSS cannot say, answered from the page's index on an indexed page
# (the XPath walks every element of the scope: ~6,000 instructions an element, ~10 M a read pass)
_XPATH_BY_INDEX = {BOOKMARKED_HEADING: _bookmarked_headings, NUMBERED_POST_BOX: _numbered_post_boxes}
_LOW_HEADINGS = frozenset(("h1", "h2", "h3", "h4"))
_POST_BOXES = frozenset(("div", "article", "section"))
# "post-" and digits (0-9 alone: XPath's translate) after it, at least one (string-length > 5)
_POST_NUMBER = re.compile(r"post-[0-9]+")


@cache
def _holders(name: str) -> etree.XPath:
    """The elements holding attribute ``name`` (a plain name), in document order: the attribute
    axis and its parent, which libxml2 walks several times faster than ``*[@name]``."""
    return etree.XPath(f"descendant-or-self::*/@{name}/..")


@contextmanager
def indexed(doc: HtmlElement) -> Iterator[None]:
    """While reading ``doc``, answer simple selectors from its index and skip selectors that
    name a class or id it does not have."""
    _PAGES[doc] = PageIndex.of(doc)
    _only()
    try:
        yield
    finally:
        _PAGES.pop(doc, None)
        _only()


def _only() -> None:
    """Set ``_ONLY``: the compiled index's positions of the one page being read (None when
    several pages are, or none, or the index is the Python walk's). ``select`` tries it first;
    its ``find`` answers None for an element of another page, and the general path follows."""
    global _ONLY, _ONLY_INDEX
    pages = list(_PAGES.values())
    position = pages[0].position if len(pages) == 1 else None
    _ONLY = position if position is not None and not isinstance(position, dict) else None
    _ONLY_INDEX = pages[0] if _ONLY is not None else None


@cache
def required_tokens(selector: str) -> tuple[frozenset[str], frozenset[str]]:
    """(classes, ids) every match of ``selector`` needs; nothing for groups, :not() and XPath."""
    if selector.startswith("xpath:") or "," in selector or ":not(" in selector:
        return frozenset(), frozenset()
    bare = _QUOTED.sub("", selector)
    return frozenset(_CLASS.findall(bare)), frozenset(_ID.findall(bare))


def _impossible(index: PageIndex | None, selector: str) -> bool:
    if index is None:
        return False
    classes, ids = required_tokens(selector)
    return not all(c in index.by_class for c in classes) or not all(i in index.by_id for i in ids)


def possible(scope: HtmlElement, selectors: tuple[str, ...]) -> tuple[str, ...]:
    """``selectors`` without those that cannot match on ``scope``'s page (a class or id no element
    of it has: ``required_tokens``), in their order; all of them when the page has no index.
    Worked out once per page and group (the profiles' lists: 26 author selectors, of which a
    page's theme uses two or three), so a loop of ``select`` calls over a profile's list skips the
    selectors that find nothing without a call each."""
    only = _ONLY
    if only is not None:  # one page being read, indexed by the compiled walk: its answer, kept by the tuple
        live = only.possible(scope, selectors, _needs)
        if live is not None and live is not NotImplemented:
            return live
    index = _index_of(scope)
    if index is None:
        return selectors
    live = index.live.get(selectors)
    if live is None:
        live = index.live[selectors] = _live_of(selectors, _needs(selectors), index.by_class, index.by_id)
    return live


@cache
def _needs(selectors: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """The classes and the ids each of ``selectors`` needs (``required_tokens``), as tuples."""
    return tuple((tuple(required_tokens(s)[0]), tuple(required_tokens(s)[1])) for s in selectors)


def _live(
    selectors: tuple[str, ...],
    needs: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...],
    by_class: dict[str, Bucket],
    by_id: dict[str, Bucket],
) -> tuple[str, ...]:
    """The ``selectors`` whose needed classes and ids (``needs``, in their order) a page has: a
    look-up per needed name (loops, not generators: this runs for every group on every page)."""
    kept = []
    for selector, (classes, ids) in zip(selectors, needs, strict=True):
        for name in classes:
            if name not in by_class:
                break
        else:
            for name in ids:
                if name not in by_id:
                    break
            else:
                kept.append(selector)
    return selectors if len(kept) == len(selectors) else tuple(kept)


_live_of = _live if _cindex is None else _cindex.live  # the compiled loop when built


def _index_of(scope: HtmlElement) -> PageIndex | None:
    only = _ONLY
    if only is not None and scope in only:  # one page being read, and scope is of it
        return _ONLY_INDEX
    if not _PAGES:
        return None
    if len(_PAGES) == 1:  # one page being read (the usual case): an element of it is in its index
        index = next(iter(_PAGES.values()))
        if scope in index.position:
            return index
    return _PAGES.get(scope.getroottree().getroot())


def page_memo(el: HtmlElement) -> dict[str, list[HtmlElement]] | None:
    """A dictionary that lives as long as ``el``'s page is being read (None when it is not
    indexed): for page-wide look-ups the reader makes more than once."""
    index = _index_of(el)
    return index.memo if index is not None else None


def spans_much(el: HtmlElement, share: float) -> bool:
    """Whether ``el`` holds more than ``share`` of its page's nodes (True when the page has no index)."""
    index = _index_of(el)
    if index is None:
        return True
    first = index.position.get(el)
    if first is None:
        return True
    return _end(index.position, el) - first > share * len(index.position)


def with_id_prefix(doc: HtmlElement, prefixes: tuple[str, ...]) -> list[HtmlElement]:
    """Elements of ``doc``'s page whose id starts with one of ``prefixes``, in document order
    (from the page's index of ids when it has one, without walking the page)."""
    index = _index_of(doc)
    if index is None:
        test = " or ".join(f"starts-with(@id,'{p}')" for p in prefixes)
        return _elements(doc.xpath(f"//*[{test}]"))
    # the ids first, then the elements of those that match: unpacking every bucket made the lists
    # (and the elements' proxies) of every id of the page (``_cindex.Bucket`` makes them on first use)
    found = [el for key, bucket in index.by_id.items() if key.startswith(prefixes) for el in bucket[0]]
    return in_document_order(found)


def in_document_order(elements: Iterable[HtmlElement]) -> list[HtmlElement]:
    """``elements`` sorted as they appear in their page (positions from its index when it has one)."""
    found = list(elements)
    if not found:
        return found
    index = _index_of(found[0])
    position = index.position if index is not None else {el: i for i, el in enumerate(found[0].getroottree().iter())}
    return sorted(found, key=lambda el: position.get(el, -1))


def within(scope: HtmlElement, elements: Iterable[HtmlElement]) -> list[HtmlElement]:
    """The ``elements`` inside ``scope`` (itself included): a position comparison each on an
    indexed page, an ancestor walk each otherwise."""
    index = _index_of(scope)
    first = index.position.get(scope) if index is not None else None
    if index is None or first is None:
        return [el for el in elements if el is scope or any(a is scope for a in el.iterancestors())]
    last = _end(index.position, scope)
    position = index.position
    return [el for el in elements if first <= position.get(el, -1) <= last]


class ElementsWithin:
    """``within(scope, elements)`` for one set of ``elements`` and many scopes (a page's comment
    items, asked once or twice per comment): a bisect over the elements' sorted positions
    instead of a position test of every element per scope. Gives the same elements as
    ``within``, in document order."""

    def __init__(self, elements: Iterable[HtmlElement]) -> None:
        self.elements = list(elements)
        self.index = _index_of(self.elements[0]) if self.elements else None
        placed: list[tuple[int, HtmlElement]] = []
        if self.index is not None:
            position = self.index.position
            placed = sorted(((position.get(el, -1), el) for el in self.elements), key=_first_item)
        self.sorted = [el for at, el in placed if at >= 0]
        self.positions = [at for at, _ in placed if at >= 0]

    def __call__(self, scope: HtmlElement) -> list[HtmlElement]:
        if not self.elements:  # none to place (a page without comment items): within() finds none either
            return []
        index = self.index
        first = index.position.get(scope) if index is not None else None
        if index is None or first is None:
            return in_document_order(within(scope, self.elements))
        last = _end(index.position, scope)
        return self.sorted[bisect_left(self.positions, first) : bisect_right(self.positions, last)]


def _first_item(pair: tuple[int, HtmlElement]) -> int:
    return pair[0]


def holding(outer: Iterable[HtmlElement], inner: Iterable[HtmlElement]) -> set[HtmlElement]:
    """The elements of ``outer`` that are or contain one of ``inner`` (positions from the page's
    index when it has one: a bisect per element instead of walking every ancestor)."""
    inner = list(inner)
    outer = list(outer)
    if not inner or not outer:
        return set()
    index = _index_of(inner[0])
    if index is None:
        lineage = {a for el in inner for a in (el, *el.iterancestors())}
        return {el for el in outer if el in lineage}
    spots = sorted(index.position[el] for el in inner if el in index.position)
    found = set()
    for el in outer:
        first = index.position.get(el)
        if first is None:
            continue
        at = bisect_left(spots, first)
        if at < len(spots) and spots[at] <= _end(index.position, el):
            found.add(el)
    return found


def select(scope: HtmlElement, selector: str) -> list[HtmlElement]:
    only = _ONLY
    if only is not None:  # one page being read, indexed by the compiled walk: straight to its find
        found = only.select(scope, selector, simple_selectors)  # find(scope, simple_selectors(selector))
        if found is not None and found is not NotImplemented:
            return found
    index = _index_of(scope)
    tests = simple_selectors(selector) if index is not None else None
    if index is not None and tests is not None:
        found = index.find(scope, tests)
        if found is not None:
            return found
    if _impossible(index, selector):
        return []
    if index is not None and selector in _XPATH_AS_CSS:  # the page's index answers it as well
        found = select(scope, _XPATH_AS_CSS[selector])
        return found[1:] if found and found[0] is scope else found  # ".//": the scope itself is not
    if index is not None and selector in _XPATH_BY_INDEX:  # what CSS cannot say, from the index
        found = _XPATH_BY_INDEX[selector](index, scope)
        if found is not None:
            return found
    return _elements(compiled(selector)(scope))


def select_any(scope: HtmlElement, selectors: Iterable[str]) -> list[HtmlElement]:
    """Every element matching any of ``selectors``, in document order, without repeats."""
    only = _ONLY
    if only is not None:  # as in select: one call (a tuple's tests kept by its address)
        found = only.select_any(scope, selectors, _grouped)  # find(scope, _grouped(selectors)[0])
        if found is not None and found is not NotImplemented:
            return found
    wanted = tuple(selectors)
    index = _index_of(scope)
    if index is not None and index.position.get(scope) is not None:
        tests, rest = _grouped(wanted)
        if rest:
            rest = tuple(s for s in rest if not _impossible(index, s))
        found = index.find(scope, tests) or []
        if rest:
            found = _in_order(index, found + _elements(_union(rest)(scope)))
        return found
    possible = tuple(s for s in wanted if not _impossible(index, s))
    if not possible:
        return []
    return _elements(_union(possible)(scope))


@cache
def _grouped(selectors: tuple[str, ...]) -> tuple[tuple[Test, ...], tuple[str, ...]]:
    """The tests of the selectors the page index answers, and the selectors left for XPath:
    split once per group of selectors (the reader asks the same groups on every page)."""
    simple = [simple_selectors(s) for s in selectors]
    tests = tuple(t for group in simple if group is not None for t in group)
    return tests, tuple(s for s, group in zip(selectors, simple, strict=True) if group is None)


def _in_order(index: PageIndex, found: list[HtmlElement]) -> list[HtmlElement]:
    unique = {el: index.position.get(el, -1) for el in found}
    return sorted(unique, key=unique.__getitem__)


def _elements(found: object) -> list[HtmlElement]:
    return [el for el in found if isinstance(el, HtmlElement)] if isinstance(found, list) else []


@cache
def _union(selectors: tuple[str, ...]) -> etree.XPath:
    parts = [s.removeprefix("xpath:") if s.startswith("xpath:") else _TRANSLATOR.css_to_xpath(s) for s in selectors]
    return etree.XPath(" | ".join(parts))
