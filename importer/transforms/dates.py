"""Date helpers shared by readers and writers. Dates are never shifted silently."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

_UNKNOWN = {"", "0000-00-00 00:00:00", "0000-00-00"}
_MAX_OFFSET = timedelta(hours=14)


def parse_wp_date(text: str | None) -> datetime | None:
    """Parse WordPress's ``YYYY-MM-DD HH:MM:SS`` (naive). ``0000-00-00 00:00:00`` is unknown (None).

    Returns None for anything that is not a real date; callers report it as a problem.
    """
    if text is None:
        return None
    text = text.strip()
    if text in _UNKNOWN or text.startswith("0000-"):
        return None
    if len(text) == 19 and text[10] == " ":  # the usual shape: fromisoformat is 50x faster than strptime
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            value = None
        if value is not None and value.tzinfo is None:
            return value
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def parse_wp_date_gmt(text: str | None) -> datetime | None:
    """Like :func:`parse_wp_date`, but the result is aware (UTC)."""
    value = parse_wp_date(text)
    return value.replace(tzinfo=UTC) if value else None


def with_offset(local: datetime | None, utc: datetime | None) -> datetime | None:
    """The local wall-clock time, carrying its UTC offset when the source gave both.

    The offset is ``local - utc``; it is used only when it is a plausible time zone offset
    (within 14 hours, a whole number of minutes). Otherwise the local time is returned naive
    (the writer shows it without an offset rather than inventing one).
    """
    if local is None:
        return utc
    if local.tzinfo is not None:
        return local
    if utc is None:
        return local
    offset = local - utc.replace(tzinfo=None)
    if abs(offset) > _MAX_OFFSET or offset.total_seconds() % 60:
        return local
    return local.replace(tzinfo=timezone(offset))


def iso(value: datetime | None) -> str | None:
    """ISO 8601 text, with the offset when the value carries one."""
    return value.isoformat() if value is not None else None
