"""The body is the post's content only: what a theme prints around the text inside the same
wrapper (the title, a byline or meta line, "Filed under"/"Tags" footers, share bars, post
navigation, the comments with their heading and reply form) is found here and left out.

Works on the page (never on a copy): :func:`non_content` returns the elements to drop, and the
caller serializes the body without them (``fields.inner_html``'s ``drop`` set).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml.html import HtmlElement

from .css import select_any
from .fields import byline_name, read_date, text_of, text_start

try:  # the compiled walks (setup.py builds them; the Python code stands in without them)
    from . import _cindex
except ImportError:  # pragma: no cover - a build without a C compiler
    _cindex = None  # type: ignore[assignment]

# Where the comments section starts when a theme prints it inside the post's wrapper (comment
# lists, the comments heading, the reply form, script-loaded comment systems).
COMMENTS_START = (
    "#comments",
    "#commentsbox",
    "#comments-title",
    ".comments-title",
    "#respond",
    "#commentform",
    ".comments-area",
    ".commentlist",
    ".comment-list",
    "#disqus_thread",
    ".wp-block-comments",
    ".wp-block-post-comments",
    ".nocomments",
    "#comments-closed",
)
# A post's meta line, share bar or navigation when it sits inside the content wrapper: its classes,
# the link relations WordPress puts on term, author and neighbour links, and date markup.
_META_CLASSES = frozenset(
    [
        "entry-meta",
        "post-meta",
        "postmetadata",
        "post-info",
        "postinfo",
        "meta",
        "byline",
        "posted-on",
        "entry-footer",
        "entry-utility",
        "cat-links",
        "tags-links",
        "tag-links",
        "post-tags",
        "post-categories",
        "navigation",
        "post-navigation",
        "sharedaddy",
        "share",
        "sharing",
        "social-share",
        "share-buttons",
        "addtoany_share_save_container",
    ]
)
RESPONSES = re.compile(
    r"^\W*(?:\d+|one|no|two|three)\s+(?:responses?|comments?|replies|reply|thoughts?|trackbacks?|pingbacks?|"
    r"kommentare?|kommentarer|commentaires?|r\u00e9ponses?|comentarios?|coment\u00e1rios?|respuestas?|commenti|"
    r"risposte|reacties|reactie|antworten|svar|komentarz\w*|odpowied\w*|\u043a\u043e\u043c\u043c\u0435\u043d\u0442\u0430\u0440\w*|\u043e\u0442\u0432\u0435\u0442\w*)(?!\w)"
    r"|^(?:comments|discussion|leave a (?:reply|comment)|kommentare|kommentarer|commentaires|comentarios|"
    r"coment\u00e1rios|commenti|reacties|komentarze|\u043a\u043e\u043c\u043c\u0435\u043d\u0442\u0430\u0440\u0438\u0438|\u043e\u0442\u0437\u044b\u0432\u044b)[\W\d]*$"
    r"|comments (?:for this entry )?are (?:now )?closed",
    re.I,
)
_COMMENTS_LINKS = ("#comments", "#respond", "#disqus_thread")
_META_RELS = frozenset(("category", "tag", "author", "prev", "next"))
_TERM_RELS = frozenset(("category", "tag"))
_LINE_START = re.compile(
    r"^\W*(?:posted|written|published|filed under|filed in|tagged|tags?\b|categor(?:y|ies)\b|share this|"
    r"veröffentlicht|geschrieben|publié|publicado|pubblicato|geplaatst|gepost|abgelegt unter|"
    r"this entry was posted|bookmark the permalink)",
    re.I,
)
_BY_LINE = re.compile(
    r"^\W*(?:by|von|par|por|door|di|av|przez)\s+\S+(?:\s+\S+){0,3}\s*(?:$|[|\u00b7\u2022\u2014\u2013,-]|\bon\b|\bam\b)",
    re.I,
)
_MAX_META_TEXT = 200
_EDGE_BLOCKS = 4  # how many blocks at each end of the body are checked for a title or meta line
_BLANK_TAGS = frozenset(("br", "hr"))
_HEADINGS = frozenset(("h1", "h2", "h3", "h4"))
_BLOCK_TAGS = frozenset(("p", "div", "footer", "section", "aside", "ul", "li", "td"))
_SHORT_DATE_LINE = 80
_MEDIA_TAGS = ("img", "iframe", "video", "audio", "embed", "object")  # a block without text that is content


def non_content(
    children: Sequence[HtmlElement], root: HtmlElement, title: HtmlElement | None, title_text: str | None
) -> set[HtmlElement]:
    """Elements among (or inside) the body's ``children`` that are not the post's content.

    ``root`` holds the children (the body element, or the post box when the body is a run of
    its children); ``title`` is the post's title element, ``title_text`` its text."""
    drop = _comments_section(children, root)
    kept = [c for c in children if c not in drop]
    title_outside = title is not None and not _below(title, root)
    drop |= _edge(kept, title, None if title_outside else title_text)
    drop |= _edge(list(reversed(kept)), None, None)
    drop |= _term_lines(root, kept)
    return drop


def _term_lines(root: HtmlElement, kept: list[HtmlElement]) -> set[HtmlElement]:
    """ "Filed under: X, Y" / "Tags: Z" lines in the body's last blocks, however deep broken markup
    nested them."""
    top = {id(c) for c in kept}
    lines: set[HtmlElement] = set()
    for last in kept[-_EDGE_BLOCKS:]:
        for link in _term_link_candidates(last):
            rel = link.get("rel")
            if not rel or _TERM_RELS.isdisjoint(rel.lower().split()):
                continue
            block = next((a for a in link.iterancestors() if a.tag in _BLOCK_TAGS or id(a) in top or a is root), None)
            if block is None or block is root or block in lines:
                continue
            text = text_start(block, _MAX_META_TEXT + 1)
            if len(text) <= _MAX_META_TEXT and _LINE_START.match(text):
                lines.add(block)
    return lines


