"""Session 14 (issue 13), ``dates`` and ``fields.read_date``: the cheaper forms give what the forms
they replace gave.

* ``parse_machine_date`` reads a zone's offset as minutes and gets the UTC time by subtracting it
  from the wall clock labelled UTC (no ``timezone``, ``replace(tzinfo=...)``, ``astimezone``);
  the form before is kept here as the reference (with the exception it raised, if any), compared
  on hypothesis ISO strings (every year, invalid days, zones of any size, ``Z``/``z``, other
  digits) and on every value the saved pages ask about.
* ``parse_shown_date`` puts the time on the day with the constructor instead of ``replace``'s
  keywords: compared with the reading before on hypothesis near-dates and any text, and on every
  string the saved pages ask about.
* ``read_date`` reads the spaced text of a short element ("12May2015" in spans) only when its
  text has a digit: ``spaced_text`` has ``text_of``'s characters, white space aside (checked on
  every element of the saved pages), and ``read_date`` equals the form before on every short
  element with children of the saved pages.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import lxml.html
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_html_dates_fast import _LANGUAGES, _NEAR_DATES, PAGES

from importer.readers.html import comments, dates, engine, fields, parse_page
from importer.readers.html.dates import MachineDate
from importer.tally import Tally


def _machine_ref(value: str | None) -> MachineDate | None:
    """``dates.parse_machine_date`` as it was (f60b4b6)."""
    if not value:
        return None
    match = dates._ISO.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        local = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None
    utc = None
    if zone and zone.upper() != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        if offset:
            aware = local.replace(tzinfo=timezone(sign * offset))
            utc = aware.astimezone(UTC)
    elif zone:
        utc = local.replace(tzinfo=UTC)
    return MachineDate(local, utc)


def _outcome(read: object, value: str | None) -> object:
    """What ``read(value)`` gives: the values and the UTC time's zone object, or the exception's type."""
    try:
        found = read(value)  # type: ignore[operator]
    except (ValueError, OverflowError) as error:
        return type(error)
    if found is None:
        return None
    assert isinstance(found, MachineDate)
    return found.local, found.utc, None if found.utc is None else found.utc.tzinfo


_DIGITS = st.sampled_from(["0123456789", "0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"])


def _number(width: int) -> st.SearchStrategy[str]:
    return st.tuples(_DIGITS, st.lists(st.integers(0, 9), min_size=width, max_size=width)).map(
        lambda t: "".join(t[0][d] for d in t[1])
    )


_ZONES = st.one_of(
    st.sampled_from(["", "Z", "z", "+00:00", "-00:00", "+0000", "+02:00", "-07:00", "+23:59", "-23:59"]),
    st.sampled_from(["+24:00", "-24:00", "+99:99", "+05:30", "+0530", "-0000", " Z", "+00:60"]),
    st.tuples(st.sampled_from("+-"), _number(2), st.sampled_from([":", ""]), _number(2)).map("".join),
)
_ISO_TEXTS = st.one_of(
    st.tuples(
        st.integers(1, 9999).map(lambda y: f"{y:04d}"),
        st.integers(0, 13).map(lambda m: f"{m:02d}"),
        st.integers(0, 32).map(lambda d: f"{d:02d}"),
        st.sampled_from(["", "T00:00", "T23:59:59", "T9:05", " 12:30:00", "T12:00:00.123", "T24:00:00"]),
        _ZONES,
    ).map("".join),
    st.tuples(_number(4), st.just("-"), _number(2), st.just("-"), _number(2), st.just("T"), _number(2)).map(
        lambda t: "".join(t) + ":00:00"
    ),
    st.text(max_size=30),
)


@settings(max_examples=1000, deadline=None)
@given(_ISO_TEXTS, _ZONES)
@example("0001-01-01T00:00:00+01:00", "")
@example("0001-01-01T00:30:00-01:00", "")
@example("9999-12-31T23:30:00-01:00", "")
@example("9999-12-31T23:30:00+01:00", "")
@example("2013-01-14T19:20:41+25:00", "")
@example("2013-01-14T19:20:41-24:00", "")
@example("2013-01-14T19:20:41+00:99", "")
@example("2013-01-14T19:20:41z", "")
@example("2009-01-17T20:15:00+0000", "")
@example("2009-02-29T20:15:00+0100", "")
def test_the_machine_reading_is_the_one_before(text: str, zone: str) -> None:
    for value in (text, text + zone, " " + text + zone + " "):
        assert _outcome(dates.parse_machine_date, value) == _outcome(_machine_ref, value), value


def _asked_on_pages(name: str, modules: tuple[object, ...]) -> list[tuple[object, ...]]:
    """The arguments of every call the reader makes to ``name`` (in ``modules``) on the saved pages."""
    asked: list[tuple[object, ...]] = []
    with pytest.MonkeyPatch.context() as patch:
        for module in modules:
            real = getattr(module, name)
            patch.setattr(module, name, lambda *args, real=real: asked.append(args) or real(*args))
        for page in PAGES:
            parse_page(page.read_bytes(), str(page), Tally(), links=False)
    return asked


def test_the_machine_dates_the_pages_show() -> None:
    import importer.readers.html as html

    asked = _asked_on_pages("parse_machine_date", (fields, html, dates))
    assert sum(_machine_ref(value) is not None for (value,) in asked) > 200  # type: ignore[arg-type]
    for (value,) in asked:
        assert _outcome(dates.parse_machine_date, value) == _outcome(_machine_ref, value), value  # type: ignore[arg-type]


def _shown_ref(text: str | None, language: str | None = None) -> datetime | None:
    """``dates.parse_shown_date`` as it was (f60b4b6): the date always blanked out of the text,
    and the time put on the day with ``replace``."""
    if not text or dates._ANY_DIGIT.search(text) is None:
        return None
    text = dates._normalise(text)
    if not text or not dates._MAYBE_YEAR.search(text):
        return None
    if dates._has_relative_word(text) and dates._RELATIVE.search(text):
        return None
    machine = _machine_ref(text)
    if machine:
        return machine.local
    found = dates._numeric_date(text, language) or dates._named_month_date(text)
    if found is None:
        return None
    day_value, rest = found
    clock = dates._time_of_day(rest)
    if clock is None:
        return None if dates._time_match(rest) else day_value
    try:
        return day_value.replace(hour=clock[0], minute=clock[1], second=clock[2])
    except ValueError:
        return day_value


@settings(max_examples=1000, deadline=None)
@given(_NEAR_DATES | st.text(), _LANGUAGES)
@example("2010 May 3rd, 5 pm", None)
@example("May 3, 2010 9h05", "fr")
@example("3. Mai 2010 um 9:05", "de")
@example("May 3, 2010 12 A.M.", None)
@example("May 3, 2010 13:05 pm", None)
@example("Sept. 9, 2008", None)
@example("9 de septiembre de 2008", "es")
def test_the_shown_reading_is_the_one_before(text: str, language: str | None) -> None:
    assert dates.parse_shown_date(text, language) == _shown_ref(text, language)


def test_the_dates_the_pages_show() -> None:
    asked = _asked_on_pages("parse_shown_date", (fields, comments, engine))
    assert len(asked) > 500
    assert sum(_shown_ref(*args) is not None for args in asked) > 300  # type: ignore[arg-type]
    for args in asked:
        assert dates.parse_shown_date(*args) == _shown_ref(*args), args  # type: ignore[arg-type]


def _read_date_ref(el: lxml.html.HtmlElement, language: str | None) -> fields.DateFound | None:
    """``fields.read_date`` as it was (f60b4b6): the spaced text read for any short element."""
    for attr in ("datetime", "content", "title"):
        value = el.get(attr)
        machine = dates.parse_machine_date(value) if value else None
        if machine:
            return fields.DateFound(machine.local, machine.utc, value or "")
    text = fields.text_of(el)
    inner = fields._with_datetime(el) if len(el) and len(text) <= fields._DATE_ELEMENT else None
    machine = dates.parse_machine_date(inner.get("datetime")) if inner is not None else None
    if inner is not None and machine:
        return fields.DateFound(machine.local, machine.utc, inner.get("datetime") or "")
    local = fields._shown(text, language)
    if local is None and len(el) and len(text) <= fields._SPLIT_DATE:
        spaced = fields.spaced_text(el)
        local = fields._shown(spaced, language) if spaced != text else None
        text = spaced if local is not None else text
    if local is None:
        title = el.get("title")
        local = fields._shown(title, language) if title else None
        if local is None:
            return None
        text = title or text
    if local.hour == local.minute == 0:
        local = fields._with_time_hint(el, local)
    return fields.DateFound(local, None, text)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_read_date_on_every_short_element_is_the_one_before(page: object) -> None:
    doc = lxml.html.document_fromstring(page.read_bytes())  # type: ignore[attr-defined]
    for el in doc.iter():
        if not isinstance(el.tag, str) or not len(el):
            continue
        text = fields.text_start(el, fields._SPLIT_DATE + 1)
        if len(text) > fields._SPLIT_DATE or fields._DIGIT.search(text) is not None:
            continue  # where the guard lets the spaced text be read, as before
        assert fields._DIGIT.search(fields.spaced_text(el)) is None
        for language in (None, "en"):
            assert fields.read_date(el, language) == _read_date_ref(el, language)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(["12", "May", "2015", " ", "\xa0", "<b>", "</b>", "<span>", "</span>", "<!-- 3 -->", "\u0663"])
        | st.text(max_size=4),
        max_size=12,
    ).map("".join)
)
def test_read_date_on_hypothesis_markup_is_the_one_before(markup: str) -> None:
    try:
        el = lxml.html.fragment_fromstring(f"<div>{markup}</div>")
    except (ValueError, lxml.etree.ParserError):
        return
    assert fields.read_date(el, None) == _read_date_ref(el, None)
