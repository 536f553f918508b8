"""fields.byline_name starts _BYLINE's search _LABEL_LEAD characters before the first label word
that follows a separator or starts the text, and not at all without one (session 16, hbyline):
the same names as the search from the start of the text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from importer.readers.html import fields
from importer.readers.html.dates import folded


def _byline_name_general(text: str) -> str | None:
    """byline_name as it was: _BYLINE tried from the start of the text."""
    text = " ".join(text.split())
    match = fields._BYLINE.search(text) if fields._BYLINE_WORD.search(folded(text)) else None
    return fields.clean_name(match.group(1)) if match else None


def _labels() -> list[str]:
    """_BYLINE's labels that are followed by white space or a colon, out of its pattern."""
    found = re.search(r"\(\?:\(\?:(.*?)\)\(\?:\\s\*:\\s\*\|\\s\+\)", fields._BYLINE.pattern)
    assert found is not None
    return [label.encode().decode("unicode_escape") for label in found.group(1).split("|")]


def test_label_lead_covers_every_label() -> None:
    labels = _labels()
    assert "ver\u00f6ffentlicht von" in labels and "by" in labels
    for label in labels:
        words = [w for w in fields._BYLINE_WORDS if label.endswith(w)]
        assert words, label
        # the separator before the label, then the label's characters before its word
        assert 1 + len(label) - min(len(w) for w in words) <= fields._LABEL_LEAD, label


_BYLINES = [
    "By Jane Doe | May 4, 2020",
    "Posted on May 4, 2020 by admin",
    "Ver\u00f6ffentlicht von Hans M\u00fcller am 3. M\u00e4rz 2014",
    "Monday, 12 March 2012 | VER\u00d6FFENTLICHT VON Hans am 3",
    "Publi\u00e9 par Marie le 4 mai 2020",
    "Geschreven door Piet op 4 mei",
    "Author: Someone Else",
    "Filed under News, Tips \u00b7 written by Ann in Travel",
    "Posted in Uncategorized | Leave a comment | by Bob",
    "Today di Maria da Roma, av Olof",
    "pubblicato da Luca il 3 marzo 2015",
    "\u0430\u0432\u0442\u043e\u0440: \u0418\u0432\u0430\u043d \u0432 2012",
    "Standby by Kelvin \u212a on 3",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx geschrieben von Ute",
    "abc\u00a0by\u00a0Joe",
    "(by Joe)",
    "Essay (by Joe, 2020)",
    "x\u00b7by Ann | 3",
    "x\u2022von Ann | 3",
    "a,par Ann | 3",
    "a|door Ann | 3",
    "ruby Tags: ruby, by Ann",
    "Standby Abby: Av Olof i 2020",
    "posted by",
]


def test_bylines_as_in_general() -> None:
    for text in _BYLINES:
        assert fields.byline_name(text) == _byline_name_general(text), text
    assert fields.byline_name("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx geschrieben von Ute") == "Ute"


# fmt: off
_PIECES = st.sampled_from(
    [
        " ", "  ", "\u00a0", ": ", "|", " | ", ",", "(", "\u00b7", "-", " - ", "\u2014", "\n",
        "by", "By", "BY", "von", "Von", "par", "door", "di", "da", "av", "przez", "posted", "Posted",
        "written", "published", "ver\u00f6ffentlicht", "VER\u00d6FFENTLICHT", "geschrieben", "publi\u00e9",
        "\u00e9crit", "publicado", "escrito", "pubblicato", "scritto", "geplaatst", "geschreven",
        "author", "Autor", "auteur", "autore", "skribent", "\u0430\u0432\u0442\u043e\u0440", "\u0130", "\u017f",
        "Jane", "Doe", "O'Neil", "admin", "on", "am", "le", "in", "under", "May", "mars", "4", "2020",
        "standby", "abby", "x", "xxxxxxxxxxxxxxxxxxxx",
    ]
)
# fmt: on


@given(st.lists(_PIECES, max_size=24).map("".join))
def test_byline_name_as_in_general(text: str) -> None:
    assert fields.byline_name(text) == _byline_name_general(text)


@given(st.text(alphabet="byvonBYar :|,(x\u00e9\u0130\u017f5", max_size=60))
def test_byline_name_as_in_general_letters(text: str) -> None:
    assert fields.byline_name(text) == _byline_name_general(text)


def _clean_name_general(text: str) -> str | None:
    """clean_name with _NAME_PREFIX and _NAME_SUFFIX always tried (as ``sub``)."""
    name = fields._NAME_PREFIX.sub("", " ".join(text.split()))
    cut = fields._NAME_CUT.search(name)
    if cut and fields._DIGIT.search(name, cut.end()):
        name = name[: cut.start()]
    name = fields._NAME_SUFFIX.sub("", name).strip(" ,:|\u2014\u2013-")
    if not name or len(name) > fields._MAX_NAME or fields._is_date_like(name):
        return None
    return name


_NAMES = [
    "by\u00a0Jane", "Jane", "Posted by Jane", "1. Jane", "1.\tby Jane", "Jane says:", "Janesays", "JANE SAID :",
    "Jane \u017fays", "Jane wrote", "Jane ha scritto", "Jane schreef:", "pingback: Jane", "Kommentar von Jane",
    "Jane x", "JANE WROTE", "Jo DICE:",
    "J\u00f6e x", "J\u00f6e says", "Jane on 3 May", "", " ", ":", "by", "by:", "\u212aommentar von Jane",
]  # fmt: skip


def test_names_as_in_general() -> None:
    for text in _NAMES:
        assert fields.clean_name(text) == _clean_name_general(text), text


@given(st.lists(_PIECES, max_size=8).map("".join) | st.text(max_size=20))
def test_clean_name_as_in_general(text: str) -> None:
    assert fields.clean_name(text) == _clean_name_general(text)


@given(st.text(alphabet="sayidDtoezfEOxXK \u017f\u212a\u00f6:", max_size=12))
def test_may_end_in_suffix_when_the_suffix_matches(name: str) -> None:
    if fields._NAME_SUFFIX.search(name) is not None:
        assert fields._may_end_in_suffix(name)
