"""The compiled usual case of iso_date (importer/writers/markdown/_cdates.pyx) gives what the Python one gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from importer.transforms.dates import iso, with_offset
from importer.writers.markdown import frontmatter

_cdates = pytest.importorskip("importer.writers.markdown._cdates")

_ZONES = st.sampled_from([None, UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))])


class _Moment(datetime):
    """A subclass: left to the Python code."""


def test_the_module_uses_the_compiled_dates() -> None:
    assert frontmatter.iso_date is _cdates.iso_date


@given(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.one_of(
        st.timedeltas(min_value=timedelta(hours=-15), max_value=timedelta(hours=15)),
        st.sampled_from([timedelta(hours=1), timedelta(hours=-8), timedelta(minutes=330), timedelta(0)]),
    ),
    st.booleans(),
    _ZONES,
    _ZONES,
)
@example(datetime(2005, 1, 1, 16, 37), timedelta(hours=1), False, None, UTC)
@example(datetime(2000, 2, 29, 0, 30), timedelta(hours=1), True, None, UTC)
@example(datetime(1900, 3, 1, 0, 30), timedelta(hours=1), True, None, UTC)
@example(datetime(999, 12, 31, 23, 0), timedelta(hours=1), True, None, UTC)
@example(datetime(2024, 12, 31, 23, 0, 0, 5), timedelta(hours=1), True, None, UTC)
def test_iso_date_compiled(
    local: datetime, offset: timedelta, whole: bool, local_zone: object, utc_zone: object
) -> None:
    if whole:
        local = local.replace(microsecond=0)
        offset = timedelta(minutes=round(offset.total_seconds() / 60))
    utc = (local - offset).replace(tzinfo=utc_zone)  # type: ignore[arg-type]
    local = local.replace(tzinfo=local_zone)  # type: ignore[arg-type]
    for _ in range(2):  # the second time with the offset in the table
        expected = iso(with_offset(local, utc))
        assert frontmatter.python_iso_date(local, utc) == expected
        assert _cdates.iso_date(local, utc) == expected
    assert _cdates.iso_date(None, utc) == frontmatter.python_iso_date(None, utc)
    assert _cdates.iso_date(local, None) == frontmatter.python_iso_date(local, None)
    moment = _Moment(local.year, local.month, local.day, local.hour, local.minute, local.second, local.microsecond)
    assert _cdates.iso_date(moment, utc) == frontmatter.python_iso_date(moment, utc)
