"""Records to table rows: one pass over the record stream, rows in an order that satisfies
every foreign key (parents before the rows that point at them).

Every writer of the SQL family (SQLite database, dumps, direct loads) consumes these rows, so
the three always hold the same data.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, NamedTuple

from ...model import HTML_CONTENT, Author, Comment, Meta, Post, Provenance, Record, Site, Term, TermRef
from ...tally import Tally
from ...transforms.dates import iso
from ...transforms.render import ReusableBlocks, render_text
from ...transforms.shortcodes import ShortcodeContext
from ...wordpress import ATTACHMENT
from ..content import rendered_html
from ..scratch import IntSet, Scratch
from . import schema
from .schema import Table

NUL = "\x00"

# What :func:`render_text` makes of WordPress text of one line without a tag or a shortcode (most
# comments) is that line as a paragraph: a "<" (a tag, a comment: the block editor's mark), a "["
# (a shortcode), a "\r" or a line break sends a text through it (a blank text is empty either way).
_NOT_ONE_PLAIN_LINE = re.compile(r"[<\[\r\n]")


BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1  # what every engine's BIGINT (and SQLite's INTEGER) holds


def python_unstorable(values: tuple[Any, ...]) -> bool:
    """Whether a value no engine holds as it is is among ``values``: text with NUL, or an integer
    beyond BIGINT (one loop: every row of every table passes here)."""
    for value in values:
        kind = value.__class__
        if kind is str:
            if NUL in value:
                return True
        elif kind is int and not BIGINT_MIN <= value <= BIGINT_MAX:
            return True
    return False


try:  # the same check compiled (setup.py builds it; the Python loop stands in without)
    from ._crows import unstorable as _unstorable
except ImportError:  # pragma: no cover - a build without a C compiler
    _unstorable = python_unstorable


class Row(NamedTuple):
    table: Table
    values: tuple[Any, ...]
    # True for an author or term row made up from a post's reference (the source did not declare
    # it): appending to a database must not overwrite a declared row with it.
    implied: bool = False


_new_row = tuple.__new__


def local_time(value: datetime | None) -> datetime | None:
    """The wall-clock part of a date (a zone, if any, is dropped: the UTC column keeps the instant)."""
    if value is None or value.tzinfo is None:
        return value
    return value.replace(tzinfo=None)


def utc_time(local: datetime | None, utc: datetime | None) -> datetime | None:
    """The UTC instant: the source's UTC date, else the local date when it carries its zone."""
    if utc is not None:
        return utc if utc.tzinfo is not None else utc.replace(tzinfo=UTC)
    if local is not None and local.tzinfo is not None:
        return local.astimezone(UTC)
    return None


# json.dumps(value, ensure_ascii=False), without a new encoder for each call (what dumps makes
# whenever an option is given): the same text.
_to_json = json.JSONEncoder(ensure_ascii=False).encode


# What the JSON encoder escapes in a string (``ensure_ascii`` off): a text without it is written as is.
_JSON_ESCAPED = re.compile(r'[\x00-\x1f"\\]')


def provenance_json(items: list[Provenance]) -> str | None:
    """The record's provenance as JSON: :func:`general_provenance_json`'s text, joined here for
    the usual items (a file, rule and locator that need no escape, no confidence, no capture time)."""
    if not items:
        return None
    texts = []
    for p in items:
        file, rule, locator = p.file, p.rule, p.locator
        if (
            p.confidence is not None
            or p.captured is not None
            or file.__class__ is not str
            or (rule is not None and rule.__class__ is not str)
            or (locator is not None and locator.__class__ is not str)
            or _JSON_ESCAPED.search(f"{file}{rule}{locator}") is not None
        ):
            return general_provenance_json(items)
        rule_json = "null" if rule is None else f'"{rule}"'
        locator_json = "null" if locator is None else f'"{locator}"'
        texts.append(
            f'{{"file": "{file}", "rule": {rule_json}, "locator": {locator_json}, '
            '"confidence": null, "captured": null}'
        )
    return f"[{', '.join(texts)}]"


def general_provenance_json(items: list[Provenance]) -> str | None:
    if not items:
        return None
    return _to_json(
        [
            {
                "file": p.file,
                "rule": p.rule,
                "locator": p.locator,
                "confidence": p.confidence,
                "captured": iso(p.captured),
            }
            for p in items
        ]
    )


