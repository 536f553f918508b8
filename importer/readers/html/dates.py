"""Dates as saved pages show them: ISO attributes and visible text in seven languages.

Two entry points:

* :func:`parse_machine_date` reads ``time[datetime]``, ``abbr.published[title]`` and
  ``article:published_time`` values (ISO 8601 and its near relatives).
* :func:`parse_shown_date` reads what a reader sees ("November 19, 2010 at 1:02 pm",
  "19 novembre 2010", "Do 24. Mai 2018, 08:30", "17.7.11", "11/04/2012").

Both return a naive wall-clock ``datetime`` (the time the author saw) or ``None``. They never
guess: a date without a year, a relative date ("2 years ago") or an ambiguous all-numeric date
without a language to settle it is ``None`` and the caller reports it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

# Month names and abbreviations in English, French, German, Spanish, Portuguese, Italian, Dutch,
# Swedish, Polish and Russian (Polish and Russian in the genitive a date uses, and the nominative).
_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: (
        "january",
        "jan",
        "janvier",
        "janv",
        "januar",
        "jänner",
        "enero",
        "ene",
        "janeiro",
        "gennaio",
        "gen",
        "januari",
        "styczeń",
        "stycznia",
        "январь",
        "января",
        "янв",
    ),
    2: (
        "february",
        "feb",
        "février",
        "fevrier",
        "fév",
        "fev",
        "févr",
        "februar",
        "febrero",
        "fevereiro",
        "febbraio",
        "februari",
        "luty",
        "lutego",
        "февраль",
        "февраля",
        "фев",
    ),
    3: (
        "march",
        "mar",
        "mars",
        "märz",
        "marz",
        "mär",
        "marzo",
        "março",
        "marco",
        "maart",
        "mrt",
        "marzec",
        "marca",
        "март",
        "марта",
    ),
    4: (
        "april",
        "apr",
        "avril",
        "avr",
        "abril",
        "abr",
        "aprile",
        "kwiecień",
        "kwietnia",
        "апрель",
        "апреля",
        "апр",
    ),
    5: (
        "may",
        "mai",
        "mayo",
        "maio",
        "maggio",
        "mag",
        "mei",
        "maj",
        "maja",
        "май",
        "мая",
    ),
    6: (
        "june",
        "jun",
        "juin",
        "juni",
        "junio",
        "junho",
        "giugno",
        "giu",
        "czerwiec",
        "czerwca",
        "июнь",
        "июня",
        "июн",
    ),
    7: (
        "july",
        "jul",
        "juillet",
        "juil",
        "juli",
        "julio",
        "julho",
        "luglio",
        "lug",
        "lipiec",
        "lipca",
        "июль",
        "июля",
        "июл",
    ),
    8: (
        "august",
        "aug",
        "août",
        "aout",
        "aoû",
        "agosto",
        "ago",
        "augustus",
        "augusti",
        "sierpień",
        "sierpnia",
        "август",
        "августа",
        "авг",
    ),
    9: (
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "setembro",
        "set",
        "settembre",
        "wrzesień",
        "września",
        "сентябрь",
        "сентября",
        "сен",
        "сент",
    ),
    10: (
        "october",
        "oct",
        "octobre",
        "oktober",
        "okt",
        "octubre",
        "outubro",
        "out",
        "ottobre",
        "ott",
        "październik",
        "października",
        "октябрь",
        "октября",
        "окт",
    ),
    11: (
        "november",
        "nov",
        "novembre",
        "noviembre",
        "novembro",
        "listopad",
        "listopada",
        "ноябрь",
        "ноября",
        "ноя",
    ),
    12: (
        "december",
        "dec",
        "décembre",
        "decembre",
        "déc",
        "dezember",
        "dez",
        "diciembre",
        "dic",
        "dezembro",
        "dicembre",
        "grudzień",
        "grudnia",
        "декабрь",
        "декабря",
        "дек",
    ),
}
MONTHS: dict[str, int] = {name: month for month, names in _MONTH_NAMES.items() for name in names}

# Languages whose all-numeric dates put the month first (only when the day cannot tell).
_MONTH_FIRST_LANGUAGES = ("en-us", "en")

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*"
    r"(Z|[+-]\d{2}:?\d{2})?\s*$",
    re.I,
)
_TIME = re.compile(
    r"(?<![\d.:])(\d{1,2})(?:[:h](\d{2}))(?::(\d{2}))?(?![\d])\s*(a\.?\s?m\.?|p\.?\s?m\.?)?"
    r"|(?<![\d.:])(\d{1,2})\s*(a\.?m\.?|p\.?m\.?)(?![a-z])",
    re.I,
)
_NUMERIC_YMD = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_NUMERIC_DMY = re.compile(r"(?<![\d.:/])(\d{1,2})([./-])(\d{1,2})\2\s?(\d{4}|\d{2})(?![\d:])")
_DAY_MONTH_COMMA_YEAR = re.compile(r"(?<![\d.:/])(\d{1,2})\.(\d{1,2}),\s*(\d{4})(?!\d)")
# A relative date's words: after a number and its unit ("3 days ago"), before a number ("vor 3
# Tagen"), or alone ("yesterday"). _RELATIVE and its cheap guard _RELATIVE_WORDS are made from them.
_AGO_WORDS = ("ago", "fa", "geleden")
_BEFORE_NUMBER_WORDS = ("vor", "il y a", "hace", "h\u00e1")
_DAY_WORDS = (
    "yesterday", "today", "gestern", "heute", "aujourd'hui", "ayer", "hoy", "ontem", "hoje", "ieri", "oggi",
    "gisteren", "vandaag",
)  # fmt: skip
_RELATIVE = re.compile(
    rf"\b(\d+\s+\w+\s+({'|'.join(_AGO_WORDS)})|({'|'.join(_BEFORE_NUMBER_WORDS)})\s+\d+|{'|'.join(_DAY_WORDS)})\b",
    re.I,
)
_ORDINAL_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th|er|e|º|°|\.)?$", re.I)
# Cheap tests that tell, before the costly patterns run, that they cannot match (each is met by
# every match of the patterns it guards; tests/test_html_dates_fast.py checks the answers agree):
# a year (every date read shows four digits, or two after a numeric day and month) ...
# (written to start with \d, so the engine skips to the digits instead of trying every position)
_MAYBE_YEAR = re.compile(r"\d(?:\d{3}|[./-]\d{1,2}[./-]\s?\d\d)")
_ANY_DIGIT = re.compile(r"\d")  # what _MAYBE_YEAR needs before the text is normalised
# ... one of _RELATIVE's words, found without its word boundaries in the text folded as re.I
# folds their letters (_has_relative_word): each looked for with ``in``, a substring search in C
# (their alternation, tried at each position where one may start, cost more; _RELATIVE itself
# tries every position) ...
_RELATIVE_WORDS = (*_AGO_WORDS, *_BEFORE_NUMBER_WORDS, *_DAY_WORDS)
# ... and the last digit of _TIME's hour with what follows it (":MM", "hMM", " am", "p.m.")
_MAYBE_TIME = re.compile(r"\d(?:[:hH]\d\d|\s*[aApP])")
# ... and a digit, a separator and a digit, which each of _NUMERIC_YMD, _DAY_MONTH_COMMA_YEAR and
# _NUMERIC_DMY matches
_DIGIT_SEPARATOR_DIGIT = re.compile(r"\d[./-]\d")
# compiled once (they were module-level re.sub / re.search calls: a cache look-up per call)
_YEAR = re.compile(r"(?<![\d:])(\d{4})(?![\d:])")
_DAY_BEFORE_WORD = re.compile(r"(\d{1,2})(st|nd|rd|th|er|\.)?\s*$")
_DAY_YEAR_AFTER_WORD = re.compile(r"^\s*\d{1,2}(st|nd|rd|th)?,?\s*(\d{4})?")
_YEAR_AFTER = re.compile(r"^([\s,]*)\d{4}")
_YEAR_BEFORE = re.compile(r"\d{4}\s*$")


@dataclass(slots=True)
class MachineDate:
    """A machine-readable date: the wall clock shown, and UTC when the offset can be trusted."""

    local: datetime
    utc: datetime | None


def parse_machine_date(value: str | None) -> MachineDate | None:
    """Read ISO 8601 (``2013-01-14T19:20:41+00:00``, ``2009-01-17T20:15:00+0000``, ``2010-11-19``).

    WordPress before 5.3 labelled local times ``+00:00`` whatever the site's zone, so a zero
    offset gives no UTC value; a non-zero offset does.
    """
    if not value:
        return None
    if len(value) == _PLAIN_ISO_LENGTH and value.isascii() and _PLAIN_ISO.match(value):
        return _plain_machine_date(value)
    return _iso_machine_date(value)


def _iso_machine_date(value: str) -> MachineDate | None:
    """``parse_machine_date`` of any value, through ``_ISO``."""
    match = _ISO.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    parts = (int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    try:
        local = datetime(*parts)
    except ValueError:
        return None
    if not zone:
        return MachineDate(local, None)
    if zone == "Z" or zone == "z":
        return MachineDate(local, datetime(*parts, 0, UTC))
    # [+-]HH:MM or [+-]HHMM: the offset in minutes; the UTC time by subtraction from the same wall
    # clock labelled UTC (what astimezone(UTC) of the time in a fixed-offset zone gives), without
    # the keyword calls of replace and timezone (tests/test_s14hdates_dates.py)
    minutes = int(zone[1:3]) * 60 + int(zone[-2:])
    if minutes == 0:
        return MachineDate(local, None)  # a zero offset: WordPress's label, not a zone
    if minutes >= _DAY_MINUTES:
        return _machine_date_zoned(local, zone)  # no such zone: timezone() refuses it, as it did
    shift = timedelta(0, minutes * 60)
    aware = datetime(*parts, 0, UTC)
    return MachineDate(local, aware + shift if zone[0] == "-" else aware - shift)


_DAY_MINUTES = 24 * 60

# The form WordPress themes write (``2013-01-14T19:20:41+00:00``), all of what ``_ISO`` matches
# of that length (``match`` of it is a full match): read by ``_plain_machine_date`` without
# ``_ISO``'s optional groups and six ``int`` calls (tests/test_s16hdate_dates.py)
_PLAIN_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")
_PLAIN_ISO_LENGTH = 25
_WALL_CLOCK = 19  # the length of a _PLAIN_ISO value's date and time ("2013-01-14T19:20:41")


def _plain_machine_date(value: str) -> MachineDate | None:
    """``parse_machine_date`` of an ASCII ``_PLAIN_ISO`` value: the wall clock read by
    ``datetime.fromisoformat`` in C (the same fields; a day or time ``datetime`` refuses it
    refuses too), the offset as the general path reads it."""
    try:
        local = datetime.fromisoformat(value[:_WALL_CLOCK])
    except ValueError:
        return None
    minutes = int(value[20:22]) * 60 + int(value[23:25])
    if minutes == 0:
        return MachineDate(local, None)  # a zero offset: WordPress's label, not a zone
    zone = value[_WALL_CLOCK:]
    if minutes >= _DAY_MINUTES:
        return _machine_date_zoned(local, zone)  # no such zone: timezone() refuses it, as it did
    shift = timedelta(0, minutes * 60)
    aware = local.replace(tzinfo=UTC)
    return MachineDate(local, aware + shift if zone[0] == "-" else aware - shift)


def _machine_date_zoned(local: datetime, zone: str) -> MachineDate:
    """``parse_machine_date``'s reading of a non-zero offset through ``timezone`` and
    ``astimezone``: for an offset of a day or more, which ``timezone`` refuses (ValueError)."""
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    aware = local.replace(tzinfo=timezone(sign * offset))
    return MachineDate(local, aware.astimezone(UTC))


def parse_shown_date(text: str | None, language: str | None = None) -> datetime | None:
    """Read a date as a page shows it; ``None`` when it cannot be read without guessing."""
    if not text or _ANY_DIGIT.search(text) is None:
        return None  # no digit: no year (NFC makes no digit of other characters; tests/test_hpost_fields.py)
    text = _normalise(text)
    if not text or not _MAYBE_YEAR.search(text):
        return None  # no year: nothing below can read a date
    if _has_relative_word(text) and _RELATIVE.search(text):
        return None
    # _ISO needs four digits and a dash at the start of the text (normalised: no space before)
    machine = parse_machine_date(text) if text[4:5] == "-" else None
    if machine:
        return machine.local
    found = _numeric_date(text, language) or _named_month_date(text)
    if found is None:
        return None
    day_value, rest = found
    shown = _time_match(rest)  # looked for once: no time shown, the day alone
    if shown is None:
        return day_value
    clock = _clock(shown)
    if clock is None:
        return None  # "13:05 pm": a time shown but not a real one
    # the day with the time: the constructor with positional arguments, not replace's keywords
    # (_clock gives a valid hour, minute and second)
    return datetime(day_value.year, day_value.month, day_value.day, *clock)


def _has_relative_word(text: str) -> bool:
    """Whether one of ``_RELATIVE_WORDS`` is in ``text``, in any case ``re.I`` matches."""
    lowered = folded(text)
    for word in _RELATIVE_WORDS:  # noqa: SIM110 - a loop, not any() over a generator (a generator object per call)
        if word in lowered:
            return True
    return False


def folded(text: str) -> str:
    """``text`` lower-cased, and the characters ``re.I`` matches to a letter that ``str.lower``
    does not lower to it (the dotted capital I, the dotless i, the long s; three old forms of the
    Cyrillic ve, o and te) as that letter: each character of ``text`` folds to one, and to a letter
    of the words looked for in folded text (``_RELATIVE_WORDS``, ``fields._BYLINE_WORDS``) exactly
    when ``re.I`` matches it to that letter (tests/test_s13hdates_dates.py: every code point)."""
    if not text.isascii():
        text = text.replace("\u0130", "i").replace("\u0131", "i").replace("\u017f", "s").replace("\u1c80", "\u0432")
        text = text.replace("\u1c82", "\u043e").replace("\u1c84", "\u0442").replace("\u1c85", "\u0442")
    return text.lower()


def _normalise(text: str) -> str:
    """NFC, white space runs (no-break spaces too) as one space, trimmed: what
    ``_SPACES.sub(" ", text).strip()`` gives (``\\s`` and ``str.split`` know the same spaces)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _numeric_date(text: str, language: str | None) -> tuple[datetime, str] | None:
    if "." not in text and "/" not in text and "-" not in text:
        return None  # none of the separators _DIGIT_SEPARATOR_DIGIT needs (three tests in C, not a search)
    guard = _DIGIT_SEPARATOR_DIGIT.search(text)
    if guard is None:
        return None  # each pattern below needs a digit, one of these separators and a digit
    # each match holds such a digit, separator and digit at most three characters after its start
    # (after "YYYY"), so none starts before the first of them less three: the search starts there
    # (their look-behinds still see the text before it), not at every position of a long text
    start = max(guard.start() - _DIGITS_BEFORE_SEPARATOR, 0)
    match = _NUMERIC_YMD.search(text, start)
    if match:
        year, month, day = map(int, match.groups())
        return _checked(year, month, day, text, match)
    match = _DAY_MONTH_COMMA_YEAR.search(text, start)
    if match:
        day, month, year = map(int, match.groups())
        return _checked(year, month, day, text, match)
    match = _NUMERIC_DMY.search(text, start)
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
        return None  # 04/05/2010: April or May, and nothing tells
    else:
        day, month = a, b
    return _checked(year, month, day, text, match)


