"""``dates._named_month_date`` finds the month names by looking up each run of letters
(``_WORD``) in ``MONTHS``; the alternation of every name it used before (4253235) is kept here
as the reference, and both must read the same dates, with the same rest, on near-dates, any
text and every string the reader asks about on the fixture and corpus pages."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_html_dates_fast import _NEAR_DATES, PAGES

from importer.readers.html import comments, dates, fields, parse_page
from importer.readers.html.dates import MONTHS, _date_around, _named_month_date, parse_shown_date
from importer.tally import Tally

# A whole word that is a month name: the names longest first, no letter on either side.
_MONTH_WORD = re.compile(
    r"(?<![^\W\d_])(?:" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")(?![^\W\d_])"
)


def _named_month_date_ref(text: str) -> tuple[datetime, str] | None:
    lowered = text.lower()
    for word in _MONTH_WORD.finditer(lowered):
        found = _date_around(text, lowered, word)
        if found is not None:
            return found
    return None


def _month_words(text: str) -> list[tuple[int, int, str]]:
    return [(*m.span(), m.group()) for m in dates._WORD.finditer(text) if m.group() in MONTHS]


def test_every_month_name_is_a_run_of_lower_case_letters() -> None:
    for name in MONTHS:
        assert dates._WORD.fullmatch(name) and name == name.lower(), name


@settings(max_examples=1500, deadline=None)
@given(_NEAR_DATES | st.text())
@example("Mayo 5, 2009 at 6:05 am")
@example("5 mai2009 12h30 juin 2010")
@example("julio_5 2009 julio 6 2009")
@example("1 déc. 2011, 2 février 2012")
@example("Samstag, 3. Dezember 2011 um 14:48 Uhr")
@example("\u0130st 5 mar\u0301 2011")
@example("5 мая 2011 и 6 июня 2012")
def test_the_words_looked_up_are_the_alternations_matches(text: str) -> None:
    lowered = text.lower()
    assert _month_words(lowered) == [(*m.span(), m.group()) for m in _MONTH_WORD.finditer(lowered)]
    assert _named_month_date(text) == _named_month_date_ref(text)


def test_the_dates_the_pages_show(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every string the reader asks ``parse_shown_date`` about, read with the reference."""
    asked: list[str] = []

    def recording(text: str | None, language: str | None = None) -> datetime | None:
        asked.append(text or "")
        return parse_shown_date(text, language)

    monkeypatch.setattr(fields, "parse_shown_date", recording)
    monkeypatch.setattr(comments, "parse_shown_date", recording)
    for page in PAGES:
        parse_page(page.read_bytes(), str(page), Tally(), links=False)
    assert len(asked) > 500
    read = [text for text in asked if _named_month_date_ref(dates._normalise(text))]
    assert len(read) > 100  # the pages show dates with month names
    for text in asked:
        normal = dates._normalise(text)
        assert _named_month_date(normal) == _named_month_date_ref(normal), text


# _MAYBE_YEAR as it was written before it started with \d (the same language, every position tried)
_MAYBE_YEAR_REF = re.compile(r"\d{4}|\d[./-]\d{1,2}[./-]\s?\d\d")
_NUMERIC = (dates._NUMERIC_YMD, dates._DAY_MONTH_COMMA_YEAR, dates._NUMERIC_DMY)


@settings(max_examples=1500, deadline=None)
@given(_NEAR_DATES | st.text(), st.sampled_from([None, "en", "en-US", "de", "fr"]))
@example("5.6.11", None)
@example("2011-1-2", None)
@example("17.07, 2011", "de")
@example("1 . 2 . 2011 5-6", None)
@example("\u0663\u0664/\u0665/\u0661\u0669\u0669\u0669", "en")
def test_the_guards_let_through_what_the_patterns_match(text: str, language: str | None) -> None:
    normal = dates._normalise(text)
    fast, ref = dates._MAYBE_YEAR.search(normal), _MAYBE_YEAR_REF.search(normal)
    assert (fast and fast.span()) == (ref and ref.span())
    if any(pattern.search(normal) for pattern in _NUMERIC):
        assert dates._DIGIT_SEPARATOR_DIGIT.search(normal)
    else:
        assert dates._numeric_date(normal, language) is None
