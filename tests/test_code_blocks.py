"""Code is sacred: every highlighter form becomes a fence holding exactly the code, with its language.

The fixture ``fixtures/markdown/code-highlighters.xml`` has one post per stored form (the plugins'
real markup shapes around our own code, each with brackets, ``<``, ``&``, blank lines and tabs);
the rendered forms of saved pages are tested on fragments in the plugins' output shapes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import importer
from importer.api import ConvertOptions
from importer.transforms.code import recognise_code
from importer.transforms.html_to_markdown import to_markdown
from importer.writers.markdown import MarkdownOptions

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "markdown" / "code-highlighters.xml"

# slug -> (fence info string, the code exactly)
EXPECTED = {
    "wp-syntax-raw": (
        "python",
        "def tally(birds):\n\tcounts = {}\n\tfor bird in birds:\n\n"
        '\t\tif bird["wings"] < 3 and bird["name"] != "[none]":\n'
        '\t\t\tcounts[bird["name"]] = counts.get(bird["name"], 0) + 1\n\treturn counts & {}',
    ),
    "wp-syntax-escaped": (
        "xml",
        '<feeder id="3">\n  <seed kind="sunflower &amp; millet"/>\n\n  [caption]not a caption[/caption]\n</feeder>',
    ),
    "syntaxhighlighter-evolved": (
        "php",
        "$nest = $tree['oak'] ?? [];\nif ($eggs < 4 && $eggs > 0) {\n\techo \"[gallery]\";\n}",
    ),
    "crayon": ("javascript", "const refill = (grams) => grams < 50 ? [grams, 500] : [];\n\n\tconsole.log(refill(20));"),
    "prism": ("ruby", "nests = [1, 2, 3].select { |n| n < 3 && n > 0 }\n\n\tputs nests"),
    "sourcecode": ("css", '.feeder > .tray[data-seed="nyjer"] {\n\tcolor: #3a3;\n}\n\n/* [note]stays[/note] */'),
    "code-lang": ("bash", 'for f in *.jpg; do\n\t[ -s "$f" ] && echo "$f" > list.txt\ndone'),
    "php-shortcode": ("php", '<?php\n$flock = ["starling", "rook"];\n\necho count($flock) < 3 ? "[small]" : "big";'),
    "python-shortcode": ("python", "wings = [w for w in range(4) if w < 2]\n\n\tprint(wings)"),
    "codecolorer": ("php", "$seed = $bag[0] <=> $bag[1];\n\n\treturn $seed & 1;"),
    "editor-wrapped": ("sql", "SELECT name FROM birds WHERE wings < 3 AND tag = '[ringed]';\n\n\t-- done"),
    "shortcode-block": ("javascript", "let ok = a < b && [1].length;\n\n\tok;"),
    "markdown-fence": ("go", 'nests := []int{1, 2}\n\n\tif len(nests) < 3 && ok { fmt.Println("[gallery]") }'),
}
_FENCE = re.compile(r"^(`{3,})([^\n`]*)\n(.*?)\n\1$", re.M | re.S)


def fences(markdown: str) -> list[tuple[str, str]]:
    return [(m.group(2), m.group(3)) for m in _FENCE.finditer(markdown)]


@pytest.fixture(scope="module", params=[False, True], ids=["keep-unknown", "strip-unknown"])
def converted(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("code")
    options = MarkdownOptions(strip_unknown_shortcodes=request.param)
    tally = importer.convert([str(FIXTURE)], "markdown", str(out), ConvertOptions(), options)
    return out / "content" / "posts", tally


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_highlighter_form_becomes_a_fence_of_exactly_the_code(converted: tuple[Path, object], slug: str) -> None:
    posts, _ = converted
    markdown = (posts / f"{slug}.md").read_text(encoding="utf-8")
    assert fences(markdown) == [EXPECTED[slug]]


def test_brackets_in_prose_stay_text_and_only_plugin_shortcodes_are_reported(converted: tuple[Path, object]) -> None:
    posts, tally = converted
    markdown = (posts / "bracketed-prose.md").read_text(encoding="utf-8")
    for words in (r"\[not a shortcode]", r"\[Stupid ET]", r"\[sic]", "`[your user name]`", r"\[caption] as a word"):
        assert words in markdown
    changed = tally.changed  # type: ignore[attr-defined]
    reported = {key for key in changed if key.startswith("unknown shortcode")}
    stripped = any("removed" in key for key in reported)
    assert {key.split("]")[0] for key in reported} == {"unknown shortcode [contact-form-7", "unknown shortcode [note"}
    if stripped:
        assert "contact-form-7" not in markdown and "Refill on Sundays." in markdown and "[note" not in markdown
    else:
        assert r'\[contact-form-7 id="9" title="Ask"]' in markdown


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        # SyntaxHighlighter 1.x, lone GeSHi language class, prettify, Enlighter, Code Syntax Block
        ('<pre name="code" class="csharp">if (a &lt; b) {}</pre>', ("csharp", "if (a < b) {}")),
        ('<pre class="perl">print "[x]" if $a &lt; 2;</pre>', ("perl", 'print "[x]" if $a < 2;')),
        ('<pre class="prettyprint lang-matlab">x = [1 2];</pre>', ("matlab", "x = [1 2];")),
        (
            '<pre class="EnlighterJSRAW" data-enlighter-language="golang">a &amp;&amp; b</pre>',
            ("go", "a && b"),
        ),
        (
            '<!-- wp:code -->\n<pre class="wp-block-code"><code lang="rust" class="language-rust">let v = [0; 3];'
            "<br>v.len()</code></pre>\n<!-- /wp:code -->",
            ("rust", "let v = [0; 3];\nv.len()"),
        ),
        # [code="php"], CodeColorer's suffix form and escaped flag, Crayon's own shortcode
        ('[code="php"]echo "&lt;b&gt;";[/code]', ("php", 'echo "<b>";')),
        ("[cce_python]a = b &amp; c[/cce_python]", ("python", "a = b & c")),
        ('[crayon lang="c++"]int a[2];[/crayon]', ("cpp", "int a[2];")),
        # the visual editor's <br /> in a shortcode body is a line break, not code
        ("[sourcecode]first<br />\nsecond[/sourcecode]", ("", "first\nsecond")),
    ],
)
def test_more_stored_forms(stored: str, expected: tuple[str, str]) -> None:
    assert fences(to_markdown(recognise_code(stored))) == [expected]


@pytest.mark.parametrize(
    ("rendered", "expected"),
    [
        (  # WP-Syntax: numbers cell + GeSHi pre, and the hidden exact copy
            '<div class="wp_syntax" style="position:relative;"><table><tr><td class="line_numbers"><pre>1\n2\n</pre>'
            '</td><td class="code"><pre class="python" style="font-family:monospace;"><span style="color: #ff7700;">'
            'def</span> f<span style="color: black;">(</span>x<span>)</span>:\n    <span>return</span> x &lt; 1</pre>'
            '</td></tr></table><p class="theCode" style="display:none;">def f(x):\n\treturn x &lt; 1</p></div>',
            ("python", "def f(x):\n\treturn x < 1"),
        ),
        (  # GeSHi with line numbers: one li per line, NBSP indentation
            '<div class="php"><ol><li class="li1"><pre class="de1">&lt;?php</pre></li><li class="li2">'
            '<pre class="de1">&nbsp;&nbsp;<span class="kw1">echo</span> [1];</pre></li></ol></div>',
            ("php", "<?php\n  echo [1];"),
        ),
        (  # CodeColorer: numbers cell, code lines with <br /> and a newline each
            '<div class="codecolorer-container bash default"><table><tbody><tr><td class="line-numbers"><div>1<br />2'
            '<br /></div></td><td><div class="bash codecolorer"><span class="kw2">ls</span> a &amp;&amp; b<br />\n'
            "&nbsp; &nbsp; echo [x]<br />\n</div></td></tr></tbody></table></div>",
            ("bash", "ls a && b\n    echo [x]"),
        ),
        (  # CodeRay: numbers cell with onclick, <tt> newlines
            '<table class="CodeRay"><tr><td class="line_numbers" title="click to toggle" onclick="toggle()">'
            '<pre>1<tt>\n</tt>2<tt>\n</tt></pre></td><td class="code"><pre ondblclick="wrap()"><tt>\n</tt>'
            '<span class="r">def</span> go<tt>\n</tt>  x &lt; [1]<tt>\n</tt></pre></td></tr></table>',
            ("", "def go\n  x < [1]"),
        ),
        (  # Crayon: the textarea holds the exact code
            '<div id="crayon-1" class="crayon-syntax crayon-theme-classic"><div class="crayon-toolbar">'
            '<span class="crayon-title">T</span><span class="crayon-language">Python</span></div>'
            '<div class="crayon-plain-wrap"><textarea class="crayon-plain print-no">\nif a &lt; b:\n\tpass</textarea>'
            '</div><div class="crayon-main"><table class="crayon-table"><tr class="crayon-row">'
            '<td class="crayon-nums"><div class="crayon-num">1</div></td><td class="crayon-code">'
            '<div class="crayon-pre"><div class="crayon-line">if a &lt; b:</div></div></td></tr></table></div></div>',
            ("python", "if a < b:\n\tpass"),
        ),
        (  # SyntaxHighlighter 3 after its script ran: gutter + code lines
            '<div id="highlighter_1" class="syntaxhighlighter nogutter  ruby"><table><tr><td class="gutter">'
            '<div class="line number1 index0 alt2">1</div></td><td class="code"><div class="container">'
            '<div class="line number1 index0 alt2"><code class="ruby keyword">puts</code> [1]</div>'
            '<div class="line number2 index1 alt1">&nbsp;</div><div class="line number3 index2 alt2">'
            '<code class="ruby spaces">&nbsp;&nbsp;</code><code class="ruby plain">x</code></div></div></td></tr>'
            "</table></div>",
            ("ruby", "puts [1]\n\n  x"),
        ),
    ],
)
def test_rendered_forms_of_saved_pages(rendered: str, expected: tuple[str, str]) -> None:
    assert fences(to_markdown(rendered)) == [expected]


def test_shortcodes_inside_code_are_never_expanded_stripped_or_counted(tmp_path: Path) -> None:
    code = '[caption id="1"]<img src="a.jpg" />[/caption] [gallery] [contact-form-7 id="2"]'
    content = f'<pre>{code}</pre>\n\n<code>[poll id="3"]</code>'
    from importer.transforms.shortcodes import ShortcodeContext, expand_shortcodes

    for strip in (False, True):
        context = ShortcodeContext(strip_unknown=strip)
        assert expand_shortcodes(recognise_code(content), context) == content
        assert not context.unknown


def test_hostile_bracket_runs_are_linear() -> None:
    """A shape that made the old parser quadratic converts at all (a hang guard, not a timing)."""
    from importer.transforms.shortcodes import ShortcodeContext, expand_shortcodes

    text = "[a " * 200_000 + "<pre x" * 50_000 + "[code]" * 50_000 + "```x\n" * 50_000 + "<code>\n```\n" * 50_000
    assert expand_shortcodes(recognise_code(text), ShortcodeContext()).startswith("[a [a ")
