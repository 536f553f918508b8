"""Read a blog post saved as plain text: browser "save as text", ``lynx -dump``, copy-paste.

One engine applies the line patterns of :mod:`importer.readers.text.layouts`: it picks the
layout whose patterns match the most lines, then cuts the text into title, date line, body,
meta lines (categories, tags), comment list and the chrome after it (reply form, sidebar,
footer), which is left out. Every post and comment records the file, the layout and the line.

Example::

    blogimport convert saved-page.txt --to json -o post.json
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from slugify import slugify

from ...errors import InputError
from ...model import HTML_CONTENT, Comment, Post, Provenance, Record, Site, TermRef
from ...sources import read_whole
from ...tally import Tally
from .. import ReadOptions
from ..html.dates import parse_shown_date
from .layouts import COMMON, LAYOUTS, TextLayout

_LYNX_REF = re.compile(r"\[(\d+)\]")
_LYNX_REFERENCE_LINE = re.compile(r"^\s*(\d+)\.\s+(\S+)\s*$")
_LYNX_IMAGE = re.compile(r"\[(?:IMG|INLINE|BUTTON|LINK)\]")
_LIST_ITEM = re.compile(r"^(?:[•*·+-]|\d+\.)\s+")
_WRAP_WIDTH = 60  # lynx wraps at ~78 columns: a line this long was probably wrapped


@dataclass(slots=True)
class Line:
    number: int  # 1-based line number in the file
    text: str  # stripped, lynx references removed
    links: dict[str, str] = field(default_factory=dict)  # link text -> URL (lynx references)


def read_text(path: str, options: ReadOptions, tally: Tally) -> Iterator[Record]:
    """Yield the Site and the one post a saved-as-text page holds."""
    text = _decode(path, tally)
    lines = _lines(text)
    layout = choose_layout(lines)
    yield Site(source_format="text", sources=[path])
    post = extract_post(lines, layout, path, tally)
    if post is None:
        tally.skip("file", "no post found in text")
        tally.problem("no-post-in-text", "no title and body could be found in this text", file=path)
        return
    tally.read[post.type] += 1
    tally.read["comment"] += len(post.comments)
    yield post


def _decode(path: str, tally: Tally) -> str:
    data = read_whole(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        tally.problem("text-not-utf8", "not UTF-8: read as Windows-1252", file=path)
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError("cannot decode the text as UTF-8 or Windows-1252", file=path) from None


def _lines(text: str) -> list[Line]:
    """Split into stripped lines; resolve and remove lynx ``[n]`` references and wrapping."""
    raw = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").split("\n")
    refs = _lynx_references(raw)
    lines: list[Line] = []
    for number, row in enumerate(raw, start=1):
        if refs and row.strip() == "References":
            lines.append(Line(number, "References"))
            break
        links = {name.strip(): refs[int(n)] for n, name in re.findall(r"\[(\d+)\]([^\[\],|]+)", row) if int(n) in refs}
        clean = _LYNX_IMAGE.sub("", _LYNX_REF.sub("", row)) if refs else row
        lines.append(Line(number, " ".join(clean.split()), links))
    return _unwrap(lines) if refs else lines


def _lynx_references(raw: list[str]) -> dict[int, str]:
    """The numbered URL list lynx -dump appends under a "References" line."""
    for index in range(len(raw) - 1, -1, -1):
        if raw[index].strip() == "References":
            found = (_LYNX_REFERENCE_LINE.match(row) for row in raw[index + 1 :])
            return {int(m.group(1)): m.group(2) for m in found if m}
    return {}


def _unwrap(lines: list[Line]) -> list[Line]:
    """Join lines that lynx wrapped: a long line continued by a non-blank, non-list line."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        wrapped = previous is not None and previous.text and len(previous.text) >= _WRAP_WIDTH
        if wrapped and previous and line.text and not _LIST_ITEM.match(line.text):
            previous.text += " " + line.text
            previous.links.update(line.links)
            continue
        out.append(line)
    return out


_MIN_THEME_SCORE = 2  # lines a theme layout must recognise before it is trusted over the fallbacks


def layout_evidence(text: str) -> str | None:
    """What in ``text`` says it is a saved blog page (None: nothing): the lines that the layouts'
    patterns (a date line, categories, a comments heading) or WordPress's page chrome recognise."""
    lines = _lines(text)
    patterns = GENERIC.patterns() + COMMON.end + COMMON.body_end
    found = [line.text for line in lines if _match(patterns, line.text)]
    if not found:
        return None
    return f"{choose_layout(lines).name} layout ({len(found)} lines such as {found[0][:40]!r})"


