"""Real Hugo, Jekyll and Eleventy build what --to markdown writes, and the built site shows it all.

Every well-formed corpus export (and the fixtures) is converted and built once per generator
(a module-scoped cache shares each build between the assertions): Hugo with the ``hugo.toml``
the writer leaves, Jekyll (kramdown) and Eleventy (markdown-it) with a minimal configuration.
Each site gets a one-line layout that marks post pages. Then: one built page per published post,
no "raw HTML omitted" anywhere, and every word of each published post's text (tags, comments
and shortcode brackets removed) appears in its built page.
These tests skip when a generator is missing, unless BLOGIMPORT_REQUIRE_ENGINES=1 (CI).
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from conftest import CORPUS, FIXTURES

import importer
from importer.api import ConvertOptions
from importer.model import Post
from importer.tally import Tally
from importer.writers.markdown import MarkdownOptions
from importer.writers.markdown.frontmatter import is_public
from importer.writers.markdown.templates import WORD_JOINER

pytestmark = pytest.mark.engine

POST_MARK = "blogimport-post-page"
GENERATORS = ("hugo", "jekyll", "eleventy")
# Not well-formed: the reader refuses them without --recover (their own tests cover that).
MALFORMED = {"crazy-cdata.xml", "malformed.xml", "malformed-simple.xml"}


def corpus_exports() -> list[str]:
    """Every well-formed corpus export, relative to the corpus (empty when the corpus is absent)."""
    if not CORPUS.is_dir():
        return []
    return sorted(str(p.relative_to(CORPUS)) for p in (CORPUS / "wxr").rglob("*.xml") if p.name not in MALFORMED)


def need(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        if os.environ.get("BLOGIMPORT_REQUIRE_ENGINES") == "1":
            pytest.fail(f"{binary} is required (BLOGIMPORT_REQUIRE_ENGINES=1) but not installed")
        pytest.skip(f"{binary} is not installed; set BLOGIMPORT_REQUIRE_ENGINES=1 to require it")
    return path


def run(args: list[str], cwd: Path | None = None) -> str:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "ERROR" not in output and "Error" not in output and "Conflict" not in output, output
    assert "Duplicate target paths" not in output, output  # two pages, one URL
    return output


def build_hugo(site: Path) -> Path:
    """Hugo with the writer's own hugo.toml; only layouts are added (a site has a theme)."""
    assert (site / "hugo.toml").is_file(), "the writer leaves a hugo.toml in a new site"
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text(
        '<article class="{{ if eq .Section "posts" }}' + POST_MARK + '{{ else }}page{{ end }}">'
        "<h1>{{ .Title }}</h1>{{ .Content }}"
        "{{ with .Params.comments_data }}{{ with index $.Site.Data.comments . }}"
        "{{ range .comments }}<p>{{ .author }}</p>{{ end }}{{ end }}{{ end }}</article>\n",
        encoding="utf-8",
    )
    (layouts / "list.html").write_text("<ul>{{ range .Pages }}<li>{{ .Title }}</li>{{ end }}</ul>\n", encoding="utf-8")
    run([need("hugo"), "--source", str(site), "--destination", str(site / "public"), "--printPathWarnings"])
    return site / "public"


def build_jekyll(site: Path) -> Path:
    (site / "_config.yml").write_text(
        "markdown: kramdown\nkramdown: {input: GFM, hard_wrap: false}\nquiet: true\n"
        "exclude: [Gemfile, Gemfile.lock, vendor]\n",
        encoding="utf-8",
    )
    layouts = site / "_layouts"
    layouts.mkdir(exist_ok=True)
    (layouts / "post.html").write_text(
        f'<article class="{POST_MARK}"><h1>{{{{ page.title }}}}</h1>{{{{ content }}}}'
        "{% if page.comments_data %}{% assign thread = site.data.comments[page.comments_data] %}"
        "{% for c in thread.comments %}<p>{{ c.author }}</p>{% endfor %}{% endif %}</article>\n",
        encoding="utf-8",
    )
    (layouts / "page.html").write_text("<main>{{ content }}</main>\n", encoding="utf-8")
    run([need("jekyll"), "build", "--source", str(site), "--destination", str(site / "_site")])
    return site / "_site"


