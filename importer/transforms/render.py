"""A post's content as WordPress shows it: the one rendering every writer that writes HTML uses.

Content in the ``"wordpress"`` format (a WXR export) is the editor's stored text: reusable
blocks (``<!-- wp:block {"ref":N} /-->``) are replaced by the referenced ``wp_block`` post's
content, code plugins' blocks become one canonical ``<pre><code>``
(:mod:`importer.transforms.code`), wpautop adds paragraphs unless it is block-editor content,
and built-in shortcodes are expanded. Content in the ``"html"`` format (saved pages, feeds) is
already what the visitor saw: it is shown as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model import HTML_CONTENT, Post
from ..wordpress import REUSABLE_BLOCK
from .code import recognise_code
from .embeds import oembed_cache
from .markdown_element import disarm_upstream_markup
from .shortcodes import ShortcodeContext, expand_shortcodes
from .wpautop import content_to_html, is_block_editor_content, usual_wpautop, wpautop

# The core/block block: always self-closing, its only attribute that matters is the post id.
_BLOCK_REFERENCE = re.compile(r"<!--\s+wp:(?:core/)?block\s+(\{[^{}]*\})\s*/?-->")


def _referenced_id(attributes: str) -> int | None:
    try:
        ref = json.loads(attributes).get("ref")
    except (ValueError, AttributeError, RecursionError):  # RecursionError: nested past the parser's depth
        return None
    return ref if type(ref) is int else None


def block_references(content: str) -> Iterator[tuple[re.Match[str], int]]:
    """Each reusable-block reference in ``content`` with the id of the ``wp_block`` it names."""
    if "wp:" not in content:
        return
    for match in _BLOCK_REFERENCE.finditer(content):
        ref = _referenced_id(match.group(1))
        if ref is not None:
            yield match, ref


@dataclass(slots=True)
class ReusableBlocks:
    """The ``wp_block`` posts seen so far, by id: what a reference renders to."""

    content: dict[int, str] = field(default_factory=dict)

    def add(self, post: Post) -> None:
        if post.type == REUSABLE_BLOCK and post.id is not None:
            self.content[post.id] = post.content or ""

    def unknown(self, content: str | None, _seen: frozenset[int] = frozenset()) -> set[int]:
        """Ids referenced by ``content`` (or by the blocks it uses) that are not known (yet)."""
        missing: set[int] = set()
        for _match, ref in block_references(content or ""):
            if ref in _seen:
                continue
            if ref not in self.content:
                missing.add(ref)
            else:
                missing |= self.unknown(self.content[ref], _seen | {ref})
        return missing

    def inline(self, content: str, missing: set[int], _seen: frozenset[int] = frozenset()) -> str:
        """``content`` with every known reference replaced by its block's content (nested ones too;
        a block that includes itself renders nothing the second time, as in WordPress). Unknown
        ids are added to ``missing`` and their references left as they are (an HTML comment)."""
        if "wp:" not in content:  # before the closure is made: most content has no reference
            return content

        def replace(match: re.Match[str]) -> str:
            ref = _referenced_id(match.group(1))
            if ref is None:
                return match.group(0)
            if ref in _seen:
                return ""
            if ref not in self.content:
                missing.add(ref)
                return match.group(0)
            return self.inline(self.content[ref], missing, _seen | {ref})

        return _BLOCK_REFERENCE.sub(replace, content)


@dataclass(slots=True)
class Rendered:
    html: str
    missing_blocks: set[int] = field(default_factory=set)  # reusable blocks not in the export


def render_post(post: Post, blocks: ReusableBlocks, context: ShortcodeContext) -> Rendered:
    """The post's content as HTML. ``context`` collects unknown shortcodes and unresolved galleries.

    ``<x-markdown>`` written in content is renamed: only the shortcode expander may make one.
    """
    raw = post.content or ""
    if post.content_format == HTML_CONTENT:
        return Rendered(disarm_upstream_markup(raw))
    missing: set[int] = set()
    raw = disarm_upstream_markup(blocks.inline(raw, missing))
    html = recognise_code(raw)
    if not is_block_editor_content(raw):
        html = wpautop(html)
    if not context.oembed and post.meta:
        context.oembed = oembed_cache([(m.key, m.value) for m in post.meta])
    return Rendered(expand_shortcodes(html, context), missing)


def usual_post_html(content: str) -> str | None:
    """What :func:`render_post` gives for WordPress ``content`` of paragraphs and lists holding
    inline tags only, with no code fence and no paragraph beginning with ``http`` (a bare URL's
    embed): :func:`~.wpautop.usual_wpautop`; None for other content.

    No other step can change such content: it holds no ``[`` (shortcodes, code shortcodes), no
    ``<!--`` (reusable blocks, block editor), no ``<pre``, ``<figure`` or ``<x-markdown``."""
    return usual_wpautop(content, post=True)


def render_text(text: str, content_format: str) -> str:
    """A comment or excerpt of a post in ``content_format`` as HTML (wpautop for WordPress text)."""
    text = disarm_upstream_markup(text)
    return text if content_format == HTML_CONTENT else content_to_html(text)
