"""Session 13 (issue 13), ``dates`` and ``fields``: the fast forms give what the forms they replace gave.

``_has_relative_word`` (one of the relative words in the text, in any case ``re.I`` matches)
searches the folded text case-sensitively; the ``re.I`` pattern it replaces is kept here as the
reference, compared on every code point and on hypothesis near-dates and any text (and
``parse_shown_date`` with the reading before the guards on every string the saved pages ask
about: tests/test_html_dates_fast.py). ``byline_name`` searches ``_BYLINE`` only in a text where
``_BYLINE_WORD`` finds one of its labels' last words in the folded text: compared with the search
in every text on hypothesis bylines and any text and every text the saved pages ask about.
``clean_name`` looks for ``_NAME_CUT`` only in a name with a digit: compared likewise."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_html_dates_fast import _NEAR_DATES, PAGES

import importer.readers.html as html
from importer.readers.html import body, comments, dates, engine, fields, parse_page
from importer.readers.html.dates import _RELATIVE_WORDS
from importer.tally import Tally

# the guard as it was (69759e6): the words with re.I, behind a lookahead of their first letters
_RELATIVE_WORD_REF = re.compile(
    f"(?=[{''.join(sorted({word[0] for word in _RELATIVE_WORDS}))}])(?:{'|'.join(_RELATIVE_WORDS)})", re.I
)
_EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


def test_the_folding_keeps_each_character_one_character() -> None:
    assert len(dates.folded(_EVERY_CHARACTER)) == len(_EVERY_CHARACTER)


@pytest.mark.parametrize("letter", sorted({c for word in (*_RELATIVE_WORDS, *fields._BYLINE_WORDS) for c in word}))
def test_each_letter_of_the_words_is_matched_by_what_folds_to_it(letter: str) -> None:
    """A character folds to a letter of the words exactly when re.I matches it to that letter."""
    matched = [m.start() for m in re.finditer(re.escape(letter), _EVERY_CHARACTER, re.I)]
    folded = dates.folded(_EVERY_CHARACTER)
    assert matched == [at for at, c in enumerate(folded) if c == letter]


@settings(max_examples=2000, deadline=None)
@given(_NEAR_DATES | st.text())
@example("Ye\u017fterday")
@example("\u0130eri")
@example("g\u0131steren")
@example("H\u00c1 3 dias")
@example("vor\u0130")
@example("il Y A 3 jours")
def test_the_relative_word_guard_is_the_re_i_one(text: str) -> None:
    assert dates._has_relative_word(text) == (_RELATIVE_WORD_REF.search(text) is not None)
    normal = dates._normalise(text)
    assert dates._has_relative_word(normal) == (_RELATIVE_WORD_REF.search(normal) is not None)


def _byline_name_ref(text: str) -> str | None:
    """``fields.byline_name`` as it was (603536b): ``_BYLINE`` searched in every text."""
    match = fields._BYLINE.search(" ".join(text.split()))
    return None if match is None else fields.clean_name(match.group(1))


_LABELS = (
    *("posted by", "written by", "published by", "by", "von", "par", "por", "door", "di", "da", "av", "przez"),
    *("ver\u00f6ffentlicht von", "geschrieben von", "publi\u00e9 par", "\u00e9crit par", "publicado por"),
    *("escrito por", "pubblicato da", "scritto da", "geplaatst door", "geschreven door", "author", "autor"),
    *("auteur", "autore", "skribent", "\u0430\u0432\u0442\u043e\u0440", "\u0410\u0432\u0442\u043e\u0440"),
    *("\u1c80", "\u1c82", "\u1c84", "\u1c85", "\u0130", "\u0131", "\u017f", "\u212a", "B\u0423", "AUTHOR", "Von"),
)
_BYLINE_TOKENS = st.one_of(
    st.sampled_from(_LABELS),
    st.sampled_from(_LABELS).map(str.title),
    st.sampled_from(_LABELS).map(str.upper),
    st.sampled_from(["Ann", "Mira Holt", "J. O'Neil", "\u00c9milie", "2011", "3.", "May", "on", "|", "\u00b7"]),
    st.sampled_from([" ", "  ", ":", " : ", ",", "(", "\u2014", "\xa0", "\n", "\u2009", "-", " - "]),
    st.text(max_size=3),
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_BYLINE_TOKENS, max_size=10).map("".join) | st.text())
@example("By Mira Holt under Trees on 9. March 2006")
@example("Posted by: \u1c80\u1c82\u1c84")
@example("\u0430\u0432\u1c84\u1c82\u0440: Ivan Petrov")
@example("AUTORE : Gianni Rossi")
@example("P\u0130\u017fTED BY Ann")
def test_the_byline_guard_lets_through_what_byline_reads(text: str) -> None:
    assert fields.byline_name(text) == _byline_name_ref(text)
    if fields._BYLINE.search(" ".join(text.split())):
        assert fields._BYLINE_WORD.search(dates.folded(" ".join(text.split())))


def test_the_bylines_the_pages_show() -> None:
    """Every text the reader asks ``byline_name`` about on the saved pages."""
    asked = _asked_on_pages("byline_name", (engine, body, fields), _byline_name_ref)
    assert len(asked) > 100
    assert sum(_byline_name_ref(text) is not None for text in asked) > 10
    for text in asked:
        assert fields.byline_name(text) == _byline_name_ref(text), text


def _clean_name_ref(text: str) -> str | None:
    """``fields.clean_name`` as it was (c6d1774): ``_NAME_CUT`` searched in every name."""
    name = fields._NAME_PREFIX.sub("", " ".join(text.split()))
    cut = fields._NAME_CUT.search(name)
    if cut and fields._DIGIT.search(name, cut.end()):
        name = name[: cut.start()]
    if fields._may_end_in_suffix(name):
        name = fields._NAME_SUFFIX.sub("", name)
    name = name.strip(" ,:|\u2014\u2013-")
    if not name or len(name) > fields._MAX_NAME or fields._is_date_like(name):
        return None
    return name


_NAME_TOKENS = _BYLINE_TOKENS | st.sampled_from(
    [" on ", " am ", " le ", " - ", " | ", " @ ", " \u2014 ", "12", "3. Mai 2011", "says:", " sagt:", "\uff11"]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_NAME_TOKENS, max_size=10).map("".join) | st.text())
@example("Ann on 3 May 2011")
@example("Ann on May")
@example("2. Bob am 3. Mai 2011 sagt:")
@example("Ann \u2014 \uff11\uff12")
def test_clean_name_looks_for_a_cut_only_where_a_digit_is(text: str) -> None:
    assert fields.clean_name(text) == _clean_name_ref(text)


def test_the_names_the_pages_show() -> None:
    """Every text the reader asks ``clean_name`` about on the saved pages."""
    asked = _asked_on_pages("clean_name", (comments, engine, fields, html), _clean_name_ref)
    assert len(asked) > 300
    for text in asked:
        assert fields.clean_name(text) == _clean_name_ref(text), text


def _asked_on_pages(name: str, modules: tuple[object, ...], reference: Callable[[str], str | None]) -> list[str]:
    """Every text the reader passes to ``name`` (reading it with ``reference``) on the saved pages."""
    asked: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        for module in modules:
            patch.setattr(module, name, lambda text: asked.append(text) or reference(text))
        for page in PAGES:
            parse_page(page.read_bytes(), str(page), Tally(), links=False)
    return asked
