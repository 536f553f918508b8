"""Line patterns of pages saved as plain text, one table entry per theme layout.

The text reader (:mod:`importer.readers.text.reader`) is one engine; what differs between themes is
only which lines mean what. Each :class:`TextLayout` lists regular expressions for:

- ``dateline``: the post's date line under the title (groups ``date``, optional ``count``, ``author``);
- ``meta``: lines after the body naming categories, tags, the date or the comment count
  (groups ``categories``, ``tags``, ``date``, ``count``);
- ``comments_heading``: the heading over the comment list (groups ``count``, optional ``title``);
- ``comment_head``: the first line of one comment (groups ``author``, optional ``date``, ``num``);
- ``comment_date``: the date line under a ``comment_head`` that carried no date;
- ``body_end``: lines that close the post body (share boxes, related posts);
- ``end``: the reply form or footer: nothing after it is post or comment text;
- ``skip``: chrome lines dropped wherever they appear ("Reply", "Like", "Loading...").

Adding a theme is a new entry here plus a fixture in ``fixtures/text/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..html.dates import MONTHS

# Month names in the seven languages the shown-date parser reads (its table, longest first).
_MONTH = "(?:" + "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True)) + r")\.?"
# An English weekday, or any weekday word followed by a comma ("Dienstag, ", "martes, ").
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+|[^\W\d_]{2,}\.?,\s+)?"
_DAY = r"\d{1,2}(?:st|nd|rd|th|er)?"
_DAY_TEXT = (
    rf"(?:{_MONTH}\s+{_DAY},?\s+\d{{4}}|(?:le\s+)?{_DAY}\.?\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4})"
)
_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*[aApP]\.?[mM]\.?|\s*Uhr)?"
# A date as a theme prints it, with an optional time: "November 19, 2010 at 1:02 pm", "3 giugno 2012 alle 9:15".
WHEN = rf"(?P<date>{_WEEKDAY}{_DAY_TEXT}(?:\s*(?:at|@|,|-|\||à|um|a las|às|alle|om)?\s*{_TIME})?)"
_COUNT = r"(?P<count>\d+|No|One)"
_QUOTED_TITLE = r"[“\"«]?(?P<title>.+?)[”\"»]?"
_BULLET = r"(?:[•*·+-]\s*)?"


def _rx(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns)


@dataclass(frozen=True, slots=True)
class TextLayout:
    name: str
    dateline: tuple[re.Pattern[str], ...] = ()
    meta: tuple[re.Pattern[str], ...] = ()
    comments_heading: tuple[re.Pattern[str], ...] = ()
    comment_head: tuple[re.Pattern[str], ...] = ()
    comment_date: tuple[re.Pattern[str], ...] = ()
    body_end: tuple[re.Pattern[str], ...] = ()
    end: tuple[re.Pattern[str], ...] = ()
    skip: tuple[re.Pattern[str], ...] = field(default=())
    confidence: float | None = None  # None: a known layout; below 1 for the generic fallback

    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return self.dateline + self.meta + self.comments_heading + self.comment_head


# Chrome every WordPress page can carry, whatever the theme.
COMMON = TextLayout(
    name="common",
    body_end=_rx(
        r"^Share this:?$",
        r"^Like this:?$",
        r"^Rate this:?$",
        r"^Related(?: posts| articles)?:?$",
        r"^Possibly related posts:",
        r"^(?:«|←)?\s*Previous (?:post|entry)\b",
    ),
    end=_rx(
        r"^Leave a (?:Reply|Comment|Response)\b",
        r"^Post a comment$",
        r"^Add a comment$",
        r"^Fill in your details below or click an icon to log in",
        r"^You must be logged in to post a comment\.?$",
        r"^Trackback this post\b",
        r"^Enter your email address to subscribe",
        r"^(?:Blog at|Powered by|Proudly powered by) WordPress",
        r"^%d bloggers like this:?$",
        r"^References$",  # lynx -dump's link list
    ),
    skip=_rx(
        r"^Reply(?:\s*↓)?$",
        r"^Loading\.\.\.$",
        r"^Like$",
        r"^Like Loading\.\.\.$",
        r"^\(Edit\)$",
        r"^Edit$",
        r"^(?:Twitter|Facebook|Email|Print|Reddit|LinkedIn|Tumblr|Pinterest|Pocket|More)$",
        r"^Report this ad$",
    ),
)

LAYOUTS: tuple[TextLayout, ...] = (
    # WordPress.com Blix (the seed page): date and comment count under the title, "Entry filed
    # under:" after the body, prev/next titles, "N Comments Add your own", numbered comments.
    TextLayout(
        name="wpcom-blix",
        dateline=_rx(rf"^{WHEN}\s+{_COUNT}\s+comments?$"),
        meta=_rx(r"^Entry filed under:\s*(?P<categories>.*?)\.?(?:\s+Tags:\s*(?P<tags>.*?)\.?)?$"),
        comments_heading=_rx(rf"^{_COUNT}\s+Comments?(?:\s+Add your own)?$"),
        comment_head=_rx(rf"^{_BULLET}(?P<num>\d+)\.\s+(?P<author>.+?)\s+\|\s+{WHEN}$"),
    ),
    # Kubrick (WordPress default theme 1.5-2.9): "This entry was posted on ... and is filed under
    # ...", or the index form "Posted in X | N Comments »"; "Author Says:" then the date.
    TextLayout(
        name="kubrick",
        meta=_rx(
            rf"^This entry was posted\s+on\s+{WHEN}\s+and is filed under\s+(?P<categories>.+?)\.(?:\s|$)",
            rf"^Posted in\s+(?P<categories>.+?)\s*\|\s*(?:{_COUNT}\s+(?:Comments?|Responses?)|Comments? Off"
            r"|Leave a Comment)\s*»?$",
            r"^Tags:\s*(?P<tags>.+)$",
        ),
        comments_heading=_rx(rf"^{_COUNT}\s+Responses?\s+to\s+{_QUOTED_TITLE}$"),
        comment_head=_rx(rf"^(?:{_BULLET}\d+\.\s+)?(?P<author>.+?)\s+Says:$"),
        comment_date=_rx(rf"^{WHEN}(?:\s*\|\s*Reply)?$"),
    ),
    # Twenty Ten: "Posted on DATE by AUTHOR" under the title, "This entry was posted in X and
    # tagged Y. Bookmark the permalink." after the body, "Author says:" then the date.
    TextLayout(
        name="twentyten",
        dateline=_rx(rf"^Posted on\s+{WHEN}(?:\s+by\s+(?P<author>.+))?$"),
        meta=_rx(
            r"^(?:This entry was posted in|Posted in)\s+(?P<categories>.+?)(?:\s+and tagged\s+(?P<tags>.+?))?"
            r"\.\s+Bookmark the permalink\.?$",
            r"^This entry was tagged\s+(?P<tags>.+?)\.\s+Bookmark the permalink\.?$",
        ),
        comments_heading=_rx(rf"^{_COUNT}\s+(?:Responses?|Comments?|thoughts?)\s+(?:to|on)\s+{_QUOTED_TITLE}$"),
        comment_head=_rx(rf"^(?:{_BULLET}\d+\.\s+)?(?P<author>.+?)\s+says:$"),
        comment_date=_rx(rf"^{WHEN}(?:\s*\(Edit\))?$"),
        body_end=_rx(r"^←\s", r"\s→$"),
    ),
    # hAtom-style themes and copy-pastes: "Filed under: ...", "Posted in ...", "Tags: ..." lines.
    TextLayout(
        name="filed-under",
        dateline=_rx(rf"^(?:Posted|Published|Written)?\s*(?:on\s+)?{WHEN}(?:\s+by\s+(?P<author>.+?))?$"),
        meta=_rx(
            r"^Filed under:?\s*(?P<categories>.+?)\.?$",
            r"^(?:Posted in|Categories:|Category:)\s*(?P<categories>.+?)\.?$",
            r"^(?:Tags|Tagged)(?::|\s+with:?)\s*(?P<tags>.+?)\.?$",
        ),
        comments_heading=_rx(
            rf"^{_COUNT}\s+(?:Responses?|Comments?|thoughts?|Replies)(?:\s+(?:to|on)\s+{_QUOTED_TITLE})?$"
        ),
        comment_head=_rx(
            rf"^{_BULLET}(?:(?P<num>\d+)\.\s+)?(?P<author>.+?)\s+(?:\||on|said|says:?)\s+{WHEN}:?$",
            rf"^(?:{_BULLET}\d+\.\s+)?(?P<author>.+?)\s+(?:says|said|wrote):$",
        ),
        comment_date=_rx(rf"^{WHEN}$"),
        confidence=0.6,
    ),
)
