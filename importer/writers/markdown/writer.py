"""``--to markdown``: one Markdown file per post and page, laid out for a static-site generator."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ...errors import OutputError, PartialOutputError, UsageError
from ...model import HTML_CONTENT, Author, Comment, Post, Record, Site
from ...tally import Tally
from ...wordpress import ATTACHMENT, PUBLIC_COMMENT_STATUSES
from .. import NOT_AN_OPTION
from ..atomic import writing
from ..scratch import Scratch
from ..spool import RecordSpool
from .links import Alias, LinkIndex, Prepared, permalink_alias, prepared
from .manifest import Named, OutputFolder
from .media import MediaManifest, earlier_rows, is_local_media, is_web_url
from .paths import SlugRegistry, check_path
from .pool import second_pass
from .presets import COMMENT_MODES, LAYOUTS, Preset, get_preset
from .redirects import write_redirects
from .siteconfig import hugo_config_shows_raw_html, write_hugo_config

if TYPE_CHECKING:  # the downloads and the fidelity check are imported when asked for (http.client, markdown-it)
    from . import conversion
    from .downloads import Downloaded, DownloadOptions

ACTIVE_CONTENT = "with active content removed (scripts, on* attributes, script URLs)"
REPORT_DIR = "_blogimport"
MAX_MEDIA_SIZE = 100 << 20
MEDIA_TIMEOUT = 120
MEDIA_JOBS = 4  # manifests and reports; the leading "_" keeps Jekyll from publishing it


@dataclass(slots=True)
class MarkdownOptions:
    """Options of ``--to markdown`` (the CLI fills them from options of the same names)."""

    preset: str = "hugo"  # hugo, jekyll, eleventy, plain
    layout: str = "flat"  # flat (slug.md), dated (YYYY/MM/slug.md), bundle (slug/index.md + media)
    comments: str = "data"  # data (a file per post), inline (end of the post), none (counted as skipped)
    strip_unknown_shortcodes: bool = False
    sanitize: bool = False  # strip scripts, on* attributes and script URLs from posts too (comments: always)
    download_media: bool = False
    media_jobs: int = MEDIA_JOBS
    max_media_size: int = MAX_MEDIA_SIZE  # bytes of one downloaded file
    media_timeout: int = MEDIA_TIMEOUT  # seconds for one downloaded file, retries and redirects included
    allow_private_media_hosts: bool = False  # download from loopback, private and link-local addresses
    check_fidelity: bool = False  # render each post back and report those that differ
    force: bool = False  # write into a folder blogimport did not fill; overwrite files it did not write
    prune: bool = False  # remove the files written earlier for posts no longer in the export
    # Called as progress(label, done, total) while media download; not an option a user sets.
    progress: Callable[[str, int, int], None] | None = field(default=None, metadata=NOT_AN_OPTION)
    # Processes converting posts (convert() passes the run's --jobs); not an option of this writer.
    jobs: int = field(default=1, metadata=NOT_AN_OPTION)


def load_conversion() -> None:
    """Import :mod:`.conversion` (the converters, front matter, comments), which planning and
    converting posts take: :class:`MarkdownRun` does when it is made, unless told to wait (a run
    in parts, until its readers are forked)."""
    global conversion
    from . import conversion


def write_markdown(records: Iterable[Record], output: str, options: MarkdownOptions, tally: Tally) -> None:
    """Write ``records`` as a Markdown site below the directory ``output``."""
    root, preset = prepared_folder(output, options)
    with Scratch() as scratch:  # the run's state that grows with the export, on disk
        _write(records, MarkdownRun(root, preset, options, tally, scratch))


def prepared_folder(output: str, options: MarkdownOptions) -> tuple[Path, Preset]:
    """The output folder (made when missing) and the preset, once the options are checked: what
    the writer refuses is refused before anything is read."""
    if options.layout not in LAYOUTS:
        raise UsageError(f"unknown layout {options.layout!r} (known: {', '.join(LAYOUTS)})")
    if options.comments not in COMMENT_MODES:
        raise UsageError(f"unknown {{comments}} mode {options.comments!r} (known: {', '.join(COMMENT_MODES)})")
    _check_download_options(options)
    preset = get_preset(options.preset)
    if preset.dated_file_names and options.layout == "bundle":
        raise UsageError(f"the {preset.name} preset has no page bundles: use {{layout:flat or dated}}")
    if output == "-":
        raise UsageError("{to:markdown} writes a directory: give {output} DIR")
    root = Path(output)
    if root.exists() and not root.is_dir():
        raise OutputError("exists and is not a directory", file=output)
    with writing(output):
        root.mkdir(parents=True, exist_ok=True)
    return root, preset


def _write(records: Iterable[Record], run: MarkdownRun) -> None:
    folder = run.folder
    try:
        with RecordSpool[tuple[Record, Plan | None]](compact=[Plan]) as spool:
            indexing = run.index_pass()
            posts = 0
            for record in records:  # pass 1: every address known before the first post is written
                spool.add((record, indexing(record, None)))  # a post's plan travels with it
                posts += isinstance(record, Post)
            with second_pass(run, posts, run.options.jobs) as writer:
                for record, planned in spool.replay():  # pass 2: each post written at once
                    writer.add(record, planned)
        run.finish()
    except OutputError as exc:  # a full disk, a read-only folder: say what is on disk
        folder.stop()
        run.report_stopped(saved=save_manifest(folder))
        raise PartialOutputError(exc.template, file=exc.file, line=exc.line, column=exc.column) from None
    except BaseException:
        folder.stop()  # what was queued is still written
        folder.save()  # what was written so far, also when the run stops half-way (Ctrl-C)
        raise


def save_manifest(folder: OutputFolder) -> bool:
    """Save the manifest after a write error (the disk may still be full): True when saved."""
    try:
        folder.save()
    except OutputError:
        return False
    return True


# Options that only mean something with download_media, and their defaults.
_DOWNLOAD_OPTIONS = {"media_jobs": MEDIA_JOBS, "max_media_size": MAX_MEDIA_SIZE, "media_timeout": MEDIA_TIMEOUT}


def _check_download_options(options: MarkdownOptions) -> None:
    if options.download_media:
        return
    given = [name for name, default in _DOWNLOAD_OPTIONS.items() if getattr(options, name) != default]
    if options.allow_private_media_hosts:
        given.append("allow_private_media_hosts")
    if given:
        option = f"{{{given[0]}}}"
        raise UsageError(f"{option} is for {{download_media}}", hint=f"add {{download_media}}, or leave {option} out")


@dataclass(slots=True)
class Plan:
    """Where a post goes, decided in the first pass (kept with the post in the spool)."""

    path: str  # relative to the output directory
    new_url: str
    old_paths: list[str]
    problems: list[tuple[str, str]]  # (code, message) for the tally, reported when the post is written
    hosts: int  # how many site hosts the link index knew (old_paths depend on them)
    comments_key: str | None = None  # the comments data file's key ({comments:data}, public comments)


class Indexing(Protocol):
    """The first pass's step (see :meth:`MarkdownRun.index_pass`)."""

    def __call__(
        self, record: Record, public_comments: bool | None = None, ready: Prepared | None = None
    ) -> Plan | None: ...


