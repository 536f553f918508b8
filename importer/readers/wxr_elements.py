"""Turn one finished WXR element (an ``<item>``, ``<wp:author>``, ``<wp:category>`` ...) into a record.

Pure functions of an lxml element plus a :class:`Reporter` for what they notice; the streaming
loop in :mod:`importer.readers.wxr` decides when to call them and frees the elements afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slugify import slugify

from ..model import Author, Comment, Meta, Post, Provenance, Term, TermRef
from ..tally import Tally
from ..transforms.dates import parse_wp_date, parse_wp_date_gmt
from .php_serialize import PHPSerializeError, looks_serialized, unserialize
from .wxr_names import WP_ITEM_FIELDS, local_name, short_name

Element = Any  # lxml.etree._Element (lxml ships no type stubs)

COMMENT_STATUSES = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}
_ZERO_DATES = ("", "0000-00-00 00:00:00", "0000-00-00")


@dataclass(slots=True)
class Reporter:
    """Where problems go: the run's tally, with file names and file line numbers."""

    tally: Tally
    path: str
    line_offset: int = 0  # lines of junk skipped before the XML

    def line(self, element: Element) -> int | None:
        line = element.sourceline
        return line + self.line_offset if line else None

    def problem(self, code: str, message: str, element: Element | None = None, post_id: int | None = None) -> None:
        line = self.line(element) if element is not None else None
        self.tally.problem(code, message, file=self.path, line=line, post_id=post_id)


def text_of(element: Element) -> str:
    """The element's text, CDATA sections joined (WordPress splits them around ``]]>``)."""
    if len(element):
        return "".join(element.itertext())
    return element.text or ""


def _fields(element: Element) -> dict[str, Element]:
    """Children by short name; the first of a repeated name wins."""
    found: dict[str, Element] = {}
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            name = short_name(tag)
            if name is not None and name not in found:
                found[name] = child
    return found


def _value(fields: dict[str, Element], name: str) -> str | None:
    """Stripped text of a scalar field; None when absent or empty."""
    element = fields.get(name)
    if element is None:
        return None
    return text_of(element).strip() or None


def _raw(fields: dict[str, Element], name: str) -> str | None:
    """Text exactly as stored (content, excerpt); None only when the element is absent."""
    element = fields.get(name)
    return None if element is None else text_of(element)


def _int(fields: dict[str, Element], name: str, report: Reporter, zero_is_none: bool = False) -> int | None:
    value = _value(fields, name)
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        report.problem("bad-number", f"{name} is not a number: {value[:40]!r}", fields[name])
        return None
    return None if zero_is_none and number == 0 else number


def _dates(fields: dict[str, Element], local: str, gmt: str, report: Reporter) -> tuple[Any, Any]:
    local_text, gmt_text = _value(fields, local), _value(fields, gmt)
    local_value, gmt_value = parse_wp_date(local_text), parse_wp_date_gmt(gmt_text)
    for name, text, value in ((local, local_text, local_value), (gmt, gmt_text, gmt_value)):
        if value is None and text not in (None, *_ZERO_DATES) and not text.startswith("0000-"):
            report.problem("bad-date", f"{name} is not a date: {text[:40]!r}", fields[name])
    return local_value, gmt_value


def meta_of(element: Element, report: Reporter, post_id: int | None = None) -> Meta | None:
    """A ``wp:postmeta``/``wp:termmeta``/``wp:commentmeta`` element; PHP-serialized values decoded."""
    fields = _fields(element)
    key = _value(fields, "wp:meta_key")
    if key is None:
        report.problem("meta-without-key", "a meta element has no meta_key; its value is dropped", element, post_id)
        return None
    raw = _raw(fields, "wp:meta_value")
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


def _metas(elements: list[Element], report: Reporter, post_id: int | None = None) -> list[Meta]:
    metas = (meta_of(element, report, post_id) for element in elements)
    return [meta for meta in metas if meta is not None]


def author_of(element: Element, report: Reporter) -> Author | None:
    fields = _fields(element)
    login = _value(fields, "wp:author_login")
    if login is None:
        report.problem("author-without-login", "an author has no author_login; skipped", element)
        return None
    return Author(
        login=login,
        id=_int(fields, "wp:author_id", report),
        email=_value(fields, "wp:author_email"),
        display_name=_value(fields, "wp:author_display_name"),
        first_name=_value(fields, "wp:author_first_name"),
        last_name=_value(fields, "wp:author_last_name"),
    )


# element short name -> (taxonomy or None to read it, slug field, name field, parent field, description field)
_TERM_SHAPES = {
    "wp:category": ("category", "category_nicename", "cat_name", "category_parent", "category_description"),
    "wp:tag": ("post_tag", "tag_slug", "tag_name", None, "tag_description"),
    "wp:term": (None, "term_slug", "term_name", "term_parent", "term_description"),
}


