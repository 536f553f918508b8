"""Shortcodes: parsed like WordPress, built-ins expanded to HTML, unknown ones kept and counted."""

from __future__ import annotations

import pytest

from importer.transforms.code import recognise_code
from importer.transforms.html_to_markdown import to_markdown
from importer.transforms.shortcode_tags import find_shortcodes, parse_attributes
from importer.transforms.shortcodes import ShortcodeContext, expand_shortcodes
from importer.transforms.wpautop import wpautop


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a=\"1\" b='2' c=3", {"a": "1", "b": "2", "c": "3"}),
        ('http://x.org/v "quoted words" bare', {"0": "http://x.org/v", "1": "quoted words", "2": "bare"}),
        ('ID="5" Align=left', {"id": "5", "align": "left"}),
        ("", {}),
    ],
)
def test_parse_attributes(text: str, expected: dict[str, str]) -> None:
    assert parse_attributes(text) == expected


def test_find_enclosing_self_closing_and_escaped() -> None:
    text = '[b x="1"]in[/b] [hr /] [[esc]] [a][a]two[/a]'
    found = [(s.name, s.attrs, s.content) for _, _, s in find_shortcodes(text)]
    assert found == [("b", {"x": "1"}, "in"), ("hr", {}, None), ("a", {}, None), ("a", {}, "two")]


def context(**kwargs: object) -> ShortcodeContext:
    return ShortcodeContext(**kwargs)  # type: ignore[arg-type]


def test_caption_becomes_a_figure_with_its_caption() -> None:
    text = (
        '[caption id="attachment_7" align="alignright" width="300"]'
        '<a href="big.jpg"><img src="s.jpg" alt="Dog" /></a> A <b>dog</b>[/caption]'
    )
    html = expand_shortcodes(text, context())
    assert html == (
        '<figure class="wp-caption alignright"><a href="big.jpg"><img src="s.jpg" alt="Dog" /></a>'
        "<figcaption>A <b>dog</b></figcaption></figure>"
    )


def test_old_style_caption_attribute() -> None:
    html = expand_shortcodes('[caption caption="Old style"]<img src="a.jpg" />[/caption]', context())
    assert "<figcaption>Old style</figcaption>" in html


def test_gallery_resolves_ids_through_attachments() -> None:
    urls = {1: "http://x/1.jpg", 2: "http://x/2.jpg"}
    html = expand_shortcodes('[gallery ids="2,1,99"]', context(attachment_url=urls.get))
    images = '<img src="http://x/2.jpg" alt="" /><img src="http://x/1.jpg" alt="" />'
    assert html == f'<figure class="wp-block-gallery">{images}</figure>'


def test_gallery_without_ids_uses_the_posts_attachments_and_unresolved_is_counted() -> None:
    ctx = context(attachments_of=lambda: ["http://x/a.jpg"])
    assert 'src="http://x/a.jpg"' in expand_shortcodes("[gallery]", ctx)
    empty = context()
    assert expand_shortcodes("[gallery]", empty) == "[gallery]"
    assert empty.unresolved_galleries == 1


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [
        ("[youtube https://www.youtube.com/watch?v=abcDEF12345]", "hugo", "{{< youtube abcDEF12345 >}}"),
        ("[embed]https://youtu.be/abcDEF12345[/embed]", "iframe", "https://www.youtube-nocookie.com/embed/abcDEF12345"),
        ("[vimeo 123456]", "iframe", "https://player.vimeo.com/video/123456"),
        ("[embed]https://example.org/page[/embed]", "hugo", '<a href="https://example.org/page">'),
        ("<p>https://vimeo.com/123456</p>", "hugo", "{{< vimeo 123456 >}}"),
        ("<p>https://twitter.com/someone/status/1</p>", "iframe", '<a href="https://twitter.com/someone/status/1">'),
        # any spelling of the host: case, www., the mobile site
        ("<p>https://WWW.YouTube.com/watch?v=abcDEF12345</p>", "hugo", "{{< youtube abcDEF12345 >}}"),
        ("<p>https://m.youtube.com/watch?v=abcDEF12345</p>", "hugo", "{{< youtube abcDEF12345 >}}"),
        ("<p>https://www.vimeo.com/123456/</p>", "hugo", "{{< vimeo 123456 >}}"),
        ("<p>https://m.vimeo.com/123456</p>", "hugo", "{{< vimeo 123456 >}}"),
        ("<p>https://vimeo.com/channel</p>", "hugo", '<a href="https://vimeo.com/channel">'),
    ],
)
def test_embeds(text: str, style: str, expected: str) -> None:
    assert expected in expand_shortcodes(text, context(embed_style=style))


def test_bare_url_of_an_unknown_site_is_left_alone() -> None:
    assert expand_shortcodes("<p>https://example.org/x</p>", context()) == "<p>https://example.org/x</p>"


def test_code_shortcode_becomes_a_fenced_block_with_its_language() -> None:
    text = '[sourcecode language="python"]\nif a < b:\n\n    print("x")\n[/sourcecode]'
    markdown = to_markdown(wpautop(recognise_code(text)))
    assert markdown == '```python\nif a < b:\n\n    print("x")\n```\n'


def test_language_named_shortcode_and_entities_in_code() -> None:
    markdown = to_markdown(recognise_code("[php]echo $a &amp;&amp; $b;[/php]"))
    assert markdown == "```php\necho $a && $b;\n```\n"


def test_audio_and_video() -> None:
    assert expand_shortcodes('[audio mp3="http://x/a.mp3"][/audio]', context()) == (
        '<p><audio controls src="http://x/a.mp3"></audio></p>'
    )
    assert '<video controls src="http://x/v.mp4">' in expand_shortcodes('[video mp4="http://x/v.mp4"]', context())


def test_unknown_shortcodes_are_kept_verbatim_and_counted() -> None:
    ctx = context()
    text = '[contact-form to="me"][/contact-form] [sic] [1] [poll id="3"]'
    assert expand_shortcodes(text, ctx) == text
    assert ctx.unknown == {"contact-form": 1, "poll": 1}


def test_strip_unknown_removes_the_tags_and_keeps_enclosed_text() -> None:
    ctx = context(strip_unknown=True)
    assert expand_shortcodes('[note type="x"]Keep me[/note] [poll id="3"] [sic]', ctx) == "Keep me  [sic]"
    assert ctx.unknown == {"note": 1, "poll": 1}


def test_escaped_shortcode_is_shown_literally() -> None:
    markdown = to_markdown(expand_shortcodes("<p>Write [[gallery]] to show a gallery.</p>", context()))
    assert markdown == "Write \\[gallery] to show a gallery.\n"


@pytest.mark.parametrize("strip", [False, True])
def test_plugin_shortcodes_are_read_inside_plugin_shortcodes(strip: bool) -> None:
    """A page builder's [row][col]…[/col][/row]: the inner tags are counted (and removed with
    strip), and a [caption] inside a column is still a figure."""
    ctx = context(strip_unknown=strip)
    text = '[row][col x="1"]a [caption]<img src="a.jpg" /> Cap[/caption][/col][col]b[/col][/ROW] [Stupid ET]'
    html = expand_shortcodes(text, ctx)
    figure = '<figure class="wp-caption"><img src="a.jpg" /><figcaption>Cap</figcaption></figure>'
    kept = f'[row][col x="1"]a {figure}[/col][col]b[/col][/ROW] [Stupid ET]'
    expected = f"a {figure}b [Stupid ET]" if strip else kept
    assert html == expected
    assert ctx.unknown == {"row": 1, "col": 2}
