"""Session 15 (issue 13), ``dates`` and ``fields``: the cheaper forms give what the forms they
replace gave.

* ``read_date`` looks up the three machine attributes among the element's attribute names
  (``keys()``) instead of asking for each: equal to the form before on crafted elements (each
  attribute alone, an ISO value in each, prefixed names such as ``foo:title``, a text title)
  and on every element the saved pages read a date from.
* ``_without_date_numbers`` cuts the day and year before the month word over the end of the text
  only, and those after it with one ``match``: equal to the four ``sub`` calls before on
  hypothesis texts cut anywhere (digits, suffixes, white space of every kind, ``\n`` at the end)
  and on every date the saved pages show.
* ``_numeric_date`` starts its three searches at the first digit-separator-digit less three:
  each pattern finds what it found from the start (span and groups), and ``_numeric_date``
  equals the reading before (``test_html_dates_fast._numeric_date_ref``), on hypothesis
  near-dates, runs of digits and separators, and any text, in every language.
* ``_html_inside_whole`` tests the attributes' values for ``>`` joined: None for an element whose
  attribute holds one (then ``html_inside`` serializes child by child), as before.
"""

from __future__ import annotations

import lxml.html
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_html_dates_fast import _LANGUAGES, _NEAR_DATES, PAGES, _numeric_date_ref
from test_s14hdates_dates import _read_date_ref  # read_date before: each machine attribute asked for with get

from importer.readers.html import comments, dates, engine, fields, parse_page
from importer.tally import Tally

_ATTRIBUTES = st.sampled_from(["datetime", "content", "title", "foo:title", "data-datetime", "class", "xml:lang"])
_VALUES = st.sampled_from(
    ["2013-01-14T19:20:41+02:00", "2010-11-19", "", " ", "May 3, 2010", "10:42 pm", "Permalink", "3.5.2010"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(_ATTRIBUTES, _VALUES), max_size=4), _VALUES, st.booleans(), _LANGUAGES)
@example([("title", "2010-11-19")], "May 3, 2010", False, None)
@example([("foo:title", "2010-11-19"), ("content", "Permalink")], "May 3, 2010", True, None)
@example([("class", "x"), ("title", "May 3, 2010")], "Permalink", False, "en")
def test_read_date_reads_the_attributes_as_before(
    attributes: list[tuple[str, str]], text: str, inner: bool, language: str | None
) -> None:
    attrs = "".join(f' {name}="{value}"' for name, value in dict(attributes).items())
    body = f'<time datetime="{text}">{text}</time>' if inner else text
    el = lxml.html.fragment_fromstring(f'<div><span title="9:05 am"><a{attrs}>{body}</a></span></div>').find(".//a")
    assert el is not None
    assert fields.read_date(el, language) == _read_date_ref(el, language)


def test_read_date_on_the_saved_pages() -> None:
    asked: list[tuple[lxml.html.HtmlElement, str | None]] = []
    real = fields.read_date

    def recording(el: lxml.html.HtmlElement, language: str | None) -> fields.DateFound | None:
        asked.append((el, language))
        return real(el, language)

    for module in (engine, comments):
        setattr(module, "read_date", recording)  # noqa: B010
    try:
        for page in PAGES:
            parse_page(page.read_bytes(), str(page), Tally(), links=False)
    finally:
        for module in (engine, comments):
            setattr(module, "read_date", real)  # noqa: B010
    assert len(asked) > 500
    for el, language in asked:
        assert real(el, language) == _read_date_ref(el, language)


def test_an_attribute_holding_a_closing_bracket_is_serialized_child_by_child() -> None:
    el = lxml.html.fragment_fromstring('<div data-x="a>b" class="c"><p>one</p><p>two</p></div>')
    assert fields._html_inside_whole(el) is None
    assert fields.html_inside(el) == "<p>one</p><p>two</p>"
    plain = lxml.html.fragment_fromstring('<div class="c" id="d"><p>one</p><p>two &amp; 3</p></div>')
    assert fields._html_inside_whole(plain) == "<p>one</p><p>two &amp; 3</p>"


def _without_date_numbers_ref(text: str, start: int, end: int) -> str:
    """``dates._without_date_numbers`` as it was (9974184): four ``sub`` calls."""
    head = dates._DAY_BEFORE_WORD.sub(" ", text[:start])
    tail = dates._DAY_YEAR_AFTER_WORD.sub(" ", text[end:])
    tail = dates._YEAR_AFTER.sub(" ", tail)
    head = dates._YEAR_BEFORE.sub(" ", head)
    return head + " " + tail


_PIECES = st.sampled_from(
    (
        *("1", "12", "123", "2010", "20101", "st", "nd", "th", "er", ".", ",", " ", "  ", "\n", "\t", "\xa0"),
        *("\u2003", "\x1c", "May", "x", "\u0661\u0662", "\u0662\u0660\u0661\u0660"),
    )
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join) | st.text(max_size=40), st.integers(0, 60), st.integers(0, 60))
@example("Posted on 12th May 2010 at 10:00", 15, 3)
@example("Posted on 2010, 12th May", 21, 3)
@example("123 May", 4, 7)
@example("2010 12 \n", 9, 9)
@example("x 12.\u2003\n", 9, 9)
def test_the_date_numbers_are_blanked_as_before(text: str, start: int, length: int) -> None:
    start = min(start, len(text))
    end = min(start + length, len(text))
    assert dates._without_date_numbers(text, start, end) == _without_date_numbers_ref(text, start, end)


def test_the_date_numbers_of_the_pages_dates() -> None:
    asked: list[tuple[str, int, int]] = []
    real = dates._without_date_numbers

    def recording(text: str, start: int, end: int) -> str:
        asked.append((text, start, end))
        return real(text, start, end)

    dates._without_date_numbers = recording  # type: ignore[assignment]
    try:
        for page in PAGES:
            parse_page(page.read_bytes(), str(page), Tally(), links=False)
    finally:
        dates._without_date_numbers = real  # type: ignore[assignment]
    assert len(asked) > 200
    for text, start, end in asked:
        assert real(text, start, end) == _without_date_numbers_ref(text, start, end), text


_NUMERIC_PIECES = st.lists(
    st.sampled_from(("1", "12", "2010", "31", "0", ".", "/", "-", ":", ",", " ", ", ", "x", "\u0661")), max_size=14
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_NUMERIC_PIECES | _NEAR_DATES | st.text(max_size=40), _LANGUAGES)
@example("RSS 2.0 feed, 2010-05-04", None)
@example("12010-05-04", None)
@example("x2010-05-04", None)
@example("1.2.2010 and 2010/5/4", "de")
@example("x1-2-2010", None)
@example("v1.2 4.5.2011", "de")
def test_the_numeric_searches_start_where_a_date_can(text: str, language: str | None) -> None:
    first = dates._DIGIT_SEPARATOR_DIGIT.search(text)
    if first is not None:
        start = max(first.start() - dates._DIGITS_BEFORE_SEPARATOR, 0)
        for pattern in (dates._NUMERIC_YMD, dates._DAY_MONTH_COMMA_YEAR, dates._NUMERIC_DMY):
            whole, part = pattern.search(text), pattern.search(text, start)
            assert (whole and (whole.span(), whole.groups())) == (part and (part.span(), part.groups())), pattern
    assert dates._numeric_date(text, language) == _numeric_date_ref(text, language)
