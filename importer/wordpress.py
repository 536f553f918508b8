"""What WordPress itself defines, in one place: export namespaces, its internal post types,
post and comment statuses, comment types and the query forms of its permalinks.

Readers, writers and ``validate`` all read these facts from here, so converting and validating
a file never disagree about what WordPress means. Plain data, no imports from the package.
"""

from __future__ import annotations

import html
import re

# -- WXR namespaces ------------------------------------------------------------------------------
# Real exports use http or https, a ``www.`` host, wordpress.org or wordpress.com, and sometimes
# drop the trailing slash; the version is the export format's (1.0, 1.1, 1.2).
EXPORT_NAMESPACE = re.compile(r"^https?://(?:www\.)?wordpress\.(?:org|com)/export/(\d+\.\d+)/?$", re.I)
EXCERPT_NAMESPACE = re.compile(r"^https?://(?:www\.)?wordpress\.(?:org|com)/export/\d+\.\d+/excerpt/?$", re.I)
# The export namespace as bytes anywhere in a file's first kilobytes: how a WXR file is recognised.
EXPORT_NAMESPACE_SNIFF = re.compile(rb"wordpress\.(org|com)/export/1\.\d", re.I)
CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
CANONICAL_EXPORT_NAMESPACE = "http://wordpress.org/export/1.x/"  # how messages name it
WXR_VERSIONS = ("1.0", "1.1", "1.2")
# Prefixes exports use, with the URI each always stands for ({version}: the file's WXR version).
# An export that uses one without declaring it (WordPress.com's <atom:link>) gets it declared.
WELL_KNOWN_NAMESPACES = {
    "wp": "http://wordpress.org/export/{version}/",
    "excerpt": "http://wordpress.org/export/{version}/excerpt/",
    "content": CONTENT_NAMESPACE,
    "dc": DC_NAMESPACE,
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "atom": "http://www.w3.org/2005/Atom",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "media": "http://search.yahoo.com/mrss/",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "googleplay": "http://www.google.com/schemas/play-podcasts/1.0",
    "georss": "http://www.georss.org/georss",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}

# -- pages WordPress serves -------------------------------------------------------------------------
# What WordPress puts in every page it renders, whatever the theme: its asset folders, the
# generator meta, the REST API link, post_class() / comment_class() names, block markup, the
# comment list of comments_template(). A saved page with none of them is not taken for a blog.
PAGE_MARKERS: dict[str, re.Pattern[bytes]] = {
    name: re.compile(pattern, re.I)
    for name, pattern in {
        "wp-content": rb"wp-content/|wp-includes/",
        "generator meta": rb"""<meta[^<>]+content=["']WordPress""",
        "REST API link": rb"api\.w\.org|/wp-json/|xmlrpc\.php",
        "post classes": rb"\bhentry\b|\b(?:post|type)-(?:\d+|post|page)\b",
        "block markup": rb"\bwp-block-",
        "comment list": rb"""\bcomment-?list\b|id=["']comment-\d+""",
        "wordpress.com": rb"wordpress\.com",
    }.items()
}

# -- post types ------------------------------------------------------------------------------------
ATTACHMENT = "attachment"
NAV_MENU_ITEM = "nav_menu_item"  # a classic menu's entry (meta names its target)
REUSABLE_BLOCK = "wp_block"  # reusable blocks / synced patterns: content, embedded by reference
# Content types WordPress never shows at an address of their own (not publicly queryable): they
# appear only inside the posts that use them.
EMBEDDED_ONLY_TYPES = frozenset({REUSABLE_BLOCK})
# Post types WordPress (and Jetpack, Action Scheduler) use for their own machinery rather than for
# content. Readers count and skip them unless ReadOptions.keep_internal; no writer filters again.
# ``wp_block`` is deliberately NOT here: its blocks are content the author wrote.
INTERNAL_POST_TYPES = frozenset(
    {
        NAV_MENU_ITEM,  # classic menus
        "wp_navigation",  # block-theme menus
        "wp_global_styles",
        "wp_template",
        "wp_template_part",
        "wp_font_family",
        "wp_font_face",
        "custom_css",
        "customize_changeset",
        "oembed_cache",
        "user_request",  # privacy export/erasure requests
        "revision",
        "scheduled-action",  # Action Scheduler (WooCommerce, Jetpack)
        "jp_sitemap",  # Jetpack's generated sitemaps
        "jp_sitemap_master",
        "feedback",  # Jetpack contact-form submissions (visitors' messages, emails and IPs)
    }
)
# Post types every WordPress has (--type may name these, or a custom type of the site).
BUILTIN_POST_TYPES = ("post", "page", ATTACHMENT, REUSABLE_BLOCK, *sorted(INTERNAL_POST_TYPES))

# -- post statuses ---------------------------------------------------------------------------------
PUBLISHED = "publish"
# Statuses whose posts are not public pages: never written as published by default.
UNPUBLISHED_STATUSES = frozenset({"draft", "pending", "private", "future", "trash", "auto-draft", "inherit"})
# Every status WordPress gives a post (what --status may name).
POST_STATUSES = (PUBLISHED, "draft", "pending", "private", "future", "trash", "auto-draft", "inherit")
# Statuses under which WordPress has given the post its final slug (drafts may have none yet).
SLUGGED_STATUSES = frozenset({"publish", "private", "future"})

# -- comments --------------------------------------------------------------------------------------
# wp:comment_approved as exported -> the status the model uses.
COMMENT_STATUSES = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}
APPROVED = "approved"
# A comment a visitor could see: approved (as mapped, or raw "1"), or of unknown status (a saved page).
PUBLIC_COMMENT_STATUSES = frozenset({None, APPROVED, "1"})
PINGBACK = "pingback"
TRACKBACK = "trackback"
PING_TYPES = (PINGBACK, TRACKBACK)

# -- permalinks ------------------------------------------------------------------------------------
# The plain permalinks WordPress answers whatever the permalink structure: ``/?p=ID`` for posts
# (and custom types), ``/?page_id=ID`` for pages, ``/?attachment_id=ID`` for attachments.
ID_QUERY_KEYS = ("p", "page_id", "attachment_id")


def id_query_key(post_type: str) -> str:
    """The query key of a post type's plain permalink (``page_id`` for a page)."""
    return "page_id" if post_type == "page" else "attachment_id" if post_type == ATTACHMENT else "p"


def plain_permalink(post_type: str, post_id: int) -> str:
    """``/?p=12``, ``/?page_id=2`` or ``/?attachment_id=7``: the address no rewrite can break."""
    return f"/?{id_query_key(post_type)}={post_id}"


# -- names WordPress stores escaped --------------------------------------------------------------
# On save WordPress runs a comment author's name, a term's name and a user's display, first and
# last name through wp_filter_kses and _wp_specialchars (the pre_comment_author_name,
# pre_term_name and pre_user_* filters), so the database, and the export, hold them as HTML
# ("Loaf &amp; Ladle", "Ping &laquo; Blog"). The model holds the text people see; the WXR reader
# decodes these fields and the WXR writer encodes them again, as WordPress would have stored them.


def name_from_wordpress(stored: str | None) -> str | None:
    """The text a stored (HTML-escaped) name shows."""
    return None if stored is None else html.unescape(stored)


def name_for_wordpress(name: str | None) -> str | None:
    """A name as WordPress stores it: ``&``, ``<`` and ``>`` escaped."""
    return None if name is None else html.escape(name, quote=False)