def build_eleventy(site: Path) -> Path:
    """Eleventy 3 with its defaults (markdown-it with html on, Liquid before Markdown)."""
    includes = site / "_includes"
    includes.mkdir(exist_ok=True)
    (includes / "post.liquid").write_text(
        f'<article class="{POST_MARK}"><h1>{{{{ title | escape }}}}</h1>{{{{ content }}}}'
        "{% if comments_data %}{% assign thread = comments[comments_data] %}"
        "{% for c in thread.comments %}<p>{{ c.author | escape }}</p>{% endfor %}{% endif %}</article>\n",
        encoding="utf-8",
    )
    (includes / "page.liquid").write_text("<main>{{ content }}</main>\n", encoding="utf-8")
    config = site.parent / f"{site.name}.eleventy.config.cjs"
    config.write_text("module.exports = function () { return {}; };\n", encoding="utf-8")
    run([need("eleventy"), f"--config={config}", "--input=.", "--output=_site", "--quiet"], cwd=site)
    return site / "_site"


BUILDERS: dict[str, Callable[[Path], Path]] = {"hugo": build_hugo, "jekyll": build_jekyll, "eleventy": build_eleventy}


@dataclass
class Built:
    public: Path
    tally: Tally
    published: int  # published posts in the source
    pages: dict[str, Path] = field(default_factory=dict)  # a published post's key -> its built page
    posts: dict[str, Post] = field(default_factory=dict)


def _key(post_id: object, title: object) -> str:
    """A post's key: its id, or its title for the few exports whose items have no id."""
    return f"id {post_id}" if isinstance(post_id, int) else f"title {title}"


def build(source: Path, generator: str, site: Path) -> Built:
    need(generator)
    archive = importer.load([str(source)], ConvertOptions())
    options = MarkdownOptions(preset=generator)
    tally = importer.convert([str(source)], "markdown", str(site), ConvertOptions(), options)
    public = BUILDERS[generator](site)
    published = [p for p in archive.posts if p.type == "post" and is_public(p)]
    keys = [_key(p.id, p.title) for p in published]
    unique = {k: p for k, p in zip(keys, published, strict=True) if keys.count(k) == 1}
    built = Built(public, tally, len(published))
    for document in site.rglob("*.md"):
        front = _front_matter(document)
        key, url = _key(front.get("wordpress_id"), front.get("title")), front.get("url") or front.get("permalink")
        if key in unique and isinstance(url, str):
            built.pages[key] = _page_file(public, url)
            built.posts[key] = unique[key]
    assert len(built.pages) == len(unique), "every published post is written with its URL"
    return built


def _front_matter(document: Path) -> dict[str, object]:
    text = document.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    data = yaml.safe_load(text[4 : text.index("\n---", 4)])
    return data if isinstance(data, dict) else {}


def _page_file(public: Path, url: str) -> Path:
    path = url.strip("/")
    return public / path if path.endswith(".html") else public / path / "index.html"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path, str], Built]:
    """Build each (export, generator) once for the whole module."""
    cache: dict[tuple[Path, str], Built] = {}

    def get(source: Path, generator: str) -> Built:
        key = (source, generator)
        if key not in cache:
            cache[key] = build(source, generator, tmp_path_factory.mktemp(generator) / "site")
        return cache[key]

    return get


# ---- what a visitor reads ------------------------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^<>]*>")
_SHORTCODE = re.compile(r"\[/?[\w-]+(?:[\s=/][^\[\]]*)?\]")
_URL = re.compile(r"https?://\S+")
_FENCE_LINE = re.compile(r"^[ \t]{0,3}(?:`{3,}|~{3,})[^\n]*$", re.M)  # its info string is not shown
_WORD = re.compile(r"\w+")


