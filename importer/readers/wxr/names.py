"""Names of WXR elements, matched by namespace URI (never by prefix).

Real exports redefine or omit the ``wp`` prefix, mix WXR 1.0/1.1/1.2 namespaces, or use
``https://`` and ``wordpress.com`` variants. :func:`short_name` maps an lxml tag
(``{http://wordpress.org/export/1.2/}post_id``) to a stable short name (``wp:post_id``); a tag in
any other namespace gives ``None``.
"""

from __future__ import annotations

from ...wordpress import CONTENT_NAMESPACE, DC_NAMESPACE, EXCERPT_NAMESPACE, EXPORT_NAMESPACE

_FIXED_NAMESPACES = {CONTENT_NAMESPACE: "content", DC_NAMESPACE: "dc"}

# Local names of WordPress item fields: met in a foreign namespace they signal a hijacked or
# misdeclared prefix, which is reported instead of silently ignored.
WP_ITEM_FIELDS = frozenset(
    {
        "post_id",
        "post_date",
        "post_date_gmt",
        "post_modified",
        "post_modified_gmt",
        "comment_status",
        "ping_status",
        "post_name",
        "status",
        "post_parent",
        "menu_order",
        "post_type",
        "post_password",
        "is_sticky",
        "attachment_url",
        "postmeta",
        "comment",
    }
)

# tag -> short name, filled by short_name(); read directly in the reader's hot loop
KNOWN_NAMES: dict[str, str | None] = {}


def namespace_kind(uri: str) -> str | None:
    """``"wp"``, ``"excerpt"``, ``"content"``, ``"dc"`` or None for a namespace URI."""
    if uri in _FIXED_NAMESPACES:
        return _FIXED_NAMESPACES[uri]
    if EXPORT_NAMESPACE.match(uri):
        return "wp"
    if EXCERPT_NAMESPACE.match(uri):
        return "excerpt"
    return None


def short_name(tag: str) -> str | None:
    """``{ns}local`` -> ``prefix:local`` by namespace kind; a tag without namespace stays as is."""
    try:
        return KNOWN_NAMES[tag]
    except KeyError:
        pass
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        kind = namespace_kind(uri)
        name = f"{kind}:{local}" if kind else None
    else:
        name = tag
    if len(KNOWN_NAMES) < 10_000:  # bounded: a hostile file cannot grow it without limit
        KNOWN_NAMES[tag] = name
    return name


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2]
