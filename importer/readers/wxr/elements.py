"""Turn one finished WXR element (an ``<item>``, ``<wp:author>``, ``<wp:category>`` ...) into a record.

Pure functions of an lxml element plus a :class:`Reporter` for what they notice; the streaming
loop in :mod:`importer.readers.wxr.reader` decides when to call them and frees the elements afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slugify import slugify

from ...model import WORDPRESS_CONTENT, Author, Comment, Meta, Post, Provenance, Term, TermRef
from ...tally import Tally
from ...transforms.dates import parse_wp_date, parse_wp_date_gmt
from ...transforms.php_serialize import PHPSerializeError, looks_serialized, unserialize
from ...wordpress import COMMENT_STATUSES, name_from_wordpress
from .names import KNOWN_NAMES, WP_ITEM_FIELDS, local_name, short_name

Element = Any  # lxml.etree._Element (lxml ships no type stubs)

# An item without wp:post_type is read as a post: a guess (WordPress's importer refuses such an
# item), so its provenance carries a confidence below 1, as heuristic readings do.
GUESSED_TYPE = 0.5
_ZERO_DATES = ("", "0000-00-00 00:00:00", "0000-00-00")


@dataclass(slots=True)
class Reporter:
    """Where problems go: the run's tally, with file names and file line numbers."""

    tally: Tally
    path: str
    line_offset: int = 0  # lines of junk skipped before the XML
    # A part of a file read on its own (readers/wxr/parts.py): its lines past the header's are
    # ``shift`` lines further down in the file.
    shift: int = 0
    header_lines: int = 0

    def line(self, element: Element) -> int | None:
        line = element_line(element)
        return self.file_line(line) if line else None

    def file_line(self, line: int) -> int:
        """The file's line number of the parser's ``line``."""
        line += self.line_offset
        return line + self.shift if self.shift and line > self.header_lines else line

    def problem(self, code: str, message: str, element: Element | None = None, post_id: int | None = None) -> None:
        line = self.line(element) if element is not None else None
        self.tally.problem(code, message, file=self.path, line=line, post_id=post_id)


# libxml2 keeps line numbers in 16 bits: from this line on it gives an element the line where
# its text before the first child ends (an <item> on line 70000 is said to be on 70001).
_BIG_LINE = 65535


def element_line(element: Element) -> int | None:
    """The line the element's start tag is on, in the parser's numbering."""
    line = element.sourceline
    if line and line >= _BIG_LINE and len(element) and element.text:
        line -= element.text.count("\n")
    return line


def text_of(element: Element) -> str:
    """The element's text, CDATA sections joined (WordPress splits them around ``]]>``)."""
    if len(element):
        return "".join(element.itertext())
    return element.text or ""


# Child elements that repeat and carry structure; every other child is a scalar text field.
_REPEATED = frozenset({"category", "wp:postmeta", "wp:comment", "wp:commentmeta", "wp:termmeta"})


@dataclass(slots=True)
class _Children:
    texts: dict[str, str]  # scalar fields by short name (the first of a repeated name wins)
    repeated: dict[str, list[Element]]
    foreign_wp_fields: list[str]  # WordPress field names met in another namespace


def _children(element: Element) -> _Children:
    """One pass over an element's children (the hot loop of the reader)."""
    texts: dict[str, str] = {}
    repeated: dict[str, list[Element]] = {}
    foreign: list[str] = []
    known_names = KNOWN_NAMES
    for child in element:
        tag = child.tag
        if tag.__class__ is not str:
            continue  # XML comments and processing instructions
        name = known_names.get(tag) or short_name(tag)
        if name is None:
            if local_name(tag) in WP_ITEM_FIELDS:
                foreign.append(tag)
        elif name in _REPEATED:
            repeated.setdefault(name, []).append(child)
        elif name not in texts:
            texts[name] = (child.text or "") if not len(child) else "".join(child.itertext())
    return _Children(texts, repeated, foreign)


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _value(texts: dict[str, str], name: str) -> str | None:
    """Stripped text of a scalar field; None when absent or empty."""
    text = texts.get(name)
    return (text.strip() or None) if text else None


def _name(texts: dict[str, str], name: str) -> str | None:
    """A name field, which WordPress stores HTML-escaped, as the text it shows."""
    return name_from_wordpress(_value(texts, name))