def _term_link_candidates(block: HtmlElement) -> list[HtmlElement]:
    """``block.iter("a")``, or the compiled walk's superset of the links among them whose ``rel``
    holds a word of ``_TERM_RELS`` (``rel`` holding "tag" or "category", ASCII case ignored: no
    other character lower-cases to one of their letters), without a proxy and a ``get`` for every
    link of a long post's last blocks (``_term_lines`` tests each again; a link whose ``rel`` holds
    both comes twice and is tested twice, with the same answer)."""
    if _cindex is None:
        return list(block.iter("a"))
    return [*_cindex.links_maybe_to(block, (), b"tag"), *_cindex.links_maybe_to(block, (), b"category")]


def _comments_section(children: Sequence[HtmlElement], root: HtmlElement) -> set[HtmlElement]:
    """From the first sign of the comments section to the end of the body."""
    top = {id(c): i for i, c in enumerate(children)}
    starts = [el for el in select_any(root, COMMENTS_START) if el is not root]
    if starts:  # the heading just before a comment list ("3 Responses to ...") goes with it
        heading = starts[0].getprevious()
        if heading is not None and heading.tag in _HEADINGS and RESPONSES.search(text_start(heading, 120)):
            starts.insert(0, heading)
    else:
        starts = [h for h in root.iter("h2", "h3", "h4") if RESPONSES.search(text_start(h, 120))]
    best: tuple[int, HtmlElement, HtmlElement] | None = None
    for el in starts:
        child = el if id(el) in top else next((a for a in el.iterancestors() if id(a) in top), None)
        if child is None:
            continue
        rank = top[id(child)]
        if best is None or rank < best[0] or (rank == best[0] and _before(el, best[1])):
            best = (rank, el, child)
    if best is None:
        return set()
    rank, start, child = best
    drop = set(children[rank + 1 :])
    drop.add(start)
    node = start
    while node is not None and node is not child:
        drop.update(s for s in node.itersiblings() if isinstance(s, HtmlElement))
        node = node.getparent()
    return drop


def _below(el: HtmlElement, container: HtmlElement) -> bool:
    """Whether ``el`` is inside ``container`` (not ``container`` itself)."""
    for ancestor in el.iterancestors():  # noqa: SIM110 (a generator for any() costs twice the loop)
        if ancestor is container:
            return True
    return False


def _before(a: HtmlElement, b: HtmlElement) -> bool:
    for el in b.itersiblings(preceding=True):
        if el is a or any(x is el for x in a.iterancestors()):  # a is el or inside it
            return True
    return any(x is a for x in b.iterancestors())


def _edge(blocks: list[HtmlElement], title: HtmlElement | None, title_text: str | None) -> set[HtmlElement]:
    """Title and meta blocks at one end of the body (the start when ``title`` is given)."""
    drop: set[HtmlElement] = set()
    seen = 0
    wanted = _plain(title_text) if title_text else None
    for block in blocks:
        if not isinstance(block, HtmlElement) or block.tag in _BLANK_TAGS:
            continue
        text = text_start(block, _MAX_META_TEXT + 1)
        if not text and next(block.iterdescendants(*_MEDIA_TAGS), None) is None:
            continue
        seen += 1
        if seen > _EDGE_BLOCKS:
            break
        is_title = title is not None and (block is title or _below(title, block))
        repeats_title = wanted and block.tag in _HEADINGS and _plain(text_of(block)) == wanted
        if is_title or repeats_title or is_meta_line(block, text):
            drop.add(block)
            continue
        break
    return drop


def is_meta_line(el: HtmlElement, text: str) -> bool:
    """A byline, meta line, tag/category footer, share bar or post navigation."""
    if len(text) > _MAX_META_TEXT:
        return False
    if _LINE_START.match(text) or (_BY_LINE.match(text) and not text.endswith((".", "!", "?"))):
        return True
    meta, dated = _meta_markup(el)
    if meta or (dated and len(text) <= _SHORT_DATE_LINE):
        return True
    return len(text) <= _SHORT_DATE_LINE and _dated_byline(el, text)


def _dated_byline(el: HtmlElement, text: str) -> bool:
    """A short line naming an author and a date in text only ("May 3rd, 2008 · by NAME")."""
    if byline_name(text) is None:
        return False
    found = read_date(el, None)
    return found is not None and found.local is not None


def _meta_markup(block: HtmlElement) -> tuple[bool, bool]:
    """(holds meta classes or links, holds date markup) for a short block."""
    dated = False
    for node in block.iter():
        tag = node.tag
        if not isinstance(tag, str):
            continue
        classes = node.get("class")
        if tag == "nav" or (classes and not _META_CLASSES.isdisjoint(classes.split())):
            return True, dated
        if tag == "a" and (node.get("href") or "").endswith(_COMMENTS_LINKS):
            return True, dated  # "{ 3 Kommentare }", "Leave a comment": a link to the comments
        rel = node.get("rel")
        if tag == "a" and rel:
            words = set(rel.lower().split())
            if not _META_RELS.isdisjoint(words):
                return True, dated
            dated = dated or "bookmark" in words
        dated = dated or tag == "time" or (tag == "abbr" and "published" in (classes or ""))
    return False, dated


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()
