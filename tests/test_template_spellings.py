"""Every spelling of template syntax in content is printed as written by the real generators.

A table of spellings (Liquid and Nunjucks tags, outputs and comments with any spacing and
whitespace control, ``{% raw %}`` tricks, Hugo shortcodes of both kinds, escaped, unclosed,
nested, spread over lines) and a seeded batch of random strings made of delimiter pieces go,
each with a numbered marker, into a generated export: in a paragraph, in a code block, in inline
code, in a comment (inline, and for Hugo and Jekyll also in a data file shown with markdownify)
and in a title. One build per generator (Eleventy once per markdownTemplateEngine setting:
liquid, njk, and none), then each marker's text on the built page
must be the spelling exactly (whitespace aside), and nothing a spelling could call ran.
These tests skip when a generator is missing, unless BLOGIMPORT_REQUIRE_ENGINES=1 (CI).
"""

from __future__ import annotations

import html
import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_hostile_templates import hugo_site, jekyll_site, run
from test_site_generators import need

import importer
from importer.api import ConvertOptions
from importer.writers.markdown import MarkdownOptions
from importer.writers.markdown.templates import WORD_JOINER, neutralise_templates

SPELLINGS = [
    "{% include secret.html %}",
    "{%include secret.html%}",
    "{%- include secret.html -%}",
    "{%-include secret.html-%}",
    "{%endraw%}{% include secret.html %}{% raw %}",
    "{% endraw %}{{ site.secret_value }}",
    "{%raw%}{{ site.secret_value }}{%endraw%}",
    "{{ site.secret_value }}",
    "{{site.secret_value}}",
    "{{- site.secret_value -}}",
    "{{ site.secret_value }}{{ page.title }}",
    "{% comment %}still shown{% endcomment %}",
    "{# a Nunjucks comment #}",
    "a stray #} and %} and }}",
    "{{{ site.secret_value }}}",
    "{{{%",
    "{%% include secret.html %%}",
    "{ { site.secret_value } } and { % include secret.html % }",
    "{% include secret.html",
    "{{ site.secret_value",
    "{%%}{{}}",
    "{{ '{%' }} and {{ \"{{\" }}",
    "{{< secret >}}",
    "{{<secret>}}",
    "{{% secret %}}",
    "{{%secret%}}",
    "{{< secret />}}",
    "{{< /secret >}}",
    "{{< gist someone 12345 >}}",
    '{{% param "secret_value" %}}',
    "{{</* secret */>}}",
    "{{%/* secret */%}}",
    "{{< secret */>}}",
    "{{< a {{< secret >}}",
    "{{< secret",
    "{{% secret",
    "{{<  secret  >}}",
    '{{< secret ">}}" >}}',
    "{{<< secret >>}}",
    "{{ < secret > }}",
    "{{<\nsecret\n>}}",
    "{{< secret >}} and {{% secret %}} and {% include secret.html %}",
]
_PIECES = ["{", "}", "%", "<", ">", "#", "-", "/*", "*/", " ", "secret", '"', "{{", "}}", "{%", "%}"]
_PIECES += ["{{<", ">}}", "{{%", "%}}", "{#", "#}", "{%-", "-%}", "raw", "endraw", "include secret.html", "x"]
_random = random.Random(17)
RANDOM_SPELLINGS = ["".join(_random.choice(_PIECES) for _ in range(_random.randint(2, 9))) for _ in range(60)]
ALL = SPELLINGS + RANDOM_SPELLINGS
SECRETS = ("SECRET-RAN", "SECRET-VAR", "gist.github.com")


