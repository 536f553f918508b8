"""What would run in a browser is removed from published comments (always) and posts (--sanitize).

strip_active_content is checked with a table of spellings and a property test whose judge is
Python's html.parser, an HTML5-style tokenizer independent of the lxml parser the transform uses:
after stripping, no <script>, no on* attribute and no script URL is left in any spelling.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.cli import main
from importer.transforms.active_content import is_script_url, strip_active_content
from importer.writers.markdown.comments import markdown_literal

SOURCE = FIXTURES / "hostile" / "active-content.xml"
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href"}


class ActiveFinder(HTMLParser):
    """Every script element, event handler and script URL a browser-like tokenizer sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.found.append("<script>")
        seen: set[str] = set()
        for name, value in attrs:
            if name in seen:
                continue  # a browser keeps the first of two attributes with one name
            seen.add(name)
            if re.sub(r"^[^a-z]+", "", name).startswith("on") or name == "srcdoc":
                self.found.append(f"{tag} {name}")
            elif name in _URL_ATTRIBUTES and value and _runs(value):
                self.found.append(f"{tag} {name}={value}")

    handle_startendtag = handle_starttag


def _runs(url: str) -> bool:
    scheme = re.sub(r"[\x00-\x20\x7f]+", "", url).lower().split(":", 1)
    return len(scheme) == 2 and (scheme[0] in ("javascript", "vbscript") or url.lower().startswith("data:text"))


def active_in(text: str) -> list[str]:
    finder = ActiveFinder()
    finder.feed(text)
    finder.close()
    return finder.found


# (fragment, what must still be there after stripping)
STRIPPED = [
    ("hi <script>alert(1)</script> there", "hi  there"),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>ok", "ok"),
    ('<img src="/a.png" onerror="alert(1)">', '<img src="/a.png">'),
    ("<img/onerror=alert(1) src=x>", '<img src="x">'),
    ('<p title="t" onclick=1 ONMOUSEOVER=2 OnFocus=3>z</p>', '<p title="t">z</p>'),
    ('<div """onclick=x>a</div>', "<div>a</div>"),
    ('<a href="javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="JavaScript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href=" javascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="java\tscript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="java&#x09;script:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="jav&#x61;script:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="&#106;avascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="&#106avascript:alert(1)">x</a>', "<a>x</a>"),
    ('<a href="javascript&#58;alert(1)">x</a>', "<a>x</a>"),
    ('<a href="javascript&amp;#58;alert(1)">x</a>', "<a>x</a>"),  # Markdown would decode the entity
    ('<a href="javascript\\:alert(1)">x</a>', "<a>x</a>"),  # Markdown would drop the backslash
    ('<a href="vbscript:msgbox(1)">x</a>', "<a>x</a>"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "<a>x</a>"),
    ('<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">b</button></form>', "<button>b"),
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "<iframe></iframe>"),
    ('<iframe src="javascript:alert(1)"></iframe>', "<iframe></iframe>"),
    ('<object data="javascript:alert(1)"></object>', "<object></object>"),
    ('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', "<text>x</text>"),
    ('<svg onload="alert(1)"><script>alert(2)</script></svg>', "<svg></svg>"),
    ('<svg><set attributeName="href" to="javascript:alert(1)"/></svg>', "<svg></svg>"),
    ('<svg><animate attributeName="xlink:href" values="javascript:alert(1)"/></svg>', "<svg></svg>"),
    ('<math><a xlink:href="javascript:alert(1)">m</a></math>', "m</a>"),
    ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">after', "after"),
    ("<scr<script>ipt>alert(1)</script>", "alert(1)"),
    ('<span style="color:red" onmouseover="x">red</span>', '<span style="color:red">red</span>'),
]

KEPT = [
    "plain text with no markup",
    "<p>A <b>bold</b> claim &amp; a <a href='https://example.org/'>link</a></p>",
    '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">',
    '<a href="/relative/javascript:not-a-scheme">x</a>',
    '<a href="https://example.org/?q=javascript:">x</a>',
    '<p title="javascript: the good parts">a title is not a URL</p>',
    "<p>onclick= written as text, and <code>&lt;script&gt;</code> in code</p>",
    '<iframe src="https://www.youtube.com/embed/abc" allowfullscreen></iframe>',
    "<noscript>no script here</noscript>",
]


