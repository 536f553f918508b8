"""Session 16 (issue 13), ``dates``: the cheaper readings give what the general ones give.

* ``parse_machine_date`` reads a value of the form WordPress themes write
  (``2013-01-14T19:20:41+02:00``, ASCII, ``_PLAIN_ISO``) with ``_plain_machine_date``
  (``datetime.fromisoformat`` for the wall clock) instead of ``_ISO``'s groups
  (``_iso_machine_date``, the general path): compared on hypothesis values of that form (every
  year, invalid days and times, offsets of any size, other digits) and on every value the saved
  pages ask about.
* ``parse_shown_date`` asks ``parse_machine_date`` only about a text whose fifth character is a
  dash: ``_ISO`` matches no other normalised text.
* ``_cut_end`` looks at the last character before the white space at the end first (a digit or a
  suffix's last letter), ``_has_relative_word`` looks for each word with ``in`` (not their
  alternation), ``_numeric_date`` looks for a separator with ``in`` first: the same answers.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_s14hdates_dates import _asked_on_pages, _outcome

from importer.readers.html import dates, fields

_DIGITS = st.sampled_from(
    ["0123456789", "0123456789", "0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"]
)


def _number(width: int, top: int = 9) -> st.SearchStrategy[str]:
    return st.tuples(_DIGITS, st.lists(st.integers(0, top), min_size=width, max_size=width)).map(
        lambda t: "".join(t[0][d] for d in t[1])
    )


_PLAIN_VALUES = st.tuples(
    _number(4),
    st.sampled_from("-"),
    st.one_of(st.integers(0, 13).map(lambda m: f"{m:02d}"), _number(2)),
    st.just("-"),
    st.one_of(st.integers(0, 32).map(lambda d: f"{d:02d}"), _number(2)),
    st.sampled_from("TTTt "),
    st.one_of(st.integers(0, 25).map(lambda h: f"{h:02d}"), _number(2)),
    st.sampled_from("::h"),
    _number(2, 7),
    st.just(":"),
    _number(2, 7),
    st.sampled_from("+-+-Z"),
    st.one_of(st.sampled_from(["00", "01", "02", "23", "24", "99"]), _number(2)),
    st.sampled_from("::0"),
    st.one_of(st.sampled_from(["00", "30", "59", "60", "99"]), _number(2)),
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_PLAIN_VALUES)
@example("2013-01-14T19:20:41+00:00")
@example("2013-01-14T19:20:41-00:00")
@example("2013-01-14T19:20:41+02:00")
@example("2013-01-14T19:20:41-07:30")
@example("2013-01-14T19:20:41+23:59")
@example("2013-01-14T19:20:41+23:60")
@example("2013-01-14T19:20:41+24:00")
@example("2013-01-14T19:20:41-99:99")
@example("2013-02-29T19:20:41+01:00")
@example("2013-01-14T24:00:00+01:00")
@example("0000-01-14T19:20:41+01:00")
@example("0001-01-01T00:30:00+01:00")
@example("9999-12-31T23:30:00-01:00")
def test_the_plain_reading_is_the_general_one(value: str) -> None:
    assert len(value) == dates._PLAIN_ISO_LENGTH
    assert _outcome(dates.parse_machine_date, value) == _outcome(dates._iso_machine_date, value), value
    assert _outcome(dates._plain_machine_date, value) == _outcome(dates._iso_machine_date, value) or not (
        value.isascii() and dates._PLAIN_ISO.match(value)
    ), value


def test_the_plain_reading_on_the_pages() -> None:
    import importer.readers.html as html

    asked = _asked_on_pages("parse_machine_date", (fields, html, dates))
    plain = [value for (value,) in asked if isinstance(value, str) and dates._PLAIN_ISO.fullmatch(value)]
    assert len(plain) > 200  # the pages' time[datetime] values are mostly of this form
    for (value,) in asked:
        assert _outcome(dates.parse_machine_date, value) == _outcome(dates._iso_machine_date, value or ""), value


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(max_size=30), st.from_regex(r"\s*\d{4}-\d{2}-\d{2}.{0,20}", fullmatch=True)))
def test_iso_needs_a_dash_fifth(text: str) -> None:
    normalised = dates._normalise(text)
    if normalised[4:5] != "-":
        assert dates._ISO.match(normalised) is None, normalised


_PIECES = [*"0123456789 ,.:/-tdhrstndaeoiy\u00a0\u0660\u00b2", "ago", "il y a", "h\u00e1", "May", "Heute"]
_WORDY = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_WORDY, st.text(max_size=24)))
@example("")
@example("12 ")
@example("2010\u00a0")
@example("3rd  ")
@example("on the 1er ")
@example("2nd")
@example("21st ")
@example("4th\u00a0")
@example("2.")
@example("x 1.")
@example("\u0661\u0662 ")
def test_the_cuts_at_the_end_are_the_substitutions(text: str) -> None:
    """``_cut_end`` (the last character before the white space looked at first) is ``sub``."""
    for pattern in (dates._DAY_BEFORE_WORD, dates._YEAR_BEFORE):
        assert dates._cut_end(pattern, text) == pattern.sub(" ", text), (pattern, text)


_RELATIVE_WORD_ALTERNATION = re.compile("|".join(map(re.escape, dates._RELATIVE_WORDS)))  # the guard before s16


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_WORDY, st.text(max_size=24)))
@example("Il Y A 3 jours")
@example("Chicago")
@example("\u0130eri")
def test_the_relative_words_are_found_as_their_alternation_finds_them(text: str) -> None:
    assert dates._has_relative_word(text) == (_RELATIVE_WORD_ALTERNATION.search(dates.folded(text)) is not None)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_WORDY, st.text(max_size=24)))
def test_a_numeric_date_needs_a_separator(text: str) -> None:
    if "." not in text and "/" not in text and "-" not in text:
        assert dates._DIGIT_SEPARATOR_DIGIT.search(text) is None
        assert dates._numeric_date(text, None) is None


def _time_before(rest: str) -> object:
    """What ``parse_shown_date`` made of the text around a date before s16: ``_time_of_day``, then
    ``_time_match`` again when that was None."""
    clock = dates._time_of_day(rest)
    if clock is None:
        return None if dates._time_match(rest) else "the day alone"
    return clock


def _time_now(rest: str) -> object:
    """The same from one ``_time_match`` (``parse_shown_date`` now)."""
    shown = dates._time_match(rest)
    if shown is None:
        return "the day alone"
    return dates._clock(shown)


_TIMES = st.lists(
    st.sampled_from([*"0123456789 :.hHaApPmM", "am", "p.m.", "13:05", "9:12 pm", "10h30", " at ", "\u0663"]), max_size=8
).map("".join)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(_TIMES, st.text(max_size=20)))
@example("13:05 pm")
@example("  at 9:12 pm")
@example("")
def test_the_time_is_looked_for_once(rest: str) -> None:
    assert _time_now(rest) == _time_before(rest), rest