def meta_columns(meta: Meta) -> tuple[str | None, str | None]:
    """(meta_value as stored, value_json of the decoded value when it was PHP-serialized)."""
    if meta.raw is not None:
        return meta.raw, _to_json(meta.value)
    if meta.value is None or isinstance(meta.value, str):
        return meta.value, None
    encoded = _to_json(meta.value)
    return encoded, encoded


class SourceIds:
    """Row ids: the source's id when it has one not used yet, else the next negative number."""

    def __init__(self, kind: str, tally: Tally, scratch: Scratch) -> None:
        self.kind = kind
        self.tally = tally
        self.used = IntSet(scratch)  # on disk: a big export holds hundreds of thousands of comments
        self.next_negative = -1

    def assign(self, source_id: int | None) -> int:
        if source_id is not None and not BIGINT_MIN <= source_id <= BIGINT_MAX:
            self.tally.problem(f"{self.kind}-id-out-of-range", f"{self.kind} id {source_id} is out of range")
            source_id = None
        if source_id is not None and self.used.add(source_id):
            return source_id
        new_id = self.next_negative
        self.next_negative -= 1
        if source_id is not None:
            self.tally.changed[f"duplicate {self.kind} ids renumbered"] += 1
            self.tally.problem(
                f"duplicate-{self.kind}-id", f"{self.kind} id {source_id} appears twice; stored as {new_id}"
            )
        return new_id


