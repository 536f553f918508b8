"""The fidelity check tells a faithful conversion from a lossy one."""

from __future__ import annotations

import pytest

from importer.transforms.fidelity import check_round_trip

SAME = [
    ("tight and loose lists", "<ul><li><p>a</p></li><li><p>b</p></li></ul>", "- a\n- b\n"),
    ("b is strong, i is em", "<p><b>x</b> <i>y</i></p>", "**x** *y*\n"),
    ("whitespace collapses", "<p>a\n   b</p>", "a b\n"),
    ("space inside or outside emphasis", "<p><em>a </em>b</p>", "*a* b\n"),
    ("percent-encoded URL", '<p><a href="http://x.org/a b">l</a></p>', "[l](<http://x.org/a b>)\n"),
    ("div text becomes a paragraph", "<div>loose text</div>", "loose text\n"),
    ("trailing br", "<p>a<br></p>", "a\n"),
    ("comments ignored", "<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->", "a\n"),
    ("code block language and markup", '<pre class="x"><b>if</b> x</pre>', "```\nif x\n```\n"),
]
DIFFERENT = [
    ("lost paragraph break", "<p>a</p><p>b</p>", "a b\n"),
    ("lost emphasis", "<p><em>a</em></p>", "a\n"),
    ("changed link target", '<p><a href="http://a/">l</a></p>', "[l](http://b/)\n"),
    ("changed text", "<p>colour</p>", "color\n"),
    ("lost line break", "<p>a<br>b</p>", "a\nb\n"),
    ("unescaped asterisks", "<p>*a*</p>", "*a*\n"),
    ("heading level", "<h2>T</h2>", "### T\n"),
    ("changed code", "<pre>a  b</pre>", "```\na b\n```\n"),
    ("lost image", '<p><img src="a.jpg"></p>', "\n"),
]


@pytest.mark.parametrize(("html", "markdown"), [c[1:] for c in SAME], ids=[c[0] for c in SAME])
def test_equivalent_documents_round_trip(html: str, markdown: str) -> None:
    result = check_round_trip(html, markdown)
    assert result.exact, result.first_difference()
    assert result.first_difference() == ""


@pytest.mark.parametrize(("html", "markdown"), [c[1:] for c in DIFFERENT], ids=[c[0] for c in DIFFERENT])
def test_differences_are_reported(html: str, markdown: str) -> None:
    result = check_round_trip(html, markdown)
    assert not result.exact
    assert result.first_difference().startswith("token ")
