"""Session 15 (issue 13), ``fields.inner_html``: a body with parts left out, HTML comments or
relative links is serialized from the page itself (``_inner_html_in_place``: the doomed parts and
the comments swapped for stand-ins, the links made absolute where they are, the stand-ins' markup
cut out of the HTML, the page put back), not from a pruned copy.

Compared with the copy (``html_inside(_cleaned(_stand_in_copy(el, doomed), base))``) wherever the
fast path answers, with the page checked to be put back as it was (its HTML, and each node the
same object), on every ``inner_html`` call the saved pages make and on hypothesis markup: comments
first, last, nested and in a doomed part, doomed parts inside doomed parts, relative and absolute
links, links in ``style`` url()s and in ``meta``/``object``/``param``/``style`` (where it gives up), an
element left holding nothing (an ``li`` whose end tag the serializer then leaves out),
``>`` in attributes, text needing escapes, a script holding the stand-in's own markup.
"""

from __future__ import annotations

import lxml.html
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from test_html_dates_fast import PAGES

from importer.readers.html import engine, fallback, fields, parse_page
from importer.tally import Tally


def _copied(el: lxml.html.HtmlElement, doomed: list[lxml.html.HtmlElement], base: str | None) -> str:
    return fields.html_inside(fields._cleaned(fields._stand_in_copy(el, doomed), base))


def _check(el: lxml.html.HtmlElement, doomed: list[lxml.html.HtmlElement], base: str | None) -> bool:
    """Whether the fast path answered; asserts its answer is the copy's and the page is put back."""
    root = el.getroottree().getroot()
    before = etree.tostring(root, encoding="unicode", method="html")
    nodes = list(root.iter())
    fast = fields._inner_html_in_place(el, doomed, base)
    assert etree.tostring(root, encoding="unicode", method="html") == before
    assert all(a is b for a, b in zip(root.iter(), nodes, strict=True))
    if fast is None:
        return False
    assert fast == _copied(el, doomed, base)
    return True


def test_the_bodies_of_the_saved_pages() -> None:
    asked: list[tuple[lxml.html.HtmlElement, tuple[str, ...], set[lxml.html.HtmlElement], str | None]] = []
    real = fields.inner_html

    def recording(
        el: lxml.html.HtmlElement, strip: tuple[str, ...], drop: set[lxml.html.HtmlElement], base: str | None
    ) -> str:
        asked.append((el, strip, set(drop), base))
        return real(el, strip, drop, base)

    for module in (engine, fallback):
        setattr(module, "inner_html", recording)  # noqa: B010
    try:
        for page in PAGES:
            for base in (None, "http://example.com/blog/post/"):
                parse_page(page.read_bytes(), str(page), Tally(), links=False, base_url=base)
    finally:
        for module in (engine, fallback):
            setattr(module, "inner_html", real)  # noqa: B010
    assert len(asked) > 100
    answered = 0
    for el, strip, drop, base in asked:
        doomed = fields._doomed(el, strip, drop)
        if len(el) > 1:
            answered += _check(el, doomed, base)
        assert real(el, strip, drop, base) == _copied(el, doomed, base) or (not doomed and fields._untouched(el, base))
    assert answered > 50


_LEAVES = st.sampled_from(
    [
        "text",
        " a &amp; b &lt;c&gt; ",
        "\r\n",
        "<!-- note -->",
        "<!-- x -->tail",
        '<a href="/rel/x">l</a>',
        '<a href="http://example.org/abs">l</a>',
        '<a href="  spaced ">l</a>',
        '<img src="i.png" alt="a>b">',
        '<span style="background: url(bg.png)">s</span>',
        '<span style="color: red">s</span>',
        '<meta http-equiv="refresh" content="0; url=/x">',
        '<object data="o.swf"><param name="movie" value="m.swf"></object>',
        "<style>p { background: url(s.png) }</style>",
        "<script>var s = '<BLOGIMPORT-DOOMED></BLOGIMPORT-DOOMED>';</script>",
        "<br>",
        "<p>para</p>",
    ]
)
_MARKUP = st.recursive(
    _LEAVES,
    lambda inner: st.tuples(st.sampled_from(["div", "p", "span", "ul", "li", "a"]), st.lists(inner, max_size=4)).map(
        lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"
    ),
    max_leaves=12,
)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(_MARKUP, min_size=1, max_size=6),
    st.sampled_from(["", 'class="c"', 'title="a>b"', 'style="background: url(x.png)"']),
    st.lists(st.integers(0, 40), max_size=4),
    st.sampled_from([None, "http://example.com/blog/post/"]),
)
@example(["<!-- c -->lead", "<p>one</p>", "<p>two</p>"], "", [], None)
@example(["<ul><li><!-- c --></li><li>b</li></ul>", "<p>x</p>"], "", [], None)
@example(["<ul><li><a>a</a></li><li>b</li></ul>", "<p>x</p>"], "", [2], None)
@example(["<p>one</p>", "<p>two</p>", "<div><p>x</p></div>"], "", [2, 3], "http://example.com/")
@example(["<p>one</p>", "<script>'<BLOGIMPORT-DOOMED></BLOGIMPORT-DOOMED>'</script>", "<p>two</p>"], "", [0], None)
def test_the_fast_path_is_the_copy(children: list[str], attributes: str, picks: list[int], base: str | None) -> None:
    page = lxml.html.document_fromstring(f"<html><body><div {attributes}>{''.join(children)}</div></body></html>")
    el = page.find(".//body/div")
    assert el is not None
    elements = [node for node in el.iterdescendants() if isinstance(node.tag, str)]
    doomed = [elements[pick % len(elements)] for pick in picks] if elements else []
    _check(el, doomed, base)
