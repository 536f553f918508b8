"""What planning and converting a post to Markdown take: the converters, front matter, comments.

One module, so that :func:`.writer.load_conversion` imports them all in one statement: a run in
parts imports it only once its readers are forked (they need none of it), before it forks the
writers, which do (about 345 M instructions, 40% of the main process's start-up before the fork).
"""

from ...transforms.active_content import is_script_url, strip_active_content
from ...transforms.html_depth import FLATTENED
from ...transforms.html_to_markdown import KEPT_AS_HTML, to_markdown
from ...transforms.plain_text import plain_markdown, text_to_markdown
from ...transforms.render import ReusableBlocks, usual_post_html
from ...transforms.shortcodes import ShortcodeContext
from ..content import rendered_html
from .comments import comment_thread, inline_markdown, public_comments
from .frontmatter import (
    build_front_matter,
    dump_yaml,
    is_public,
    render_document,
    title_from_text,
    unpublished_reason,
)
from .json_text import indented_json
from .templates import neutralise_data, neutralise_templates

__all__ = [
    "FLATTENED",
    "KEPT_AS_HTML",
    "ReusableBlocks",
    "ShortcodeContext",
    "build_front_matter",
    "comment_thread",
    "dump_yaml",
    "indented_json",
    "inline_markdown",
    "is_public",
    "is_script_url",
    "neutralise_data",
    "neutralise_templates",
    "plain_markdown",
    "public_comments",
    "render_document",
    "rendered_html",
    "strip_active_content",
    "text_to_markdown",
    "title_from_text",
    "to_markdown",
    "unpublished_reason",
    "usual_post_html",
]
