"""One post (of any type) as a WXR ``<item>``, its comments nested.

Content recovered as rendered HTML (``content_format`` "html": pages, feeds, captures) must not
go through WordPress's ``wpautop`` a second time, which would turn its line breaks into ``<br />``
and wrap loose text in ``<p>``. A post's HTML is therefore stored as one Custom HTML block
(``<!-- wp:html -->``): WordPress renders a post that has blocks without ``wpautop`` and the
block's HTML as it is, and the block editor shows it as a block to edit. Comments have no
blocks: their HTML is written as ``wpautop`` leaves it unchanged (line breaks outside ``<pre>``,
``<script>``, ``<style>`` and ``<textarea>`` turned into spaces, then ``wpautop`` applied once).

Where a record came from other than a WXR file is kept in ``_blogimport_source`` meta (JSON),
with the fields WXR has no element for, so nothing the rescue found is lost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from urllib.parse import unquote

from ...model import HTML_CONTENT, Comment, Meta, Post, Provenance
from ...transforms.urls import split_url
from ...transforms.wpautop import BLOCK_TAGS
from ...wordpress import PUBLISHED
from ..json import record_dict
from .elements import Text, category_xml, comment_xml, meta_xml, number, wp_dates
from .identity import Ids, wp_login

SOURCE_META = "_blogimport_source"
HTML_BLOCK_START, HTML_BLOCK_END = "<!-- wp:html -->\n", "\n<!-- /wp:html -->"
# Elements whose line breaks are kept, each up to its first end tag. Linear on any text: a run of
# spaces is taken from its start ((?<!...)), and an element without an end tag is looked for once.
_KEEP_NEWLINES = re.compile(r"<(pre|script|style|textarea)\b", re.I)
_KEPT_END = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("pre", "script", "style", "textarea")}
_LINE_BREAK = re.compile(r"(?<![ \t])[ \t]*+\r?\n[ \t\r\n]*")
_LETTER = re.compile(r"[^\W\d_]")


def is_rendered_html(post: Post) -> bool:
    """True when the post's content is HTML as a page showed it, not editor text."""
    return post.content_format == HTML_CONTENT


def as_html_block(html: str) -> str:
    """Rendered HTML stored so that WordPress shows it unchanged (see the module docstring)."""
    return f"{HTML_BLOCK_START}{html}{HTML_BLOCK_END}"


def without_line_breaks(html: str) -> str:
    """Rendered HTML whose line breaks ``wpautop`` would turn into ``<br />``, made spaces."""
    out: list[str] = []
    position = 0
    unclosed: set[str] = set()  # elements with no end tag after one of them: none after a later one
    for opener in _KEEP_NEWLINES.finditer(html):
        name = opener.group(1).lower()
        if opener.start() < position or name in unclosed:
            continue
        end = _KEPT_END[name].search(html, opener.end())
        if end is None:
            unclosed.add(name)
            continue
        out += [_LINE_BREAK.sub(" ", html[position : opener.start()]), html[opener.start() : end.end()]]
        position = end.end()
    out.append(_LINE_BREAK.sub(" ", html[position:]))
    return "".join(out)


def as_comment_html(html: str) -> str:
    """A rescued comment's HTML as WordPress's ``comment_text`` display (``wpautop``) leaves it:
    line breaks made spaces, and loose inline content beside blocks (a ``<span>`` after the last
    paragraph) put in the ``<p>`` ``wpautop`` would put it in."""
    return wrap_loose_inline(without_line_breaks(html))


_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*+)[^<>]*?(/?)>")  # a tag stops at "<": linear on unclosed tags
_BLOCK = re.compile(rf"(?:{BLOCK_TAGS})\Z", re.I)
_VOID = frozenset({"br", "img", "hr", "input", "wbr", "source", "embed", "area", "col", "meta", "link", "param"})


def wrap_loose_inline(html: str) -> str:
    """``html`` with each top-level run of text and inline elements wrapped in ``<p>``, as
    ``wpautop`` wraps them. HTML whose tags do not balance is returned as it is."""
    runs: list[tuple[int, int]] = []  # [start, end) of loose inline runs at the top level
    depth, run_start, pos = 0, None, 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if depth == 0:
            if run_start is None and html[pos : match.start()].strip():
                run_start = pos
            if _BLOCK.match(name):
                if run_start is not None:
                    runs.append((run_start, match.start()))
                    run_start = None
            elif run_start is None:
                run_start = match.start()
        pos = match.end()
        if name in _VOID or self_closing:
            continue
        depth += -1 if closing else 1
        if depth < 0:
            return html
    if depth:
        return html
    if run_start is None and html[pos:].strip():
        run_start = pos
    if run_start is not None:
        runs.append((run_start, len(html)))
    return _wrap(html, [(a, b) for a, b in runs if html[a:b].strip()])