class RowBuilder:
    """Turns the record stream into rows; keeps the little state keys need (ids seen so far)."""

    def __init__(self, tally: Tally, with_markdown: bool = False) -> None:
        self.tally = tally
        self.with_markdown = with_markdown
        self.blocks = ReusableBlocks()
        self.waiting: list[Post] = []  # posts using a reusable block not seen yet
        self.authors: set[str] = set()
        self.terms: set[tuple[str, str]] = set()
        self.scratch = Scratch()  # closed when the rows are all made
        self.post_ids = SourceIds("post", tally, self.scratch)
        self.comment_ids = SourceIds("comment", tally, self.scratch)

    def rows(self, records: Iterable[Record]) -> Iterator[Row]:
        with self.scratch:
            yield from self._rows(records)

    def _rows(self, records: Iterable[Record]) -> Iterator[Row]:
        for record in records:
            if isinstance(record, Site):
                yield self.site_row(record)
            elif isinstance(record, Author):
                yield from self.author_rows(record)
            elif isinstance(record, Term):
                yield from self.term_rows(record)
            elif isinstance(record, Post):
                self.blocks.add(record)
                if self.blocks.unknown(record.content):
                    self.wait(record)
                else:
                    yield from self.post_rows(record)
        for post in self.waiting:
            yield from self.post_rows(post)
        self.waiting.clear()

    def wait(self, post: Post) -> None:
        """Keep ``post`` for the end of the stream: it uses a reusable block not seen yet."""
        self.waiting.append(post)

    # -- values -------------------------------------------------------------------------------

    def clean(self, value: Any) -> Any:
        """Strip NUL characters (PostgreSQL text cannot hold them), counting them."""
        if isinstance(value, str) and NUL in value:
            self.tally.changed["NUL characters stripped"] += value.count(NUL)
            return value.replace(NUL, "")
        return value

    def storable(self, table: Table, value: Any) -> Any:
        """``clean``, and a number no engine's BIGINT holds (a page claiming 10**20 comments) as NULL."""
        if type(value) is int and not BIGINT_MIN <= value <= BIGINT_MAX:
            message = f"{table.name}: {value} does not fit a 64-bit column; stored as NULL"
            self.tally.problem("number-out-of-range", message)
            return None
        return self.clean(value)

    def row(self, table: Table, values: tuple[Any, ...], implied: bool = False) -> Row:
        if _unstorable(values):
            values = tuple(self.storable(table, v) for v in values)
        return _new_row(Row, (table, values, implied))  # Row(...) without its __new__'s Python frame

    def html(self, content: str | None, content_format: str) -> str | None:
        """A comment as WordPress shows it (wpautop for WordPress text)."""
        if content is None:
            return None
        content = content.replace(NUL, "")
        if content_format != HTML_CONTENT and _NOT_ONE_PLAIN_LINE.search(content) is None and not content.isspace():
            return f"<p>{content}</p>\n" if content else ""
        return render_text(content, content_format)

    def post_html(self, post: Post) -> str | None:
        """A post as WordPress shows it (:mod:`importer.transforms.render`): galleries stay
        ``[gallery]`` (attachments come later in the stream), unknown shortcodes are kept as text
        and counted."""
        if post.content is None:
            return None
        if NUL in post.content:
            post = dataclasses.replace(post, content=post.content.replace(NUL, ""))
        context = ShortcodeContext()
        html = rendered_html(post, self.blocks, context, self.tally)
        for name, count in context.unknown.items():
            self.tally.changed[f"unknown shortcode [{name}] kept as text"] += count
        if context.unresolved_galleries:
            self.tally.changed["galleries kept as [gallery] in content_html"] += context.unresolved_galleries
        return html

    def markdown(self, html: str | None) -> str | None:
        if html is None or not self.with_markdown:
            return None
        from ...transforms.html_to_markdown import to_markdown  # loaded only for --with-markdown

        return to_markdown(html)

    # -- records ------------------------------------------------------------------------------

    def site_row(self, site: Site) -> Row:
        sources = json.dumps(site.sources, ensure_ascii=False) if site.sources else None
        values = (
            1,
            site.title,
            site.link,
            site.description,
            site.language,
            site.base_site_url,
            site.base_blog_url,
            site.generator,
            site.source_format,
            site.format_version,
            sources,
        )
        return self.row(schema.SITE, values)

    def author_rows(self, author: Author) -> Iterator[Row]:
        login = self.clean(author.login)
        if login in self.authors:
            self.tally.skip("author", "duplicate login")
            return
        self.authors.add(login)
        self.tally.written["author"] += 1
        yield self.row(
            schema.AUTHORS,
            (login, author.id, author.email, author.display_name, author.first_name, author.last_name, author.url),
        )

    def implied_author(self, login: str) -> Row | None:
        """The row of an author a post names, the first time it is named and not declared."""
        login = self.clean(login)
        if login in self.authors:
            return None
        self.authors.add(login)
        return self.row(schema.AUTHORS, (login, None, None, None, None, None, None), implied=True)

    def term_rows(self, term: Term) -> Iterator[Row]:
        key = (self.clean(term.taxonomy), self.clean(term.slug))
        if key in self.terms:
            self.tally.skip("term", "duplicate taxonomy and slug")
            return
        self.terms.add(key)
        self.tally.written["term"] += 1
        yield self.row(schema.TERMS, (*key, term.id, term.name, term.parent, term.description))
        for position, meta in enumerate(term.meta):
            yield self.row(schema.TERM_META, (*key, position, meta.key, *meta_columns(meta)))

    def implied_term(self, taxonomy: str, ref: TermRef) -> Row | None:
        """The row of a term a post uses, the first time it is used and not declared."""
        key = (self.clean(taxonomy), self.clean(ref.slug))
        if key in self.terms:
            return None
        self.terms.add(key)
        return self.row(schema.TERMS, (*key, None, ref.name, None, None), implied=True)

    def post_rows(self, post: Post) -> Iterator[Row]:
        if post.author is not None and (author := self.implied_author(post.author)) is not None:
            yield author
        refs = self.post_term_refs(post)
        for taxonomy, ref in refs:
            if (term := self.implied_term(taxonomy, ref)) is not None:
                yield term
        post_id = self.post_ids.assign(post.id)
        self.tally.written[post.type] += 1
        yield self.row(schema.POSTS, self.post_values(post_id, post))
        if post.type == ATTACHMENT:
            attached_file = next((m.value for m in post.meta if m.key == "_wp_attached_file"), None)
            file = attached_file if isinstance(attached_file, str) else None
            yield self.row(schema.ATTACHMENTS, (post_id, post.attachment_url, file, post.parent))
        positions: dict[str, int] = defaultdict(int)
        for taxonomy, ref in refs:
            yield self.row(schema.POST_TERMS, (post_id, taxonomy, ref.slug, positions[taxonomy]))
            positions[taxonomy] += 1
        for position, meta in enumerate(post.meta):
            yield self.row(schema.POST_META, (post_id, position, meta.key, *meta_columns(meta)))
        yield from self.comment_rows(post_id, post)

    def post_values(self, post_id: int, post: Post) -> tuple[Any, ...]:
        html = self.post_html(post)
        return (
            post_id,
            post.type,
            post.status,
            post.title,
            post.slug,
            post.url,
            post.guid,
            post.author,
            local_time(post.date),
            utc_time(post.date, post.date_gmt),
            local_time(post.modified),
            utc_time(post.modified, post.modified_gmt),
            post.excerpt,
            post.content,
            post.content_format,
            html,
            self.markdown(html),
            post.content_is_excerpt,
            post.parent,
            post.menu_order,
            post.sticky,
            post.password,
            post.comment_status,
            post.ping_status,
            post.attachment_url,
            post.comment_count,
            provenance_json(post.provenance),
        )

    def post_term_refs(self, post: Post) -> list[tuple[str, TermRef]]:
        """The post's term references, each (taxonomy, slug) once, in source order."""
        groups = [("category", post.categories), ("post_tag", post.tags), *post.taxonomies.items()]
        seen: set[tuple[str, str]] = set()
        refs = []
        for taxonomy, group in groups:
            for ref in group:
                key = (self.clean(taxonomy), self.clean(ref.slug))
                if key in seen:
                    self.tally.changed["duplicate term references dropped"] += 1
                    continue
                seen.add(key)
                refs.append((key[0], ref))
        return refs

    # -- comments -----------------------------------------------------------------------------

    def comment_rows(self, post_id: int, post: Post) -> Iterator[Row]:
        assigned = [(self.comment_ids.assign(c.id), c) for c in post.comments]
        by_source: dict[int, int] = {}
        for new_id, comment in assigned:
            if comment.id is not None:
                by_source.setdefault(comment.id, new_id)
        parents: dict[int, int | None] = {}
        for new_id, comment in assigned:
            parents[new_id] = self.parent_id(post_id, new_id, comment, by_source)
        for new_id, comment in threaded(assigned, parents):
            self.tally.written["comment"] += 1
            values = self.comment_values(new_id, post_id, parents[new_id], comment, post.content_format)
            yield self.row(schema.COMMENTS, values)
            for position, meta in enumerate(comment.meta):
                yield self.row(schema.COMMENT_META, (new_id, position, meta.key, *meta_columns(meta)))

    def parent_id(self, post_id: int, new_id: int, comment: Comment, by_source: dict[int, int]) -> int | None:
        if not comment.parent:
            return None
        parent = by_source.get(comment.parent)
        if parent is None or parent == new_id:
            self.tally.changed["dangling comment parents set to NULL"] += 1
            self.tally.problem(
                "dangling-comment-parent",
                f"comment {comment.id} replies to comment {comment.parent}, not in this post",
                post_id=post_id,
            )
            return None
        return parent

    def comment_values(
        self, new_id: int, post_id: int, parent: int | None, c: Comment, content_format: str
    ) -> tuple[Any, ...]:
        return (
            new_id,
            post_id,
            parent,
            c.type,
            c.status,
            c.author,
            c.author_email,
            c.author_url,
            c.author_ip,
            local_time(c.date),
            utc_time(c.date, c.date_gmt),
            c.content,
            self.html(c.content, content_format),
            c.user_id,
            c.url,
            c.avatar_url,
            provenance_json(c.provenance),
        )


