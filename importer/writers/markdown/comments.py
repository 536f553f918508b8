"""Comments for static sites: public, threaded, pingbacks marked, and never an email or IP address.

Comments come from strangers: an author's web address that would run a script
(:func:`~importer.transforms.active_content.is_script_url`) is not published, the others have
quotes, angle brackets and spaces percent-encoded, and an author's name is text in the Markdown
(``<img onerror=...>`` shows as written, never as HTML).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from ...model import Comment
from ...tally import Tally
from ...transforms.active_content import is_script_url
from ...transforms.html_to_markdown import to_markdown as html_to_markdown
from ...wordpress import PINGBACK, PUBLIC_COMMENT_STATUSES, TRACKBACK
from .frontmatter import iso_date


def public_comments(comments: list[Comment], tally: Tally) -> list[Comment]:
    """The comments a visitor could see; the others are counted as skipped with their status."""
    public = []
    for comment in comments:
        if comment.status in PUBLIC_COMMENT_STATUSES:
            public.append(comment)
        else:
            tally.skip("comment", f"{comment.status} comment, not published")
    return public


def comment_thread(comments: list[Comment], to_markdown: Callable[[str], str]) -> list[dict[str, object]]:
    """Nest replies under their parents. A reply whose parent is not public stands at the top."""
    ids = {c.id for c in comments if c.id is not None}
    for comment in comments:  # a loop, not all() of a generator: most threads are two or three comments
        if comment.parent in ids:
            return nested_thread(comments, ids, to_markdown)
    return [_public_fields(comment, to_markdown) for comment in comments]  # no replies: each at the top, in order


def nested_thread(comments: list[Comment], ids: set[int], to_markdown: Callable[[str], str]) -> list[dict[str, object]]:
    """:func:`comment_thread` of any thread (``ids``: its comments' ids).

    A comment no thread from the top reaches (a reply cycle: 1 answers 2, 2 answers 1; or a reply
    more than 100 deep) stands at the top after them, in the export's order, with its own replies:
    every public comment is written once."""
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        parent = comment.parent if comment.parent in ids and comment.parent != comment.id else None
        children.setdefault(parent, []).append(comment)

    placed: set[int] = set()
    nodes = _replies(children.get(None, []), 0, children, to_markdown, placed)
    if len(placed) < len(comments):
        for comment in comments:
            if id(comment) not in placed:
                nodes += _replies([comment], 0, children, to_markdown, placed)
    return nodes


def _replies(
    siblings: list[Comment],
    depth: int,
    children: dict[int | None, list[Comment]],
    to_markdown: Callable[[str], str],
    placed: set[int],
) -> list[dict[str, object]]:
    """The nodes of ``siblings``, each with its replies nested. A module function, not a closure
    calling itself: that closure and its cell are a reference cycle holding the post (through
    ``to_markdown``) until the cyclic garbage collector finds it; without it a post's conversion
    leaves no cycle behind (see :func:`importer.parallel.tuned_gc`).

    ``placed``: the ``id()`` of every comment placed so far. Each comment is placed once: two
    comments with the same id (a broken or merged export) share their replies' list, and replies
    under both, each of them again under those, ... grew without bound (twice as many nodes a level)."""
    nodes = []
    for comment in siblings:
        if id(comment) in placed:
            continue
        placed.add(id(comment))
        node = _public_fields(comment, to_markdown)
        key = comment.id
        if key is not None and depth < 100 and key in children:  # not a call a comment without replies
            replies = _replies(children[key], depth + 1, children, to_markdown, placed)
            if replies:
                node["replies"] = replies
        nodes.append(node)
    return nodes


def _public_fields(comment: Comment, to_markdown: Callable[[str], str]) -> dict[str, object]:
    """What a comment shows in public. Deliberately no author_email, author_ip, user_id or meta."""
    node: dict[str, object] = {"id": comment.id, "type": comment.type or "comment", "author": comment.author or ""}
    url = comment.author_url
    if url and not is_script_url(url):
        node["author_url"] = url if _in_url_as_it_is(url) else published_url(url)  # nothing to change
    date = iso_date(comment.date, comment.date_gmt)
    if date:
        node["date"] = date
    node["content"] = to_markdown(comment.content or "").rstrip("\n")
    return node


def inline_markdown(thread: list[dict[str, object]], heading: str = "## Comments") -> str:
    """The thread as Markdown for the end of a post: each reply quoted inside its parent."""
    if not thread:
        return ""
    lines = [heading, ""]
    for node in thread:
        lines.extend(_comment_lines(node))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _comment_lines(node: dict[str, object]) -> list[str]:
    author = markdown_literal(str(node.get("author") or "")) or "Anonymous"
    url = node.get("author_url")
    who = f"[{author}](<{url}>)" if url else author
    kind = {PINGBACK: "Pingback", TRACKBACK: "Trackback"}.get(str(node.get("type")), "")
    label = f"**{who}**" + (f" ({kind})" if kind else "") + (f" · {node['date']}" if node.get("date") else "")
    lines = [label, "", *str(node.get("content") or "").splitlines()]
    for reply in node.get("replies", []):  # type: ignore[attr-defined]
        lines.append("")
        lines.extend("> " + line if line else ">" for line in _comment_lines(reply))
    return lines


_PLAIN_NAME = re.compile(r"(?:[^\W_]|[ .,'-])*")
# Never part of a URL: percent-encoded as a browser would, so that no layout can read them as
# the end of an attribute (href="{{ author_url }}") or of a Markdown link.
_NOT_IN_URL = re.compile(r"[\s\"'<>`]")


def _in_url_as_it_is(url: str) -> bool:
    """``_NOT_IN_URL.search(url) is None``. A printable text holds no whitespace but the space
    (``tests/test_writer_shortcuts.py`` checks every character), so six scans in C tell it for
    one; the regex's class test costs about a hundred instructions a character."""
    if url.isprintable():
        return (
            " " not in url
            and '"' not in url
            and "'" not in url
            and "<" not in url
            and ">" not in url
            and ("`" not in url)
        )
    return _NOT_IN_URL.search(url) is None


def markdown_literal(text: str) -> str:
    """``text`` (on one line) as Markdown that shows it as written: no emphasis, link or HTML."""
    text = " ".join(text.split())
    if _PLAIN_NAME.fullmatch(text):
        return text
    return html_to_markdown(html.escape(text, quote=False)).strip()


def published_url(url: str) -> str:
    """``url`` with the characters that cannot be in a URL percent-encoded (``"`` ``<`` space...)."""
    return _NOT_IN_URL.sub(_percent, url.strip())


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group(0).encode("utf-8"))


python_comment_thread = comment_thread
try:  # the compiled thread (setup.py builds it; the Python code stands in without)
    from . import _cdates
except ImportError:  # pragma: no cover - a build without a C compiler
    _cdates = None  # type: ignore[assignment]
if _cdates is not None and hasattr(_cdates, "comment_thread"):  # a build older than its source keeps Python
    _cdates.init_comments(is_script_url, _in_url_as_it_is, published_url, iso_date)
    comment_thread = _cdates.comment_thread
