"""``metadata.read_head`` finds the page's meta, link, title and base elements in one walk: the
same elements, in the same order, as the separate look-ups it replaced (``doc.iter("meta")``,
``doc.iter("link")``, ``doc.find(".//title")``, ``doc.find(".//base[@href]")``)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from importer.readers.html import metadata

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PAGES = sorted((ROOT / "fixtures").rglob("*.html"))

ODD = [
    "<html><head><title>A</title><title>B</title></head><body><p>x</p></body></html>",
    "<html><head></head><body><svg><title>svg</title></svg><title>late</title></body></html>",
    "<html><head><base target='_blank'><base href='http://b.example/x/'></head><body></body></html>",
    "<html><head><base href=''></head><body><a href='p'>p</a></body></html>",
    "<html><head><meta name='a' content=' 1 '><META NAME='A' content='2'></head>"
    "<body><meta itemprop='datePublished' content='2020-01-02'><link rel='canonical' href='http://c.example/p/'>"
    "<link rel='alternate' type='application/rss+xml' href='/feed/'></body></html>",
    "<html><head><link rel='pingback' href='http://h.example/blog/xmlrpc.php'></head>"
    "<body><a href='http://h.example/blog/' rel='home'>Site</a><title>Post | Site</title></body></html>",
    "<html><body><p>no head at all</p></body></html>",
]


def _expected_title(doc: lxml.html.HtmlElement) -> str | None:
    title = doc.find(".//title")
    return " ".join(title.text_content().split()) or None if title is not None else None


@pytest.mark.parametrize("markup", [p.read_bytes() for p in FIXTURE_PAGES] + [m.encode() for m in ODD])
def test_one_walk_finds_what_the_separate_look_ups_found(markup: bytes) -> None:
    doc = lxml.html.document_fromstring(markup)
    facts = metadata.read_head(doc, None)
    assert facts.title == _expected_title(doc)
    base = doc.find(".//base[@href]")
    if base is not None and base.get("href", "").startswith(("http://", "https://")):
        assert facts.base_url == base.get("href")
    keys: dict[str, str] = {}
    for meta in doc.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content is not None and key.lower() not in keys:
            keys[key.lower()] = content.strip()
    assert facts.meta == keys
    with_base = metadata.read_head(lxml.html.document_fromstring(markup), "http://given.example/dir/page.html")
    assert with_base.title == facts.title