_DIGITS_BEFORE_SEPARATOR = 3  # the most digits a numeric date's first separator follows, less one ("YYYY-")


def _named_month_date(text: str) -> tuple[datetime, str] | None:
    lowered = text.lower()
    # each run of letters looked up in MONTHS (an alternation of the 170 names, tried at each word,
    # cost twice as much per text, and its compiling ~12 M instructions at import: test_hbody_dates)
    for word in _WORD.finditer(lowered):
        if word[0] in MONTHS:  # the word (Match's item 0: no method call)
            found = _date_around(text, lowered, word)
            if found is not None:
                return found
    return None


def _date_around(text: str, lowered: str, word: re.Match[str]) -> tuple[datetime, str] | None:
    """The date around month name ``word`` (a match in ``lowered``, ``text`` lower-cased), and
    the rest of the text without it; None without a year or a day next to the name."""
    before, after = lowered[: word.start()], lowered[word.end() :]
    year_match = _YEAR.search(after) or _last(_YEAR, before)
    if not year_match:
        return None  # "25 Jul": no year shown (or a name such as "April Marsh"): try the next word
    day = _day_before(before) or _day_after(after)
    if day is None:
        return None
    try:
        value = datetime(int(year_match.group(1)), MONTHS[word.group()], day)
    except ValueError:
        return None
    return value, _without_date_numbers(text, word.start(), word.end())


