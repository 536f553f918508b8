"""Turn one finished WXR element (an ``<item>``, ``<wp:author>``, ``<wp:category>`` ...) into a record.

Pure functions of an lxml element plus a :class:`Reporter` for what they notice; the streaming
loop in :mod:`importer.readers.wxr.reader` decides when to call them and frees the elements afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from html import unescape
from typing import Any

from ...model import WORDPRESS_CONTENT, Author, Comment, Meta, Post, Provenance, Term, TermRef
from ...tally import Tally
from ...transforms.dates import parse_wp_date, parse_wp_date_gmt
from ...transforms.php_serialize import PHPSerializeError, looks_serialized, unserialize
from ...wordpress import COMMENT_STATUSES, name_from_wordpress
from .names import KNOWN_NAMES, WP_ITEM_FIELDS, local_name, short_name

try:  # the compiled field reader and dates (setup.py builds them; the Python code stands in without)
    from . import _cfields
except ImportError:  # pragma: no cover - a build without a C compiler
    _cfields = None  # type: ignore[assignment]
# each part on its own: a build older than its source (not rebuilt after a pull) keeps what it has
_wp_dates: Callable[[str, str], tuple[datetime, datetime] | None] | None = getattr(_cfields, "wp_dates", None)
_comment_values: Callable[[list[Any], dict[str, str]], tuple[Any, ...] | None] | None = getattr(
    _cfields, "comment_values", None
)

Element = Any  # lxml.etree._Element (lxml ships no type stubs)

# An item without wp:post_type is read as a post: a guess (WordPress's importer refuses such an
# item), so its provenance carries a confidence below 1, as heuristic readings do.
GUESSED_TYPE = 0.5
_ZERO_DATES = ("", "0000-00-00 00:00:00", "0000-00-00")
_fromisoformat = datetime.fromisoformat


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
    return _number(texts.get(name), name, report, element, zero_is_none)


def _number(text: str | None, name: str, report: Reporter, element: Element, zero_is_none: bool = False) -> int | None:
    """A field's text (as read: not stripped) as a 64-bit integer; None when absent or empty,
    reported and None when it is not such a number."""
    if not text:
        return None
    value = text.strip()
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        report.problem("bad-number", f"{name} is not a number: {value[:40]!r}", element)
        return None
    if len(value) > 18 and not _INT64_MIN <= number <= _INT64_MAX:  # no database column holds it
        report.problem("bad-number", f"{name} is out of range: {value[:40]!r}", element)
        return None
    return None if zero_is_none and number == 0 else number


def _dates(
    local_text: str | None, gmt_text: str | None, local: str, gmt: str, report: Reporter, element: Element
) -> tuple[Any, Any]:
    """The fields ``local`` and ``gmt`` (their texts as read) as dates; reported when not dates."""
    if local_text and gmt_text and _wp_dates is not None:  # both in WordPress's shape: read at once
        both = _wp_dates(local_text, gmt_text)
        if both is not None:
            return both
    local_text = (local_text.strip() or None) if local_text else None
    gmt_text = (gmt_text.strip() or None) if gmt_text else None
    # WordPress's own shape, YYYY-MM-DD HH:MM:SS, read at once; anything else as parse_wp_date does
    local_value = gmt_value = None
    if local_text is not None and len(local_text) == 19 and local_text[10] == " ":
        try:
            local_value = _fromisoformat(local_text)
        except ValueError:
            local_value = None
        if local_value is not None and local_value.tzinfo is not None:
            local_value = None
    if gmt_text is not None and len(gmt_text) == 19 and gmt_text[10] == " " and gmt_text[16] == ":":
        try:  # YYYY-MM-DD HH:MM:SS in UTC (an offset is parsed faster than a replace(tzinfo=) call)
            gmt_value = _fromisoformat(gmt_text + "+00:00")
        except ValueError:
            gmt_value = None
    if local_value is None:
        local_value = parse_wp_date(local_text)
    if gmt_value is None:
        gmt_value = parse_wp_date_gmt(gmt_text)
    if local_value is None or gmt_value is None:
        for name, text, value in ((local, local_text, local_value), (gmt, gmt_text, gmt_value)):
            if value is None and text is not None and text not in _ZERO_DATES and not text.startswith("0000-"):
                report.problem("unparseable-date", f"{name} is not a date: {text[:40]!r}", element)
    return local_value, gmt_value


# The hot paths read an element's children once into a list of field texts: each child's tag (the
# full "{namespace}local" lxml gives) is looked up in a cache of its slot in the record's table.
_IGNORED = -1  # a child the record does not read (another field, a comment, a foreign element)
_FOREIGN = -2  # a WordPress item field's name in a namespace that is not WordPress's
_LISTS = -3  # and below: a repeated child (a comment, a meta, a category)


_Read = tuple[list[Any], list[list[Element]], list[str] | None]


class _Fields:
    """A record's field table: the short names of its scalar fields, then its repeated children.

    ``read`` is the compiled loop (``_cfields.FieldReader.read``: no proxy a child) when it is
    built, else :meth:`read_python`; both give the same, always (tests/test_wxr_accel.py)."""

    def __init__(self, names: tuple[str, ...], repeated: tuple[str, ...] = (), compiled: bool = True) -> None:
        self.names = names
        self.size = len(names)
        # a field's slot is its index; the n-th repeated kind's is _LISTS - n
        self.slots = {name: slot for slot, name in enumerate(names)}
        self.slots.update({name: _LISTS - n for n, name in enumerate(repeated)})
        self.repeated = len(repeated)
        self.by_tag: dict[str, int] = {}  # tag -> slot, filled by slot_of
        self.read: Callable[[Element], _Read] = self.read_python
        if compiled and _cfields is not None:
            self.read = _cfields.FieldReader(self.size, self.repeated, self.slot_of).read

    def slot_of(self, tag: Any) -> int:
        if tag.__class__ is not str:
            return _IGNORED  # XML comments and processing instructions
        name = short_name(tag)
        if name is None:
            slot = _FOREIGN if local_name(tag) in WP_ITEM_FIELDS else _IGNORED
        elif name in _REPEATED and name not in self.slots:
            slot = _IGNORED  # another record's repeated element (a wp:termmeta in an item)
        else:
            slot = self.slots.get(name, _IGNORED)
        if len(self.by_tag) < 10_000:  # bounded: a hostile file cannot grow it without limit
            self.by_tag[tag] = slot
        return slot

    def read_python(self, element: Element) -> _Read:
        """The texts of the fields (None where absent; the first of a repeated name wins), the
        repeated children by kind, and the tags of foreign WordPress fields (None: none)."""
        values: list[Any] = [None] * self.size
        repeated = self.repeated
        lists: list[list[Element]] = [[]] if repeated == 1 else [[] for _ in range(repeated)] if repeated else []
        foreign: list[str] | None = None
        by_tag = self.by_tag
        for child in element:
            tag = child.tag
            try:  # a subscript, not a get() call: a third of the loop's own instructions
                slot = by_tag[tag]
            except KeyError:
                slot = self.slot_of(tag)
            if slot >= 0:
                if values[slot] is None:
                    values[slot] = (child.text or "") if not len(child) else "".join(child.itertext())
            elif slot <= _LISTS:
                lists[_LISTS - slot].append(child)
            elif slot == _FOREIGN:
                if foreign is None:
                    foreign = [tag]
                else:
                    foreign.append(tag)
        return values, lists, foreign


_META_FIELDS = _Fields(("wp:meta_key", "wp:meta_value"))


def meta_of(element: Element, report: Reporter, post_id: int | None = None) -> Meta | None:
    """A ``wp:postmeta``/``wp:termmeta``/``wp:commentmeta`` element; PHP-serialized values decoded."""
    key, raw = _META_FIELDS.read(element)[0]
    return _meta(key, raw, element, report, post_id)


def _meta(key: str | None, raw: str | None, element: Element, report: Reporter, post_id: int | None) -> Meta | None:
    """A meta record from its key and value texts (as read)."""
    key = (key.strip() or None) if key else None
    if key is None:
        report.problem("meta-without-key", "a meta element has no meta_key; its value is dropped", element, post_id)
        return None
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
    metas = []
    for element in elements:
        meta = meta_of(element, report, post_id)
        if meta is not None:
            metas.append(meta)
    return metas


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


_COMMENT_FIELDS = _Fields(
    (
        "wp:comment_id",
        "wp:comment_parent",
        "wp:comment_user_id",
        "wp:comment_date",
        "wp:comment_date_gmt",
        "wp:comment_approved",
        "wp:comment_type",
        "wp:comment_author",
        "wp:comment_author_email",
        "wp:comment_author_url",
        "wp:comment_author_IP",
        "wp:comment_content",
    ),
    ("wp:commentmeta",),
)


def comment_of(element: Element, report: Reporter, post_id: int | None) -> Comment:
    values, (metas,), _ = _COMMENT_FIELDS.read(element)
    if _comment_values is not None:  # the usual comment read at once (compiled), else as below
        usual = _comment_values(values, COMMENT_STATUSES)
        if usual is not None:
            return Comment(*usual, _metas(metas, report, post_id) if metas else [])  # type: ignore[call-arg]
    return _comment_of(values, metas, element, report, post_id)


def _comment_of(
    values: list[Any], metas: list[Element], element: Element, report: Reporter, post_id: int | None
) -> Comment:
    """:func:`comment_of` from the comment's field texts and meta elements (any comment)."""
    comment_id, parent, user_id, date, date_gmt, approved, comment_type, author, email, url, ip, content = values
    date, date_gmt = _dates(date, date_gmt, "wp:comment_date", "wp:comment_date_gmt", report, element)
    # ASCII digits, at most 18 of them, read at once (what _number gives them); anything else by _number
    if comment_id and comment_id.isdigit() and comment_id.isascii() and len(comment_id) < 19:
        comment_id = int(comment_id)
    else:
        comment_id = _number(comment_id, "wp:comment_id", report, element)
    if parent == "0":  # a top-level comment: what the digits' reading below gives it, at once
        parent = None
    elif parent and parent.isdigit() and parent.isascii() and len(parent) < 19:
        parent = int(parent) or None
    else:
        parent = _number(parent, "wp:comment_parent", report, element, zero_is_none=True)
    if user_id == "0":  # a visitor's comment
        user_id = None
    elif user_id and user_id.isdigit() and user_id.isascii() and len(user_id) < 19:
        user_id = int(user_id) or None
    else:
        user_id = _number(user_id, "wp:comment_user_id", report, element, zero_is_none=True)
    approved = (approved.strip() or None) if approved else None
    author = (author.strip() or None) if author else None
    return Comment(
        comment_id,
        parent,
        ((comment_type.strip() or None) if comment_type else None) or "comment",
        COMMENT_STATUSES.get(approved, approved) if approved is not None else None,
        unescape(author) if author is not None and "&" in author else author,
        (email.strip() or None) if email else None,
        (url.strip() or None) if url else None,
        (ip.strip() or None) if ip else None,
        date,
        date_gmt,
        content,
        user_id,
        None,
        None,
        _metas(metas, report, post_id) if metas else [],
    )