@pytest.mark.parametrize(("fragment", "kept"), STRIPPED)
def test_every_spelling_of_active_content_is_removed(fragment: str, kept: str) -> None:
    stripped, removed = strip_active_content(fragment)
    assert removed >= 1
    assert kept in stripped
    assert active_in(stripped) == []
    assert "alert" not in stripped or kept == "alert(1)"  # the garbage element's text stays text
    assert strip_active_content(stripped) == (stripped, 0)


@pytest.mark.parametrize("fragment", KEPT)
def test_harmless_html_is_returned_byte_for_byte(fragment: str) -> None:
    assert strip_active_content(fragment) == (fragment, 0)


@pytest.mark.parametrize(
    "url",
    ["javascript:x", " JAVASCRIPT:x", "java\nscript:x", "jav&#x61;script:x", "vbscript:x", "data:text/html,x"],
)
def test_script_urls(url: str) -> None:
    assert is_script_url(url)


@pytest.mark.parametrize("url", ["https://x.example/", "/javascript:", "mailto:a@b.example", "data:image/png;base64,"])
def test_urls_that_run_nothing(url: str) -> None:
    assert not is_script_url(url)


def _script_url_read_in_full(url: str) -> bool:
    """is_script_url without its shortcut for http(s) URLs: the URL decoded and read as a browser does."""
    value = re.sub(r"[\x00-\x20\x7f\\]+", "", html.unescape(url)).lower()
    return value.startswith(("javascript:", "vbscript:", "livescript:")) or (
        value.startswith("data:") and not value.startswith("data:image/")
    )


@settings(max_examples=300)
@given(
    st.sampled_from(["https://", "http://", "HTTP://", "", " ", "&#104;ttps://"]),
    st.text(alphabet="ajvs:/\\&#;x0A \t\ndat", max_size=20),
)
def test_a_web_url_is_read_as_in_full(prefix: str, rest: str) -> None:
    assert is_script_url(prefix + rest) == _script_url_read_in_full(prefix + rest)


_SCHEME = st.sampled_from(["javascript:", "JaVaScRiPt:", "vbscript:", "data:text/html,", "https://ok.example/"])
_NOISE = st.sampled_from(["", " ", "\t", "\n", "&#9;", "&#x0A;", "\x01"])


@st.composite
def _url(draw: st.DrawFn) -> str:
    scheme = draw(_SCHEME)
    cut = draw(st.integers(0, len(scheme)))
    encode = draw(st.booleans())
    letter = scheme[0]
    spelled = f"&#{ord(letter)};" + scheme[1:] if encode else scheme
    spelled = spelled if cut == 0 or encode else spelled[:cut] + draw(_NOISE) + spelled[cut:]
    return draw(_NOISE) + spelled + "alert(1)"


