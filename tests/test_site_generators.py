"""Real Hugo and Jekyll build what --to markdown writes, and publish exactly the public posts.

Each test writes a minimal site around the export (a config and a one-line layout that marks
every post page), runs the real generator, and counts the post pages it produced.
These tests skip when the binary is missing, unless BLOGIMPORT_REQUIRE_ENGINES=1 (CI).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import importer
from importer.api import ConvertOptions
from importer.tally import Tally
from importer.writers.markdown import MarkdownOptions
from importer.writers.markdown.frontmatter import is_public

pytestmark = pytest.mark.engine

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
POST_MARK = "blogimport-post-page"
# A representative set: classic and block-editor content, WordPress.com and self-hosted,
# Chinese and Polish text, drafts and private posts, comments and pingbacks, shortcodes.
CORPUS_EXPORTS = [
    "wxr/theme-test-data/themeunittestdata.wordpress.xml",
    "wxr/theme-test-data/64-block-test-data.xml",
    "wxr/real-exports/everet.org-2012-12-23.xml",
    "wxr/real-exports/blogueun.wordpress.com-2014-06-16.xml",
    "wxr/real-exports/80dni.pl-2022-02-15-php-warnings-prefix.xml",
    "wxr/pelican/wordpressexport.xml",
    "wxr/jekyll-import/sitetitle.wordpress.2025-01-19.000.xml",
]


def need(binary: str) -> str:
    path = shutil.which(binary)
    if path is None:
        if os.environ.get("BLOGIMPORT_REQUIRE_ENGINES") == "1":
            pytest.fail(f"{binary} is required (BLOGIMPORT_REQUIRE_ENGINES=1) but not installed")
        pytest.skip(f"{binary} is not installed (apt install {binary}); set BLOGIMPORT_REQUIRE_ENGINES=1 to require it")
    return path


def export(source: Path, site: Path, preset: str, **options: object) -> tuple[int, Tally]:
    """Convert ``source`` into ``site``; return the number of public posts and the tally."""
    archive = importer.load([str(source)], ConvertOptions())
    public_posts = sum(1 for p in archive.posts if p.type == "post" and is_public(p))
    tally = importer.convert(
        [str(source)],
        "markdown",
        str(site),
        ConvertOptions(),
        MarkdownOptions(preset=preset, **options),  # type: ignore[arg-type]
    )
    return public_posts, tally


def count_post_pages(public: Path) -> int:
    return sum(1 for page in public.rglob("*.html") if POST_MARK in page.read_text(encoding="utf-8", errors="replace"))


def build_hugo(site: Path) -> Path:
    hugo = need("hugo")
    (site / "config.yaml").write_text(
        "baseURL: http://example.org/\n"
        "disableKinds: [taxonomy, term, RSS, sitemap, robotsTXT, '404']\n"
        "markup: {goldmark: {renderer: {unsafe: true}}}\n",
        encoding="utf-8",
    )
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
    result = subprocess.run(
        [hugo, "--source", str(site), "--destination", str(site / "public"), "--printPathWarnings"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "ERROR" not in result.stderr, result.stderr
    assert "Duplicate target paths" not in result.stderr + result.stdout  # two pages, one URL
    return site / "public"


def build_jekyll(site: Path) -> Path:
    jekyll = need("jekyll")
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
    result = subprocess.run(
        [jekyll, "build", "--source", str(site), "--destination", str(site / "_site")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stderr + result.stdout
    assert result.returncode == 0, output
    assert "Error" not in output and "Conflict" not in output, output
    return site / "_site"


@pytest.mark.corpus
@pytest.mark.parametrize("relative", CORPUS_EXPORTS, ids=[Path(p).stem for p in CORPUS_EXPORTS])
def test_hugo_builds_corpus_export(corpus: Path, tmp_path: Path, relative: str) -> None:
    need("hugo")
    public_posts, _ = export(corpus / relative, tmp_path, "hugo")
    assert count_post_pages(build_hugo(tmp_path)) == public_posts


@pytest.mark.corpus
@pytest.mark.parametrize("relative", CORPUS_EXPORTS, ids=[Path(p).stem for p in CORPUS_EXPORTS])
def test_jekyll_builds_corpus_export(corpus: Path, tmp_path: Path, relative: str) -> None:
    need("jekyll")
    public_posts, _ = export(corpus / relative, tmp_path, "jekyll")
    assert count_post_pages(build_jekyll(tmp_path)) == public_posts


FIXTURE_EXPORT = FIXTURES / "markdown" / "garden-blog.xml"


def test_hugo_builds_the_fixture_with_comments_and_without_private_posts(tmp_path: Path) -> None:
    need("hugo")
    public_posts, _ = export(FIXTURE_EXPORT, tmp_path, "hugo")
    public = build_hugo(tmp_path)
    assert count_post_pages(public) == public_posts == 5
    page = (public / "2019/06/tomatoes/index.html").read_text(encoding="utf-8")
    assert "<p>Bert</p>" in page and "<p>Seed Swap Weekly</p>" in page  # the comment data file rendered
    assert '<code class="language-python"' in page
    assert not (public / "2019/09/shed").exists() and not (public / "2019/09/members").exists()
    assert (public / "2020/07/blight/index.html").is_file()  # the alias of the renamed post


def test_jekyll_builds_the_fixture_with_comments_and_without_private_posts(tmp_path: Path) -> None:
    need("jekyll")
    public_posts, _ = export(FIXTURE_EXPORT, tmp_path, "jekyll")
    site = build_jekyll(tmp_path)
    assert count_post_pages(site) == public_posts == 5
    page = (site / "2019/06/tomatoes/index.html").read_text(encoding="utf-8")
    assert "<p>Bert</p>" in page and "<p>Seed Swap Weekly</p>" in page
    assert "{{ not liquid }}" in (site / "2019/07/blight/index.html").read_text(encoding="utf-8")
    assert not (site / "2019/09/shed").exists()