_POST_FIELDS = _Fields(
    (
        "wp:post_id",
        "wp:post_type",
        "wp:post_date",
        "wp:post_date_gmt",
        "wp:post_modified",
        "wp:post_modified_gmt",
        "wp:post_parent",
        "wp:menu_order",
        "wp:is_sticky",
        "title",
        "wp:status",
        "wp:post_name",
        "link",
        "guid",
        "dc:creator",
        "wp:post_password",
        "wp:comment_status",
        "wp:ping_status",
        "wp:attachment_url",
        "excerpt:encoded",
        "content:encoded",
    ),
    ("wp:postmeta", "wp:comment", "category"),
)


def post_of(item: Element, report: Reporter) -> Post:
    """An ``<item>`` of any post type, comments nested."""
    values, (postmeta, comments, categories), foreign = _POST_FIELDS.read(item)
    (post_id, post_type, date, date_gmt, modified, modified_gmt, parent, menu_order, sticky, title, status, slug, url,
     guid, author, password, comment_status, ping_status, attachment_url, excerpt, content) = values  # fmt: skip
    if post_id and post_id.isdigit() and post_id.isascii() and len(post_id) < 19:  # as in comment_of
        post_id = int(post_id)
    else:
        post_id = _number(post_id, "wp:post_id", report, item)
    if foreign:
        report.problem(
            "foreign-namespace",
            f"ignored {len(foreign)} WordPress-named elements outside the WordPress export "
            f"namespace, e.g. {foreign[0]}",
            item,
            post_id,
        )
    post_type = (post_type.strip() or None) if post_type else None
    if post_type is None:
        report.problem("missing-post-type", "item has no wp:post_type; read as a post", item, post_id)
    date_texts = date, date_gmt
    date, date_gmt = _dates(date, date_gmt, "wp:post_date", "wp:post_date_gmt", report, item)
    if date_gmt is not None and date is not None and (modified, modified_gmt) == date_texts:
        # never edited (every attachment): the same texts give the same dates, and no problem to
        # report; the record holds the same (immutable) objects, which writers may tell at once
        modified, modified_gmt = date, date_gmt
    else:
        modified, modified_gmt = _dates(
            modified, modified_gmt, "wp:post_modified", "wp:post_modified_gmt", report, item
        )
    if parent == "0":  # no parent: what the digits' reading below gives it, at once
        parent = None
    elif parent and parent.isdigit() and parent.isascii() and len(parent) < 19:
        parent = int(parent) or None
    else:
        parent = _number(parent, "wp:post_parent", report, item, zero_is_none=True)
    if menu_order == "0":
        menu_order = 0
    elif menu_order and menu_order.isdigit() and menu_order.isascii() and len(menu_order) < 19:
        menu_order = int(menu_order)
    else:
        menu_order = _number(menu_order, "wp:menu_order", report, item)
    sticky = (sticky.strip() or None) if sticky else None
    post = Post(
        post_id,
        post_type or "post",
        (status.strip() or None) if status else None,
        None if title is None else title.strip(),
        (slug.strip() or None) if slug else None,
        (url.strip() or None) if url else None,
        (guid.strip() or None) if guid else None,
        (author.strip() or None) if author else None,
        date,
        date_gmt,
        modified,
        modified_gmt,
        excerpt or None,
        content,
        WORDPRESS_CONTENT,
        None,
        [],
        [],
        {},
        parent,
        menu_order,
        None if sticky is None else sticky == "1",
        (password.strip() or None) if password else None,
        (comment_status.strip() or None) if comment_status else None,
        (ping_status.strip() or None) if ping_status else None,
        (attachment_url.strip() or None) if attachment_url else None,
        None,
        _metas(postmeta, report, post_id) if postmeta else [],
        [comment_of(element, report, post_id) for element in comments] if comments else [],
        [
            Provenance(
                report.path,
                "wxr",
                f"line {report.line(item)}",
                GUESSED_TYPE if post_type is None else None,
            )
        ],
    )
    if categories:
        _add_term_refs(post, categories)
    return post


