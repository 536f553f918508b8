"""Dates as saved pages show them, in the seven languages WordPress ships most; never a guess."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from importer.readers.html.dates import parse_machine_date, parse_shown_date, parse_time_of_day


@pytest.mark.parametrize(
    ("shown", "language", "expected"),
    [
        ("November 19, 2010 at 1:02 pm", "en", datetime(2010, 11, 19, 13, 2)),
        ("Tuesday, June 2nd, 2009 at 10:41 pm", "en", datetime(2009, 6, 2, 22, 41)),
        ("16 June 2010 at 08:02", "en-GB", datetime(2010, 6, 16, 8, 2)),
        ("Jul 25, 2008", None, datetime(2008, 7, 25)),
        ("Sept. 9, 2008 @ 12:30 PM", None, datetime(2008, 9, 9, 12, 30)),
        ("2010-11-19", None, datetime(2010, 11, 19)),
        ("19 novembre 2010", "fr", datetime(2010, 11, 19)),
        ("le 1er mai 2009 à 16h20", "fr-FR", datetime(2009, 5, 1, 16, 20)),
        ("3. Dezember 2011", "de", datetime(2011, 12, 3)),
        ("Do 24. Mai 2018, 08:30", "de-DE", datetime(2018, 5, 24, 8, 30)),
        ("14. Dezember 2015 um 14:48", "de", datetime(2015, 12, 14, 14, 48)),
        ("23.06.2016 um 16:14 Uhr", "de", datetime(2016, 6, 23, 16, 14)),
        ("Juni 19th, 2018", "de", datetime(2018, 6, 19)),
        ("17.7.11", "de", datetime(2011, 7, 17)),
        ("20 de enero de 2020 a las 8:40", "es", datetime(2020, 1, 20, 8, 40)),
        ("4 de março de 2014 às 15:27", "pt-BR", datetime(2014, 3, 4, 15, 27)),
        ("3 giugno 2012 alle 9:15", "it", datetime(2012, 6, 3, 9, 15)),
        ("12 maart 2011 om 10:12", "nl", datetime(2011, 3, 12, 10, 12)),
        ("11/04/2012", "de", datetime(2012, 4, 11)),
        ("11/04/2012", "en-US", datetime(2012, 11, 4)),
        ("Comment by April Marsh \u2014 February 17, 2011 @ 8:13 am", "en", datetime(2011, 2, 17, 8, 13)),
        ("13 maj 2014 kl. 08:12", "sv-SE", datetime(2014, 5, 13, 8, 12)),
        ("12 \u043c\u0430\u044f 2015 \u0432 10:20", "ru-RU", datetime(2015, 5, 12, 10, 20)),
        ("3 pa\u017adziernika 2010", "pl-PL", datetime(2010, 10, 3)),
    ],
)
def test_shown_dates_are_read(shown: str, language: str | None, expected: datetime) -> None:
    assert parse_shown_date(shown, language) == expected


@pytest.mark.parametrize(
    "shown",
    [
        "25 Jul",  # no year on the page
        "04/05/2010",  # April or May, and no language to tell
        "1 year ago",
        "vor 3 Tagen",
        "il y a 2 jours",
        "yesterday at 4:12 pm",
        "February 30, 2011",
        "June 3, 2009 at 13:05 pm",  # a time shown, and not a real one
        "Leave a comment",
        "",
    ],
)
def test_what_cannot_be_read_without_guessing_is_none(shown: str) -> None:
    assert parse_shown_date(shown, None) is None


def test_machine_dates_keep_the_wall_clock_and_trust_only_real_offsets() -> None:
    labelled_utc = parse_machine_date("2013-01-14T19:20:41+00:00")  # WordPress < 5.3: local time labelled +00:00
    assert labelled_utc is not None
    assert labelled_utc.local == datetime(2013, 1, 14, 19, 20, 41)
    assert labelled_utc.utc is None
    offset = parse_machine_date("2016-06-23T16:14:51+02:00")
    assert offset is not None
    assert offset.local == datetime(2016, 6, 23, 16, 14, 51)
    assert offset.utc == datetime(2016, 6, 23, 14, 14, 51, tzinfo=UTC)
    sandbox = parse_machine_date("2009-01-17T20:15:00+0000")
    assert sandbox is not None and sandbox.local == datetime(2009, 1, 17, 20, 15)
    assert parse_machine_date("Sonntag, Dezember 16th, 2012") is None


def test_a_time_alone_is_read_for_date_link_titles() -> None:
    assert parse_time_of_day("10:42 pm") == (22, 42, 0)
    assert parse_time_of_day("16h20") == (16, 20, 0)
    assert parse_time_of_day("soon") is None
