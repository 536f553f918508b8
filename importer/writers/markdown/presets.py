"""Static-site presets as data: where each kind of file goes and what its front matter says.

Adding a generator is a new :class:`Preset` entry, not new code. The writer's other choices
(:data:`LAYOUTS`, :data:`COMMENT_MODES`) are here too: the command line offers these tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import UsageError

LAYOUTS = ("flat", "dated", "bundle")  # where a post's file goes: slug.md, YYYY/MM/slug.md, slug/index.md
COMMENT_MODES = ("data", "inline", "none")  # comments in data files, in the page, or not written


@dataclass(frozen=True, slots=True)
class Preset:
    name: str
    posts_dir: str  # where posts go, relative to the output directory
    pages_dir: str  # where pages go
    other_types_dir: str  # custom post types: "{type}" is replaced by the type's slug
    drafts_dir: str | None  # unpublished posts go here (Jekyll's _drafts/); None = a front matter flag
    dated_file_names: bool  # posts named YYYY-MM-DD-slug.md (Jekyll's _posts/)
    unpublished_keys: tuple[tuple[str, object], ...]  # front matter that keeps a page off the site
    url_key: str | None  # front matter key that sets the page's URL ("url", "permalink")
    url_suffix: str  # appended to the new URL (Eleventy wants index.html)
    aliases_key: str | None  # front matter key for old URLs that must keep working
    comments_dir: str  # where per-post comment data files go
    comments_format: str  # "yaml" or "json"
    media_dir: str  # where downloaded media go (served at media_url_prefix)
    media_url_prefix: str
    embed_style: str  # "hugo" (built-in shortcodes), "iframe" or "link"
    summary_divider: str
    summary_key: str  # front matter key for the post's excerpt ("summary", "excerpt")
    template_language: str | None  # what the generator runs over a page: "hugo", "liquid", "nunjucks"
    redirects_path: str  # where Netlify's _redirects must be for the generator to publish it
    site_configs: tuple[str, ...]  # config files that make a folder a site of this generator
    hides_raw_html: bool  # the generator drops raw HTML unless configured (a config that shows it is left)
    extra_front_matter: tuple[tuple[str, object], ...] = ()
    layout_key: str | None = None  # front matter key naming the layout, with the --layout-name value


PRESETS: dict[str, Preset] = {
    "hugo": Preset(
        name="hugo",
        posts_dir="content/posts",
        pages_dir="content/pages",
        other_types_dir="content/{type}",
        drafts_dir=None,
        dated_file_names=False,
        unpublished_keys=(("draft", True),),
        url_key="url",
        url_suffix="",
        aliases_key="aliases",
        comments_dir="data/comments",
        comments_format="json",
        media_dir="static/media",
        media_url_prefix="/media",
        embed_style="hugo",
        summary_divider="<!--more-->",
        summary_key="summary",
        template_language="hugo",
        redirects_path="static/_redirects",
        site_configs=tuple(f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")),
        hides_raw_html=True,
    ),
    "jekyll": Preset(
        name="jekyll",
        posts_dir="_posts",
        pages_dir="pages",
        other_types_dir="{type}",
        drafts_dir="_drafts",
        dated_file_names=True,
        unpublished_keys=(("published", False),),
        url_key="permalink",
        url_suffix="",
        aliases_key="redirect_from",
        comments_dir="_data/comments",
        comments_format="json",
        media_dir="assets/media",
        media_url_prefix="/assets/media",
        embed_style="iframe",
        summary_divider="<!--more-->",
        summary_key="excerpt",
        template_language="liquid",
        redirects_path="_redirects",
        site_configs=("_config.yml", "_config.yaml", "_config.toml"),
        hides_raw_html=False,
        extra_front_matter=(("excerpt_separator", "<!--more-->"),),
        layout_key="layout",
    ),
    "eleventy": Preset(
        name="eleventy",
        posts_dir="posts",
        pages_dir="pages",
        other_types_dir="{type}",
        drafts_dir=None,
        dated_file_names=False,
        unpublished_keys=(("draft", True), ("permalink", False), ("eleventyExcludeFromCollections", True)),
        url_key="permalink",
        url_suffix="index.html",
        aliases_key=None,
        comments_dir="_data/comments",
        comments_format="json",
        media_dir="media",
        media_url_prefix="/media",
        embed_style="iframe",
        summary_divider="<!--more-->",
        summary_key="excerpt",
        template_language=None,  # the front matter below turns Eleventy's template engine off
        redirects_path="_redirects",
        site_configs=(
            ".eleventy.js",
            ".eleventy.cjs",
            "eleventy.config.js",
            "eleventy.config.cjs",
            "eleventy.config.mjs",
        ),
        hides_raw_html=False,
        # The body is Markdown only: Eleventy runs no template language on it, whatever the
        # site's markdownTemplateEngine (see templates.py).
        extra_front_matter=(("templateEngineOverride", "md"),),
        layout_key="layout",
    ),
    "plain": Preset(
        name="plain",
        posts_dir="posts",
        pages_dir="pages",
        other_types_dir="{type}",
        drafts_dir=None,
        dated_file_names=False,
        unpublished_keys=(("draft", True),),
        url_key=None,
        url_suffix="",
        aliases_key="aliases",
        comments_dir="comments",
        comments_format="json",
        media_dir="media",
        media_url_prefix="/media",
        embed_style="link",
        summary_divider="<!--more-->",
        summary_key="excerpt",
        template_language=None,
        redirects_path="_redirects",
        site_configs=(),
        hides_raw_html=False,
    ),
}


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise UsageError(f"unknown preset {name!r} (known: {', '.join(sorted(PRESETS))})") from None
