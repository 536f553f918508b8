"""Text from the blog never runs in a site generator: Hugo, Jekyll and Eleventy build it and print it.

fixtures/hostile/template-injection.xml puts Liquid tags and outputs (every spelling: no spaces,
``{%-``/``-%}``, ``{%endraw%}`` to close the old ``{% raw %}`` wrapper), Nunjucks comments and
Hugo shortcodes (``{{< >}}``, ``{{% %}}``, unclosed, without spaces, forged ``<x-markdown>``) in
bodies, code, titles, excerpts, tags, author names, comments and comment authors. Each site has
an include / shortcode / variable that prints SECRET-...; a build that shows one ran content.
These tests skip when the generator is missing, unless BLOGIMPORT_REQUIRE_ENGINES=1 (CI).
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_site_generators import need

import importer
from importer.api import ConvertOptions
from importer.writers.markdown import MarkdownOptions
from importer.writers.markdown.templates import WORD_JOINER, neutralise_templates

pytestmark = pytest.mark.engine

SOURCE = FIXTURES / "hostile" / "template-injection.xml"
SECRETS = ("SECRET-RAN", "SECRET-VAR", "gist.github.com")


def convert(site: Path, preset: str, comments: str) -> None:
    importer.convert(
        [str(SOURCE)], "markdown", str(site), ConvertOptions(), MarkdownOptions(preset=preset, comments=comments)
    )


def built_text(public: Path) -> str:
    """All HTML the build produced, tags removed and entities decoded: what a visitor reads."""
    pages = sorted(public.rglob("*.html"))
    assert pages, f"nothing built in {public}"
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    return html.unescape(re.sub(r"<[^>]*>", "", text)).replace(WORD_JOINER, "")


def assert_nothing_ran(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def run(args: list[str], cwd: Path | None = None) -> None:
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "ERROR" not in output and "Error" not in output, output


def hugo_site(site: Path, params: str = "") -> None:
    """A Hugo site with its own configuration (raw HTML shown, only pages built)."""
    site.mkdir()
    (site / "config.yaml").write_text(
        "baseURL: http://example.org/\ndisableKinds: [taxonomy, term, RSS, sitemap, robotsTXT, '404']\n"
        "markup: {goldmark: {renderer: {unsafe: true}}}\n" + params,
        encoding="utf-8",
    )


@pytest.mark.parametrize("comments", ["inline", "data"])
def test_hugo_prints_shortcodes_from_content(tmp_path: Path, comments: str) -> None:
    hugo = need("hugo")
    site = tmp_path / "site"
    hugo_site(site)
    convert(site, "hugo", comments)  # the site's own config is kept: the writer adds no hugo.toml
    assert not (site / "hugo.toml").exists()
    (site / "layouts/shortcodes").mkdir(parents=True)
    (site / "layouts/_default").mkdir()
    (site / "layouts/shortcodes/secret.html").write_text("SECRET-RAN", encoding="utf-8")
    (site / "layouts/_default/single.html").write_text(
        "<h1>{{ .Title }}</h1><p>{{ .Params.author }}</p><p>{{ .Summary }}</p>{{ .Content }}"
        "{{ with .Params.comments_data }}{{ with index $.Site.Data.comments . }}"
        "{{ range .comments }}<p>{{ .author }}</p>{{ .content | markdownify }}{{ end }}{{ end }}{{ end }}",
        encoding="utf-8",
    )
    (site / "layouts/_default/list.html").write_text("", encoding="utf-8")
    run([hugo, "--source", str(site), "--destination", str(site / "public")])
    text = built_text(site / "public" / "2015")
    assert_nothing_ran(text)
    for written in ("{{< secret >}}", "{{% secret %}}", "{{< gist someone 12345 >}}", "{{< secret with no end"):
        assert written in text
    assert "Hugo {{< secret >}} in a title" in text
    assert "Visitor {{< secret >}}" in text
    assert "Try {{< secret >}} or {{% secret %}}" in text
    # the shortcode blogimport writes itself still reaches Hugo as a shortcode
    assert "youtube.com/embed/abcdefghijk" in (site / "public/2015/04/hugo-shortcodes/index.html").read_text()


def jekyll_site(site: Path) -> None:
    (site / "_config.yml").write_text("markdown: kramdown\nquiet: true\nsecret_value: SECRET-VAR\n", encoding="utf-8")
    (site / "_includes").mkdir()
    (site / "_includes/secret.html").write_text("SECRET-RAN", encoding="utf-8")
    (site / "_layouts").mkdir()
    (site / "_layouts/post.html").write_text(
        "<h1>{{ page.title | escape }}</h1><p>{{ page.author | escape }}</p><p>{{ page.excerpt }}</p>{{ content }}"
        "{% for t in page.tags %}<p>{{ t | escape }}</p>{% endfor %}"
        "{% if page.comments_data %}{% assign thread = site.data.comments[page.comments_data] %}"
        "{% for c in thread.comments %}<p>{{ c.author | escape }}</p>{{ c.content | markdownify }}"
        "{% endfor %}{% endif %}",
        encoding="utf-8",
    )


LIQUID_TEXT = (
    "Plain tag: {% include secret.html %} and an output {{ site.secret_value }}.",
    "{%endraw%}{% include secret.html %}{% raw %} and {% endraw %}{{ site.secret_value }}",
    "{%- include secret.html -%} and {{- site.secret_value -}} and {%-include secret.html-%}",
    "Nunjucks comment {# this text must stay visible #} and a lone {{ with no end.",
    "In code: {% include secret.html %} {{ site.secret_value }}",
    "Nice post {% include secret.html %} and {{ site.secret_value }} and {%endraw%}{{ secret.value }}",
    "Visitor {% include secret.html %}",
    "Liquid {% include secret.html %} in a title {{ site.secret_value }}",
    "An excerpt with {% include secret.html %} in it",
)


@pytest.mark.parametrize("comments", ["inline", "data"])
def test_jekyll_prints_liquid_from_content(tmp_path: Path, comments: str) -> None:
    jekyll = need("jekyll")
    site = tmp_path / "site"
    convert(site, "jekyll", comments)
    jekyll_site(site)
    run([jekyll, "build", "--source", str(site), "--destination", str(site / "_site")])
    text = built_text(site / "_site" / "2015")
    assert_nothing_ran(text)
    for written in LIQUID_TEXT:
        assert written in text
    assert "Hugo {{< secret >}} in a title" in text


@pytest.mark.parametrize("engine", ["liquid", "njk"])
def test_eleventy_prints_liquid_and_nunjucks_from_content(tmp_path: Path, engine: str) -> None:
    eleventy = need("eleventy")
    site = tmp_path / "site"
    convert(site, "eleventy", "inline")
    (site / "_includes").mkdir()
    (site / "_includes/secret.html").write_text("SECRET-RAN", encoding="utf-8")
    (site / "_includes/post.liquid").write_text(
        "<h1>{{ title | escape }}</h1><p>{{ author | escape }}</p><p>{{ excerpt }}</p>{{ content }}", encoding="utf-8"
    )
    (site / "_data").mkdir(exist_ok=True)
    (site / "_data/site.json").write_text('{"secret_value": "SECRET-VAR"}', encoding="utf-8")
    (site / "_data/secret.json").write_text('{"value": "SECRET-VAR"}', encoding="utf-8")
    config = tmp_path / "eleventy.config.cjs"
    config.write_text(
        f'module.exports = function () {{ return {{ markdownTemplateEngine: "{engine}" }}; }};\n', encoding="utf-8"
    )
    run([eleventy, f"--config={config}", "--input=.", "--output=_site", "--quiet"], cwd=site)
    text = built_text(site / "_site" / "2015")
    assert_nothing_ran(text)
    for written in LIQUID_TEXT[:6]:
        assert written in text
    assert "Try {{< secret >}} or {{% secret %}}" in text


def test_only_marked_upstream_markdown_is_left_alone() -> None:
    from importer.transforms.html_to_markdown import UPSTREAM_END, UPSTREAM_START

    ours = UPSTREAM_START + "{{< youtube abc >}}" + UPSTREAM_END
    text, count = neutralise_templates("a {{< x >}} " + ours + " {{% y %}} {{< open", "hugo")
    assert text == "a {{</* x */>}} {{< youtube abc >}} {{%/* y */%}} {{" + WORD_JOINER + "< open"
    assert count == 3
    text, count = neutralise_templates(ours + "{{{%", "liquid")
    assert text == '{{< youtube abc >}}{{ "{{" }}{{ "{%" }}'
    assert (text, count) == ('{{< youtube abc >}}{{ "{{" }}{{ "{%" }}', 2)
    assert neutralise_templates("{% x %}" + ours, None) == ("{% x %}{{< youtube abc >}}", 0)


UNCLOSED = FIXTURES / "hostile" / "template-unclosed.xml"
UNCLOSED_SHOWN = (
    "Unclosed {{< secret and the rest of this paragraph AFTER-ONE stays.",
    "Unclosed percent {{% secret and AFTER-TWO too.",
    "An opener {{< gist someone 12345 whose closer comes a paragraph later.",
    "Here it is >}} and AFTER-THREE after it.",
    "In code {{< secret unclosed in code AFTER-FOUR",
    "Both kinds {{%secret{{<secret AFTER-FIVE",
    "A percent closer for an angle opener {{< secret %}} AFTER-SIX",
    "Ends with an opener {{<",
    "Visitor unclosed {{< secret AFTER-C1",
    "Visitor percent {{% secret AFTER-C2",
    "and a later paragraph with >}} and %}} in it",
    "{{< secret >}} closed, then {{< secret unclosed AFTER-C3",
)


@pytest.mark.parametrize("comments", ["inline", "data"])
def test_hugo_prints_openers_without_closers(tmp_path: Path, comments: str) -> None:
    """An opener with no closer after it (or only the other kind's) never opens a shortcode, and
    everything after it, to the end of the post or comment, is printed as written."""
    hugo = need("hugo")
    site = tmp_path / "site"
    hugo_site(site)
    importer.convert(
        [str(UNCLOSED)], "markdown", str(site), ConvertOptions(), MarkdownOptions(preset="hugo", comments=comments)
    )
    (site / "layouts/shortcodes").mkdir(parents=True)
    (site / "layouts/_default").mkdir()
    (site / "layouts/shortcodes/secret.html").write_text("SECRET-RAN", encoding="utf-8")
    (site / "layouts/_default/single.html").write_text(
        "{{ .Content }}{{ with .Params.comments_data }}{{ with index $.Site.Data.comments . }}"
        "{{ range .comments }}{{ .content | markdownify }}{{ end }}{{ end }}{{ end }}",
        encoding="utf-8",
    )
    (site / "layouts/_default/list.html").write_text("", encoding="utf-8")
    run([hugo, "--source", str(site), "--destination", str(site / "public")])
    text = " ".join(built_text(site / "public" / "2016").split())
    assert_nothing_ran(text)
    for shown in UNCLOSED_SHOWN:
        assert shown in text
