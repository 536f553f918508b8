"""``--to wxr``: a WordPress eXtended RSS 1.2 file the WordPress Importer takes, from any source.

Items are written as they arrive to a spool file beside the output (authors and terms of merged
sources may still come after the first posts, and WordPress wants them before the items), then
the document is assembled: header, authors, terms (parents before children, as the importer
needs), items. Memory holds the authors, the terms and, with ``--split-size``, a few numbers per
item.

``--split-size`` writes ``blog.001.xml``, ``blog.002.xml`` ... each under the size, and each a
complete WXR with the authors and terms its posts name (the importer needs them in every file);
terms no post names go in the first part. Every file appears only when all were written.
"""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

from ... import __version__
from ...errors import UsageError
from ...model import Author, Post, Record, Site, Term
from ...tally import Tally
from ...transforms.xml_chars import strip_xml_unwritable
from ..atomic import STDOUT, atomic_file, open_output, spool_file
from ..json import count_written
from ..scratch import Scratch
from .elements import FOOTER, Text, author_xml, site_header, term_xml
from .identity import Ids, sanitized_login, wp_login
from .items import ItemWriter
from .split import Item, ItemIndex, Splitter, TermKey, linked_ids

_COPY_BUFFER = 1 << 20


@dataclass(slots=True)
class WxrOptions:
    split_size: int | None = None  # bytes: write several files, each at most this size


@dataclass
class Export:
    tally: Tally
    spool: IO[bytes]
    index_items: bool
    scratch: Scratch
    site: Site | None = None
    authors: dict[str, Author] = field(default_factory=dict)  # by WordPress login
    terms: dict[TermKey, Term] = field(default_factory=dict)  # by (taxonomy, slug)
    bylines: dict[str, str] = field(default_factory=dict)  # login -> the post author as read
    shared: dict[str, str] = field(default_factory=dict)  # one copy of each login the index holds
    shared_keys: dict[TermKey, TermKey] = field(default_factory=dict)  # and of each term key
    text: Text = field(default_factory=lambda: Text(strip_xml_unwritable))

    def __post_init__(self) -> None:
        self.writer = ItemWriter(self.text, Ids(self.scratch), Ids(self.scratch))
        self.items = ItemIndex(self.scratch)  # with --split-size: where each item is, what it needs

    def add(self, record: Record) -> None:
        if isinstance(record, Site):
            self.site = self.site or record
        elif isinstance(record, Author):
            self.authors.setdefault(wp_login(record.login), record)
        elif isinstance(record, Term):
            self.terms.setdefault((record.taxonomy, record.slug), record)
        else:
            self._add_post(record)
        count_written(record, self.tally)

    def _add_post(self, post: Post) -> None:
        post_id, xml = self.writer.item(post)
        data = xml.encode("utf-8")
        offset = self.spool.tell()
        self.spool.write(data)
        login = wp_login(post.author) if post.author else None
        if login is not None:
            self.bylines.setdefault(login, post.author or login)
        if self.index_items:
            author = self.shared.setdefault(login, login) if login else None
            self.items.append(Item(offset, len(data), post_id, author, self._term_keys(post), *linked_ids(post)))

    def _term_keys(self, post: Post) -> tuple[TermKey, ...]:
        """The terms an item names, as keys shared by every item (the index stays small)."""
        keys = [("category", r.slug) for r in post.categories] + [("post_tag", r.slug) for r in post.tags]
        keys += [(taxonomy, r.slug) for taxonomy, refs in post.taxonomies.items() for r in refs]
        return tuple(self.shared_keys.setdefault(key, key) for key in dict.fromkeys(keys))

    def finish(self) -> None:
        """Authors for bylines no author record declares (pages give a name only)."""
        declared = {sanitized_login(login) for login in self.authors}  # as the importer matches them
        for login, byline in self.bylines.items():
            if sanitized_login(login) not in declared:
                declared.add(sanitized_login(login))
                self.authors[login] = Author(login=byline, display_name=byline)
                self.tally.changed["authors added for bylines"] += 1
                self.tally.written["author"] += 1
        renamed = sum(1 for login, a in self.authors.items() if login != a.login)
        if renamed:
            self.tally.changed["logins made ones WordPress accepts"] += renamed
        if self.writer.assigned:
            self.tally.changed["ids given to posts and comments (none, or one taken)"] += self.writer.assigned
        if self.writer.undated_drafts:
            key = "undated published items written as drafts (WordPress would date them today)"
            self.tally.changed[key] += self.writer.undated_drafts
        if self.writer.slugs_from_urls:
            self.tally.changed["slugs taken from the post's old address"] += self.writer.slugs_from_urls
        if self.text.dropped:
            self.tally.changed["characters XML cannot hold dropped"] += self.text.dropped

    # -- assembling ---------------------------------------------------------------------

    def head(self, authors: Iterable[str], terms: Iterable[TermKey]) -> bytes:
        site = self.site or Site()
        sources = ", ".join(site.sources) or "unknown sources"
        comment = f"WordPress eXtended RSS written by blogimport {__version__} from {sources}"
        parts = [site_header(site, self.text, comment)]
        parts += [author_xml(self.authors[login], login, self.text) for login in authors]
        parts += [term_xml(self.terms[key], self.text) for key in terms]
        return "".join(parts).encode("utf-8")

    def ordered_terms(self) -> list[TermKey]:
        """Every term, each parent before its children (the importer looks parents up by slug)."""
        ordered: list[TermKey] = []
        placed: set[TermKey] = set()
        for key in self.terms:
            self._place(key, ordered, placed, set())
        return ordered

    def _place(
        self,
        key: TermKey,
        ordered: list[TermKey],
        placed: set[TermKey],
        path: set[TermKey],
    ) -> None:
        if key in placed or key in path or key not in self.terms:
            return
        parent = self.terms[key].parent
        if parent:
            self._place((key[0], parent), ordered, placed, path | {key})
        placed.add(key)
        ordered.append(key)

    def ancestors(self, key: TermKey) -> set[TermKey]:
        found: set[TermKey] = set()
        while key in self.terms and key not in found:
            found.add(key)
            parent = self.terms[key].parent
            if not parent:
                break
            key = (key[0], parent)
        return found


