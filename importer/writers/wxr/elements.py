"""Model records as WXR 1.2 XML text, element by element as WordPress's own exporter writes them.

Text goes in CDATA sections (a ``]]>`` inside is split as ``]]]]><![CDATA[>``, as WordPress does);
characters XML 1.0 cannot hold are dropped and counted by the caller. An element whose reader
tells "absent" from "empty" apart (title, content, a comment's content, a meta value, sticky,
menu order) is left out when the model's value is ``None``, so a file read back gives the same
records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from xml.sax.saxutils import quoteattr

from ...model import Author, Comment, Meta, Site, Term, TermRef
from ...transforms.php_serialize import PHPSerializeError, serialize, unserialize
from ...wordpress import COMMENT_STATUSES, WELL_KNOWN_NAMESPACES, WXR_VERSIONS, name_for_wordpress

WXR_VERSION = WXR_VERSIONS[-1]
NAMESPACES = tuple(  # as WordPress's exporter declares them, in its order
    (prefix, WELL_KNOWN_NAMESPACES[prefix].format(version=WXR_VERSION))
    for prefix in ("excerpt", "content", "wfw", "dc", "wp")
)
ZERO_DATE = "0000-00-00 00:00:00"
# model comment status -> wp:comment_approved (other raw values are written as they are)
COMMENT_APPROVED = {status: approved for approved, status in COMMENT_STATUSES.items()}


class Text:
    """Builds the text of XML elements; counts the characters XML could not hold."""

    def __init__(self, clean: Callable[[str], tuple[str, int]]) -> None:
        self.clean = clean
        self.dropped = 0

    def cdata(self, text: str) -> str:
        text, dropped = self.clean(text)
        self.dropped += dropped
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"

    def el(self, name: str, text: str | None) -> str:
        """``<name><![CDATA[text]]></name>``; ``None`` is written empty."""
        return f"<{name}>{self.cdata(text or '')}</{name}>" if text else f"<{name}></{name}>"

    def opt(self, name: str, text: str | None) -> str:
        """The element only when ``text`` is not None (the reader tells absent from empty)."""
        return "" if text is None else f"<{name}>{self.cdata(text)}</{name}>"

    def attr(self, text: str) -> str:
        text, dropped = self.clean(text)
        self.dropped += dropped
        return quoteattr(text, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def number(value: int | None) -> str:
    return "" if value is None else str(int(value))


def wp_date(value: datetime | None) -> str:
    """WordPress's ``Y-m-d H:i:s`` of the local wall-clock time; unknown is WordPress's zero date."""
    if value is None:
        return ZERO_DATE
    return value.strftime("%Y-%m-%d %H:%M:%S") if value.year >= 1000 else ZERO_DATE


def wp_dates(local: datetime | None, utc: datetime | None) -> tuple[str, str]:
    """(local, GMT) as WordPress stores them; an aware local date gives its own GMT twin."""
    if local is not None and local.tzinfo is not None:
        if utc is None:
            utc = local.astimezone(UTC)
        local = local.replace(tzinfo=None)
    if utc is not None and utc.tzinfo is not None:
        utc = utc.astimezone(UTC).replace(tzinfo=None)
    return wp_date(local), wp_date(utc)


def site_header(site: Site, text: Text, comment: str) -> str:
    """The document's start up to the first author: XML declaration, namespaces, channel header."""
    namespaces = "\n".join(f'\txmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES)
    lines = [
        '<?xml version="1.0" encoding="UTF-8" ?>',
        f"<!-- {comment.replace('--', '- -')} -->",
        f'<rss version="2.0"\n{namespaces}\n>',
        "<channel>",
        f"\t{text.el('title', site.title)}",
        f"\t{text.el('link', site.link)}",
        f"\t{text.el('description', site.description)}",
        f"\t{text.el('language', site.language)}",
        f"\t<wp:wxr_version>{WXR_VERSION}</wp:wxr_version>",
        f"\t{text.el('wp:base_site_url', site.base_site_url)}",
        f"\t{text.el('wp:base_blog_url', site.base_blog_url)}",
    ]
    if site.generator:
        lines.append(f"\t{text.el('generator', site.generator)}")
    return "\n".join(lines) + "\n"


FOOTER = "</channel>\n</rss>\n"


def author_xml(author: Author, login: str, text: Text) -> str:
    return (
        "\t<wp:author>"
        f"<wp:author_id>{number(author.id)}</wp:author_id>"
        f"{text.el('wp:author_login', login)}"
        f"{text.el('wp:author_email', author.email)}"
        f"{text.el('wp:author_display_name', name_for_wordpress(author.display_name))}"
        f"{text.el('wp:author_first_name', name_for_wordpress(author.first_name))}"
        f"{text.el('wp:author_last_name', name_for_wordpress(author.last_name))}"
        "</wp:author>\n"
    )


def term_xml(term: Term, text: Text) -> str:
    """``wp:category``, ``wp:tag`` or ``wp:term``, as WordPress writes each taxonomy."""
    meta = "".join(meta_xml("wp:termmeta", m, text) for m in term.meta)
    term_id = f"<wp:term_id>{number(term.id)}</wp:term_id>"
    name = name_for_wordpress(term.name)
    if term.taxonomy == "category":
        fields = (
            f"{text.el('wp:category_nicename', term.slug)}{text.el('wp:category_parent', term.parent)}"
            f"{text.el('wp:cat_name', name)}{text.opt('wp:category_description', term.description)}"
        )
        return f"\t<wp:category>{term_id}{fields}{meta}</wp:category>\n"
    if term.taxonomy == "post_tag":
        fields = (
            f"{text.el('wp:tag_slug', term.slug)}{text.el('wp:tag_name', name)}"
            f"{text.opt('wp:tag_description', term.description)}"
        )
        return f"\t<wp:tag>{term_id}{fields}{meta}</wp:tag>\n"
    fields = (
        f"{text.el('wp:term_taxonomy', term.taxonomy)}{text.el('wp:term_slug', term.slug)}"
        f"{text.el('wp:term_parent', term.parent)}{text.el('wp:term_name', name)}"
        f"{text.opt('wp:term_description', term.description)}"
    )
    return f"\t<wp:term>{term_id}{fields}{meta}</wp:term>\n"


def meta_value(meta: Meta) -> str | None:
    """The string WordPress stores: the raw serialized text unless the decoded value was changed
    (an edited JSON file), then the value serialized again; scalars as PHP casts them."""
    value = meta.value
    if meta.raw is not None:
        try:
            if unserialize(meta.raw) == value:
                return meta.raw
        except PHPSerializeError:
            pass
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else ""
    if isinstance(value, int | float):
        return str(value)
    return serialize(value)


def meta_xml(tag: str, meta: Meta, text: Text) -> str:
    return f"<{tag}>{text.el('wp:meta_key', meta.key)}{text.opt('wp:meta_value', meta_value(meta))}</{tag}>"


def category_xml(domain: str, ref: TermRef, text: Text) -> str:
    name = name_for_wordpress(ref.name) or ""
    return f"<category domain={text.attr(domain)} nicename={text.attr(ref.slug)}>{text.cdata(name)}</category>"


def comment_xml(
    comment: Comment, comment_id: int, parent: int | None, content: str | None, extra: Iterable[Meta], text: Text
) -> str:
    date, date_gmt = wp_dates(comment.date, comment.date_gmt)
    approved = COMMENT_APPROVED.get(comment.status or "", comment.status)
    metas = "".join(meta_xml("wp:commentmeta", m, text) for m in [*comment.meta, *extra])
    return (
        "\t\t<wp:comment>"
        f"<wp:comment_id>{comment_id}</wp:comment_id>"
        f"{text.el('wp:comment_author', name_for_wordpress(comment.author))}"
        f"{text.el('wp:comment_author_email', comment.author_email)}"
        f"{text.el('wp:comment_author_url', comment.author_url)}"
        f"{text.el('wp:comment_author_IP', comment.author_ip)}"
        f"{text.el('wp:comment_date', date)}"
        f"{text.el('wp:comment_date_gmt', date_gmt)}"
        f"{text.opt('wp:comment_content', content)}"
        f"{text.opt('wp:comment_approved', approved)}"
        f"{text.el('wp:comment_type', comment.type)}"
        f"<wp:comment_parent>{number(parent) or 0}</wp:comment_parent>"
        f"<wp:comment_user_id>{number(comment.user_id) or 0}</wp:comment_user_id>"
        f"{metas}"
        "</wp:comment>\n"
    )
