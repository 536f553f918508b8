"""``dates.parse_shown_date``'s cheap tests (no year, none of the relative words, no time) give
what the general reading gives on any string: the reading as it was before them is kept here
as the reference, and hypothesis compares the two on dates, near-dates and any text."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

import pytest
from conftest import saved_pages
from hypothesis import example, given, settings
from hypothesis import strategies as st

from importer.readers.html import comments, dates, fields, parse_page
from importer.readers.html.dates import (
    _DAY_MONTH_COMMA_YEAR,
    _MONTH_FIRST_LANGUAGES,
    _NUMERIC_DMY,
    _NUMERIC_YMD,
    _RELATIVE,
    _TIME,
    MONTHS,
    _checked,
    _named_month_date,
    parse_machine_date,
    parse_shown_date,
)
from importer.tally import Tally

_SPACES = re.compile(r"\s+")


# The reference: parse_shown_date and the helpers the cheap tests changed, as they were (ea49591).
def _reference(text: str | None, language: str | None = None) -> datetime | None:
    if not text:
        return None
    text = _normalise_ref(text)
    if not text or _RELATIVE.search(text):
        return None
    machine = parse_machine_date(text)
    if machine:
        return machine.local
    found = _numeric_date_ref(text, language) or _named_month_date(text)
    if found is None:
        return None
    day_value, rest = found
    clock = _time_of_day_ref(rest)
    if clock is None:
        return None if _TIME.search(rest) else day_value
    try:
        return day_value.replace(hour=clock[0], minute=clock[1], second=clock[2])
    except ValueError:
        return day_value


def _normalise_ref(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\xa0", " ")
    return _SPACES.sub(" ", text).strip()


def _numeric_date_ref(text: str, language: str | None) -> tuple[datetime, str] | None:
    match = _NUMERIC_YMD.search(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _checked(year, month, day, text, match)
    match = _DAY_MONTH_COMMA_YEAR.search(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return _checked(year, month, day, text, match)
    match = _NUMERIC_DMY.search(text)
    if not match:
        return None
    first, separator, second, year_text = match.groups()
    a, b = int(first), int(second)
    year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    if len(year_text) == 2 and year > datetime.now().year:
        year -= 100
    if (separator == "/" and a <= 12 and b > 12) or (
        separator == "/" and (language or "").lower().replace("_", "-") in _MONTH_FIRST_LANGUAGES and b <= 12
    ):
        day, month = b, a
    elif separator == "/" and not language and a <= 12 and b <= 12 and a != b:
        return None
    else:
        day, month = a, b
    return _checked(year, month, day, text, match)


def _time_of_day_ref(text: str) -> tuple[int, int, int] | None:
    match = _TIME.search(text)
    if not match:
        return None
    if match.group(5):
        hour, minute, second, meridiem = int(match.group(5)), 0, 0, match.group(6)
    else:
        hour, minute = int(match.group(1)), int(match.group(2))
        second, meridiem = int(match.group(3) or 0), match.group(4)
    if meridiem:
        is_pm = meridiem.lower().startswith("p")
        if hour > 12:
            return None
        hour = hour % 12 + (12 if is_pm else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


# Strings near dates: month names in any case, numbers, separators, times, the relative words,
# spaces of every kind, and the characters whose case folding differs from str.lower (dotless i,
# long s, dotted capital I, Kelvin sign), combining accents, digits of other scripts.
_MONTH_WORDS = sorted(MONTHS)
_TOKENS = [
    *(str(n) for n in (0, 1, 2, 5, 9, 12, 13, 19, 24, 31, 32, 60, 99, 100, 1999, 2008, 2011, 2024, 2099, 12345)),
    *(".", "/", "-", ",", ":", "@", "h", "H", "at", "um", "Uhr", "le", "de", "\u00e0", "\u00e0s", "kl.", "am", "pm"),
    *("AM", "P.M.", "a.m.", "p.", "m.", "st", "nd", "th", "er", "e", "\u00ba", "\u00b0", "\u2014", "\u2013", "|"),
    *("\u00b7", "(", ")", "ago", "Ago", "fa", "vor", "il y a", "hace", "h\u00e1", "H\u00c1", "yesterday", "Today"),
    *("HEUTE", "aujourd'hui", "ieri", "oggi", "geleden", "gisteren", "vandaag", "hoje", "ontem", " ", "  ", "\xa0"),
    *("\t", "\n", "\u2009", "\u3000", "\x1c", "\u0131", "\u017f", "\u0130", "\u212a", "\u0301", "\u0308"),
    *("\uff11\uff12", "\u0663", "\u0968\u0966\u0967\u096f", "x", "Comment by Ann", "said:", "Reply"),
]
_TOKEN = st.one_of(
    st.sampled_from(_TOKENS),
    st.sampled_from(_MONTH_WORDS).map(str.title),
    st.sampled_from(_MONTH_WORDS),
    st.sampled_from(_MONTH_WORDS).map(str.upper),
    st.text(max_size=3),
)
_NUMBER = st.integers(0, 40).map(str) | st.sampled_from(["1999", "2011", "2024", "2099", "0000", "11", "09", "123"])
_MONTH = st.sampled_from(_MONTH_WORDS).map(str.title) | st.sampled_from(_MONTH_WORDS) | st.integers(0, 13).map(str)
_SEPARATOR = st.sampled_from(
    [" ", ". ", ", ", "-", "/", ".", " de ", "th ", "er ", "º de ", "\xa0", ""]
) | st.sampled_from([" ", ", ", ". "])
_CLOCK = st.one_of(
    st.just(""),
    st.tuples(
        st.sampled_from([" at ", " @ ", ", ", " um ", " à ", " kl. ", " - ", " ", ""]),
        st.integers(0, 25).map(str),
        st.sampled_from([":", "h", ".", ""]),
        st.sampled_from(["00", "05", "59", "60", "7", ""]),
        st.sampled_from(["", ":30", ":61"]),
        st.sampled_from(["", " am", " pm", "pm", " a.m.", " P.M.", " Uhr", " a. m."]),
    ).map("".join),
)
_DAY = st.integers(1, 31).map(str) | _NUMBER
_YEAR = st.sampled_from(["1999", "2011", "2024", "2099", "11", "09"]) | _NUMBER
_SHAPED = st.tuples(
    st.sampled_from(["", "Comment by Ann \u2014 ", "on ", "Tuesday, ", "le ", "Do ", "2 days ago ", "vor 3 "]),
    _DAY,
    _SEPARATOR,
    _MONTH,
    _SEPARATOR,
    _YEAR,
    _CLOCK,
    st.sampled_from(["", " said:", " | Reply", " Uhr", " \u2014 Antworten"]),
).map(
    lambda parts: (
        "".join(parts)
        if parts[3][:1].isdigit() or len(parts[0]) % 2
        else "".join((parts[0], parts[3], " ", parts[1], parts[2], parts[5], parts[6], parts[7]))
    )
)
_NEAR_DATES = (
    _SHAPED
    | st.tuples(_SHAPED, st.lists(_TOKEN, max_size=3).map("".join), st.integers(0, 40)).map(
        lambda t: t[0][: t[2]] + t[1] + t[0][t[2] :]
    )
    | st.lists(_TOKEN, max_size=12).map("".join)
    | st.lists(_TOKEN, max_size=8).map(" ".join)
)
_LANGUAGES = st.sampled_from([None, "en", "en-US", "en_us", "de", "de-DE", "fr", "nl"])


@settings(max_examples=1500, deadline=None)
@given(_NEAR_DATES, _LANGUAGES)
@example("June 5, 2009 at 6:05 am", "en")
@example("8. April 2019 @ 13:42", "de-DE")
@example("Comment by Bob \u2014 17.07, 2011 @ 14:29", None)
@example("17.7.11", "de")
@example("11/04/2012", None)
@example("2 years ago, 2012", None)
@example("ye\u017fterday 2012-01-02", None)
@example("\u0130eri 2012-01-02", None)
@example("13:05 pm June 5, 2009", None)
@example("June 5, 2009 5pm", None)
@example("5, 2009 12h30 June", "fr")
def test_the_fast_reading_is_the_general_one(text: str, language: str | None) -> None:
    assert parse_shown_date(text, language) == _reference(text, language)


@settings(max_examples=1000, deadline=None)
@given(st.text(), _LANGUAGES)
def test_the_fast_reading_is_the_general_one_on_any_text(text: str, language: str | None) -> None:
    assert parse_shown_date(text, language) == _reference(text, language)


@settings(max_examples=1000, deadline=None)
@given(_NEAR_DATES | st.text())
def test_each_cheap_test_lets_through_what_its_pattern_matches(text: str) -> None:
    assert dates._normalise(text) == _normalise_ref(text)
    normal = _normalise_ref(text)
    if _RELATIVE.search(normal):
        assert dates._has_relative_word(normal)
    full = _TIME.search(normal)
    fast = dates._time_match(normal)
    assert (full and (full.span(), full.groups())) == (fast and (fast.span(), fast.groups()))
    if _NUMERIC_YMD.search(normal) or _DAY_MONTH_COMMA_YEAR.search(normal) or _NUMERIC_DMY.search(normal):
        assert dates._MAYBE_YEAR.search(normal)
        assert dates._numeric_date(normal, None) == _numeric_date_ref(normal, None)


PAGES = saved_pages()


def test_the_dates_the_pages_show(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every string the reader asks ``parse_shown_date`` about on the fixture and corpus pages."""
    asked: list[tuple[str | None, str | None]] = []

    def recording(text: str | None, language: str | None = None) -> datetime | None:
        asked.append((text, language))
        return parse_shown_date(text, language)

    monkeypatch.setattr(fields, "parse_shown_date", recording)
    monkeypatch.setattr(comments, "parse_shown_date", recording)
    for page in PAGES:
        parse_page(page.read_bytes(), str(page), Tally(), links=False)
    assert len(asked) > 500
    for text, language in asked:
        assert parse_shown_date(text, language) == _reference(text, language), text
