"""Post content for the writers that show it (Markdown, SQL ``content_html``): the one rendering
of :mod:`importer.transforms.render`, with what it could not render reported in the tally."""

from __future__ import annotations

from ..model import Post
from ..tally import Tally
from ..transforms.render import ReusableBlocks, render_post
from ..transforms.shortcodes import ShortcodeContext


def rendered_html(post: Post, blocks: ReusableBlocks, context: ShortcodeContext, tally: Tally) -> str:
    """``post``'s content as HTML; each reusable block it uses that the export lacks is a problem."""
    rendered = render_post(post, blocks, context)
    for ref in sorted(rendered.missing_blocks):
        message = f"{post.type} {post.id} uses reusable block {ref}, which is not in the export (left out)"
        tally.problem("missing-reusable-block", message, post_id=post.id)
    return rendered.html