def _day_before(before: str) -> int | None:
    tokens = before.replace(",", " ").replace(":", " ").split()
    for token in reversed(tokens[-2:]):
        if token in ("de", "of", "le", "el", "il", "den", "der"):
            continue
        match = _ORDINAL_DAY.match(token)
        if match:
            return int(match.group(1))
        return None
    return None


def _day_after(after: str) -> int | None:
    tokens = after.removeprefix(".").replace(",", " ").split()  # "Sept. 9, 2008"
    if tokens:
        match = _ORDINAL_DAY.match(tokens[0])
        if match:
            return int(match.group(1))
    return None


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - keep the last match
        pass
    return found


def _without_date_numbers(text: str, start: int, end: int) -> str:
    """The text with the month word and the day/year numbers next to it blanked out."""
    head = _cut_end(_DAY_BEFORE_WORD, text[:start])
    tail = _cut_start(_DAY_YEAR_AFTER_WORD, text[end:])
    tail = _cut_start(_YEAR_AFTER, tail)
    head = _cut_end(_YEAR_BEFORE, head)
    return head + " " + tail


# What _DAY_BEFORE_WORD and _YEAR_BEFORE match before the white space they end with: at most two
# digits and a two-letter suffix, or four digits
_LONGEST_AT_END = 4
# what they can end with before that white space besides a digit (\d: str.isdecimal): the last
# character of _DAY_BEFORE_WORD's suffixes ("st", "nd", "rd", "th", "er", ".")
_ENDS_AT_END = frozenset("tdhr.")