def export(path: Path) -> Path:
    """An export: a post holding every spelling (text, code, inline code), a comment for each, a
    post titled with each."""
    body, comments, items = [], [], []
    for n, spelling in enumerate(ALL):
        shown = html.escape(spelling)
        body.append(f"<p>P{n}⟦{shown}⟧</p>\n<pre>C{n}⟦{shown}⟧</pre>\n<p>I{n}⟦<code>{shown}</code>⟧</p>")
        comments.append(
            f"<wp:comment><wp:comment_id>{n + 1}</wp:comment_id><wp:comment_author>Visitor</wp:comment_author>"
            "<wp:comment_date>2015-03-02 09:00:00</wp:comment_date>"
            f"<wp:comment_content><![CDATA[K{n}⟦{shown}⟧]]></wp:comment_content>"
            "<wp:comment_approved>1</wp:comment_approved></wp:comment>"
        )
        items.append(_item(100 + n, f"title-{n}", f"T{n}⟦{html.escape(spelling)}⟧", "A title.", ""))
    items.append(_item(10, "spellings", "Spellings", "\n".join(body), "".join(comments)))
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">'
        "<channel><title>Spellings</title><link>https://spell.example</link><wp:wxr_version>1.2</wp:wxr_version>"
        + "".join(items)
        + "</channel></rss>\n",
        encoding="utf-8",
    )
    return path


def _item(post_id: int, slug: str, title: str, content: str, comments: str) -> str:
    return (
        f"<item><title>{title}</title><content:encoded><![CDATA[{content}]]></content:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>2015-03-01 10:00:00</wp:post_date>"
        f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        f"{comments}</item>"
    )