@dataclass(slots=True)
class Converted:
    """A post's text, converted: what writing its files needs besides its plan."""

    body: str  # Markdown
    title: str
    summary: str | None
    comments: int  # public comments
    comments_text: str | None  # the comments data file's text ({comments:data})
    tally: Tally | None = None  # a worker's account of the conversion


@dataclass(slots=True)
class PlannedPost:
    post: Post
    path: str  # relative to the output directory
    new_url: str
    old_paths: list[str]
    comments_key: str | None = None


class MarkdownRun:
    """The state of one export: the link index, slugs taken, media seen.

    Two passes over the records: :meth:`index_pass` learns every post's new address (and the
    attachments and reusable blocks) before :meth:`add` writes the first post, so each post is
    written when the second pass reaches it, with every link resolved.
    """

    def __init__(
        self,
        root: Path,
        preset: Preset,
        options: MarkdownOptions,
        tally: Tally,
        scratch: Scratch,
        *,
        background: bool = True,
        load_later: bool = False,
    ) -> None:
        """``background``: the posts' files are written by a thread (False: at once, as a process
        that forks must: a thread does not survive a fork). ``load_later``: the converters are
        imported by :meth:`index_pass` (see :func:`load_conversion`), not now."""
        if not load_later:
            load_conversion()
        self.root = root
        self.scratch = scratch
        self.folder = folder = OutputFolder(
            root, preset.name, REPORT_DIR, tally, scratch, force=options.force, prune=options.prune
        )
        self.preset = preset
        self.options = options
        self.tally = tally
        self.index = LinkIndex(scratch)
        self._blocks: conversion.ReusableBlocks | None = None
        self.slugs = SlugRegistry(scratch)
        self.authors: dict[str, str] = {}
        self.site: Site | None = None
        self.media: MediaManifest = MediaManifest(preset.media_dir, preset.media_url_prefix, None, scratch)
        self.media.remember(earlier_rows(root / REPORT_DIR / "media.json"))  # names stay as they were
        self.fidelity: list[dict[str, object]] = []
        self.fidelity_checked = 0
        self.posts_written = Named()  # the posts and pages on disk
        self.redirects_written = False
        self.media_listed = False  # the media lists are written (see write_media_lists)
        if background:
            folder.write_in_background()  # posts and comment files

    @property
    def blocks(self) -> conversion.ReusableBlocks:
        """The export's reusable blocks, as the first pass met them."""
        if self._blocks is None:
            load_conversion()
            self._blocks = conversion.ReusableBlocks()
        return self._blocks

    def index_pass(self) -> Indexing:
        """What the first pass does with each record: the link index, attachments, reusable blocks.

        Each post is planned here, once (its slug claimed, its path and new address decided), and
        its :class:`Plan` returned to be kept with it until the second pass writes it; the plan's
        problems are reported then, in the order the posts are written."""
        load_conversion()
        blocks, is_public, add_post = self.blocks, conversion.is_public, self.index.add_post

        def index(record: Record, public_comments: bool | None = None, ready: Prepared | None = None) -> Plan | None:
            """``public_comments``: whether the post has a comment a visitor could see (None: look);
            ``ready``: :func:`~.links.prepared` of a post (None: found here)."""
            if isinstance(record, Site):
                self.index.add_site(record)
            elif isinstance(record, Post) and record.type == ATTACHMENT:
                self.index.add_attachment(record)
                if record.attachment_url and is_web_url(record.attachment_url):
                    addresses = None if ready is None else ready[2]
                    self.index.add_post(record, self.media.public_url(record.attachment_url), True, addresses)
            elif isinstance(record, Post):
                blocks.add(record)
                if ready is None:
                    ready = prepared(record)
                public = is_public(record)
                plan = self._plan(record, public, public_comments, ready)
                add_post(record, plan.new_url, public, ready[2])
                return plan
            return None

        return index

    def add(self, record: Record, plan: Plan | None = None) -> None:
        """Write ``record`` (a post with the :class:`Plan` the first pass made for it; planned
        now when it has none)."""
        if isinstance(record, Site):
            self.site = record
            self.media.site_url = record.base_blog_url or record.link or record.base_site_url
        elif isinstance(record, Author):
            self.authors[record.login] = record.display_name or record.login
        elif isinstance(record, Post):
            self.add_post(record, plan)

    def add_post(self, post: Post, plan: Plan | None = None, converted: Converted | None = None) -> None:
        """Write ``post`` (``converted``: its text as a worker of the pool converted it)."""
        if post.type == ATTACHMENT:
            self.add_attachment(post)
            return
        if plan is None:
            plan = self.plan(post)
        for code, message in plan.problems:
            self.tally.problem(code, message, post_id=post.id)
        self.write_post(self.planned(post, plan), converted)

    def planned(self, post: Post, plan: Plan) -> PlannedPost:
        old_paths = plan.old_paths
        if plan.hosts != len(self.index.hosts):  # a site's hosts came after the post: known now
            old_paths = self.old_paths(post, plan.new_url)
        return PlannedPost(post, plan.path, plan.new_url, old_paths, plan.comments_key)

    def add_attachment(self, post: Post) -> None:
        if post.comments:  # an attachment has no page of its own in the site: its comments are counted
            self.tally.skip("comment", "on an attachment (no page for it)", len(post.comments))
        if post.attachment_url and not is_web_url(post.attachment_url):
            self.tally.skip("attachment", "file URL is not http(s)")
            url = post.attachment_url[:200]
            self.tally.problem("unsafe-media-url", f"attachment {post.id}: {url}", post_id=post.id)
        elif post.attachment_url:
            self.media.local_url(post.attachment_url, post.parent)
            self.tally.written["attachment (media manifest)"] += 1
        else:
            self.tally.skip("attachment", "no file URL")

    def plan(self, post: Post, public_comments: bool | None = None, ready: Prepared | None = None) -> Plan:
        """Where the post goes on disk and on the site (its slug claimed: once a post), and the key
        of its comments data file (claimed too). ``public_comments``: whether the post has a
        comment a visitor could see (None: look at its comments); ``ready``: :func:`~.links.prepared`
        of the post (None: found here)."""
        if ready is None:
            ready = prepared(post)
        return self._plan(post, conversion.is_public(post), public_comments, ready)

    def _plan(self, post: Post, public: bool, public_comments: bool | None, ready: Prepared) -> Plan:
        """:meth:`plan`, given whether the post is public and :func:`~.links.prepared` of it."""
        kind, slug, _addresses, alias = ready
        slug = self.slugs.claim(kind, slug, post.id)
        problems: list[tuple[str, str]] = []
        date = post.date
        preset = self.preset
        if post.type == "post":
            folder = preset.drafts_dir if (preset.drafts_dir and not public) else preset.posts_dir
            new_url = f"/{date.year}/{date.month:02d}/{slug}/" if date else f"/posts/{slug}/"
        elif post.type == "page":
            folder, new_url = preset.pages_dir, f"/{slug}/"
        else:
            folder, new_url = preset.other_types_dir.format(type=kind), f"/{kind}/{slug}/"
        name = slug
        if preset.dated_file_names and folder == preset.posts_dir:
            if date is None:
                problems.append(("undated-post", f"post {post.id} has no date: written as a page"))
                folder = preset.pages_dir
            else:
                name = f"{date.year}-{date.month:02d}-{date.day:02d}-{slug}"
        elif date is None and public:
            message = f"{post.type} {post.id} has no date: published undated (the generator dates it)"
            problems.append(("undated-post", message))
        layout = self.options.layout
        if layout == "bundle":
            path = f"{folder}/{name}/index.md"
        elif layout == "dated" and date is not None and post.type == "post":
            path = f"{folder}/{date.year}/{date.month:02d}/{name}.md"
        else:
            path = f"{folder}/{name}.md"
        check_path(self.root, path)  # refused now, before any post is written
        index = self.index
        old_paths: list[str] = []  # the old permalink's path, when it differs from the new URL (see old_paths)
        if alias and index.knows(alias[0]) and alias[1] != new_url and not alias[2]:
            old_paths.append(alias[1])
        plan = Plan(path, new_url, old_paths, problems, len(index.hosts))
        if public_comments is None:
            public_comments = any(c.status in PUBLIC_COMMENT_STATUSES for c in post.comments)
        if public_comments and self.options.comments == "data":
            key = new_url.strip("/").replace("/", "-") or "home"
            plan.comments_key = self.slugs.claim("comments data", key, post.id)
        return plan

    def old_paths(self, post: Post, new_url: str, alias: Alias | bool | None = True) -> list[str]:
        """The old permalink's path, when it differs from the new URL (an alias keeps it working).
        ``alias``: :func:`~.links.permalink_alias` of the post's permalink (True: found here)."""
        if alias is True:
            alias = permalink_alias(post.url)
        if not alias or not self.index.knows(alias[0]):
            return []
        _host, path, reserved = alias
        return [] if path == new_url or reserved else [path]  # reserved: reported with the redirects

    def write_post(self, planned: PlannedPost, converted: Converted | None = None) -> None:
        """The post's file and its comments data file: both written, or both left alone.

        ``converted`` is the post's text as a worker of the pool converted it (see
        :mod:`importer.writers.markdown.pool`); None converts it here."""
        post = planned.post
        if converted is None:
            converted = self.convert(planned)
        elif converted.tally is not None:
            self.tally.merge(converted.tally)
        comments_file: tuple[str, str] | None = None
        comments_key = None
        if converted.comments_text is not None:
            comments_key, comments_file = self.comments_file(planned, converted.comments_text)
        front_matter = conversion.build_front_matter(
            post,
            self.preset,
            title=converted.title,
            new_url=planned.new_url,
            old_paths=planned.old_paths,
            author=self.authors.get(post.author or "", post.author),
            summary=converted.summary,
            comments_key=comments_key,
            comment_count=converted.comments if self.options.comments != "none" else 0,
        )
        text = conversion.render_document(front_matter, converted.body)
        on_written = partial(self.count_written, post, planned, converted.comments)
        files = [comments_file, (planned.path, text)] if comments_file else [(planned.path, text)]
        if self.folder.create(files, post.id, on_written):  # both new, where nothing was: made without a look
            return
        left_alone = self.folder.check(planned.path, text) or (comments_file and self.folder.check(*comments_file))
        if left_alone:
            self.leave_alone(post, planned.path, comments_file, converted.comments, left_alone)
            return
        if comments_file:
            self.folder.put(*comments_file, post.id)
        self.folder.put(planned.path, text, post.id, count_unchanged=True, on_written=on_written)

    def convert(self, planned: PlannedPost) -> Converted:
        """The post's text: its body, title, summary and comments converted (what a worker of the
        pool does for the writer; every change is counted in ``self.tally``)."""
        post = planned.post
        body = self.body(post, planned)
        public = self.publishable_comments(post)
        comments_text = None
        if public and self.options.comments == "data":
            comments_text = self.comments_text(post, public)
        elif public and self.options.comments == "inline":
            body = (
                body.rstrip("\n")
                + "\n\n"
                + conversion.inline_markdown(conversion.comment_thread(public, self.comment_markdown(post)))
            )
        body, escaped = conversion.neutralise_templates(body, self.preset.template_language)
        if escaped:
            self.tally.changed[f"posts with {self.preset.name} template syntax escaped (printed, not run)"] += 1
        title = post.title if post.title and post.title.strip() else conversion.title_from_text(post)
        if title != post.title:
            self.tally.changed[f"untitled {post.type} given a title from its text"] += 1
        return Converted(body, title, self.summary(post), len(public), comments_text)

    def count_written(self, post: Post, planned: PlannedPost, comments: int) -> None:
        """Count a post once its file is on disk (its comments data file was written before it)."""
        self.tally.written[post.type] += 1
        if comments:  # a run that writes none says nothing of comments, as the other writers do
            self.tally.written["comment"] += comments
        self.posts_written.add(planned.path)
        if not conversion.is_public(post):
            self.tally.changed[f"{post.type} kept unpublished ({conversion.unpublished_reason(post)})"] += 1

    def leave_alone(
        self, post: Post, path: str, comments_file: tuple[str, str] | None, comments: int, reason: str
    ) -> None:
        """A post whose file (or comments data file) must not be overwritten: neither is written."""
        self.folder.keep(path)
        if comments_file:
            self.folder.keep(comments_file[0])
        self.tally.skip(post.type, reason)
        if comments:
            self.tally.skip("comment", f"its {post.type} was left alone: {reason}", comments)

    def report_stopped(self, *, saved: bool) -> None:
        """After a write error: which posts of this run are on disk (the tally names them)."""
        paths = self.posts_written
        manifest = (
            f"{REPORT_DIR}/manifest.json lists every file written"
            if saved
            else (
                f"{REPORT_DIR}/manifest.json could not be saved: a re-run takes the files that hold what it "
                "would write as its own"
            )
        )
        self.tally.problem(
            "output-incomplete",
            f"the run stopped at a write error after writing {paths.count} post(s) and page(s)"
            + (f": {paths}" if paths.count else "")
            + f"; the rest were not written ({manifest})",
            file=str(self.root),
        )

    def body(self, post: Post, planned: PlannedPost) -> str:
        html = self.content_html(post)
        if self.options.sanitize:
            html = self.strip_active(html, post.type)
        bundle = planned.path.rsplit("/", 1)[0] if self.options.layout == "bundle" else None

        def rewrite(url: str) -> str:
            internal = self.index.is_internal(url)
            if is_local_media(url, internal):
                return self.media.local_url(url, post.id, bundle)
            return (self.index.resolve(url) or url) if internal else url

        hugo = self.preset.embed_style == "hugo"
        markdown = conversion.to_markdown(
            html,
            self.preset.summary_divider,
            rewrite,
            mark_upstream=True,
            hugo_figures=hugo,
            report_flattened=self.flattened,
            report_kept_html=self.kept_as_html,
        )
        if self.options.check_fidelity:
            self.check_fidelity(post, html, planned.path)
        return markdown

    def flattened(self, elements: int) -> None:
        self.tally.changed[conversion.FLATTENED] += elements

    def kept_as_html(self, blocks: int) -> None:
        self.tally.changed[conversion.KEPT_AS_HTML] += blocks

    def content_html(self, post: Post) -> str:
        """The post's HTML as WordPress would show it (see :mod:`importer.transforms.render`)."""
        if post.content_format != HTML_CONTENT:  # most posts: paragraphs and inline tags
            usual = conversion.usual_post_html(post.content or "")
            if usual is not None:
                return usual
        context = conversion.ShortcodeContext(
            attachment_url=self.index.attachment_url,
            attachments_of=lambda: self.index.attachments_of(post.id or -1),
            embed_style=self.preset.embed_style,
            strip_unknown=self.options.strip_unknown_shortcodes,
        )
        html = conversion.rendered_html(post, self.blocks, context, self.tally)
        verb = "removed" if self.options.strip_unknown_shortcodes else "kept as text"
        for name, count in context.unknown.items():
            self.tally.changed[f"unknown shortcode [{name}] {verb}"] += count
        if context.unresolved_galleries:
            self.tally.changed["galleries without attachments kept as [gallery]"] += context.unresolved_galleries
        return html

    def check_fidelity(self, post: Post, html: str, path: str) -> None:
        from ...transforms.fidelity import check_round_trip

        self.fidelity_checked += 1
        result = check_round_trip(html, conversion.to_markdown(html, self.preset.summary_divider))
        if not result.exact:
            difference = result.first_difference()
            self.fidelity.append({"post_id": post.id, "path": path, "difference": difference})
            self.tally.problem("markdown-fidelity", f"{path}: {difference}", post_id=post.id)

    def summary(self, post: Post) -> str | None:
        if not post.excerpt or not post.excerpt.strip():
            return None
        clean = (lambda html: self.strip_active(html, "excerpt")) if self.options.sanitize else None
        return (
            conversion.text_to_markdown(
                post.excerpt, post.content_format, clean, self.flattened, self.kept_as_html
            ).strip()
            or None
        )

    def comment_markdown(self, post: Post) -> Callable[[str], str]:
        """Comments of ``post`` to Markdown: shown as their post's content is (wpautop for WXR),
        without what would run in a visitor's browser (comments come from strangers)."""

        def clean(html: str) -> str:
            return self.strip_active(html, "comment")

        return lambda text: conversion.text_to_markdown(
            text, post.content_format, clean, self.flattened, self.kept_as_html
        )

    def strip_active(self, html: str, what: str) -> str:
        """``html`` without scripts, event handlers and script URLs, counted by ``what`` it was."""
        html, removed = conversion.strip_active_content(html, self.flattened)
        if removed:
            self.tally.changed[f"{what}s {ACTIVE_CONTENT}"] += 1
        return html

    def data_comment_markdown(self, post: Post) -> Callable[[str], str]:
        """Comments of ``post`` for a data file: escaped for the preset's ``markdownify``. A plain
        text comment (:func:`~importer.transforms.plain_text.plain_markdown`, which
        :func:`~importer.transforms.plain_text.text_to_markdown` tries first) is taken at once: it
        holds no ``{`` to escape."""
        convert = self.comment_markdown(post)
        language = self.preset.template_language
        plain = conversion.plain_markdown if post.content_format != HTML_CONTENT else None

        def markdown(text: str) -> str:
            if plain is not None and (fast := plain(text)) is not None:
                return fast
            return conversion.neutralise_data(convert(text), language)

        return markdown

    def publishable_comments(self, post: Post) -> list[Comment]:
        if not post.comments:
            return []
        public = conversion.public_comments(post.comments, self.tally)
        dropped = 0
        for comment in public:  # a loop, not sum() of a generator: three comments a post
            if comment.author_url and conversion.is_script_url(comment.author_url):
                dropped += 1
        if dropped:
            self.tally.changed["comment author URLs that would run a script, not published"] += dropped
        if self.options.comments == "none":
            if public:
                self.tally.skip("comment", "{comments:none}", len(public))
            return []
        return public  # counted as written with their post

    def comments_text(self, post: Post, public: list[Comment]) -> str:
        """The text of the post's comments data file."""
        data = {
            "post_id": post.id,
            "title": post.title or "",
            "comments": conversion.comment_thread(public, self.data_comment_markdown(post)),
        }
        return (
            conversion.indented_json(data) + "\n"
            if self.preset.comments_format == "json"
            else conversion.dump_yaml(data)
        )

    def comments_file(self, planned: PlannedPost, text: str) -> tuple[str, tuple[str, str]]:
        """The post's comments data file: its key (named in the front matter, claimed when the
        post was planned), path and text."""
        key = planned.comments_key
        assert key is not None, "a post with public comments has a comments data key"
        return key, (f"{self.preset.comments_dir}/{key}.{self.preset.comments_format}", text)

    def leave_hugo_config(self) -> None:
        """A ``hugo.toml`` that shows raw HTML, unless the folder has a Hugo configuration already."""
        if write_hugo_config(self.root, self.site):
            self.tally.changed["hugo.toml written (no Hugo configuration yet): raw HTML shown, post permalinks"] += 1
        elif not hugo_config_shows_raw_html(self.root):
            self.tally.changed[
                "existing Hugo configuration kept: set markup.goldmark.renderer.unsafe = true to show raw HTML"
            ] += 1

    def account_for_media(self, downloaded: list[Downloaded]) -> None:
        """Downloaded files go in the output's manifest (``--prune`` removes those no post uses
        any more); files from an earlier run stay in it; renamed files are reported."""
        self.record_media(downloaded)
        self.report_renamed_media()

    def record_media(self, downloaded: list[Downloaded]) -> None:
        """The media files in the output's manifest: the ones downloaded, and those of an earlier run."""
        hashes = {d.media.local_path: d.sha256 for d in downloaded}
        if not hashes:  # none downloaded: the files of an earlier run stay in the manifest
            for path in self.media.local_paths():
                self.folder.keep(path)
            return
        for entry in self.media.files():
            if entry.local_path in hashes:
                first_post = entry.referenced_by[0] if entry.referenced_by else None
                self.folder.record(entry.local_path, hashes[entry.local_path], first_post)
            else:
                self.folder.keep(entry.local_path)

    def report_renamed_media(self) -> None:
        for renamed in self.media.renamed:
            self.tally.changed["media files named apart (another image had the same name)"] += 1
            message = f"{renamed.url} saved as {renamed.local_path}: {renamed.wanted} is another image's"
            self.tally.problem("media-name-clash", message)

    def download_options(self) -> DownloadOptions:
        from .downloads import DownloadOptions
        from .fetch import AddressPolicy, Limits

        options = self.options
        return DownloadOptions(
            jobs=options.media_jobs,
            limits=Limits(max_size=options.max_media_size, deadline=float(options.media_timeout)),
            policy=AddressPolicy(allow_private=options.allow_private_media_hosts),
            progress=options.progress,
        )

    def write_redirects(self) -> None:
        """The redirect files: complete once the first pass is (a run in parts writes them while
        its workers write the posts; else :meth:`finish` does)."""
        write_redirects(self.folder.write_stream, self.preset, self.index.redirects, REPORT_DIR)
        self.redirects_written = True

    def write_media_lists(self) -> None:
        """The media lists (and the media files of an earlier run in the manifest), when nothing is
        downloaded: complete once every post is converted (a run in parts writes them while its
        workers write the posts' files; else :meth:`finish` does)."""
        assert not self.options.download_media
        self.record_media([])
        self.media.write(self.root, REPORT_DIR, self.folder.write_stream)
        self.media_listed = True

    def finish(self) -> None:
        self.folder.wait()  # what is left is written at once
        if self.folder.unchanged:
            self.tally.changed["files already up to date (not rewritten)"] += self.folder.unchanged
        if not self.redirects_written:
            self.write_redirects()
        for old, new in sorted(self.index.refused_redirects.items()):
            message = f"{old} is the new site's own (home page, feed, sitemap, lists): no redirect or alias to {new}"
            self.tally.problem("reserved-path", message)
        if self.preset.hides_raw_html:
            self.leave_hugo_config()
        if self.options.check_fidelity:
            report = {"checked": self.fidelity_checked, "exact": self.fidelity_checked - len(self.fidelity)}
            report_text = json.dumps({**report, "differences": self.fidelity}, ensure_ascii=False, indent=2) + "\n"
            self.folder.write(f"{REPORT_DIR}/fidelity.json", report_text)
        if self.media.count and self.media_listed:
            self.report_renamed_media()
        elif self.media.count:
            downloaded = []
            if self.options.download_media:
                from .downloads import download_all

                downloaded = download_all(self.media.files(), self.root, self.tally, self.download_options())
            self.account_for_media(downloaded)
            self.media.write(self.root, REPORT_DIR, self.folder.write_stream)  # after the downloads: says what is there
        self.folder.finish()
