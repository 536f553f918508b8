"""RSS 2.0 and Atom feeds found in a site mirror (``/feed/``, ``/comments/feed/``, ``POST/feed/``).

Feeds often carry what the HTML lacks: the full post content, exact dates with their time
zone, and comments. :func:`parse_feed` turns a feed into :class:`FeedPost` and
:class:`FeedComment` items for the mirror reader to complete and cross-check posts with.
Parsed with entities, DTDs and network access off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from lxml import etree
from slugify import slugify

from ...model import HTML_CONTENT, Comment, Post, Provenance, TermRef
from ...tally import Tally
from ...wordpress import WELL_KNOWN_NAMESPACES

_NS = {prefix: WELL_KNOWN_NAMESPACES[prefix] for prefix in ("content", "dc", "slash", "wfw", "atom")}
_NS["thr"] = "http://purl.org/syndication/thread/1.0"  # Atom threading (RFC 4685): a comment's post
_FEED_START = re.compile(rb"^\s*(?:\xef\xbb\xbf)?(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.S)
_POST_ID = re.compile(r"[?&]p=(\d+)")
_COMMENT_ID = re.compile(r"#comment-(\d+)$")


@dataclass(slots=True)
class FeedPost:
    post: Post  # date_gmt from the feed; content full unless the feed gives only a summary


@dataclass(slots=True)
class FeedComment:
    post_url: str  # the permalink of the post the comment belongs to
    post_id: int | None
    comment: Comment


FeedItem = FeedPost | FeedComment


def is_feed(data: bytes) -> bool:
    """True for RSS, RDF or Atom XML (wget saves ``/feed/`` as ``feed/index.html``)."""
    return bool(_FEED_START.match(data[:4096]))


def parse_feed(data: bytes, path: str, tally: Tally) -> list[FeedItem]:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        tally.problem("unreadable-feed", f"feed cannot be parsed: {exc}", file=path)
        return []
    if root is None:
        tally.problem("unreadable-feed", "feed is empty or not XML", file=path)
        return []
    if etree.QName(root).localname == "feed":
        entries = root.findall("atom:entry", _NS)
        return [item for entry in entries if (item := _atom_item(entry, path, tally)) is not None]
    items = root.findall(".//item")
    return [item for element in items if (item := _rss_item(element, path, tally)) is not None]


def _text(element: etree._Element, path: str) -> str | None:
    found = element.find(path, _NS)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def _rss_item(item: etree._Element, path: str, tally: Tally) -> FeedItem | None:
    link = _text(item, "link")
    if link is None:
        return None
    when = _rfc822(_text(item, "pubDate"), path, tally)
    author = _text(item, "dc:creator") or _text(item, "author")
    full = _text(item, "content:encoded")
    summary = _text(item, "description")
    provenance = Provenance(file=path, rule="feed:rss", locator=link)
    if _COMMENT_ID.search(link):
        return _comment(link, _text(item, "guid"), author, when, full or summary, provenance)
    post = Post(
        type="post",
        status="publish",
        content_format=HTML_CONTENT,
        title=_text(item, "title"),
        url=link,
        guid=_text(item, "guid"),
        author=author,
        date_gmt=when,
        content=full or summary,
        content_is_excerpt=full is None,
        categories=[TermRef(slug=slugify(c.text), name=c.text.strip()) for c in item.findall("category") if c.text],
        provenance=[provenance],
    )
    post.id = _post_id(post.guid) or _post_id(link)
    count = _text(item, "slash:comments")
    post.comment_count = int(count) if count and count.isdigit() else None
    return FeedPost(post)


def _atom_item(entry: etree._Element, path: str, tally: Tally) -> FeedItem | None:
    link_element = entry.find("atom:link[@rel='alternate']", _NS)
    if link_element is None:
        link_element = entry.find("atom:link", _NS)
    link = link_element.get("href") if link_element is not None else None
    if not link:
        return None
    when = _iso(_text(entry, "atom:published") or _text(entry, "atom:updated"), path, tally)
    author = _text(entry, "atom:author/atom:name")
    content = _text(entry, "atom:content")
    summary = _text(entry, "atom:summary")
    provenance = Provenance(file=path, rule="feed:atom", locator=link)
    if _COMMENT_ID.search(link) or entry.find("thr:in-reply-to", _NS) is not None:
        return _comment(link, _text(entry, "atom:id"), author, when, content or summary, provenance)
    post = Post(
        type="post",
        status="publish",
        content_format=HTML_CONTENT,
        title=_text(entry, "atom:title"),
        url=link,
        guid=_text(entry, "atom:id"),
        author=author,
        date_gmt=when.astimezone(UTC) if when else None,
        date=when.replace(tzinfo=None) if when and when.utcoffset() else None,
        content=content or summary,
        content_is_excerpt=content is None,
        categories=[
            TermRef(slug=slugify(c.get("term", "")), name=c.get("term")) for c in entry.findall("atom:category", _NS)
        ],
        provenance=[provenance],
    )
    post.id = _post_id(post.guid) or _post_id(link)
    return FeedPost(post)


def _comment(
    link: str, guid: str | None, author: str | None, when: datetime | None, body: str | None, provenance: Provenance
) -> FeedComment:
    found = _COMMENT_ID.search(link)
    comment = Comment(
        id=int(found.group(1)) if found else None,
        type="comment",
        status="approved",
        author=author,
        date_gmt=when.astimezone(UTC) if when else None,
        content=body,
        url=link,
        provenance=[provenance],
    )
    return FeedComment(post_url=link.split("#", 1)[0], post_id=_post_id(guid or ""), comment=comment)


def _post_id(url: str | None) -> int | None:
    found = _POST_ID.search(url or "")
    return int(found.group(1)) if found else None


def _rfc822(text: str | None, path: str, tally: Tally) -> datetime | None:
    if not text:
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        value = None
    if value is None or value.tzinfo is None:
        tally.problem("unreadable-date", f"cannot read the feed date {text!r}", file=path)
        return None
    return value.astimezone(UTC)


def _iso(text: str | None, path: str, tally: Tally) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        tally.problem("unreadable-date", f"cannot read the feed date {text!r}", file=path)
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
