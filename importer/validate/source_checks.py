"""Checks on the model records a reader produced: identity, references, titles, slugs,
links and content. Streams: per-post checks run as records arrive, cross-references at the end
from small indexes (ids, slugs, links), so a large export needs little memory."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs

from ..model import Author, Post, Record, Site, Term
from ..problems import READER_PROBLEM, Severity, lookup
from ..tally import Problem
from ..transforms.addresses import unsafe_url
from ..transforms.urls import site_host, split_url, url_key
from ..wordpress import ID_QUERY_KEYS, PUBLISHED, SLUGGED_STATUSES
from .content import find_mojibake, links, repair_hint, sources, unbalanced_shortcodes
from .findings import Finding, finding

TITLED_TYPES = {"post", "page"}
UNDECLARED_TAXONOMIES = {"post_format"}  # WordPress never exports these terms in the channel
# Codes computed here (from the model); the same problems reported by a reader are not repeated.
MODEL_CHECKED = {"BI100", "BI101", "BI102", "BI103", "BI104", "BI105", "BI106"}
MODEL_CHECKED |= {"BI300", "BI301", "BI302", "BI303", "BI304"}
# What WordPress appends to a post's permalink: its feed, trackback URL, comment pages, AMP view.
_POST_SUFFIX = re.compile(r"/(feed|trackback|amp|embed|comment-page-\d+|page/\d+)(/.*)?$")
SHOWN_URL = 100  # characters of a URL a message shows (a data: URL can be megabytes)
PAGE_EXTENSIONS = {"html", "htm", "php"}  # permalinks like /2012/05/slug.html
_NOT_POST_PATHS = re.compile(
    r"^(wp-content|wp-admin|wp-includes|wp-json|category|tag|author|feed|comments|page|search|files|xmlrpc\.php)(/|$)"
    r"|^\d{4}(/\d{2}(/\d{2})?)?/?$",
    re.I,
)


@dataclass(slots=True)
class LinkIndex:
    """Links in post content to the site itself, and what they may point to (shared by the export checks)."""

    site_hosts: set[str] = field(default_factory=set)
    blog_path: str = ""
    post_ids: set[int] = field(default_factory=set)
    known_urls: set[str] = field(default_factory=set)
    slugs: set[str] = field(default_factory=set)
    internal_links: list[tuple[int | None, str]] = field(default_factory=list)

    def site(self, site: Site) -> None:
        for url in (site.link, site.base_blog_url, site.base_site_url):
            host = site_host(url) if url else None
            if host:
                self.site_hosts.add(host)
        if site.base_blog_url or site.link:
            self.blog_path = split_url(site.base_blog_url or site.link or "").path.strip("/")

    def post(self, post: Post) -> None:
        if post.id is not None:
            self.post_ids.add(post.id)
        for url in (post.url, post.guid, post.attachment_url):
            key = url_key(url) if url else None
            if key:
                self.known_urls.add(key)
        if post.slug:
            self.slugs.add(post.slug)
        for href in dict.fromkeys(links(post.content or "")):  # each link once per post
            if site_host(href) in self.site_hosts:
                self.internal_links.append((post.id, href))

    def unresolved(self) -> Iterator[tuple[int | None, str]]:
        for post_id, href in self.internal_links:
            if not self.resolves(href):
                yield post_id, href

    def resolves(self, href: str) -> bool:
        parts = split_url(href.strip())
        if not (parts.scheme or parts.netloc or parts.path):
            return False  # not a URL (or one the standard library refuses)
        query = parse_qs(parts.query)
        for key in ID_QUERY_KEYS:
            if key in query:
                return any(v.isdigit() and int(v) in self.post_ids for v in query[key])
        if url_key(href) in self.known_urls:
            return True
        path = parts.path.strip("/")
        if self.blog_path and path.startswith(self.blog_path):
            path = path[len(self.blog_path) :].strip("/")
        path = _POST_SUFFIX.sub("", path)
        if not path or _NOT_POST_PATHS.search(path):
            return True  # the home page, archives, feeds, uploads: not a post link
        last = path.rsplit("/", 1)[-1]
        if "." in last:
            last, extension = last.rsplit(".", 1)
            if extension.lower() not in PAGE_EXTENSIONS:
                return True  # a file (image, download), not a post
        return last in self.slugs


@dataclass(slots=True)
class SourceChecker:
    """Feed it every record of one source with :meth:`record`, then call :meth:`finish`."""

    file: str
    source_format: str | None = None
    format_version: str | None = None
    links: LinkIndex = field(default_factory=LinkIndex)
    authors: set[str] = field(default_factory=set)
    terms: set[tuple[str, str]] = field(default_factory=set)
    post_types: dict[int, str] = field(default_factory=dict)
    comment_posts: dict[int, int | None] = field(default_factory=dict)
    slugs: dict[tuple[str, int | None, str], int | None] = field(default_factory=dict)
    deferred_parents: list[tuple[int | None, int, int]] = field(default_factory=list)  # post, comment, parent
    deferred_post_parents: list[tuple[int | None, str, int]] = field(default_factory=list)
    deferred_refs: list[tuple[int | None, str, str, str]] = field(default_factory=list)  # post, kind, key, name
    findings: list[Finding] = field(default_factory=list)
    posts_read: int = 0

    def add(self, code: str, message: str, post_id: int | None = None, comment_id: int | None = None) -> None:
        self.findings.append(finding(code, message, file=self.file, post_id=post_id, comment_id=comment_id))

    def record(self, record: Record) -> None:
        if isinstance(record, Site):
            self.site(record)
        elif isinstance(record, Author):
            self.authors.add(record.login)
        elif isinstance(record, Term):
            self.terms.add((record.taxonomy, record.slug))
        else:
            self.post(record)

    def site(self, site: Site) -> None:
        self.source_format = site.source_format
        self.format_version = site.format_version
        self.links.site(site)

    @property
    def declarations_expected(self) -> bool:
        """WXR 1.1+ declares authors and terms in the channel; WXR 1.0 and HTML pages do not."""
        return self.source_format == "wxr" and self.format_version != "1.0"

    def post(self, post: Post) -> None:
        self.posts_read += 1
        self.identity(post)
        self.references(post)
        self.text(post)
        self.media(post)
        for comment in post.comments:
            if comment.id is None:
                continue
            if comment.id in self.comment_posts:
                self.add("BI103", f"comment id {comment.id} is used twice", post.id, comment.id)
                continue
            self.comment_posts[comment.id] = post.id
        for comment in post.comments:  # a reply to a comment of this post is settled; the others wait for the end
            if comment.id is not None and comment.parent and self.comment_posts.get(comment.parent, -1) != post.id:
                self.deferred_parents.append((post.id, comment.id, comment.parent))

    def identity(self, post: Post) -> None:
        if post.id is not None:
            if post.id in self.post_types:
                self.add(
                    "BI100", f"post id {post.id} is used twice ({self.post_types[post.id]} and {post.type})", post.id
                )
            else:
                self.post_types[post.id] = post.type
        self.links.post(post)
        if post.slug and (post.status in SLUGGED_STATUSES):
            key = (post.type, post.parent if post.type == "page" else None, post.slug)
            if key in self.slugs:
                self.add("BI301", f"{post.type} slug {post.slug!r} is also used by post {self.slugs[key]}", post.id)
            else:
                self.slugs[key] = post.id
        if post.status == PUBLISHED and post.type in TITLED_TYPES and not (post.title or "").strip():
            self.add("BI300", f"published {post.type} has an empty title", post.id)

    def references(self, post: Post) -> None:
        """What a post refers to that is not known yet waits for the end of the file (the channel
        declares authors and terms before the items: only undeclared ones wait)."""
        if post.parent and post.parent not in self.post_types:
            self.deferred_post_parents.append((post.id, post.type, post.parent))
        if not self.declarations_expected:
            return
        if post.author and post.author not in self.authors:
            self.deferred_refs.append((post.id, "author", post.author, post.author))
        refs = [("category", r) for r in post.categories] + [("post_tag", r) for r in post.tags]
        refs += [(taxonomy, r) for taxonomy, terms in post.taxonomies.items() for r in terms]
        for taxonomy, ref in refs:
            if taxonomy not in UNDECLARED_TAXONOMIES and (taxonomy, ref.slug) not in self.terms:
                self.deferred_refs.append((post.id, taxonomy, ref.slug, ref.name or ref.slug))

    def text(self, post: Post) -> None:
        texts = [
            post.title,
            post.excerpt,
            post.content,
            *(c.content for c in post.comments),
            *(c.author for c in post.comments),
        ]
        mojibake = [seq for text in texts if text for seq in find_mojibake(text)]
        if mojibake:
            shown = ", ".join(f"{seq!r} (for {repair_hint(seq)!r})" for seq in dict.fromkeys(mojibake[:3]))
            self.add("BI021", f"{len(mojibake)} double-encoded UTF-8 sequence(s): {shown}", post.id)
        replaced = sum(text.count("\ufffd") for text in texts if text)
        if replaced:
            self.add(
                "BI022", f"{replaced} U+FFFD replacement character(s): text lost by an earlier conversion", post.id
            )
        for problem in unbalanced_shortcodes(post.content or ""):
            self.add("BI303", problem, post.id)

    def media(self, post: Post) -> None:
        """Media URLs a download refuses, one warning per item: a warning, since a development site's
        export is full of http://localhost/ and an intranet blog's of private addresses."""
        urls = dict.fromkeys([post.attachment_url or "", *sources(post.content or "")])
        unsafe = [(url, reason) for url in urls if url and (reason := unsafe_url(url))]
        if not unsafe:
            return
        url, reason = unsafe[0]
        shown = url if len(url) <= SHOWN_URL else url[: SHOWN_URL - 3] + "..."
        more = f" (and {len(unsafe) - 1} more)" if len(unsafe) > 1 else ""
        if reason.endswith(" scheme"):
            self.add("BI304", f"media URL {shown}{more} is {reason}: {{download_media}} never fetches it", post.id)
        else:
            hint = "{download_media} fetches it only with {allow_private_media_hosts}"
            self.add("BI304", f"media URL {shown}{more} points to {reason}: {hint}", post.id)

    def finish(self, problems: Iterable[Problem] = ()) -> list[Finding]:
        """Cross-reference checks, plus the reader's own problems that no check here computes."""
        self.check_comment_parents()
        self.check_post_parents()
        self.check_declarations()
        self.check_links()
        self.findings.extend(reader_findings(problems, self.file))
        return self.findings

    def check_comment_parents(self) -> None:
        for post_id, comment_id, parent in self.deferred_parents:
            if parent not in self.comment_posts:
                self.add(
                    "BI101",
                    f"comment {comment_id} replies to comment {parent}, which does not exist",
                    post_id,
                    comment_id,
                )
            elif self.comment_posts[parent] != post_id:
                other = self.comment_posts[parent]
                self.add(
                    "BI102", f"comment {comment_id} replies to comment {parent} of post {other}", post_id, comment_id
                )

    def check_post_parents(self) -> None:
        for post_id, post_type, parent in self.deferred_post_parents:
            if parent not in self.post_types:
                self.add("BI104", f"{post_type} has parent {parent}, which is not in the export", post_id)

    def check_declarations(self) -> None:
        """One finding per undeclared author or term, at the first item using it."""
        users: dict[tuple[str, str], list[int | None]] = {}
        names: dict[tuple[str, str], str] = {}
        for post_id, kind, key, name in self.deferred_refs:
            declared = key in self.authors if kind == "author" else (kind, key) in self.terms
            if not declared:
                users.setdefault((kind, key), []).append(post_id)
                names.setdefault((kind, key), name)
        for (kind, key), post_ids in users.items():
            used = f" (used by {len(post_ids)} items)" if len(post_ids) > 1 else ""
            if kind == "author":
                self.add("BI105", f"author {key!r}{used} is not declared as a wp:author", post_ids[0])
            else:
                what = f"{kind} {names[(kind, key)]!r} (slug {key!r})"
                self.add("BI106", f"{what}{used} is not declared in the channel", post_ids[0])

    def check_links(self) -> None:
        if self.source_format != "wxr":
            return  # a saved page links to posts that were never meant to be in it
        for post_id, href in self.links.unresolved():
            self.add("BI302", f"link to {href} matches no post in the export", post_id)


def reader_findings(problems: Iterable[Problem], file: str) -> Iterator[Finding]:
    """The reader's tally problems as findings, except those a model check computes itself."""
    for problem in problems:
        kind = lookup(problem.code)
        code = kind.code if kind else READER_PROBLEM
        if code in MODEL_CHECKED:
            continue
        text = problem.template or problem.message
        message = f"{problem.code}: {text}" if code == READER_PROBLEM else text
        found = finding(code, message, file=problem.file or file, line=problem.line, post_id=problem.post_id)
        yield replace(found, severity=kind.severity if kind else Severity.WARNING)


def check_records(records: Iterable[Record], file: str, problems: Iterable[Problem] = ()) -> list[Finding]:
    checker = SourceChecker(file)
    for record in records:
        checker.record(record)
    return checker.finish(problems)