def choose_layout(lines: list[Line]) -> TextLayout:
    """The theme layout whose patterns match the most lines (at least two); else the first
    fallback layout that matches anything; else the union of all layouts."""
    themes = [layout for layout in LAYOUTS if layout.confidence is None]
    fallbacks = [layout for layout in LAYOUTS if layout.confidence is not None]
    score, best = max(((_score(layout, lines), layout) for layout in themes), key=lambda pair: pair[0])
    if score >= _MIN_THEME_SCORE:
        return best
    return next((layout for layout in fallbacks if _score(layout, lines)), GENERIC)


def _score(layout: TextLayout, lines: list[Line]) -> int:
    return sum(1 for line in lines if _match(layout.patterns(), line.text))


def _merge(name: str, layouts: tuple[TextLayout, ...], confidence: float) -> TextLayout:
    merged = TextLayout(name=name, confidence=confidence)
    for layout in layouts:
        merged = replace(
            merged,
            dateline=merged.dateline + layout.dateline,
            meta=merged.meta + layout.meta,
            comments_heading=merged.comments_heading + layout.comments_heading,
            comment_head=merged.comment_head + layout.comment_head,
            comment_date=merged.comment_date + layout.comment_date,
        )
    return merged


GENERIC = _merge("generic", LAYOUTS, 0.4)


