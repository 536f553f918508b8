"""The relational schema, declared once as data and rendered as DDL for each dialect.

Tables come in dependency order: a table's foreign keys point only at tables before it, so
rows inserted in this order never violate a constraint.
"""

from __future__ import annotations

from dataclasses import dataclass

# Logical column types; each dialect maps them to its own (see ``dialects.py``).
ID = "id"  # a whole number (source ids may exceed 32 bits)
INT = "int"
BOOL = "bool"
TEXT = "text"  # free UTF-8 text of any length
KEY = "key"  # text that is part of a key or index (bounded length on MySQL)
NAME = "name"  # short text that is part of a key or index (taxonomy, type, status)
LOCAL_TS = "local_ts"  # wall-clock time the author saw, without a zone
UTC_TS = "utc_ts"  # the same instant in UTC


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    doc: str
    nullable: bool = True


@dataclass(frozen=True, slots=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    doc: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, type_: str, doc: str, nullable: bool = True) -> Column:
    return Column(name, type_, doc, nullable)


SITE = Table(
    "site",
    "The blog itself: one row.",
    (
        _c("id", INT, "always 1", nullable=False),
        _c("title", TEXT, "blog title"),
        _c("link", TEXT, "blog URL"),
        _c("description", TEXT, "tagline"),
        _c("language", TEXT, "language code, e.g. en-US"),
        _c("base_site_url", TEXT, "WordPress base site URL"),
        _c("base_blog_url", TEXT, "WordPress base blog URL"),
        _c("generator", TEXT, "generator URL of the export"),
        _c("source_format", TEXT, "wxr, html, text or mirror"),
        _c("format_version", TEXT, "e.g. WXR 1.2"),
        _c("sources", TEXT, "JSON array of the source files read"),
    ),
    ("id",),
)

AUTHORS = Table(
    "authors",
    "Post authors. Authors a post names but the source did not declare are added with only a login.",
    (
        _c("login", KEY, "login name (or display name when only that is known)", nullable=False),
        _c("source_id", ID, "WordPress user id"),
        _c("email", TEXT, "email address"),
        _c("display_name", TEXT, "display name"),
        _c("first_name", TEXT, "first name"),
        _c("last_name", TEXT, "last name"),
        _c("url", TEXT, "profile URL"),
    ),
    ("login",),
)

TERMS = Table(
    "terms",
    "Categories, tags and terms of other taxonomies. Terms a post uses but the source did not "
    "declare are added from the post's reference.",
    (
        _c("taxonomy", NAME, "category, post_tag, post_format, nav_menu or a custom taxonomy", nullable=False),
        _c("slug", KEY, "term slug", nullable=False),
        _c("source_id", ID, "WordPress term id"),
        _c("name", TEXT, "display name"),
        _c("parent_slug", KEY, "slug of the parent term in the same taxonomy (not enforced)"),
        _c("description", TEXT, "description"),
    ),
    ("taxonomy", "slug"),
)

TERM_META = Table(
    "term_meta",
    "Term meta, in source order (keys may repeat).",
    (
        _c("taxonomy", NAME, "term taxonomy", nullable=False),
        _c("slug", KEY, "term slug", nullable=False),
        _c("position", INT, "0-based order within the term", nullable=False),
        _c("meta_key", TEXT, "meta key"),
        _c("meta_value", TEXT, "value as stored (PHP-serialized text stays serialized)"),
        _c("value_json", TEXT, "the decoded value as JSON when the stored value was PHP-serialized"),
    ),
    ("taxonomy", "slug", "position"),
    (ForeignKey(("taxonomy", "slug"), "terms", ("taxonomy", "slug")),),
)

POSTS = Table(
    "posts",
    "Items of every post type: posts, pages, attachments and custom types.",
    (
        _c("id", ID, "source post id; posts without one (or with a duplicate) get negative ids", nullable=False),
        _c("type", NAME, "post, page, attachment or a custom type", nullable=False),
        _c("status", NAME, "publish, draft, pending, private, future, trash, inherit, ..."),
        _c("title", TEXT, "title"),
        _c("slug", KEY, "slug (post_name)"),
        _c("url", TEXT, "permalink"),
        _c("guid", TEXT, "guid"),
        _c("author_login", KEY, "author (authors.login)"),
        _c("date_local", LOCAL_TS, "publication time as the author saw it (no zone)"),
        _c("date_utc", UTC_TS, "publication time in UTC, when the source gives it"),
        _c("modified_local", LOCAL_TS, "last modification, local wall-clock time"),
        _c("modified_utc", UTC_TS, "last modification in UTC"),
        _c("excerpt", TEXT, "excerpt"),
        _c("content", TEXT, "content as stored (WXR: without paragraphs added)"),
        _c("content_format", NAME, "wordpress (editor text: wpautop and shortcodes make it HTML) or html (as shown)"),
        _c("content_html", TEXT, "content as WordPress shows it (WXR: wpautop and built-in shortcodes applied)"),
        _c("content_markdown", TEXT, "content_html as Markdown (only with --with-markdown)"),
        _c("content_is_excerpt", BOOL, "true when only a teaser was recovered"),
        _c("parent_id", ID, "source id of the parent post (not enforced: it may be outside the export)"),
        _c("menu_order", INT, "menu order"),
        _c("sticky", BOOL, "sticky post"),
        _c("password", TEXT, "post password"),
        _c("comment_status", NAME, "open or closed"),
        _c("ping_status", NAME, "open or closed"),
        _c("attachment_url", TEXT, "file URL of an attachment"),
        _c("comment_count", INT, "comment count as shown by the source (HTML), not a count of rows"),
        _c("provenance", TEXT, "JSON array: where the record was found"),
    ),
    ("id",),
    (ForeignKey(("author_login",), "authors", ("login",)),),
    (("slug",), ("date_utc",), ("date_local",), ("type", "status")),
)

