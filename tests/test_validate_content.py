"""The text checks behind BI021 mojibake and BI303 unbalanced-shortcode, as tables of cases."""

from __future__ import annotations

import pytest

from importer.validate.content import find_mojibake, links, repair_hint, unbalanced_shortcodes


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Caf\u00c3\u00a9 au lait", ["Ã©"]),
        ("it\u00e2\u20ac\u2122s", ["â€™"]),
        ("\u00c3\u00bcber \u00c3\u00b6l", ["Ã¼", "Ã¶"]),
        ("\u00f0\u0178\u02dc\u20ac emoji", ["\u00f0\u0178\u02dc\u20ac"]),
        ("café, naïve, Ærø, NÃO", []),  # correctly encoded text, and Ã followed by a letter
        ("plain ASCII", []),
    ],
)
def test_mojibake(text: str, found: list[str]) -> None:
    assert find_mojibake(text) == found


def test_repair_hint_shows_the_intended_character() -> None:
    assert repair_hint("Ã©") == "é"
    assert repair_hint("â€™") == "\u2019"


@pytest.mark.parametrize(
    ("content", "problems"),
    [
        ('[caption id="a1"]<img src="x.jpg"> Quay[/caption]', []),
        ("[gallery ids=1,2,3] and [audio src=x.mp3]", []),  # self-closing without a slash
        ("[video src=x.mp4 /]", []),
        ("[[caption]] is how you write a literal shortcode", []),
        ("[code]if a[/b]: pass[/code]", []),  # code content is literal
        ("<pre>[/quote]</pre>", []),
        ("text[/caption]", ["[/caption] closes a shortcode that was never opened"]),
        ('[caption id="a1"]<img src="x.jpg"> Quay', ["[caption] is never closed"]),
        ("[embed]https://video.example/1", ["[embed] is never closed"]),
        ("[quote]a [b]x[/b][/quote]", []),
        ("[gallery] then [/gallery]", []),
    ],
)
def test_unbalanced_shortcodes(content: str, problems: list[str]) -> None:
    assert unbalanced_shortcodes(content) == problems


def test_links_from_double_and_single_quoted_hrefs() -> None:
    html = '<a href="https://a.example/x/">x</a> <A HREF=\'/y\'>y</A> <img src="z.jpg">'
    assert list(links(html)) == ["https://a.example/x/", "/y"]
