"""What the HTML reader could not find, or had to guess, on a page: each one a problem in the
tally (and so in ``blogimport inspect``), never a silent gap.

Also what the page says about comments it does not hold: a comment system that loads them with a
script (Disqus, Facebook), or one page of a paged thread.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from ...model import Post
from ...tally import Tally
from .css import select_any

# (selector, system): the markup a script-loaded comment system leaves in a saved page.
SCRIPT_COMMENTS: tuple[tuple[str, str], ...] = (
    ("#disqus_thread", "Disqus"),
    ("script[src*='disqus.com/embed.js']", "Disqus"),
    ("script[src*='disqus-comment-system']", "Disqus"),
    (".fb-comments", "Facebook comments"),
    ("tag:fb:comments", "Facebook comments"),  # the XFBML tag: what XPath's .//*[name()='fb:comments'] finds
    ("#wpdcom .wpd-thread-list:empty", "wpDiscuz (loaded by a script)"),
    ("#idc-container", "IntenseDebate"),
    ("script[src*='intensedebate.com']", "IntenseDebate"),
    ("#livefyre", "Livefyre"),
    ("#livefyre-comments", "Livefyre"),
    ("script[src*='livefyre.com']", "Livefyre"),
    ("#commento", "Commento"),
    ("#hyvor-talk-view", "Hyvor Talk"),
    ("#remark42", "Remark42"),
    ("script[src*='utteranc.es']", "utterances"),
    ("script[src*='giscus.app']", "giscus"),
    ("#vuukle-comments", "Vuukle"),
    (".g-comments", "Google+ comments"),
)
COMMENT_PAGING = (
    ".comment-navigation",
    ".comments-pagination",
    "#comment-nav-above",
    "#comment-nav-below",
    ".wp-block-comments-pagination",
    "a[href*='/comment-page-']",
    "a[href*='cpage=']",
)


def comments_elsewhere(doc: HtmlElement) -> str | None:
    """The comment system whose comments a script would have loaded, if the page shows one."""
    for selector, system in SCRIPT_COMMENTS:
        if _shows(doc, selector):
            return system
    return None


def _shows(doc: HtmlElement, selector: str) -> bool:
    """Whether ``doc`` holds a match of ``selector``, or, for ``tag:NAME``, an element below it
    named NAME whole, prefix and all (``<fb:comments>``: the HTML parser gives no element a
    namespace, so its name is its tag): lxml's walk of the page in C, where XPath's ``name()``
    made a string for every element of the page."""
    if selector.startswith("tag:"):
        return next(doc.iterdescendants(selector[4:]), None) is not None
    return bool(select_any(doc, (selector,)))


def comment_pages(doc: HtmlElement) -> bool:
    """True when the page links to other pages of its comment thread."""
    return bool(select_any(doc, COMMENT_PAGING))


def report_post(post: Post, path: str, single: bool, tally: Tally) -> None:
    """Each field of one post that was not found, as a problem."""
    name = post.title or "a post"
    where = {"file": path, "post_id": post.id}
    if post.title is None:
        tally.problem("no-title", "a post without a title: none was found on the page", **where)
    elif any(m.key == "html:title_guessed" for m in post.meta):
        tally.problem(
            "guessed-title", f"{name}: no heading found; the title is the page's <title> minus the site name", **where
        )
    shown = next((m.value for m in post.meta if m.key == "html:date_shown"), None)
    guessed = next((m.value for m in post.meta if m.key == "html:date_guessed"), None)
    if post.date is None:
        what = f"the date {shown!r} cannot be read without guessing" if shown else "no date found"
        tally.problem("unreadable-date", f"{name}: {what}", **where)
    elif guessed:
        tally.problem("guessed-date", f"{name}: no date shown; {post.date.date()} is {guessed}", **where)
    if post.author is None and single:
        tally.problem("no-author", f"{name}: no author shown on the page", **where)
    if post.content is None and single:
        tally.problem("no-content", f"{name}: no post text found on the page", **where)
    undated = sum(1 for c in post.comments if c.date is None and c.type == "comment")
    if undated:
        tally.problem("comment-without-date", f"{name}: {undated} comment(s) without a readable date", **where)
    nameless = sum(1 for c in post.comments if not c.author)
    if nameless:
        tally.problem("comment-without-author", f"{name}: {nameless} comment(s) without an author name", **where)


def report_comment_gaps(post: Post, path: str, elsewhere: str | None, paged: bool, tally: Tally) -> None:
    """Comments the page points to but does not hold."""
    where = {"file": path, "post_id": post.id}
    name = post.title or "the post"
    if elsewhere and not post.comments:
        tally.problem(
            "comments-not-in-page",
            f"{name}: comments are not in the page: {elsewhere} loads them with a script (export them there)",
            **where,
        )
        return
    shown, held = post.comment_count, len(post.comments)
    if shown is not None and shown > held:
        why = "the page shows one page of a paged thread" if paged else "the rest are not in the page"
        tally.problem("comments-missing", f"{name}: {shown} comments announced, {held} in the page ({why})", **where)