def _slug(name: str | None) -> str:
    """The slug WordPress would give a category without a nicename (python-slugify, imported on
    first use: it loads a transliteration table, 20 ms of every run's start-up otherwise)."""
    from slugify import slugify

    return slugify(name or "", allow_unicode=True)


def _add_term_refs(post: Post, elements: list[Element]) -> None:
    """``<category domain="..." nicename="...">Name</category>`` into categories, tags, taxonomies.

    WXR 1.0 also wrote each category once without a domain; those are kept only when no
    domain-qualified category of the same name exists (and theme-preview data has only those).
    """
    seen: set[tuple[str, str]] = set()
    undomained: list[TermRef] = []
    for element in elements:
        name = (element.text or "").strip() or None
        if name is not None and "&" in name:
            name = unescape(name)  # name_from_wordpress, for the names that need it
        domain = element.get("domain")
        nicename = element.get("nicename") or None
        if domain is None:
            slug = nicename or _slug(name)
            if slug:
                undomained.append(TermRef(slug, name))
            continue
        taxonomy = "post_tag" if domain in ("post_tag", "tag") else domain
        slug = nicename or _slug(name)
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
    if not undomained:
        return
    known_names = {ref.name for ref in post.categories} | {ref.name for ref in post.tags}
    for ref in undomained:
        if ref.name not in known_names and ("category", ref.slug) not in seen:
            seen.add(("category", ref.slug))
            post.categories.append(ref)
