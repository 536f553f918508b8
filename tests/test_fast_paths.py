"""The speed work's shortcuts give exactly what the paths they stand in for give."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from importer.transforms.code_rendered import MARKERS, has_code_markers

# Pieces of the markers, their letters in both cases, and the characters re.I folds to ASCII.
_MARKER_TEXT = st.lists(
    st.sampled_from(
        [
            *["CodeRay", "crayon-", "LANG:", "gutter", 'class="php">', "class=x>", "de1", "Li1", "brush:"],
            *'aAcCdDeEgGiIkKlLsStTuU-_:="<> 1#+',
            *["\u0130", "\u0131", "\u017f", "\u212a", "é", "ß", "Ω"],
        ]
    ),
    max_size=12,
).map("".join)


@given(_MARKER_TEXT)
def test_code_markers_test_agrees_with_the_case_insensitive_pattern(text: str) -> None:
    assert has_code_markers(text) == (MARKERS.search(text) is not None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('<pre class="brush: php">x</pre>', True),
        ("GUTTER", True),
        ("<td class=l\u01311>", True),  # re.I reads the dotless i as i ('li1')
        ("\u017fyntaxhighlighter", True),  # re.I reads the long s as s
        ("<p>Plain words, nothing else.</p>", False),
    ],
)
def test_code_markers_examples(text: str, expected: bool) -> None:
    assert has_code_markers(text) is expected
    assert (MARKERS.search(text) is not None) is expected