def _wrap(html: str, runs: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in runs:
        out += [html[last:start], "<p>", html[start:end].strip(), "</p>"]
        last = end
    return "".join([*out, html[last:]])


_INDEX_FILES = ("index.html", "index.htm", "index.php")


def slug_from_url(url: str | None) -> str | None:
    """The slug a post's address ends with (``/2010/11/05/welcome/`` -> ``welcome``), as
    WordPress's pretty permalinks end with it; None for a plain ``?p=12`` address or a last
    segment with no letter (an id, a date)."""
    if not url:
        return None
    parts = split_url(url)
    if parts.query:
        return None
    segments = [s for s in parts.path.split("/") if s and s.lower() not in _INDEX_FILES]
    last = segments[-1] if segments else ""
    if last.lower().endswith((".html", ".htm")):
        last = last.rsplit(".", 1)[0]
    return last if _LETTER.search(unquote(last)) else None


def from_wxr(provenance: list[Provenance]) -> bool:
    return all(p.rule == "wxr" for p in provenance)


def guessed(provenance: list[Provenance]) -> bool:
    """A record read from a WXR item by a guess (no ``wp:post_type``), which WordPress refuses."""
    return from_wxr(provenance) and any(p.confidence is not None for p in provenance)


def source_meta(provenance: list[Provenance], **fields: object) -> list[Meta]:
    """``_blogimport_source`` for a record rescued from anything but a WXR file."""
    if from_wxr(provenance):
        return []
    value: dict[str, object] = {"provenance": [record_dict(p) for p in provenance]}
    value.update({k: v for k, v in fields.items() if v is not None})
    return [Meta(SOURCE_META, json.dumps(value, ensure_ascii=False, sort_keys=True))]


@dataclass(slots=True)
class ItemWriter:
    """Turns posts into ``<item>`` text; keeps the ids used so far (posts and comments apart)."""

    text: Text
    post_ids: Ids
    comment_ids: Ids
    assigned: int = 0  # ids given to records that had none
    undated_drafts: int = 0  # rescued published items without a date, written as drafts
    slugs_from_urls: int = 0  # rescued posts given the slug their address ends with

    def post_id(self, post: Post) -> int:
        """The post's own id, or a stable one when it has none, or when pages of different blogs
        (merged in one run) gave two posts the same id: WordPress imports only the first item of
        an id. Duplicates within a WXR export stay as they are (WordPress treats them the same),
        except that an item the reader had to guess the type of (WordPress refuses it) never
        holds an id: a later item with the same id is the one WordPress imported under it."""
        reused = post.id in self.post_ids.used and not from_wxr(post.provenance)
        if post.id is not None and not guessed(post.provenance) and not reused:
            return self.post_ids.keep(post.id)
        self.assigned += 1
        return self.post_ids.assign(f"{post.type}|{post.url or post.guid or ''}|{post.title}|{post.date}|{post.id}")

    def item(self, post: Post) -> tuple[int, str]:
        """The id the item is written with, and its XML."""
        post_id = self.post_id(post)
        rendered = is_rendered_html(post)
        content = post.content
        if rendered and content:
            content = as_html_block(content)
        extra = source_meta(
            post.provenance, content_is_excerpt=post.content_is_excerpt, comment_count=post.comment_count
        )
        metas = "".join("\t\t" + meta_xml("wp:postmeta", m, self.text) + "\n" for m in [*post.meta, *extra])
        comments = "".join(self._comments(post, post_id, rendered))
        return (
            post_id,
            f"\t<item>\n{self._fields(post, post_id, content)}{self._terms(post)}{metas}{comments}\t</item>\n",
        )

    def _fields(self, post: Post, post_id: int, content: str | None) -> str:
        t = self.text
        date, date_gmt = wp_dates(post.date, post.date_gmt)
        modified, modified_gmt = wp_dates(post.modified, post.modified_gmt)
        sticky = "" if post.sticky is None else f"\t\t<wp:is_sticky>{int(post.sticky)}</wp:is_sticky>\n"
        attachment = f"\t\t{t.el('wp:attachment_url', post.attachment_url)}\n" if post.attachment_url else ""
        guid = f'\t\t<guid isPermaLink="false">{t.cdata(post.guid)}</guid>\n' if post.guid else ""
        return (
            (f"\t\t{t.opt('title', post.title)}\n" if post.title is not None else "")
            + f"\t\t{t.el('link', post.url)}\n"
            + _pub_date(date_gmt)
            + f"\t\t{t.el('dc:creator', wp_login(post.author) if post.author else None)}\n"
            + guid
            + "\t\t<description></description>\n"
            + (f"\t\t{t.opt('content:encoded', content)}\n" if content is not None else "")
            + f"\t\t{t.el('excerpt:encoded', post.excerpt)}\n"
            + f"\t\t<wp:post_id>{post_id}</wp:post_id>\n"
            + f"\t\t{t.el('wp:post_date', date)}\n\t\t{t.el('wp:post_date_gmt', date_gmt)}\n"
            + f"\t\t{t.el('wp:post_modified', modified)}\n\t\t{t.el('wp:post_modified_gmt', modified_gmt)}\n"
            + f"\t\t{t.el('wp:comment_status', post.comment_status)}\n"
            + f"\t\t{t.el('wp:ping_status', post.ping_status)}\n"
            + f"\t\t{t.el('wp:post_name', self._slug(post))}\n"
            + f"\t\t{t.el('wp:status', self._status(post))}\n"
            + f"\t\t<wp:post_parent>{number(post.parent) or 0}</wp:post_parent>\n"
            + f"\t\t<wp:menu_order>{number(post.menu_order)}</wp:menu_order>\n"
            + f"\t\t{t.el('wp:post_type', post.type)}\n"
            + f"\t\t{t.el('wp:post_password', post.password)}\n"
            + sticky
            + attachment
        )

    def _slug(self, post: Post) -> str | None:
        """A rescued post without a slug takes the one its address ends with, so that WordPress
        gives it back its old address (with the same permalink structure)."""
        if post.slug is not None or from_wxr(post.provenance):
            return post.slug
        slug = slug_from_url(post.url)
        if slug is not None:
            self.slugs_from_urls += 1
        return slug

    def _status(self, post: Post) -> str | None:
        """A rescued item published without a date is written as a draft: WordPress would date it
        the day of the import and show it as the newest post. WXR exports keep their status."""
        if post.status == PUBLISHED and post.date is None and post.date_gmt is None and not from_wxr(post.provenance):
            self.undated_drafts += 1
            return "draft"
        return post.status

    def _terms(self, post: Post) -> str:
        refs = [("category", r) for r in post.categories] + [("post_tag", r) for r in post.tags]
        refs += [(taxonomy, r) for taxonomy, items in post.taxonomies.items() for r in items]
        return "".join(f"\t\t{category_xml(domain, ref, self.text)}\n" for domain, ref in refs)

    def _comments(self, post: Post, post_id: int, rendered: bool) -> Iterator[str]:
        ids, renamed = self._comment_ids(post, post_id)
        for comment, comment_id in zip(post.comments, ids, strict=True):
            content = comment.content
            if rendered and content:
                content = as_comment_html(content)
            extra = source_meta(comment.provenance, url=comment.url, avatar_url=comment.avatar_url)
            parent = renamed.get(comment.parent, comment.parent) if comment.parent is not None else None
            yield comment_xml(comment, comment_id, parent, content, extra, self.text)

    def _comment_ids(self, post: Post, post_id: int) -> tuple[list[int], dict[int, int]]:
        """The id each comment is written with, and the ids that changed (for the replies).

        Ids in a WXR export stay as they are (WordPress reads them the same way). Rescued
        comments keep theirs when every one has an id of its own in the whole export (a comment
        id is the site's, not the post's); otherwise the post's comments are numbered again, in
        their order, from a stable start: WordPress's importer inserts them by id, so a reply
        must keep coming after the comment it answers."""
        given = [comment.id for comment in post.comments]
        rescued = not from_wxr(post.provenance) or any(not from_wxr(c.provenance) for c in post.comments)
        if not rescued:
            return [self._wxr_comment_id(c, post_id, i) for i, c in enumerate(post.comments)], {}
        known = [i for i in given if i is not None]
        if len(known) == len(given) and len(set(known)) == len(known) and self.comment_ids.used.isdisjoint(known):
            return [self.comment_ids.keep(i) for i in known], {}
        self.assigned += len(given)
        ids = self.comment_ids.assign_run(f"{post_id}|comments|{post.url}|{post.title}", len(given))
        renamed: dict[int, int] = {}
        for old, new in zip(given, ids, strict=True):
            if old is not None:
                renamed.setdefault(old, new)  # a repeated id: replies follow the first
        return ids, renamed

    def _wxr_comment_id(self, comment: Comment, post_id: int, index: int) -> int:
        if comment.id is not None:
            return self.comment_ids.keep(comment.id)
        self.assigned += 1
        return self.comment_ids.assign(f"{post_id}|{index}|{comment.author}|{comment.date}|{comment.content}")


def _pub_date(date_gmt: str) -> str:
    """RSS ``pubDate`` from the GMT date, as WordPress writes it (readers take wp:post_date)."""
    try:
        when = datetime.fromisoformat(date_gmt).replace(tzinfo=UTC)
    except ValueError:
        return ""
    return f"\t\t<pubDate>{format_datetime(when)}</pubDate>\n"