def _int(
    texts: dict[str, str], name: str, report: Reporter, element: Element, zero_is_none: bool = False
) -> int | None:
    value = _value(texts, name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        report.problem("bad-number", f"{name} is not a number: {value[:40]!r}", element)
        return None
    if not _INT64_MIN <= number <= _INT64_MAX:  # no database column holds it (WordPress ids are 64-bit)
        report.problem("bad-number", f"{name} is out of range: {value[:40]!r}", element)
        return None
    return None if zero_is_none and number == 0 else number


def _dates(texts: dict[str, str], local: str, gmt: str, report: Reporter, element: Element) -> tuple[Any, Any]:
    local_text, gmt_text = _value(texts, local), _value(texts, gmt)
    local_value, gmt_value = parse_wp_date(local_text), parse_wp_date_gmt(gmt_text)
    for name, text, value in ((local, local_text, local_value), (gmt, gmt_text, gmt_value)):
        if value is None and text is not None and text not in _ZERO_DATES and not text.startswith("0000-"):
            report.problem("unparseable-date", f"{name} is not a date: {text[:40]!r}", element)
    return local_value, gmt_value


def meta_of(element: Element, report: Reporter, post_id: int | None = None) -> Meta | None:
    """A ``wp:postmeta``/``wp:termmeta``/``wp:commentmeta`` element; PHP-serialized values decoded."""
    texts = _children(element).texts
    key = _value(texts, "wp:meta_key")
    if key is None:
        report.problem("meta-without-key", "a meta element has no meta_key; its value is dropped", element, post_id)
        return None
    raw = texts.get("wp:meta_value")
    if raw is None or not looks_serialized(raw):
        return Meta(key, raw)
    try:
        return Meta(key, _unserialize_xml_text(raw), raw=raw)
    except PHPSerializeError as exc:
        message = f"meta {key!r} looks PHP-serialized but is not ({exc}); kept raw"
        report.problem("undecodable-serialized-meta", message, element, post_id)
        return Meta(key, raw)


def _unserialize_xml_text(raw: str) -> Any:
    """Unserialize text that went through an XML parser, which turned the CRLF line ends PHP
    counted in string lengths into LF: when the text as read does not decode, try it with CRLF."""
    try:
        return unserialize(raw)
    except PHPSerializeError:
        if "\n" not in raw:
            raise
        try:
            return unserialize(raw.replace("\r\n", "\n").replace("\n", "\r\n"))
        except PHPSerializeError:
            pass
        raise


def _metas(elements: list[Element] | None, report: Reporter, post_id: int | None = None) -> list[Meta]:
    if not elements:
        return []
    metas = (meta_of(element, report, post_id) for element in elements)
    return [meta for meta in metas if meta is not None]


def author_of(element: Element, report: Reporter) -> Author | None:
    texts = _children(element).texts
    login = _value(texts, "wp:author_login")
    if login is None:
        report.problem("author-without-login", "an author has no author_login; skipped", element)
        return None
    return Author(
        login=login,
        id=_int(texts, "wp:author_id", report, element),
        email=_value(texts, "wp:author_email"),
        display_name=_name(texts, "wp:author_display_name"),
        first_name=_name(texts, "wp:author_first_name"),
        last_name=_name(texts, "wp:author_last_name"),
    )


# element short name -> (taxonomy or None to read it, slug field, name field, parent field, description field)
_TERM_SHAPES = {
    "wp:category": ("category", "category_nicename", "cat_name", "category_parent", "category_description"),
    "wp:tag": ("post_tag", "tag_slug", "tag_name", None, "tag_description"),
    "wp:term": (None, "term_slug", "term_name", "term_parent", "term_description"),
}


def term_of(element: Element, name: str, report: Reporter) -> Term | None:
    taxonomy, slug_field, name_field, parent_field, description_field = _TERM_SHAPES[name]
    children = _children(element)
    texts = children.texts
    taxonomy = taxonomy or _value(texts, "wp:term_taxonomy")
    slug = _value(texts, f"wp:{slug_field}")
    if taxonomy is None or slug is None:
        report.problem("term-incomplete", f"a {name} element has no taxonomy or slug; skipped", element)
        return None
    return Term(
        taxonomy=taxonomy,
        slug=slug,
        name=_name(texts, f"wp:{name_field}"),
        id=_int(texts, "wp:term_id", report, element),
        parent=_value(texts, f"wp:{parent_field}") if parent_field else None,
        description=_value(texts, f"wp:{description_field}"),
        meta=_metas(children.repeated.get("wp:termmeta"), report),
    )


def comment_of(element: Element, report: Reporter, post_id: int | None) -> Comment:
    children = _children(element)
    texts = children.texts
    date, date_gmt = _dates(texts, "wp:comment_date", "wp:comment_date_gmt", report, element)
    approved = _value(texts, "wp:comment_approved")
    return Comment(
        id=_int(texts, "wp:comment_id", report, element),
        parent=_int(texts, "wp:comment_parent", report, element, zero_is_none=True),
        type=_value(texts, "wp:comment_type") or "comment",
        status=COMMENT_STATUSES.get(approved, approved) if approved is not None else None,
        author=_name(texts, "wp:comment_author"),
        author_email=_value(texts, "wp:comment_author_email"),
        author_url=_value(texts, "wp:comment_author_url"),
        author_ip=_value(texts, "wp:comment_author_IP"),
        date=date,
        date_gmt=date_gmt,
        content=texts.get("wp:comment_content"),
        user_id=_int(texts, "wp:comment_user_id", report, element, zero_is_none=True),
        meta=_metas(children.repeated.get("wp:commentmeta"), report, post_id),
    )


def post_of(item: Element, report: Reporter) -> Post:
    """An ``<item>`` of any post type, comments nested."""
    children = _children(item)
    texts = children.texts
    post_id = _int(texts, "wp:post_id", report, item)
    if children.foreign_wp_fields:
        report.problem(
            "foreign-namespace",
            f"ignored {len(children.foreign_wp_fields)} WordPress-named elements outside the WordPress export "
            f"namespace, e.g. {children.foreign_wp_fields[0]}",
            item,
            post_id,
        )
    post_type = _value(texts, "wp:post_type")
    if post_type is None:
        report.problem("missing-post-type", "item has no wp:post_type; read as a post", item, post_id)
    date, date_gmt = _dates(texts, "wp:post_date", "wp:post_date_gmt", report, item)
    modified, modified_gmt = _dates(texts, "wp:post_modified", "wp:post_modified_gmt", report, item)
    sticky = _value(texts, "wp:is_sticky")
    title = texts.get("title")
    post = Post(
        id=post_id,
        type=post_type or "post",
        status=_value(texts, "wp:status"),
        content_format=WORDPRESS_CONTENT,
        title=None if title is None else title.strip(),
        slug=_value(texts, "wp:post_name"),
        url=_value(texts, "link"),
        guid=_value(texts, "guid"),
        author=_value(texts, "dc:creator"),
        date=date,
        date_gmt=date_gmt,
        modified=modified,
        modified_gmt=modified_gmt,
        excerpt=texts.get("excerpt:encoded") or None,
        content=texts.get("content:encoded"),
        parent=_int(texts, "wp:post_parent", report, item, zero_is_none=True),
        menu_order=_int(texts, "wp:menu_order", report, item),
        sticky=None if sticky is None else sticky == "1",
        password=_value(texts, "wp:post_password"),
        comment_status=_value(texts, "wp:comment_status"),
        ping_status=_value(texts, "wp:ping_status"),
        attachment_url=_value(texts, "wp:attachment_url"),
        meta=_metas(children.repeated.get("wp:postmeta"), report, post_id),
        comments=[comment_of(element, report, post_id) for element in children.repeated.get("wp:comment", ())],
        provenance=[
            Provenance(
                file=report.path,
                rule="wxr",
                locator=f"line {report.line(item)}",
                confidence=GUESSED_TYPE if post_type is None else None,
            )
        ],
    )
    _add_term_refs(post, children.repeated.get("category", []))
    return post


def _add_term_refs(post: Post, elements: list[Element]) -> None:
    """``<category domain="..." nicename="...">Name</category>`` into categories, tags, taxonomies.

    WXR 1.0 also wrote each category once without a domain; those are kept only when no
    domain-qualified category of the same name exists (and theme-preview data has only those).
    """
    seen: set[tuple[str, str]] = set()
    undomained: list[TermRef] = []
    for element in elements:
        name = name_from_wordpress((element.text or "").strip() or None)
        domain = element.get("domain")
        nicename = element.get("nicename") or None
        if domain is None:
            slug = nicename or slugify(name or "", allow_unicode=True)
            if slug:
                undomained.append(TermRef(slug, name))
            continue
        taxonomy = "post_tag" if domain in ("post_tag", "tag") else domain
        slug = nicename or slugify(name or "", allow_unicode=True)
        if not slug or (taxonomy, slug) in seen:
            continue
        seen.add((taxonomy, slug))
        ref = TermRef(slug, name)
        if taxonomy == "category":
            post.categories.append(ref)
        elif taxonomy == "post_tag":
            post.tags.append(ref)
        else:
            post.taxonomies.setdefault(taxonomy, []).append(ref)
    known_names = {ref.name for ref in post.categories} | {ref.name for ref in post.tags}
    for ref in undomained:
        if ref.name not in known_names and ("category", ref.slug) not in seen:
            seen.add(("category", ref.slug))
            post.categories.append(ref)