def _cut_end(pattern: re.Pattern[str], text: str) -> str:
    """``pattern.sub(" ", text)`` for ``_DAY_BEFORE_WORD`` or ``_YEAR_BEFORE``, read over the end
    of ``text`` only: their one match ends at the end (``$``, after the white space at the end)
    and starts at most ``_LONGEST_AT_END`` characters before that white space, and nothing before
    the match (no look-behind) changes it. ``sub`` tried every position of a long text."""
    kept = text.rstrip()
    if kept[-1:] not in _ENDS_AT_END and not kept[-1:].isdecimal():
        return text  # no match: each needs a digit, or a suffix's last letter, before that white space
    start = len(kept) - _LONGEST_AT_END
    if start <= 0:
        return pattern.sub(" ", text)
    return text[:start] + pattern.sub(" ", text[start:])


def _cut_start(pattern: re.Pattern[str], text: str) -> str:
    """``pattern.sub(" ", text)`` for ``_DAY_YEAR_AFTER_WORD`` or ``_YEAR_AFTER``: anchored at the
    start (``^``) and never empty (a digit), so one match at most, at the start."""
    match = pattern.match(text)
    return text if match is None else " " + text[match.end() :]


def _checked(year: int, month: int, day: int, text: str, match: re.Match[str]) -> tuple[datetime, str] | None:
    try:
        value = datetime(year, month, day)
    except ValueError:
        return None
    return value, text[: match.start()] + " " + text[match.end() :]


def _time_match(text: str) -> re.Match[str] | None:
    """``_TIME.search(text)``, skipping the text before the first place it can match."""
    maybe = _MAYBE_TIME.search(text)
    if maybe is None:
        return None
    # _TIME's first match cannot start before the digit ahead of _MAYBE_TIME's first (an hour has
    # at most two digits); its look-behind still sees the text before the start
    return _TIME.search(text, max(maybe.start() - 1, 0))


def _time_of_day(text: str) -> tuple[int, int, int] | None:
    match = _time_match(text)
    return _clock(match) if match else None


def _clock(match: re.Match[str]) -> tuple[int, int, int] | None:
    """(hour, minute, second) of a ``_TIME`` match; None when it is no real time ("13:05 pm")."""
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


def parse_time_of_day(text: str | None) -> tuple[int, int, int] | None:
    """(hour, minute, second) from a time alone ("10:42 pm", "16:20"), for date links' titles."""
    return _time_of_day(_normalise(text)) if text else None
