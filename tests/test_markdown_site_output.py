"""What the Markdown writer leaves for the generators: Hugo's own shortcodes for figures and
embeds, static tweets, a hugo.toml only in a new site, titles for untitled posts."""

from __future__ import annotations

from pathlib import Path

import pytest

import importer
from importer.api import ConvertOptions
from importer.model import Meta, Post, Site
from importer.transforms.embeds import embed_html, expand_embeds
from importer.transforms.html_to_markdown import to_markdown
from importer.writers.markdown import MarkdownOptions
from importer.writers.markdown.frontmatter import title_from_text
from importer.writers.markdown.siteconfig import hugo_config

GARDEN = Path(__file__).resolve().parent.parent / "fixtures" / "markdown" / "garden-blog.xml"


@pytest.mark.parametrize(
    ("figure", "shortcode"),
    [
        (
            '<figure class="wp-caption alignleft"><a href="/media/bed.jpg"><img src="/media/bed.jpg" alt="The bed" />'
            "</a><figcaption>The raised bed in <em>June</em></figcaption></figure>",
            '{{< figure src="/media/bed.jpg" link="/media/bed.jpg" alt="The bed" caption="The raised bed in *June*" '
            'class="wp-caption alignleft" >}}',
        ),
        (  # quotes in a value: a raw string
            '<figure class="wp-block-image"><img src="a.png" alt="a &quot;b&quot;"></figure>',
            '{{< figure src="a.png" alt=`a "b"` class="wp-block-image" >}}',
        ),
    ],
)
def test_a_figure_of_one_image_is_hugos_figure_shortcode(figure: str, shortcode: str) -> None:
    assert to_markdown(figure, hugo_figures=True).strip() == shortcode
    assert to_markdown(figure).startswith("<figure")  # other generators keep the HTML


@pytest.mark.parametrize(
    "figure",
    [
        '<figure class="wp-block-gallery"><img src="a.png"><img src="b.png"></figure>',  # a gallery
        "<figure><img src='a.png'> and words</figure>",  # text beside the image
        '<figure><img src="a.png"><figcaption>{{< gist x >}}</figcaption></figure>',  # template syntax
    ],
)
def test_figures_hugos_shortcode_cannot_say_stay_html(figure: str) -> None:
    assert "{{< figure" not in to_markdown(figure, hugo_figures=True)


def test_a_tweet_is_a_quote_and_a_link_or_the_cached_embed_without_its_script() -> None:
    url = "https://twitter.com/someone/status/12345"
    assert embed_html(url, "hugo") == f'<blockquote class="twitter-tweet"><p><a href="{url}">{url}</a></p></blockquote>'
    cached = (
        '<blockquote class="twitter-tweet"><p>Rain again.</p>&mdash; Some One '
        '<a href="https://twitter.com/someone/status/12345">May 1</a></blockquote>'
        '<script async src="//platform.twitter.com/widgets.js"></script>'
    )
    made = embed_html(url, "iframe", [cached])
    assert "Rain again." in made and "<script" not in made


def test_embed_blocks_become_hugo_shortcodes_or_static_html() -> None:
    block = (
        '<figure class="wp-block-embed-youtube wp-block-embed is-type-video is-provider-youtube">'
        '<div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=abcDEF12345\n</div>'
        "<figcaption>Our pond</figcaption></figure>"
    )
    assert expand_embeds(block, "hugo") == "<x-markdown>{{< youtube abcDEF12345 >}}</x-markdown><p>Our pond</p>"
    assert "youtube-nocookie.com/embed/abcDEF12345" in expand_embeds(block, "iframe")


def test_hugo_toml_only_in_a_new_site(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    tally = importer.convert([str(GARDEN)], "markdown", str(fresh), ConvertOptions(), MarkdownOptions())
    config = (fresh / "hugo.toml").read_text(encoding="utf-8")
    assert "unsafe = true" in config and 'baseURL = "https://allotment.example.org/"' in config
    assert any(key.startswith("hugo.toml written") for key in tally.changed)
    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / "config.yaml").write_text("title: Mine\n", encoding="utf-8")
    tally = importer.convert([str(GARDEN)], "markdown", str(existing), ConvertOptions(), MarkdownOptions())
    assert not (existing / "hugo.toml").exists()
    assert (existing / "config.yaml").read_text(encoding="utf-8") == "title: Mine\n"
    assert any(key.startswith("existing Hugo configuration kept") for key in tally.changed)


def test_hugo_config_strings_are_toml_safe() -> None:
    config = hugo_config(Site(title='Quotes " and \\ and\nnewline', base_blog_url="https://x.org/blog"))
    assert 'title = "Quotes \\" and \\\\ and\\nnewline"' in config
    assert 'baseURL = "https://x.org/blog/"' in config


@pytest.mark.parametrize(
    ("content", "title"),
    [
        ("<p>Rain at <b>last</b>.</p>", "Rain at last."),
        ("One two three four five six seven eight nine", "One two three four five six seven eight…"),
        ('[gallery ids="1,2"]', "Untitled post 7"),
    ],
)
def test_an_untitled_post_is_titled_by_its_first_words(content: str, title: str) -> None:
    assert title_from_text(Post(id=7, type="post", content=content)) == title


def test_oembed_cache_is_read_from_post_meta(tmp_path: Path) -> None:
    from importer.transforms.embeds import oembed_cache

    meta = [Meta("_oembed_abc", "<blockquote>cached</blockquote>"), Meta("_oembed_time_abc", "1410548953")]
    assert oembed_cache([(m.key, m.value) for m in meta]) == ["<blockquote>cached</blockquote>"]
