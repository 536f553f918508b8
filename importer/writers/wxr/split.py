"""``--split-size``: items into parts no larger than a size, each a WXR file WordPress imports alone.

WordPress's importer links records only within one file: a page whose parent is in another file
loses its parent, and a menu item whose page (or category) is in another file is not imported at
all. So items that refer to each other (parent and child, menu item and what it points to) stay
in one part, and each part declares the authors and terms its items name (with the terms'
ancestors, for the hierarchy). Authors and terms no item names go in the first part.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...model import Post
from ...wordpress import NAV_MENU_ITEM
from ..scratch import Scratch, decode, encode
from .elements import FOOTER, Text, author_xml, term_xml
from .identity import sanitized_login

if TYPE_CHECKING:
    from .writer import Export

TermKey = tuple[str, str]  # (taxonomy, slug)


@dataclass(slots=True)
class Item:
    """Where one item lies in the spool, and what its file must hold for it."""

    offset: int
    size: int
    post_id: int
    author: str | None
    terms: tuple[TermKey, ...]
    post_links: tuple[int, ...] = ()  # ids of items that must be in the same file
    term_links: tuple[int, ...] = ()  # ids of terms a menu item points to


class ItemIndex:
    """The items in spool order, numbered from 0, kept on disk (``scratch``): a few numbers and
    names per item, for a million items as for ten."""

    def __init__(self, scratch: Scratch) -> None:
        self.db = scratch.db
        self.table = scratch.table(
            "n INTEGER PRIMARY KEY, offset INTEGER, size INTEGER, post_id INTEGER, author BLOB, links TEXT"
        )
        self.count = 0

    def append(self, item: Item) -> None:
        author = None if item.author is None else encode(item.author)
        links = json.dumps([item.terms, item.post_links, item.term_links])  # ASCII: any string comes back
        self.db.execute(
            f"INSERT INTO {self.table} VALUES (?, ?, ?, ?, ?, ?)",
            (self.count, item.offset, item.size, item.post_id, author, links),
        )
        self.count += 1

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Item]:
        """Every item, in spool order."""
        for row in self.db.execute(f"SELECT offset, size, post_id, author, links FROM {self.table} ORDER BY n"):
            yield _item(row)

    def __getitem__(self, n: int) -> Item:
        query = f"SELECT offset, size, post_id, author, links FROM {self.table} WHERE n = ?"
        return _item(self.db.execute(query, (n,)).fetchone())

    def post_ids(self) -> Iterator[tuple[int, int]]:
        """``(number, post id)`` of every item, in spool order."""
        yield from self.db.execute(f"SELECT n, post_id FROM {self.table} ORDER BY n")


def _item(row: tuple[int, int, int, bytes | None, str]) -> Item:
    offset, size, post_id, author, links = row
    terms, post_links, term_links = json.loads(links)
    return Item(
        offset,
        size,
        post_id,
        None if author is None else decode(author),
        tuple((taxonomy, slug) for taxonomy, slug in terms),
        tuple(post_links),
        tuple(term_links),
    )


def _int_meta(post: Post, key: str) -> int | None:
    for meta in post.meta:
        if meta.key == key and isinstance(meta.value, str) and meta.value.strip().isdigit():
            return int(meta.value) or None
    return None


def linked_ids(post: Post) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The post ids and term ids an item needs in its own file (its parent; a menu item's target)."""
    posts = [post.parent] if post.parent else []
    terms = []
    if post.type == NAV_MENU_ITEM:
        target = _int_meta(post, "_menu_item_object_id")
        kind = next((m.value for m in post.meta if m.key == "_menu_item_type"), None)
        if target is not None and kind == "post_type":
            posts.append(target)
        elif target is not None and kind == "taxonomy":
            terms.append(target)
        menu_parent = _int_meta(post, "_menu_item_menu_item_parent")
        if menu_parent is not None:
            posts.append(menu_parent)
    return tuple(p for p in posts if p is not None), tuple(terms)