def threaded(items: list[tuple[int, Comment]], parents: dict[int, int | None]) -> list[tuple[int, Comment]]:
    """Comments ordered so every parent comes before its replies (source order otherwise).

    A reply cycle (a replies to b, b to a) cannot be stored: its links are set to None in ``parents``.
    """
    if _in_thread_order(items, parents):  # the usual: each reply right after its parent's thread so far
        return items
    return _threaded_by_parent(items, parents)


def _threaded_by_parent(items: list[tuple[int, Comment]], parents: dict[int, int | None]) -> list[tuple[int, Comment]]:
    children: dict[int | None, list[tuple[int, Comment]]] = defaultdict(list)
    for item in items:
        children[parents[item[0]]].append(item)
    ordered: list[tuple[int, Comment]] = []
    emitted: set[int] = set()

    def emit_tree(root: tuple[int, Comment]) -> None:
        stack = [root]
        while stack:
            item = stack.pop()
            if item[0] in emitted:
                continue
            emitted.add(item[0])
            ordered.append(item)
            stack.extend(reversed(children.get(item[0], [])))

    for root in children.get(None, []):
        emit_tree(root)
    for item in items:  # only members of reply cycles are left
        if item[0] not in emitted:
            parents[item[0]] = None
            emit_tree(item)
    return ordered


def _in_thread_order(items: list[tuple[int, Comment]], parents: dict[int, int | None]) -> bool:
    """Whether ``items`` are already in :func:`threaded` order: each comment's parent is none or
    on the path from the last top-level comment to the comment before it."""
    path: list[int] = []
    for new_id, _comment in items:
        parent = parents[new_id]
        if parent is None:
            path.clear()
        else:
            while path and path[-1] != parent:
                path.pop()
            if not path:
                return False
        path.append(new_id)
    return True