def source_words(content: str) -> set[str]:
    """The words of a post's stored text: tags, comments, scripts, shortcode tags, fence lines and
    URLs removed."""
    text = _TAG.sub(" ", _SCRIPT.sub(" ", _COMMENT.sub(" ", _FENCE_LINE.sub(" ", content))))
    text = _URL.sub(" ", html.unescape(_SHORTCODE.sub(" ", text)))
    return set(_WORD.findall(text))


def page_text(page: Path) -> str:
    text = _TAG.sub("", _SCRIPT.sub(" ", _COMMENT.sub(" ", page.read_text(encoding="utf-8"))))
    return html.unescape(text).replace(WORD_JOINER, "")


def missing_words(built: Built) -> dict[str, list[str]]:
    missing: dict[str, list[str]] = {}
    for key, page in built.pages.items():
        assert page.is_file(), f"post {key}: no built page at {page}"
        text = page_text(page)
        lost = sorted(w for w in source_words(built.posts[key].content or "") if w not in text)
        if lost:
            missing[str(page.relative_to(built.public))] = lost[:12]
    return missing


def check_site(built: Built) -> None:
    posts_built = sum(1 for p in built.public.rglob("*.html") if POST_MARK in p.read_text(encoding="utf-8"))
    assert posts_built == built.published
    omitted = [str(p) for p in built.public.rglob("*.html") if "raw HTML omitted" in p.read_text(encoding="utf-8")]
    assert not omitted
    assert not missing_words(built)


EXPORTS = corpus_exports()


@pytest.mark.corpus
@pytest.mark.parametrize("generator", GENERATORS)
@pytest.mark.parametrize("relative", EXPORTS, ids=[Path(p).stem for p in EXPORTS])
def test_generator_builds_corpus_export_and_shows_every_word(
    corpus: Path, builds: Callable[[Path, str], Built], relative: str, generator: str
) -> None:
    check_site(builds(corpus / relative, generator))


FIXTURE_EXPORTS = sorted((FIXTURES / "markdown").glob("*.xml"))


@pytest.mark.parametrize("generator", GENERATORS)
@pytest.mark.parametrize("source", FIXTURE_EXPORTS, ids=[p.stem for p in FIXTURE_EXPORTS])
def test_generator_builds_fixture_and_shows_every_word(
    builds: Callable[[Path, str], Built], source: Path, generator: str
) -> None:
    check_site(builds(source, generator))


GARDEN = FIXTURES / "markdown" / "garden-blog.xml"


@pytest.mark.parametrize("generator", GENERATORS)
def test_comments_render_and_private_posts_stay_off_the_site(
    builds: Callable[[Path, str], Built], generator: str
) -> None:
    built = builds(GARDEN, generator)
    assert built.published == len(built.pages) == 5
    page = (built.public / "2019/06/tomatoes/index.html").read_text(encoding="utf-8")
    assert "<p>Bert</p>" in page and "<p>Seed Swap Weekly</p>" in page  # the comment data file rendered
    assert 'class="language-python' in page
    assert not (built.public / "2019/09/shed").exists() and not (built.public / "2019/09/members").exists()


def test_hugo_serves_old_addresses_as_aliases(builds: Callable[[Path, str], Built]) -> None:
    assert (builds(GARDEN, "hugo").public / "2020/07/blight/index.html").is_file()


def test_code_highlighter_fixture_shows_the_code_in_every_generator(builds: Callable[[Path, str], Built]) -> None:
    source = FIXTURES / "markdown" / "code-highlighters.xml"
    for generator in GENERATORS:
        text = page_text(builds(source, generator).public / "2021/03/wp-syntax-escaped/index.html")
        assert '<seed kind="sunflower &amp; millet"/>' in text  # the XML is shown, not parsed as tags
        assert "[caption]not a caption[/caption]" in text