# What the renderers' typographers make of quotes, dashes and angle quotes in any text (Hugo's
# goldmark and Jekyll's kramdown): not template syntax, so undone before comparing.
TYPOGRAPHY = str.maketrans(
    {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'", "\u2013": "--", "\u2014": "---", "«": "<<", "»": ">>"}
)


def shown_text(page: str) -> str:
    """What a visitor reads: tags removed, entities decoded, typography undone."""
    return html.unescape(re.sub(r"<[^>]*>", "", page)).translate(TYPOGRAPHY).replace("\u2026", "...")


def assert_printed_as_written(pages: str, generator: str) -> None:
    for secret in SECRETS:
        assert secret not in pages
    text = shown_text(pages)
    if generator == "hugo":  # an unclosed {{< or {{% can only be printed with an invisible joiner
        text = text.replace(WORD_JOINER, "")
    wrong = []
    for n, spelling in enumerate(ALL):
        for where in ("P", "C", "I", "K", "T"):
            if "\n" in spelling and where == "I":
                continue  # a line break in inline code is not template syntax (kramdown shows a backslash)
            found = re.findall(rf"{where}{n}⟦(.*?)⟧", text, re.S)
            # (each place it is shown: Jekyll's layout shows the excerpt, the whole post here)
            if {" ".join(f.split()) for f in found} != {" ".join(spelling.split())}:
                wrong.append(f"{where}{n}: {spelling!r} shown as {found!r}")
    assert not wrong, "\n".join(wrong)


def convert(site: Path, preset: str, tmp_path: Path, comments: str = "inline") -> None:
    source = export(tmp_path / "spellings.xml")
    options = MarkdownOptions(preset=preset, comments=comments)
    importer.convert([str(source)], "markdown", str(site), ConvertOptions(), options)


@pytest.mark.engine
@pytest.mark.parametrize("comments", ["inline", "data"])
def test_hugo(tmp_path: Path, comments: str) -> None:
    hugo = need("hugo")
    site = tmp_path / "site"
    hugo_site(site, "params: {secret_value: SECRET-VAR}\n")
    convert(site, "hugo", tmp_path, comments)
    (site / "layouts/shortcodes").mkdir(parents=True)
    (site / "layouts/_default").mkdir()
    for name in ("secret", "a", "x"):
        (site / f"layouts/shortcodes/{name}.html").write_text("SECRET-RAN", encoding="utf-8")
    (site / "layouts/_default/single.html").write_text(
        "<h1>{{ .Title }}</h1>{{ .Content }}{{ with .Params.comments_data }}{{ with index $.Site.Data.comments . }}"
        "{{ range .comments }}{{ .content | markdownify }}{{ end }}{{ end }}{{ end }}",
        encoding="utf-8",
    )
    (site / "layouts/_default/list.html").write_text("", encoding="utf-8")
    run([hugo, "--source", str(site), "--destination", str(site / "public")])
    pages = "\n".join(p.read_text(encoding="utf-8") for p in sorted((site / "public/2015").rglob("*.html")))
    assert_printed_as_written(pages, "hugo")


@pytest.mark.engine
@pytest.mark.parametrize("comments", ["inline", "data"])
def test_jekyll(tmp_path: Path, comments: str) -> None:
    jekyll = need("jekyll")
    site = tmp_path / "site"
    convert(site, "jekyll", tmp_path, comments)
    jekyll_site(site)  # the title, comments in data files shown with markdownify
    run([jekyll, "build", "--source", str(site), "--destination", str(site / "_site")])
    pages = "\n".join(p.read_text(encoding="utf-8") for p in sorted((site / "_site/2015").rglob("*.html")))
    assert_printed_as_written(pages, "jekyll")


@pytest.mark.engine
@pytest.mark.parametrize("engine", ['"liquid"', '"njk"', "false"])
def test_eleventy(tmp_path: Path, engine: str) -> None:
    eleventy = need("eleventy")
    site = tmp_path / "site"
    convert(site, "eleventy", tmp_path)
    (site / "_includes").mkdir()
    (site / "_includes/secret.html").write_text("SECRET-RAN", encoding="utf-8")
    (site / "_includes/post.liquid").write_text("<h1>{{ title | escape }}</h1>{{ content }}", encoding="utf-8")
    (site / "_data").mkdir(exist_ok=True)
    (site / "_data/site.json").write_text('{"secret_value": "SECRET-VAR"}', encoding="utf-8")
    config = tmp_path / "eleventy.config.cjs"
    config.write_text(f"module.exports = () => ({{ markdownTemplateEngine: {engine} }});\n", encoding="utf-8")
    run([eleventy, f"--config={config}", "--input=.", "--output=_site", "--quiet"], cwd=site)
    pages = "\n".join(p.read_text(encoding="utf-8") for p in sorted((site / "_site/2015").rglob("*.html")))
    assert_printed_as_written(pages, "eleventy")


# The same, as properties over any text, against models of the two lexers: Liquid's tokenizer
# (Jekyll's Liquid 4: a tag or an output is the shortest "{%...%}" or "{{...}}") and Hugo's
# shortcode lexer (a "{{<" or "{{%" opens a shortcode; "{{</*" opens a comment that ends at the
# first "*/>}}" and is printed with its delimiters, without the "/*" and "*/").

_LIQUID_TOKEN = re.compile(r"\{%.*?%\}|\{\{.*?\}\}?", re.S)
_TEXT = st.lists(st.sampled_from([*_PIECES, "\n", "a", "*", "\\"]), max_size=40).map("".join)


def liquid_renders(template: str) -> str:
    """What Liquid prints for ``template``, which may hold only outputs of a string literal."""

    def output(match: re.Match[str]) -> str:
        literal = re.fullmatch(r'\{\{ "([^"]*)" \}\}', match.group(0))
        assert literal is not None, f"Liquid would run {match.group(0)!r}"
        return literal.group(1)

    return _LIQUID_TOKEN.sub(output, template)


def hugo_prints(source: str) -> str:
    """What Hugo puts in the Markdown for ``source``, which may hold only shortcode comments."""
    printed, position = [], 0
    while (match := re.compile(r"\{\{([<%])").search(source, position)) is not None:
        kind = match.group(1)
        closer = "*/" + {"<": ">}}", "%": "%}}"}[kind]
        assert source.startswith("/*", match.end()), f"Hugo would run a shortcode at {source[match.start() :]!r}"
        end = source.find(closer, match.end() + 2)
        assert end >= 0, f"unclosed shortcode comment in {source!r}"
        printed += [source[position : match.start()], "{{" + kind + source[match.end() + 2 : end] + closer[2:]]
        position = end + len(closer)
    return "".join(printed) + source[position:]


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_liquid_prints_any_text_as_written(text: str) -> None:
    escaped, _ = neutralise_templates(text, "liquid")
    assert liquid_renders(escaped) == text


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_hugo_prints_any_text_as_written(text: str) -> None:
    escaped, _ = neutralise_templates(text, "hugo")
    assert hugo_prints(escaped).replace(WORD_JOINER, "") == text


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_eleventy_and_plain_text_is_left_as_written(text: str) -> None:
    assert neutralise_templates(text, None) == (text, 0)  # eleventy: no template language
    assert neutralise_templates(text, "plain") == (text, 0)