def _match(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        found = pattern.match(text)
        if found:
            return found
    return None


def _first(lines: list[Line], patterns: tuple[re.Pattern[str], ...], start: int = 0, stop: int | None = None) -> int:
    """Index of the first line in ``lines[start:stop]`` matching a pattern, or -1."""
    for index in range(start, len(lines) if stop is None else stop):
        if _match(patterns, lines[index].text):
            return index
    return -1


@dataclass(slots=True)
class _Regions:
    title: int
    dateline: int  # -1 = none above the body
    body_start: int
    body_stop: int
    meta_stop: int  # where meta lines end: the comment list or the end of the post
    comments: int  # index of the comments heading or first comment head; -1 = none
    end: int  # first line of the reply form / footer


def extract_post(lines: list[Line], layout: TextLayout, path: str, tally: Tally) -> Post | None:
    regions = _regions(lines, layout)
    if regions is None:
        return None
    title_line = lines[regions.title]
    post = Post(
        type="post",
        status="publish",  # the page was public on the web when it was saved
        content_format=HTML_CONTENT,  # paragraphs_to_html: the text as the visitor saw it
        title=title_line.text,
        url=title_line.links.get(title_line.text),
        content=paragraphs_to_html([line.text for line in lines[regions.body_start : regions.body_stop]], layout),
        provenance=[_provenance(path, layout, title_line)],
    )
    meta_lines = lines[regions.body_stop : regions.meta_stop]
    if regions.dateline >= 0:
        meta_lines.insert(0, lines[regions.dateline])
    for line in meta_lines:
        found = _match(layout.dateline + layout.meta, line.text)
        if found:
            _apply_meta(post, found, line, path, tally)
    if regions.comments >= 0:
        heading = _match(layout.comments_heading, lines[regions.comments].text)
        if heading and post.comment_count is None and heading.groupdict().get("count"):
            post.comment_count = _count(heading.group("count"))
        post.comments = _comments(lines[regions.comments : regions.end], layout, path, tally)
    left_out = len(lines) - regions.end
    if left_out:
        tally.changed["text lines of page chrome left out"] += left_out
    return post


def _provenance(path: str, layout: TextLayout, line: Line) -> Provenance:
    return Provenance(
        file=path, rule=f"text:{layout.name}", locator=f"line {line.number}", confidence=layout.confidence
    )


def _regions(lines: list[Line], layout: TextLayout) -> _Regions | None:
    dateline = _first(lines, layout.dateline)
    comments = _first(lines, layout.comments_heading)
    if comments < 0:
        comments = _first(lines, layout.comment_head, dateline + 1)
    if dateline >= 0 and (comments < 0 or dateline < comments):
        title = _previous_text_line(lines, dateline)
        body_start = dateline + 1
    else:
        title = _title_from_heading(lines, layout, comments)
        body_start = title + 1
    if title < 0:
        return None
    end = _first(lines, COMMON.end, body_start)
    end = len(lines) if end < 0 else end
    if comments > end:
        comments = -1
    meta_stop = comments if comments >= 0 else end
    body_stop = _first(lines, layout.meta + COMMON.body_end + layout.body_end, body_start, meta_stop)
    body_stop = meta_stop if body_stop < 0 else body_stop
    return _Regions(
        title, dateline if body_start == dateline + 1 else -1, body_start, body_stop, meta_stop, comments, end
    )


def _previous_text_line(lines: list[Line], index: int) -> int:
    for i in range(index - 1, -1, -1):
        if lines[i].text and not _match(COMMON.skip, lines[i].text):
            return i
    return -1


def _title_from_heading(lines: list[Line], layout: TextLayout, comments: int) -> int:
    """The title line: the one the comments heading names ("3 Responses to “Title”"), else the first."""
    if comments >= 0:
        found = _match(layout.comments_heading, lines[comments].text)
        named = found.groupdict().get("title") if found else None
        if named:
            for index in range(comments):
                if lines[index].text == named.strip():
                    return index
    return next((i for i, line in enumerate(lines) if line.text), -1)


def _apply_meta(post: Post, found: re.Match[str], line: Line, path: str, tally: Tally) -> None:
    groups = {k: v for k, v in found.groupdict().items() if v}
    if "date" in groups and post.date is None:
        post.date = parse_shown_date(groups["date"])
        if post.date is None:
            tally.problem("unreadable-date", f"cannot read the date {groups['date']!r}", file=path, line=line.number)
    if "count" in groups and post.comment_count is None:
        post.comment_count = _count(groups["count"])
    if "author" in groups and post.author is None:
        post.author = groups["author"].strip()
    if "categories" in groups:
        post.categories += _terms(groups["categories"], line.links)
    if "tags" in groups:
        post.tags += _terms(groups["tags"], line.links)


_COUNT_WORDS = {"no": 0, "one": 1}


def _count(text: str) -> int | None:
    return int(text) if text.isdigit() else _COUNT_WORDS.get(text.lower())


def _terms(text: str, links: dict[str, str]) -> list[TermRef]:
    names = [name.strip() for name in re.split(r",\s*|\s+and\s+", text.strip().rstrip(".")) if name.strip()]
    return [TermRef(slug=_slug_from_link(links.get(name)) or slugify(name), name=name) for name in names]


def _slug_from_link(url: str | None) -> str | None:
    if not url:
        return None
    path = url.split("?")[0].split("#")[0].rstrip("/")
    segment = path.rsplit("/", 1)[-1]
    return segment or None


def _comments(lines: list[Line], layout: TextLayout, path: str, tally: Tally) -> list[Comment]:
    """Split the comment region into comments at each comment head line."""
    comments: list[Comment] = []
    bodies: list[list[str]] = []
    for line in lines:
        head = _match(layout.comment_head, line.text)
        if head:
            comment = Comment(
                author=head.group("author").strip(),
                type="comment",
                status="approved",
                author_url=line.links.get(head.group("author").strip()),
                provenance=[_provenance(path, layout, line)],
            )
            _set_comment_date(comment, head.groupdict().get("date"), line, path, tally)
            comments.append(comment)
            bodies.append([])
            continue
        if not comments:
            continue
        dated = _match(layout.comment_date, line.text)
        if dated and comments[-1].date is None and not any(bodies[-1]):
            _set_comment_date(comments[-1], dated.group("date"), line, path, tally)
            continue
        if not _match(COMMON.skip, line.text):
            bodies[-1].append(line.text)
    for comment, body in zip(comments, bodies, strict=True):
        comment.content = paragraphs_to_html(body, layout)
        if comment.content.startswith(("<p>[…]", "<p>[...]")):
            comment.type = "pingback"
    return comments


def _set_comment_date(comment: Comment, text: str | None, line: Line, path: str, tally: Tally) -> None:
    if not text:
        return
    comment.date = parse_shown_date(text)
    if comment.date is None:
        tally.problem("unreadable-date", f"cannot read the comment date {text!r}", file=path, line=line.number)


def paragraphs_to_html(texts: list[str], layout: TextLayout = COMMON) -> str:
    """Blank-line separated paragraphs to ``<p>`` HTML; single line breaks become ``<br />``.

    Runs of bulleted or numbered lines become lists. Chrome lines (``Reply``, ``Like``) are dropped.
    """
    blocks: list[list[str]] = [[]]
    for text in texts:
        if not text:
            blocks.append([])
        elif not _match(COMMON.skip + layout.skip, text):
            blocks[-1].append(text)
    return "\n".join(_block_html(block) for block in blocks if block)


def _block_html(block: list[str]) -> str:
    if len(block) > 1 and all(_LIST_ITEM.match(text) for text in block):
        tag = "ol" if block[0][0].isdigit() else "ul"
        items = "".join(f"<li>{html.escape(_LIST_ITEM.sub('', text), quote=False)}</li>" for text in block)
        return f"<{tag}>{items}</{tag}>"
    return "<p>" + "<br />\n".join(html.escape(text, quote=False) for text in block) + "</p>"