@st.composite
def _fragment(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        tag = draw(st.sampled_from(["a", "img", "iframe", "svg", "span", "form", "p", "script", "SCRIPT", "object"]))
        attrs = []
        for _ in range(draw(st.integers(0, 3))):
            name = draw(st.sampled_from(["href", "src", "HREF", "onclick", "ONload", "onerror", "title", "data"]))
            sep = draw(st.sampled_from(["=", " = ", "="]))
            quote = draw(st.sampled_from(['"', "'", ""]))
            value = draw(_url()) if name.lower() in ("href", "src", "data") else "alert(1)"
            value = value if quote else value.replace(" ", "").replace("\t", "").replace("\n", "")
            attrs.append(f"{name}{sep}{quote}{value}{quote}")
        joiner = draw(st.sampled_from([" ", "/", "\n"]))
        parts.append(f"<{tag}{joiner}{' '.join(attrs)}>text {draw(st.text(max_size=5))}</{tag}>")
    return " ".join(parts)


@settings(max_examples=300, deadline=None)
@given(_fragment())
def test_nothing_a_browser_would_run_survives(fragment: str) -> None:
    stripped, _ = strip_active_content(fragment)
    assert active_in(stripped) == [], stripped
    assert strip_active_content(stripped)[1] == 0


@pytest.mark.parametrize(
    "name",
    ["<img src=x onerror=alert(1)>", "*Mallory* [x](javascript:y)", "{{< secret >}}", "a_b_ & `c` ~~d~~", "Zoë"],
)
def test_a_comment_author_name_is_markdown_text(name: str) -> None:
    from importer.transforms.html_to_markdown import to_markdown

    literal = markdown_literal(name)
    # the Markdown of the name converts back to the name: it is text, not markup
    assert html.unescape(re.sub(r"\\(.)", r"\1", literal)) == name
    assert to_markdown(html.escape(name)).strip() == literal


def convert(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["convert", str(SOURCE), "--to", "markdown", "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("comments", ["inline", "data"])
def test_comments_lose_active_content_by_default_and_posts_keep_theirs(tmp_path: Path, comments: str) -> None:
    out = convert(tmp_path, "--comments", comments)
    post = (out / "content/posts/counter-widget.md").read_text(encoding="utf-8")
    data = "".join(p.read_text(encoding="utf-8") for p in (out / "data").rglob("*.json"))
    published_comments = post.split("## Comments", 1)[1] if comments == "inline" else data
    for word in ("VISITOR-TEXT-1", "VISITOR-LINK", "VISITOR-SUP", "VISITOR-ENTITY", "VISITOR-TEXT-2", "fine link"):
        assert word in published_comments
    for active in ("<script", 'onmouseover="alert', 'onclick="alert', "javascript:", "srcdoc", "data:text", "alert(5)"):
        assert active not in published_comments
    # the author wrote the script, the handlers and the script links: they stay without --sanitize
    body = post.split("## Comments", 1)[0]
    assert '<script>document.title = "AUTHOR-SCRIPT";</script>' in body
    assert "[AUTHOR-LINK counter](javascript:count())" in body and 'onmouseover="count()"' in body


def test_sanitize_strips_posts_and_excerpts_too(tmp_path: Path) -> None:
    out = convert(tmp_path, "--comments", "inline", "--sanitize")
    post = (out / "content/posts/counter-widget.md").read_text(encoding="utf-8")
    body = post.split("## Comments", 1)[0]  # (the comments' author name is Markdown text: \<img ...)
    assert active_in(body) == [] and "javascript" not in post.lower() and "count()" not in post
    for word in ("AUTHOR-CLICKS", "AUTHOR-LINK counter", "AUTHOR-ENTITY", "AUTHOR-TAB", "AUTHOR-SVG", "AUTHOR-EXCERPT"):
        assert word in post
    assert "[about page](https://fingers.example/about/)" in post


def test_archives_keep_the_text_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "blog.json"
    result = CliRunner().invoke(main, ["convert", str(SOURCE), "--to", "json", "-o", str(out), "--sanitize"])
    assert result.exit_code == 2, "--sanitize is for --to markdown"
    result = CliRunner().invoke(main, ["convert", str(SOURCE), "--to", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    post = next(p for p in document["posts"] if p["id"] == 20)
    assert '<script>document.title = "AUTHOR-SCRIPT";</script>' in post["content"]
    assert '<script>alert("VISITOR-SCRIPT")</script>' in post["comments"][0]["content"]
    assert post["comments"][0]["author_url"] == "javascript:alert(document.cookie)"


def test_the_tally_says_what_was_removed(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["convert", str(SOURCE), "--to", "markdown", "-o", str(tmp_path / "s"), "--sanitize", "--comments", "inline"],
    )
    assert "2 comments with active content removed" in result.output
    assert "1 posts with active content removed" in result.output
    assert "1 comment author URLs that would run a script, not published" in result.output


# Built by the real generators: the page a visitor gets runs nothing a commenter wrote.

HUGO_LAYOUT = (
    "<h1>{{ .Title }}</h1>{{ .Content }}<section id=data-comments>"
    "{{ with .Params.comments_data }}{{ with index $.Site.Data.comments . }}{{ range .comments }}"
    '<p><a href="{{ .author_url }}">{{ .author }}</a></p>{{ .content | markdownify }}'
    '{{ range .replies }}<p><a href="{{ .author_url }}">{{ .author }}</a></p>{{ .content | markdownify }}{{ end }}'
    "{{ end }}{{ end }}{{ end }}</section>"
)
JEKYLL_LAYOUT = (
    "<h1>{{ page.title | escape }}</h1>{{ content }}<section id=data-comments>"
    "{% if page.comments_data %}{% assign thread = site.data.comments[page.comments_data] %}"
    '{% for c in thread.comments %}<p><a href="{{ c.author_url }}">{{ c.author | escape }}</a></p>'
    "{{ c.content | markdownify }}{% for r in c.replies %}"
    '<p><a href="{{ r.author_url }}">{{ r.author | escape }}</a></p>{{ r.content | markdownify }}{% endfor %}'
    "{% endfor %}{% endif %}</section>"
)


def build(tmp_path: Path, generator: str, comments: str, sanitize: bool) -> str:
    """Convert the fixture for ``generator``, build it, and return the post's built page."""
    from test_hostile_templates import hugo_site, run
    from test_site_generators import need

    binary = need(generator)
    site = tmp_path / "site"
    if generator == "hugo":
        hugo_site(site)
    extra = ["--sanitize"] if sanitize else []
    args = ["convert", str(SOURCE), "--to", "markdown", "--preset", generator, "-o", str(site), "--comments", comments]
    result = CliRunner().invoke(main, [*args, *extra])
    assert result.exit_code == 0, result.output
    if generator == "hugo":
        (site / "layouts/_default").mkdir(parents=True)
        (site / "layouts/_default/single.html").write_text(HUGO_LAYOUT, encoding="utf-8")
        (site / "layouts/_default/list.html").write_text("", encoding="utf-8")
        run([binary, "--source", str(site), "--destination", str(site / "public")])
        public = site / "public"
    elif generator == "jekyll":
        (site / "_config.yml").write_text("markdown: kramdown\nquiet: true\n", encoding="utf-8")
        (site / "_layouts").mkdir()
        (site / "_layouts/post.html").write_text(JEKYLL_LAYOUT, encoding="utf-8")
        run([binary, "build", "--source", str(site), "--destination", str(site / "_site")])
        public = site / "_site"
    else:
        (site / "_includes").mkdir()
        (site / "_includes/post.liquid").write_text("<h1>{{ title | escape }}</h1>{{ content }}", encoding="utf-8")
        run([binary, "--input=.", "--output=_site", "--quiet"], cwd=site)
        public = site / "_site"
    return (public / "2016/05/counter-widget/index.html").read_text(encoding="utf-8")


def visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", page))


CASES = [("hugo", "inline"), ("hugo", "data"), ("jekyll", "inline"), ("jekyll", "data"), ("eleventy", "inline")]


@pytest.mark.engine
@pytest.mark.parametrize(("generator", "comments"), CASES)
def test_built_comments_run_nothing_and_show_the_visitors_text(tmp_path: Path, generator: str, comments: str) -> None:
    page = build(tmp_path, generator, comments, sanitize=False)
    split = ">Comments</h2>" if comments == "inline" else "<section id=data-comments>"
    body, published_comments = page.split(split, 1)
    assert active_in(published_comments) == [], published_comments
    shown = visible_text(published_comments)
    for word in ("VISITOR-TEXT-1", "VISITOR-LINK", "VISITOR-SUP", "VISITOR-ENTITY", "VISITOR-TEXT-2", "fine link"):
        assert word in shown
    assert "<img src=x onerror=alert(1)> *Mallory* [x]" in shown  # the name as the visitor typed it
    assert re.search(r"<script>document.title = [^<]*AUTHOR-SCRIPT", body)  # the author's own, kept


@pytest.mark.engine
@pytest.mark.parametrize("generator", ["hugo", "jekyll", "eleventy"])
def test_built_sanitized_site_runs_nothing(tmp_path: Path, generator: str) -> None:
    page = build(tmp_path, generator, "inline", sanitize=True)
    assert active_in(page) == [], page
    shown = visible_text(page)
    for word in ("AUTHOR-CLICKS", "AUTHOR-LINK counter", "AUTHOR-SVG", "AUTHOR-SPAN red", "VISITOR-TEXT-2"):
        assert word in shown


def test_a_fragment_nested_deeper_than_the_parser_goes_keeps_its_text() -> None:
    words = " ".join(f"word{i}" for i in range(500))
    reported: list[int] = []
    cleaned, removed = strip_active_content(
        "<script>alert(1)</script>" + "<div>" * 1000 + words + "</div>" * 1000, reported.append
    )
    assert removed == 1
    assert words in cleaned and "alert" not in cleaned
    assert reported and reported[0] > 0
