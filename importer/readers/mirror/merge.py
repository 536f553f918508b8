"""Merge every sighting of every post in a mirror into one de-duplicated archive.

The same post shows up on many pages: its own page (and its comment pages), the home page,
category/tag/date archives, feeds, Wayback captures from several years. Sightings are grouped
by identity (post id from ``postid-N``/``post-N``/``?p=N``, canonical URL, shortlink, permalink,
the mirror file's own location, title and day) and each group becomes one post:

- fields come from the best sighting: a single-post page first, then a page saved as text,
  then archive pages, then feeds; among captures of one kind the latest wins (a plain mirror
  page, having no capture time, counts as the latest: a mirror is made of the live site);
- empty fields are filled from the other sightings (a full text from an archive page or a feed
  when the single page is missing, categories shown only on archives, the UTC date of a feed);
- comments are the union of all sightings (comment pages, captures, comment feeds), one per
  comment id (or per author, date and text when there is no id);
- every post and comment keeps the provenance of each sighting (file, rule, capture time).

Writers find two extras in ``Post.meta``: ``mirror:media`` (``[{"url", "path"}]``: files the
post references that exist in the mirror, for copying instead of downloading) and
``mirror:links`` (``{href: post id}``: links in the content to other recovered posts).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

import lxml.html
from slugify import slugify

from ...model import HTML_CONTENT, Comment, Meta, Post, Provenance, Record, Site, Term
from ...sources import read_whole
from ...tally import Tally
from ...transforms.urls import join_url, site_host, split_url
from ..html import Page, authors_of
from ..html.css import select
from .feeds import FeedItem, FeedPost
from .wayback import unwrap_capture

_SOURCE_RANK = {"single": 0, "text": 1, "index": 2, "other": 3, "feed": 4, "feed-comments": 5}
_POST_ID = re.compile(r"[?&]p=(\d+)(?:$|[&#.])")
_INDEX_FILE = re.compile(r"(^|/)index\.html?$")
_COMMENT_PAGE = re.compile(r"/comment-page-\d+$")
_CATEGORY_PATH = re.compile(r"(?:^|/)category/((?:[^/?]+/)*[^/?]+)/(?:page/\d+/)?index\.html?$")
_REFERENCE = re.compile(r"""(?:src|href)=["']([^"'#]+)""", re.I)
_MAX_OFFSET = timedelta(hours=14)
_FILLED_FIELDS = (
    "id", "title", "slug", "url", "guid", "author", "date", "date_gmt", "modified", "modified_gmt",
    "comment_count", "status",
)  # fmt: skip
COMMENTS_MERGED = "mirror: duplicate comments merged"
CONFLICTS = "mirror: conflicts resolved (best or latest page kept)"
COMPLETED = "mirror: post text completed from another page or feed"


@dataclass(slots=True)
class MirrorFacts:
    """What the mirror as a whole tells, beside its posts."""

    root: str
    site_url: str | None  # http://host of the blog (from links the mirror tool did not rewrite)
    media: dict[str, str]  # path relative to the root -> path of the file (root joined)
    widget_pages: list[str]  # pages carrying a categories widget


@dataclass(slots=True)
class Sighting:
    """One post as one file showed it."""

    post: Post
    file: str
    source: str  # "single", "index", "other" (HTML page types), "text", "feed", "feed-comments"
    captured: datetime | None  # Wayback capture time; None for a page of the mirror itself
    page: Page | None

    @classmethod
    def from_feed(cls, item: FeedItem, file: str) -> Sighting:
        if isinstance(item, FeedPost):
            return cls(item.post, file, "feed", None, None)
        stub = Post(id=item.post_id, url=item.post_url, content_format=HTML_CONTENT, comments=[item.comment])
        return cls(stub, file, "feed-comments", None, None)

    def rank(self) -> tuple[int, bool, float, str]:
        """Sort key, best first: page kind, full text before excerpt, latest capture, file name."""
        newest_first = -self.captured.timestamp() if self.captured else float("-inf")
        return (_SOURCE_RANK.get(self.source, 9), bool(self.post.content_is_excerpt), newest_first, self.file)


def merge(facts: MirrorFacts, sightings: list[Sighting], tally: Tally) -> Iterator[Record]:
    root = facts.root
    groups = group_sightings(root, sightings)
    posts: list[Post] = []
    key_to_post: dict[str, Post] = {}
    for keys, members in groups:
        post = merge_group(members, tally)
        if post is None:
            continue
        posts.append(post)
        for key in keys:
            key_to_post[key] = post
    posts.sort(key=lambda p: (p.date is None, p.date or datetime.min, p.id or 0))
    for post in posts:
        _absolute_urls(post, facts.site_url)
        _attach_media(root, post, facts.media)
        _attach_links(post, key_to_post)
        tally.read[post.type] += 1
        tally.read["comment"] += len(post.comments)
        if post.content_is_excerpt:
            tally.read["excerpt-only post"] += 1
            tally.problem(
                "excerpt-only",
                f"only an excerpt of {post.title!r} was found (no single page or full feed entry)",
                file=post.provenance[0].file if post.provenance else None,
                post_id=post.id,
            )
    yield _site(facts, sightings)
    yield from authors_of(posts)
    yield from terms_of(root, posts, sightings, facts.widget_pages)
    yield from posts


# -- identity ----------------------------------------------------------------------------------


def address_key(url: str | None, base: str | None = None) -> str | None:
    """A key that is equal for every spelling of one post's address in a mirror (or None): its
    ``?p=`` id, else its host (as :func:`site_host` spells it) and path without the index file or
    comment page, else (relative to ``base``) the file it names."""
    if not url:
        return None
    found = _POST_ID.search(url)
    if found:
        return f"id:{found.group(1)}"
    parts = split_url(url)
    if not parts.netloc:
        if base is None or url.startswith(("#", "mailto:", "javascript:")):
            return None
        return "local:" + _clean_path(os.path.normpath(os.path.join(os.path.dirname(base), parts.path)))
    return f"url:{site_host(url)}{_clean_path(parts.path)}"


def _clean_path(path: str) -> str:
    path = _INDEX_FILE.sub(r"\1", path.replace(os.sep, "/")).rstrip("/")
    return _COMMENT_PAGE.sub("", path).removeprefix("./")


def keys_of(root: str, sighting: Sighting) -> set[str]:
    post = sighting.post
    local = os.path.relpath(sighting.file, root).replace(os.sep, "/")
    keys: set[str] = set()
    if post.id is not None:
        keys.add(f"id:{post.id}")
    urls = [post.url, post.guid]
    if sighting.source == "single" and sighting.page is not None:
        urls += [sighting.page.canonical_url, sighting.page.shortlink]
        if sighting.page.post_id is not None:
            keys.add(f"id:{sighting.page.post_id}")
        if sighting.captured is None and "?" not in local:
            keys.add("local:" + _clean_path(local))
    for url in urls:
        key = address_key(url, local)
        if key:
            keys.add(key)
    if post.title and post.date and sighting.source != "feed-comments":
        keys.add(f"title:{' '.join(post.title.lower().split())}|{post.date:%Y-%m-%d}")
    return keys


def group_sightings(root: str, sightings: list[Sighting]) -> list[tuple[set[str], list[Sighting]]]:
    """Sightings that share any key belong to one post (union-find over the keys)."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    keyed: list[tuple[Sighting, set[str]]] = []
    for index, sighting in enumerate(sightings):
        keys = keys_of(root, sighting) or {f"alone:{index}"}
        first, *rest = sorted(keys)
        for key in rest:
            parent[find(key)] = find(first)
        keyed.append((sighting, keys))
    groups: dict[str, tuple[set[str], list[Sighting]]] = {}
    for sighting, keys in keyed:
        head = find(next(iter(keys)))
        entry = groups.setdefault(head, (set(), []))
        entry[0].update(keys)
        entry[1].append(sighting)
    return list(groups.values())


# -- one post from its sightings ----------------------------------------------------------------


def merge_group(members: list[Sighting], tally: Tally) -> Post | None:
    ranked = sorted(members, key=Sighting.rank)
    content = [s for s in ranked if s.source != "feed-comments"]
    if not content:
        orphans = sum(len(s.post.comments) for s in ranked)
        tally.skip("comment", "in a comments feed, but its post is not in the mirror", orphans)
        return None
    primary = content[0]
    post = primary.post
    for other in content[1:]:
        _fill_empty_fields(post, other.post)
    _complete_content(post, content, tally)
    _count_conflicts(post, content, tally)
    _check_dates(post, content, tally)
    post.comments = merge_comments(ranked, tally)
    post.provenance = list(post.provenance) + [
        Provenance(file=s.file, rule=f"mirror:{s.source}", locator=s.post.url, captured=s.captured)
        for s in ranked
        if s is not primary
    ]
    return post


def _fill_empty_fields(post: Post, other: Post) -> None:
    for name in _FILLED_FIELDS:
        if getattr(post, name) in (None, "") and getattr(other, name) not in (None, ""):
            setattr(post, name, getattr(other, name))
    if not post.categories and not post.tags:
        post.categories, post.tags = list(other.categories), list(other.tags)
    known = {m.key for m in post.meta}
    post.meta += [m for m in other.meta if m.key not in known]


def _complete_content(post: Post, content: list[Sighting], tally: Tally) -> None:
    if post.content and post.content_is_excerpt is False:
        return
    full = next((s.post for s in content if s.post.content and s.post.content_is_excerpt is False), None)
    if full is None:
        return
    post.content, post.content_is_excerpt = full.content, False
    tally.changed[COMPLETED] += 1


def _count_conflicts(post: Post, content: list[Sighting], tally: Tally) -> None:
    """Other full copies of the post (older captures, duplicate pages) that say something else."""
    mine = _normalized(post.content)
    for sighting in content:
        other = sighting.post
        if other is post or sighting.source not in ("single", "text") or other.content_is_excerpt:
            continue
        if _normalized(other.content) != mine or (other.title and other.title != post.title):
            tally.changed[CONFLICTS] += 1


def _normalized(html: str | None) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html or "").split())


def _check_dates(post: Post, content: list[Sighting], tally: Tally) -> None:
    if post.date is None or post.date_gmt is None:
        return
    offset = post.date - post.date_gmt.replace(tzinfo=None)
    if abs(offset) <= _MAX_OFFSET and offset.total_seconds() % 900 == 0:
        return
    tally.problem(
        "date-conflict",
        f"the page shows {post.date} but a feed says {post.date_gmt} UTC; the page's date is kept",
        file=content[0].file,
        post_id=post.id,
    )
    post.date_gmt = None
    tally.changed[CONFLICTS] += 1


# -- comments -----------------------------------------------------------------------------------


def comment_key(comment: Comment) -> str:
    if comment.id is not None:
        return f"id:{comment.id}"
    return f"{comment.type}|{comment.author}|{comment.date}|{_normalized(comment.content)[:200]}"


def merge_comments(ranked: list[Sighting], tally: Tally) -> list[Comment]:
    """The union of every sighting's comments, one per comment; the best sighting's copy first."""
    merged: dict[str, Comment] = {}
    for sighting in ranked:
        for comment in sighting.post.comments:
            key = comment_key(comment)
            kept = merged.get(key)
            if kept is None:
                merged[key] = comment
                continue
            _fill_comment(kept, comment)
            tally.changed[COMMENTS_MERGED] += 1
    return sorted(merged.values(), key=_comment_order)


def _fill_comment(kept: Comment, other: Comment) -> None:
    for f in fields(Comment):
        if f.name in ("meta", "provenance"):
            continue
        if getattr(kept, f.name) is None and getattr(other, f.name) is not None:
            setattr(kept, f.name, getattr(other, f.name))
    kept.provenance += other.provenance


def _comment_order(comment: Comment) -> tuple[datetime, int]:
    when = comment.date or (comment.date_gmt.replace(tzinfo=None) if comment.date_gmt else datetime.max)
    return (when, comment.id or 0)


# -- site, authors, terms -----------------------------------------------------------------------


def _site(facts: MirrorFacts, sightings: list[Sighting]) -> Site:
    pages = [s.page for s in sightings if s.page is not None]
    hosts = Counter(split_url(s.post.url).netloc for s in sightings if s.post.url and "://" in s.post.url)
    host = hosts.most_common(1)[0][0] if hosts else None
    link = f"http://{host}/" if host else (facts.site_url + "/" if facts.site_url else None)
    return Site(
        title=_most_common(p.site_title for p in pages),
        link=link,
        language=_most_common(p.language for p in pages),
        generator=_most_common(p.generator for p in pages),
        source_format="mirror",
        sources=[facts.root],
    )


def _most_common(values: Iterable[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def terms_of(root: str, posts: list[Post], sightings: list[Sighting], widget_pages: list[str]) -> Iterator[Term]:
    """Categories and tags of the recovered posts, with the category tree the mirror shows."""
    tree = category_tree(root, sightings, widget_pages)
    seen: dict[tuple[str, str], Term] = {}
    for slug, (name, parent, term_id) in tree.items():
        seen[("category", slug)] = Term("category", slug, name, id=term_id, parent=parent)
    for post in posts:
        for taxonomy, refs in (("category", post.categories), ("post_tag", post.tags)):
            for ref in refs:
                term = seen.setdefault((taxonomy, ref.slug), Term(taxonomy, ref.slug, ref.name))
                term.name = term.name or ref.name
    yield from seen.values()


def category_tree(
    root: str, sightings: list[Sighting], widget_pages: list[str]
) -> dict[str, tuple[str | None, str | None, int | None]]:
    """slug -> (name, parent slug, term id), from the categories widget and archive paths."""
    tree: dict[str, tuple[str | None, str | None, int | None]] = {}
    for file in sorted({s.file for s in sightings if s.source == "index"}):
        found = _CATEGORY_PATH.search(os.path.relpath(file, root).replace(os.sep, "/"))
        if found:
            chain = found.group(1).split("/")
            for parent, slug in zip([None, *chain], chain, strict=False):
                tree.setdefault(slug, (None, parent, None))
    if widget_pages:
        tree.update(_widget_categories(sorted(widget_pages)[0]))
    return tree


def _widget_categories(path: str) -> dict[str, tuple[str | None, str | None, int | None]]:
    """The categories widget (``li.cat-item-N`` nested in ``ul.children``) of one page."""
    doc = lxml.html.fromstring(unwrap_capture(read_whole(path)).data)
    found: dict[str, tuple[str | None, str | None, int | None]] = {}
    for item in select(doc, "li.cat-item"):
        link = next((a for a in item.iterchildren("a") if a.get("href")), None)
        slug = _last_segment(link.get("href")) if link is not None else None
        if link is None or not slug:
            continue
        ids = re.search(r"cat-item-(\d+)", item.get("class", ""))
        outer = next((li for li in item.iterancestors("li") if "cat-item" in li.get("class", "").split()), None)
        outer_link = next(outer.iterchildren("a"), None) if outer is not None else None
        parent = _last_segment(outer_link.get("href")) if outer_link is not None else None
        found[slug] = (link.text_content().strip() or None, parent, int(ids.group(1)) if ids else None)
    return found


def _last_segment(url: str | None) -> str | None:
    if not url:
        return None
    path = _INDEX_FILE.sub("", split_url(url).path).rstrip("/")
    segment = path.rsplit("/", 1)[-1]
    return slugify(segment) if segment else None


# -- addresses, media and internal links


def _absolute_urls(post: Post, site_url: str | None) -> None:
    """Links a mirror tool rewrote to local files (``../../index.html?p=137``) back to the site's."""
    post.url = _absolute(post.url, site_url)
    for comment in post.comments:
        comment.url = _absolute(comment.url, site_url)


def _absolute(url: str | None, site_url: str | None) -> str | None:
    if not url or "://" in url:
        return url
    found = _POST_ID.search(url)
    if found and site_url:
        fragment = url.partition("#")[2]
        return f"{site_url}/?p={found.group(1)}" + (f"#{fragment}" if fragment else "")
    return None  # a local path of the mirror is no address: the provenance keeps the file


def _attach_media(root: str, post: Post, media: dict[str, str]) -> None:
    if not media or not post.content:
        return
    by_suffix = {_media_suffix(relpath): path for relpath, path in media.items()}
    base = os.path.relpath(post.provenance[0].file, root) if post.provenance else ""
    found: list[dict[str, str]] = []
    for url in dict.fromkeys(_REFERENCE.findall(post.content)):
        parts = split_url(url)
        candidates = [f"{parts.netloc}{parts.path}", _media_suffix(parts.path)]
        if not parts.netloc:
            candidates.append(os.path.normpath(os.path.join(os.path.dirname(base), parts.path)).replace(os.sep, "/"))
        local = next((media.get(c) or by_suffix.get(c) for c in candidates if media.get(c) or by_suffix.get(c)), None)
        if local:
            found.append({"url": url, "path": os.path.abspath(local)})
    if found:
        post.meta.append(Meta("mirror:media", found))  # type: ignore[arg-type]


def _media_suffix(path: str) -> str:
    index = path.find("wp-content/")
    return path[index:] if index >= 0 else path.lstrip("/")


def _attach_links(post: Post, key_to_post: dict[str, Post]) -> None:
    if not post.content:
        return
    links: dict[str, int] = {}
    for href in dict.fromkeys(re.findall(r"""<a\s[^>]*href=["']([^"']+)["']""", post.content, re.I)):
        key = address_key(join_url(post.url or "", href))
        target = key_to_post.get(key) if key else None
        if target is not None and target is not post and target.id is not None:
            links[href] = target.id
    if links:
        post.meta.append(Meta("mirror:links", links))  # type: ignore[arg-type]