def term_of(element: Element, name: str, report: Reporter) -> Term | None:
    taxonomy, slug_field, name_field, parent_field, description_field = _TERM_SHAPES[name]
    fields = _fields(element)
    children = [child for child in element if isinstance(child.tag, str)]
    taxonomy = taxonomy or _value(fields, "wp:term_taxonomy")
    slug = _value(fields, f"wp:{slug_field}")
    if taxonomy is None or slug is None:
        report.problem("term-incomplete", f"a {name} element has no taxonomy or slug; skipped", element)
        return None
    return Term(
        taxonomy=taxonomy,
        slug=slug,
        name=_value(fields, f"wp:{name_field}"),
        id=_int(fields, "wp:term_id", report),
        parent=_value(fields, f"wp:{parent_field}") if parent_field else None,
        description=_value(fields, f"wp:{description_field}"),
        meta=_metas([c for c in children if short_name(c.tag) == "wp:termmeta"], report),
    )


def comment_of(element: Element, report: Reporter, post_id: int | None) -> Comment:
    fields = _fields(element)
    metas = [child for child in element if isinstance(child.tag, str) and short_name(child.tag) == "wp:commentmeta"]
    date, date_gmt = _dates(fields, "wp:comment_date", "wp:comment_date_gmt", report)
    approved = _value(fields, "wp:comment_approved")
    return Comment(
        id=_int(fields, "wp:comment_id", report),
        parent=_int(fields, "wp:comment_parent", report, zero_is_none=True),
        type=_value(fields, "wp:comment_type") or "comment",
        status=COMMENT_STATUSES.get(approved, approved) if approved is not None else None,
        author=_value(fields, "wp:comment_author"),
        author_email=_value(fields, "wp:comment_author_email"),
        author_url=_value(fields, "wp:comment_author_url"),
        author_ip=_value(fields, "wp:comment_author_IP"),
        date=date,
        date_gmt=date_gmt,
        content=_raw(fields, "wp:comment_content"),
        user_id=_int(fields, "wp:comment_user_id", report, zero_is_none=True),
        meta=_metas(metas, report, post_id),
    )


@dataclass(slots=True)
class _ItemParts:
    fields: dict[str, Element]
    categories: list[Element]
    postmeta: list[Element]
    comments: list[Element]
    foreign_wp_fields: list[str]


def _split_item(item: Element) -> _ItemParts:
    parts = _ItemParts({}, [], [], [], [])
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # XML comments and processing instructions
        name = short_name(tag)
        if name == "category":
            parts.categories.append(child)
        elif name == "wp:postmeta":
            parts.postmeta.append(child)
        elif name == "wp:comment":
            parts.comments.append(child)
        elif name is None:
            if local_name(tag) in WP_ITEM_FIELDS:
                parts.foreign_wp_fields.append(tag)
        elif name not in parts.fields:
            parts.fields[name] = child
    return parts


def post_of(item: Element, report: Reporter) -> Post:
    """An ``<item>`` of any post type, comments nested."""
    parts = _split_item(item)
    fields = parts.fields
    post_id = _int(fields, "wp:post_id", report)
    if parts.foreign_wp_fields:
        report.problem(
            "foreign-namespace",
            f"ignored {len(parts.foreign_wp_fields)} WordPress-named elements outside the WordPress export "
            f"namespace, e.g. {parts.foreign_wp_fields[0]}",
            item,
            post_id,
        )
    post_type = _value(fields, "wp:post_type")
    if post_type is None:
        report.problem("missing-post-type", "item has no wp:post_type; read as a post", item, post_id)
    date, date_gmt = _dates(fields, "wp:post_date", "wp:post_date_gmt", report)
    modified, modified_gmt = _dates(fields, "wp:post_modified", "wp:post_modified_gmt", report)
    sticky = _value(fields, "wp:is_sticky")
    post = Post(
        id=post_id,
        type=post_type or "post",
        status=_value(fields, "wp:status"),
        title=None if "title" not in fields else text_of(fields["title"]).strip(),
        slug=_value(fields, "wp:post_name"),
        url=_value(fields, "link"),
        guid=_value(fields, "guid"),
        author=_value(fields, "dc:creator"),
        date=date,
        date_gmt=date_gmt,
        modified=modified,
        modified_gmt=modified_gmt,
        excerpt=_raw(fields, "excerpt:encoded") or None,
        content=_raw(fields, "content:encoded"),
        parent=_int(fields, "wp:post_parent", report, zero_is_none=True),
        menu_order=_int(fields, "wp:menu_order", report),
        sticky=None if sticky is None else sticky == "1",
        password=_value(fields, "wp:post_password"),
        comment_status=_value(fields, "wp:comment_status"),
        ping_status=_value(fields, "wp:ping_status"),
        attachment_url=_value(fields, "wp:attachment_url"),
        meta=_metas(parts.postmeta, report, post_id),
        comments=[comment_of(element, report, post_id) for element in parts.comments],
        provenance=[Provenance(file=report.path, rule="wxr", locator=f"line {report.line(item)}")],
    )
    _add_term_refs(post, parts.categories)
    return post


def _add_term_refs(post: Post, elements: list[Element]) -> None:
    """``<category domain="..." nicename="...">Name</category>`` into categories, tags, taxonomies.

    WXR 1.0 also wrote each category once without a domain; those are kept only when no
    domain-qualified category of the same name exists (and theme-preview data has only those).
    """
    seen: set[tuple[str, str]] = set()
    undomained: list[TermRef] = []
    for element in elements:
        name = (element.text or "").strip() or None
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