ATTACHMENTS = Table(
    "attachments",
    "One row per attachment post: its file.",
    (
        _c("post_id", ID, "the attachment's row in posts", nullable=False),
        _c("url", TEXT, "file URL"),
        _c("file", TEXT, "path below the uploads folder (_wp_attached_file)"),
        _c("parent_id", ID, "source id of the post the file is attached to (not enforced)"),
    ),
    ("post_id",),
    (ForeignKey(("post_id",), "posts", ("id",)),),
    (("parent_id",),),
)

POST_TERMS = Table(
    "post_terms",
    "Which terms each post has, in source order.",
    (
        _c("post_id", ID, "posts.id", nullable=False),
        _c("taxonomy", NAME, "terms.taxonomy", nullable=False),
        _c("slug", KEY, "terms.slug", nullable=False),
        _c("position", INT, "0-based order within the post and taxonomy", nullable=False),
    ),
    ("post_id", "taxonomy", "slug"),
    (
        ForeignKey(("post_id",), "posts", ("id",)),
        ForeignKey(("taxonomy", "slug"), "terms", ("taxonomy", "slug")),
    ),
    (("taxonomy", "slug"),),
)

POST_META = Table(
    "post_meta",
    "Post meta, in source order (keys may repeat).",
    (
        _c("post_id", ID, "posts.id", nullable=False),
        _c("position", INT, "0-based order within the post", nullable=False),
        _c("meta_key", TEXT, "meta key"),
        _c("meta_value", TEXT, "value as stored (PHP-serialized text stays serialized)"),
        _c("value_json", TEXT, "the decoded value as JSON when the stored value was PHP-serialized"),
    ),
    ("post_id", "position"),
    (ForeignKey(("post_id",), "posts", ("id",)),),
)

COMMENTS = Table(
    "comments",
    "Comments, pingbacks and trackbacks, threaded through parent_id. A parent the export does not "
    "contain becomes NULL (counted in the tally).",
    (
        _c("id", ID, "source comment id; comments without one (or with a duplicate) get negative ids", nullable=False),
        _c("post_id", ID, "posts.id", nullable=False),
        _c("parent_id", ID, "comments.id of the comment this one replies to"),
        _c("type", NAME, "comment, pingback, trackback or another raw type"),
        _c("status", NAME, "approved, pending, spam, trash or another raw value"),
        _c("author", TEXT, "author name"),
        _c("author_email", TEXT, "author email"),
        _c("author_url", TEXT, "author URL"),
        _c("author_ip", TEXT, "author IP address"),
        _c("date_local", LOCAL_TS, "time as the blog showed it (no zone)"),
        _c("date_utc", UTC_TS, "time in UTC, when the source gives it"),
        _c("content", TEXT, "content as stored"),
        _c("content_html", TEXT, "content rendered as HTML (wpautop applied to WXR content)"),
        _c("user_id", ID, "WordPress user id of a logged-in commenter"),
        _c("url", TEXT, "permalink (#comment-123)"),
        _c("avatar_url", TEXT, "avatar image URL"),
        _c("provenance", TEXT, "JSON array: where the record was found"),
    ),
    ("id",),
    (ForeignKey(("post_id",), "posts", ("id",)), ForeignKey(("parent_id",), "comments", ("id",))),
    (("post_id",), ("parent_id",), ("date_utc",)),
)

COMMENT_META = Table(
    "comment_meta",
    "Comment meta, in source order (keys may repeat).",
    (
        _c("comment_id", ID, "comments.id", nullable=False),
        _c("position", INT, "0-based order within the comment", nullable=False),
        _c("meta_key", TEXT, "meta key"),
        _c("meta_value", TEXT, "value as stored (PHP-serialized text stays serialized)"),
        _c("value_json", TEXT, "the decoded value as JSON when the stored value was PHP-serialized"),
    ),
    ("comment_id", "position"),
    (ForeignKey(("comment_id",), "comments", ("id",)),),
)

TABLES: tuple[Table, ...] = (
    SITE,
    AUTHORS,
    TERMS,
    TERM_META,
    POSTS,
    ATTACHMENTS,
    POST_TERMS,
    POST_META,
    COMMENTS,
    COMMENT_META,
)
TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
FTS_TABLE = "posts_fts"  # SQLite only: FTS5 over posts.title and posts.content (sqlite-utils' naming)


def index_name(table: Table, columns: tuple[str, ...]) -> str:
    return f"{table.name}_{'_'.join(columns)}_idx"


def describe_markdown() -> str:
    """The schema as Markdown tables (the README section and ``blogimport schema --sql --doc``)."""
    parts: list[str] = []
    for table in TABLES:
        parts.append(f"### `{table.name}`\n\n{table.doc}\n\n")
        parts.append(f"Primary key: ({', '.join(table.primary_key)})")
        for fk in table.foreign_keys:
            parts.append(f"; ({', '.join(fk.columns)}) references {fk.table}({', '.join(fk.ref_columns)})")
        parts.append("\n\n| column | type | meaning |\n| --- | --- | --- |\n")
        for col in table.columns:
            null = "" if col.nullable else ", not null"
            parts.append(f"| `{col.name}` | {col.type}{null} | {col.doc} |\n")
        parts.append("\n")
    return "".join(parts).rstrip() + "\n"
