"""Session 13 (issue 13), ``dates``: the fast forms give what the forms they replace gave.

``_has_relative_word`` (one of the relative words in the text, in any case ``re.I`` matches)
searches the folded text case-sensitively; the ``re.I`` pattern it replaces is kept here as the
reference, compared on every code point and on hypothesis near-dates and any text (and
``parse_shown_date`` with the reading before the guards on every string the saved pages ask
about: tests/test_html_dates_fast.py)."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_html_dates_fast import _NEAR_DATES

from importer.readers.html import dates
from importer.readers.html.dates import _RELATIVE_WORDS

# the guard as it was (69759e6): the words with re.I, behind a lookahead of their first letters
_RELATIVE_WORD_REF = re.compile(
    f"(?=[{''.join(sorted({word[0] for word in _RELATIVE_WORDS}))}])(?:{'|'.join(_RELATIVE_WORDS)})", re.I
)
_EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


def test_the_folding_keeps_each_character_one_character() -> None:
    assert len(dates._folded(_EVERY_CHARACTER)) == len(_EVERY_CHARACTER)


@pytest.mark.parametrize("letter", sorted({c for word in _RELATIVE_WORDS for c in word}))
def test_each_letter_of_the_words_is_matched_by_what_folds_to_it(letter: str) -> None:
    """A character folds to a letter of the words exactly when re.I matches it to that letter."""
    matched = [m.start() for m in re.finditer(re.escape(letter), _EVERY_CHARACTER, re.I)]
    folded = dates._folded(_EVERY_CHARACTER)
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
