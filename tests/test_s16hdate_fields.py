"""Session 16 (issue 13), ``fields.clean_name``: the cheaper form gives what the form before gave.

``clean_name`` takes ``_NAME_PREFIX``'s match off the start with ``match`` and a slice instead of
``sub`` (the pattern is anchored and never empty: one match at most, at the start), and asks
``_is_date_like`` only about a name that had a digit (what is left of a name without one has
none, and ``_is_date_like`` says False then). Compared with the form before on hypothesis bylines
(prefixes, numbering, suffixes, dates, separators, other digits and cases) and on every name the
saved pages ask about.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_html_dates_fast import PAGES

from importer.readers.html import comments, engine, fields, parse_page
from importer.tally import Tally


def _clean_name_ref(text: str) -> str | None:
    """``fields.clean_name`` as it was (b0b6cf0)."""
    name = " ".join(text.split())
    name = fields._NAME_PREFIX.sub("", name)
    cut = fields._NAME_CUT.search(name) if fields._DIGIT.search(name) is not None else None
    if cut and fields._DIGIT.search(name, cut.end()):
        name = name[: cut.start()]
    if fields._may_end_in_suffix(name):
        name = fields._NAME_SUFFIX.sub("", name)
    name = name.strip(" ,:|\u2014\u2013-")
    if not name or len(name) > fields._MAX_NAME or fields._is_date_like(name):
        return None
    return name


_PIECES = [
    *(
        "Posted by ",
        "POSTED BY ",
        "by ",
        "By:",
        "von ",
        "Author: ",
        "\u0430\u0432\u0442\u043e\u0440: ",
        "2. ",
        "12.",
        "1. ",
    ),
    *(" says:", " Says", " wrote :", " a dit", " \u2014 ", " - ", " on ", " am ", " | ", "@", "\u212a", "\u017f"),
    *("Anna", "Ben Lee", "May", "July 3, 2020", "12.03.2009", "2007", "3rd", "of", " ", "\u00a0", "\u0663", "\u00b2"),
    *("Mira Holt", "pingback:", "Trackback", "kl", "at", "pm", ",", ":", "|"),
]
_BYLINES = st.one_of(st.lists(st.sampled_from(_PIECES), max_size=8).map("".join), st.text(max_size=30))


@settings(max_examples=4000, deadline=None)
@given(_BYLINES)
@example("Posted by Anna says:")
@example("2. Ben Lee on July 3, 2020")
@example("May 2007")
@example("by 12.03.2009")
@example("Anna \u00b2")
@example("von \u0663 May")
@example("")
def test_clean_name_is_the_one_before(text: str) -> None:
    assert fields.clean_name(text) == _clean_name_ref(text), text


def test_clean_name_on_the_pages() -> None:
    asked: list[str] = []
    real = fields.clean_name
    with pytest.MonkeyPatch.context() as patch:
        for module in (fields, engine, comments):
            if getattr(module, "clean_name", None) is real:
                patch.setattr(module, "clean_name", lambda text: asked.append(text) or real(text))
        for page in PAGES:
            parse_page(page.read_bytes(), str(page), Tally(), links=False)
    assert len(asked) > 300
    for text in asked:
        assert real(text) == _clean_name_ref(text), text
