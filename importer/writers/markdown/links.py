"""Old WordPress URLs and their new addresses: internal links, media files and redirects.

The index is built by the Markdown writer's first pass over the records (a few strings a post,
kept on disk: see :mod:`importer.writers.scratch`), so every address is known when the second
pass writes the first post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import SplitResult, unquote

from ...model import Post, Site
from ...transforms.urls import host_of, key_of, site_host, split_url, url_key
from ...wordpress import id_query_key, plain_permalink
from ..scratch import Scratch, TextMap, decode, encode
from .paths import make_slug, post_slug, reserved_path

_SIZE_VARIANT = re.compile(r"-\d+x\d+(?=\.\w+$)")
_UPLOADS = re.compile(r"/(?:wp-content/uploads|files)/(.+)$")
MEDIA_EXTENSIONS = frozenset(
    [
        "jpg",
        "jpeg",
        "png",
        "gif",
        "webp",
        "svg",
        "bmp",
        "tif",
        "tiff",
        "ico",
        "heic",
        "avif",
        "pdf",
        "mp3",
        "m4a",
        "ogg",
        "oga",
        "wav",
        "mp4",
        "m4v",
        "webm",
        "mov",
        "ogv",
        "avi",
        "zip",
        "gz",
        "tgz",
        "rar",
        "7z",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "ppt",
        "pptx",
        "odt",
        "ods",
        "odp",
        "txt",
        "csv",
        "epub",
    ]
)


@dataclass(slots=True)
class MediaFile:
    local_path: str  # relative to the output directory
    public_url: str  # how the site refers to it
    sources: list[str] = field(default_factory=list)  # URLs to try, the original first
    referenced_by: list[int] = field(default_factory=list)


class LinkIndex:
    """Where every old URL now lives (kept on disk in ``scratch``, but for the site's hosts)."""

    def __init__(self, scratch: Scratch) -> None:
        self.hosts: set[str] = set()
        self.new_urls = TextMap(scratch)  # url_key -> new URL
        self.redirects = TextMap(scratch)  # old path (or ?p=) -> new URL
        self.refused_redirects: dict[str, str] = {}  # old paths the generator owns (a few: see RESERVED_PATHS)
        self._db = scratch.db
        attachments = scratch.table("id INTEGER PRIMARY KEY, url BLOB NOT NULL")  # id -> original URL
        by_parent = scratch.table("parent INTEGER, n INTEGER, url BLOB NOT NULL, PRIMARY KEY (parent, n)")
        self._add_attachment = f"INSERT OR REPLACE INTO {attachments} VALUES (?, ?)"
        self._attachment = f"SELECT url FROM {attachments} WHERE id = ?"
        self._add_child = f"INSERT INTO {by_parent} VALUES (?, ?, ?)"
        self._children = f"SELECT url FROM {by_parent} WHERE parent = ? ORDER BY n"
        self._attachments_added = 0
        self._scratch = scratch
        # the attachments' tables in memory (id -> URL; parent -> URLs in export order), until
        # the scratch maps' budget is spent (None: in the tables)
        self._urls: dict[int, str] | None = None
        self._by_parent: dict[int, list[str]] = {}
        if scratch.keeps(self):
            self._urls = {}

    def to_disk(self) -> None:
        """Move the attachments held in memory to their tables (they stay there from now on)."""
        urls, self._urls = self._urls, None
        if urls is None:
            return
        self._db.executemany(self._add_attachment, ((n, encode(url)) for n, url in urls.items()))
        rows = []
        for parent, children in self._by_parent.items():  # numbered anew: the order within a parent is kept
            for url in children:
                self._attachments_added += 1
                rows.append((parent, self._attachments_added, encode(url)))
        self._db.executemany(self._add_child, rows)
        self._by_parent = {}

    def add_site(self, site: Site) -> None:
        for url in (site.link, site.base_site_url, site.base_blog_url):
            if url:
                host = site_host(url)
                if host:
                    self.hosts.add(host)

    def is_internal(self, url: str) -> bool:
        return self.internal_parts(url) is not None

    def internal_parts(self, url: str) -> SplitResult | None:
        """``url`` split, when it is one of the site's own addresses (else None)."""
        host, parts, _clean = _site_parts(url)
        return parts if parts is not None and self.knows(host) else None

    def knows(self, host: str | None) -> bool:
        """Whether an address with this :data:`OldAddress` host is one of the site's own."""
        return host is None or host in self.hosts

    def add_post(self, post: Post, new_url: str, public: bool, addresses: list[OldAddress] | None = None) -> None:
        """Remember the post's old addresses (permalink, guid, ?p=id) as pointing to ``new_url``
        (``addresses``: :func:`old_addresses` of the post, when a part's reader made them).

        Only public posts get redirects: a redirect would tell the world a draft's address.

        Every address of the post points to the same ``new_url``, so the keys are set together
        (then the host-less ones not yet known): the map ends as it would with each address in turn.
        """
        if addresses is None:
            addresses = old_addresses(post)
        keys: dict[str, None] = {}  # each once, in order (a guid is often /?p=12)
        hostless: dict[str, None] = {}
        old_paths: dict[str, bool] = {}  # old path -> reserved (the same path is always as reserved)
        hosts = self.hosts
        for host, key, bare, old_path, reserved in addresses:
            if host is None or host in hosts:
                keys[key] = None
                hostless[bare] = None
                old_paths[old_path] = reserved
        new_urls = self.new_urls
        new_urls.set_many(keys, new_url)
        if bare_keys := [key for key in hostless if key not in keys]:
            new_urls.setdefault_many(bare_keys, new_url)
        if not public:
            return
        redirects = []
        bare_new = new_url.rstrip("/")
        for old_path, reserved in old_paths.items():
            if old_path.rstrip("/") == bare_new:
                continue
            if reserved:
                self.refused_redirects[old_path] = new_url
            else:
                redirects.append(old_path)
        if redirects:
            self.redirects.set_many(redirects, new_url)

    def add_attachment(self, post: Post) -> None:
        if post.id is not None and post.attachment_url:
            urls = self._urls
            if urls is not None:
                self._scratch.room_for(2 * len(post.attachment_url))  # all moved to disk when it is spent
                urls = self._urls
            if urls is not None:
                urls[post.id] = post.attachment_url
                if post.parent:
                    self._by_parent.setdefault(post.parent, []).append(post.attachment_url)
                return
            url = encode(post.attachment_url)
            self._db.execute(self._add_attachment, (post.id, url))
            if post.parent:
                self._attachments_added += 1
                self._db.execute(self._add_child, (post.parent, self._attachments_added, url))

    def attachment_url(self, attachment_id: int) -> str | None:
        """The original URL of the attachment with this id, or None."""
        if self._urls is not None:
            return self._urls.get(attachment_id)
        row = self._db.execute(self._attachment, (attachment_id,)).fetchone()
        return None if row is None else decode(row[0])

    def attachments_of(self, parent: int) -> list[str]:
        """The original URLs of the attachments of ``parent``, in export order."""
        if self._urls is not None:
            return list(self._by_parent.get(parent, ()))
        return [decode(url) for (url,) in self._db.execute(self._children, (parent,))]

    def resolve(self, url: str) -> str | None:
        """The new URL for an internal link (fragment kept), or None when unknown."""
        base, _, fragment = url.partition("#")
        key = url_key(base)
        if key is None:
            return None
        new = self.new_urls.get(key) or self.new_urls.get(_without_host(key))
        if new is None:
            return None
        return f"{new}#{fragment}" if fragment else new


def plain_permalinks(post: Post) -> list[str]:
    """The post's addresses by id (``/?p=12``; a page's ``/?page_id=2`` too): each is its own
    :func:`url_key`."""
    if post.id is None:
        return []
    plain = plain_permalink(post.type, post.id)
    return [plain] if id_query_key(post.type) == "p" else [plain, f"/?p={post.id}"]


# One of a post's old addresses (permalink, guid), split: the host it must have to be one of the
# site's own (None: a path, the site's whatever its hosts), its url_key, that key without its host,
# its old path (and query), and whether that path is one the generator owns (see reserved_path).
OldAddress = tuple[str | None, str, str, str, bool]

# A post's permalink as an alias: the host it must have to be the site's (as above), the alias
# path, and whether the generator owns it.
Alias = tuple[str | None, str, bool]


def old_addresses(post: Post) -> list[OldAddress]:
    """What :meth:`LinkIndex.add_post` takes of the post's permalink, guid and plain permalinks,
    found without the site's hosts (the order of the posts plays no part: a part's reader can
    find it)."""
    return _old_addresses(post, _site_parts(post.url) if post.url else _NONE)[0]


def _old_addresses(post: Post, url_parts: _SiteParts) -> tuple[list[OldAddress], OldAddress | None]:
    """:func:`old_addresses`, given ``_site_parts(post.url)``, and the permalink's own address
    (None: it gives none)."""
    found: list[OldAddress] = []
    own = _address(*url_parts)
    if own is not None:
        found.append(own)
    guid = post.guid
    if guid:
        address = _address(*_site_parts(guid))
        if address is not None:
            found.append(address)
    # /?p=12 and the like: their own key, key without a host (never set: the key is) and old path
    # (a query: never reserved)
    found.extend([(None, plain, plain, plain, False) for plain in plain_permalinks(post)])
    return found, own


def _address(host: str | None, parts: SplitResult | None, clean: SplitResult | None) -> OldAddress | None:
    """One old address, given its :func:`_site_parts`, or None (none: not the site's, or no key)."""
    if parts is None or clean is None:
        return None
    key = key_of(clean)
    if not key:
        return None
    old_path = _path_of(parts)
    return host, key, _without_host(key), old_path, reserved_path(old_path)


def permalink_alias(url: str | None) -> Alias | None:
    """What an old permalink gives for :meth:`~importer.writers.markdown.writer.MarkdownRun.old_paths`,
    found without the site's hosts: None when it can be no alias (another scheme, no path, a query)."""
    if not url:
        return None
    return _alias(*_site_parts(url))


def _alias(
    host: str | None, parts: SplitResult | None, _clean: SplitResult | None, own: OldAddress | None = None
) -> Alias | None:
    """:func:`permalink_alias`, given its :func:`_site_parts` (``own``: the permalink's old address,
    whose path's :func:`reserved_path` is known)."""
    if parts is None or parts.query or not parts.path or parts.path == "/":
        return None
    path = parts.path if parts.path.endswith("/") or "." in parts.path.rsplit("/", 1)[-1] else parts.path + "/"
    return host, path, own[4] if own is not None and own[3] == path else reserved_path(path)


# What planning a post takes of it whatever the posts before it (see :func:`prepared`): its
# kind's slug, its own slug (before a clash makes it unique), its old addresses and its
# permalink's alias.
Prepared = tuple[str, str, list[OldAddress], Alias | None]
_NONE: tuple[None, None, None] = (None, None, None)
_KIND_SLUGS: dict[str, str] = {}  # make_slug(kind) or "post", by kind (an export has a few)


def prepared(post: Post) -> Prepared:
    """The part of a post's plan that depends on the post alone (a part's reader finds it, so
    the main process only claims): the slug of its type, :func:`post_slug`, :func:`old_addresses`,
    :func:`permalink_alias` (the permalink split once)."""
    kind = post.type
    kind_slug = _KIND_SLUGS.get(kind)
    if kind_slug is None:
        if len(_KIND_SLUGS) > 256:
            _KIND_SLUGS.clear()
        kind_slug = _KIND_SLUGS[kind] = make_slug(kind) or "post"
    url_parts = _site_parts(post.url) if post.url else _NONE
    addresses, own = _old_addresses(post, url_parts)
    return kind_slug, post_slug(post), addresses, _alias(*url_parts, own)


# An address's host as _site_parts finds it, the address split, and split once stripped.
_SiteParts = tuple[str | None, SplitResult | None, SplitResult | None]


def _site_parts(url: str) -> _SiteParts:
    """The host ``url`` must have to be one of the site's own addresses (None: a path, the
    site's own whatever its hosts), ``url`` split, and :func:`_split_stripped`; ``(None, None,
    None)`` when it can never be the site's (an http(s) URL without a host: the site's hosts are
    never empty, see :meth:`LinkIndex.add_site`)."""
    parts = split_url(url)
    if parts.scheme in ("http", "https"):
        clean = _split_stripped(url, parts)
        host = host_of(clean)
        return (host, parts, clean) if host else _NONE  # no site has no host
    if url.startswith("/") and not url.startswith("//"):
        return None, parts, _split_stripped(url, parts)
    return _NONE


def _without_host(key: str) -> str:
    at = key.find("/")
    return key[at:] if at >= 0 else key


def _split_stripped(url: str, parts: SplitResult) -> SplitResult:
    """``split_url(url.strip())``, given ``parts`` = ``split_url(url)`` (the same when there is
    nothing to strip, as nearly always)."""
    stripped = url.strip()
    return parts if stripped == url else split_url(stripped)


def _path_of(parts: SplitResult) -> str:
    """The old path (and query) of an address already split."""
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def is_media_url(url: str) -> bool:
    path = split_url(url).path.lower()
    return bool(_UPLOADS.search(path)) or (path.rsplit(".", 1)[-1] in MEDIA_EXTENSIONS and "." in path)


def original_of(url: str) -> str:
    """WordPress's resized variant ``photo-300x200.jpg`` -> ``photo.jpg``."""
    base, _sep, _rest = url.partition("?")
    return _SIZE_VARIANT.sub("", base)


def media_relative_path(url: str) -> str:
    """The file's path below the media folder: after ``wp-content/uploads/``, else the URL path."""
    path = unquote(split_url(url).path)
    match = _UPLOADS.search(path)
    return (match.group(1) if match else path.lstrip("/")) or "file"