def write_wxr(records: Iterable[Record], output: str, options: WxrOptions, tally: Tally) -> None:
    """Write the record stream as WXR 1.2 at ``output`` (``-`` = stdout), or in parts."""
    if options.split_size is not None and output == STDOUT:
        raise UsageError("{split_size} writes several files: give {output} a file name, not '-'")
    with spool_file(output, "blogimport-items-") as spool, Scratch() as scratch:
        export = Export(tally, spool, options.split_size is not None, scratch)
        for record in records:
            export.add(record)
        export.finish()
        spool.seek(0)
        if options.split_size is None:
            with open_output(output) as out:
                _write_whole(export, out)
        else:
            _write_parts(export, output, options.split_size)


def _write_whole(export: Export, out: BinaryIO) -> None:
    out.write(export.head(export.authors, export.ordered_terms()))
    shutil.copyfileobj(export.spool, out, _COPY_BUFFER)
    out.write(FOOTER.encode())


def part_name(output: str, number: int) -> str:
    path = Path(output)
    return str(path.with_name(f"{path.stem}.{number:03d}{path.suffix}"))


def _write_parts(export: Export, output: str, limit: int) -> None:
    splitter = Splitter(export, limit)
    with contextlib.ExitStack() as stack:  # every part is renamed into place only at the end
        for number, part in enumerate(splitter.parts(), start=1):
            out = stack.enter_context(atomic_file(part_name(output, number)))
            out.write(export.head(*splitter.ordered(part)))
            for item in sorted(part.items, key=lambda i: i.offset):
                export.spool.seek(item.offset)
                out.write(export.spool.read(item.size))
            out.write(FOOTER.encode())
            export.tally.written["wxr file"] += 1