def linked_groups(items: ItemIndex) -> Iterator[list[Item]]:
    """Items linked by parent or menu target, as groups in the order of their first item.

    Only the items that link or are linked to are held (a union-find keyed by item number);
    every other item is a group of its own, read from the index as it comes."""
    targets = {linked for item in items for linked in item.post_links}
    index = {post_id: n for n, post_id in items.post_ids() if post_id in targets}  # the last item wins
    leader: dict[int, int] = {}

    def find(i: int) -> int:
        while (up := leader.get(i, i)) != i:
            leader[i] = leader.get(up, up)
            i = leader[i]
        return i

    for n, item in enumerate(items):
        for linked in item.post_links:
            if linked in index:
                a, b = find(n), find(index[linked])
                leader.setdefault(a, a)
                leader.setdefault(b, b)
                leader[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for n in sorted(leader):
        members.setdefault(find(n), []).append(n)
    for n, item in enumerate(items):
        if n in members:
            yield [item, *(items[m] for m in members[n][1:])]
        elif n not in leader:
            yield [item]


@dataclass(slots=True)
class Part:
    authors: set[str]
    terms: set[TermKey]
    size: int
    items: list[Item] = field(default_factory=list)


class Splitter:
    """Groups of linked items, in order, into parts of at most ``limit`` bytes."""

    def __init__(self, export: Export, limit: int) -> None:
        self.export = export
        self.limit = limit
        self.order = {key: i for i, key in enumerate(export.ordered_terms())}
        measure = Text(export.text.clean)  # a second Text: dropped characters are counted once
        self.author_bytes = {k: len(author_xml(a, k, measure).encode()) for k, a in export.authors.items()}
        self.term_bytes = {k: len(term_xml(t, measure).encode()) for k, t in export.terms.items()}
        self.base = len(export.head([], [])) + len(FOOTER)
        # a post's creator names its author as the importer matches them: by sanitized login
        self.author_of = {sanitized_login(login): login for login in export.authors}
        self.term_of = {t.id: key for key, t in export.terms.items() if t.id is not None}

    def parts(self) -> Iterator[Part]:
        """The parts, each once it is complete (a part holds its own items only)."""
        authors, terms = self._unnamed()
        part = Part(authors, terms, self.base + self._cost(authors, terms))
        for group in linked_groups(self.export.items):
            needs_authors, needs_terms = self._needs(group)
            size = sum(item.size for item in group)
            cost = size + self._cost(needs_authors - part.authors, needs_terms - part.terms)
            if part.items and part.size + cost > self.limit:
                yield part
                part = Part(set(), set(), self.base)
                cost = size + self._cost(needs_authors, needs_terms)
            part.authors |= needs_authors
            part.terms |= needs_terms
            part.size += cost
            part.items += group
            if part.size > self.limit and len(part.items) == len(group):
                what = "an item" if len(group) == 1 else f"{len(group)} items that refer to each other"
                message = f"{what} ({part.size} bytes with what they need) larger than {{split_size}}: one part"
                self.export.tally.problem("item-over-split-size", message, post_id=group[0].post_id)
        yield part

    def ordered(self, part: Part) -> tuple[list[str], list[TermKey]]:
        authors = [login for login in self.export.authors if login in part.authors]
        return authors, sorted(part.terms, key=self.order.__getitem__)

    def _unnamed(self) -> tuple[set[str], set[TermKey]]:
        """The authors and terms no item names: they go in the first part."""
        export = self.export
        named_terms: set[TermKey] = set()
        named_authors: set[str | None] = set()
        for item in export.items:
            named_terms.update(item.terms)
            named_terms.update(self.term_of[t] for t in item.term_links if t in self.term_of)
            named_authors.add(self._author(item))
        authors = set(export.authors) - named_authors
        terms: set[TermKey] = set()
        for key in export.terms:
            if key not in named_terms:
                terms |= export.ancestors(key)
        return authors, terms

    def _needs(self, group: list[Item]) -> tuple[set[str], set[TermKey]]:
        authors: set[str] = set()
        terms: set[TermKey] = set()
        for item in group:
            author = self._author(item)
            if author:
                authors.add(author)
            keys = [*item.terms, *(self.term_of[t] for t in item.term_links if t in self.term_of)]
            for key in keys:
                terms |= self.export.ancestors(key)
        return authors, terms

    def _author(self, item: Item) -> str | None:
        return self.author_of.get(sanitized_login(item.author)) if item.author else None

    def _cost(self, authors: set[str], terms: set[TermKey]) -> int:
        return sum(self.author_bytes[a] for a in authors) + sum(self.term_bytes[t] for t in terms)
