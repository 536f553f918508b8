"""The normalized blog model: plain records, no parsing, no I/O, no formatting.

Every reader produces these records and every writer consumes them. A value the source
did not give is ``None``, never a guessed default.

Dates: ``date`` is the local wall-clock time the author saw (a naive ``datetime``);
``date_gmt`` is the same instant in UTC (an aware ``datetime`` with ``tzinfo=UTC``) when the
source gives it. ``transforms.dates.with_offset`` combines the two for output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeAlias

# Post.content_format: "wordpress" is the text as the editor stored it (WordPress still applies
# wpautop, shortcodes and reusable blocks when it shows it: a WXR export); "html" is the HTML a
# visitor was served (a saved page, a feed), shown as it is.
WORDPRESS_CONTENT = "wordpress"
HTML_CONTENT = "html"
CONTENT_FORMATS = (WORDPRESS_CONTENT, HTML_CONTENT)

# A JSON-able value: what a decoded meta value (PHP-unserialized or plain) can be.
JSONValue: TypeAlias = bool | int | float | str | list["JSONValue"] | dict[str, "JSONValue"] | None


@dataclass(slots=True)
class Meta:
    """One key/value pair of post, term or comment meta. Keys may repeat."""

    key: str
    value: JSONValue
    # The raw string as stored when ``value`` was decoded from a PHP-serialized string;
    # ``None`` when ``value`` is the raw string itself.
    raw: str | None = None


@dataclass(slots=True)
class Provenance:
    """Where a record (or part of it) came from: the file, and the rule that found it."""

    file: str
    rule: str | None = None  # e.g. "wxr", "profile:twentyten", "generic-fallback", "text:wpcom"
    locator: str | None = None  # e.g. "line 120", "#post-42", a URL
    confidence: float | None = None  # 0..1 for heuristic extraction; None when exact
    captured: datetime | None = None  # e.g. a Wayback Machine capture time (never a post date)


@dataclass(slots=True)
class Site:
    title: str | None = None
    link: str | None = None
    description: str | None = None
    language: str | None = None
    base_site_url: str | None = None
    base_blog_url: str | None = None
    generator: str | None = None
    source_format: str | None = None  # "wxr", "html", "text", "mirror"
    format_version: str | None = None  # e.g. WXR "1.2"
    sources: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Author:
    login: str
    id: int | None = None
    email: str | None = None
    display_name: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    url: str | None = None  # profile URL (HTML sources)


@dataclass(slots=True)
class Term:
    taxonomy: str  # "category", "post_tag", "nav_menu", "post_format" or a custom taxonomy
    slug: str
    name: str | None = None
    id: int | None = None
    parent: str | None = None  # slug of the parent term in the same taxonomy
    description: str | None = None
    meta: list[Meta] = field(default_factory=list)


@dataclass(slots=True)
class TermRef:
    """A post's reference to a term of some taxonomy (the taxonomy is where it is stored)."""

    slug: str
    name: str | None = None


@dataclass(slots=True)
class Comment:
    id: int | None = None
    parent: int | None = None  # id of the parent comment; None for a top-level comment
    type: str = "comment"  # "comment", "pingback", "trackback" or another raw type
    status: str | None = None  # "approved", "pending", "spam", "trash" or another raw value
    author: str | None = None
    author_email: str | None = None
    author_url: str | None = None
    author_ip: str | None = None
    date: datetime | None = None
    date_gmt: datetime | None = None
    content: str | None = None
    user_id: int | None = None
    url: str | None = None  # permalink (#comment-123) where known
    avatar_url: str | None = None
    meta: list[Meta] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


@dataclass(slots=True)
class Post:
    """An item of any post type: post, page, attachment or a custom type."""

    id: int | None = None
    type: str = "post"
    status: str | None = None  # publish, draft, pending, private, future, trash, inherit, ...
    title: str | None = None
    slug: str | None = None
    url: str | None = None
    guid: str | None = None
    author: str | None = None  # author login (or display name when only that is known)
    date: datetime | None = None
    date_gmt: datetime | None = None
    modified: datetime | None = None
    modified_gmt: datetime | None = None
    excerpt: str | None = None
    content: str | None = None  # raw as stored (WXR: without wpautop applied)
    content_format: str = WORDPRESS_CONTENT  # how to show content (and comments): see CONTENT_FORMATS
    content_is_excerpt: bool | None = None  # True when only a teaser was recovered (HTML index pages)
    categories: list[TermRef] = field(default_factory=list)
    tags: list[TermRef] = field(default_factory=list)
    taxonomies: dict[str, list[TermRef]] = field(default_factory=dict)  # other taxonomies
    parent: int | None = None
    menu_order: int | None = None
    sticky: bool | None = None
    password: str | None = None
    comment_status: str | None = None
    ping_status: str | None = None
    attachment_url: str | None = None
    comment_count: int | None = None  # as shown by the source (HTML), not len(comments)
    meta: list[Meta] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    provenance: list[Provenance] = field(default_factory=list)


Record = Site | Author | Term | Post


@dataclass(slots=True)
class Archive:
    """A whole blog in memory (for library users and tests; writers take a record stream)."""

    site: Site = field(default_factory=Site)
    authors: list[Author] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)

    def records(self) -> list[Record]:
        return [self.site, *self.authors, *self.terms, *self.posts]
