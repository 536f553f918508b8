# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""frontmatter.iso_date's usual case, compiled (optional): ``iso_date``.

A post's and each comment's date is a naive local time and its UTC time (five a synthetic post:
its date, its modification and three comments'). The Python code reads a dozen fields through
their descriptors and formats them with an f-string (about 10 k instructions a call); this reads
them from the datetime structs (``PyDateTime_GET_YEAR``...) and writes the digits into a buffer.
The offset's text comes from the Python module's own table (``frontmatter._OFFSETS``, keyed by
(seconds, microseconds) as there); anything else (a time zone on the local time, microseconds, a
year before 1000, a subclass, an offset not in the table yet) goes to the Python code, which
fills the table. ``tests/test_iso_date_accel.py`` checks both on hypothesis times.
"""

from cpython.datetime cimport (
    PyDateTime_CheckExact,
    PyDateTime_DATE_GET_HOUR,
    PyDateTime_DATE_GET_MICROSECOND,
    PyDateTime_DATE_GET_MINUTE,
    PyDateTime_DATE_GET_SECOND,
    datetime_tzinfo,
    PyDateTime_GET_DAY,
    PyDateTime_GET_MONTH,
    PyDateTime_GET_YEAR,
    import_datetime,
)
from cpython.unicode cimport PyUnicode_DecodeASCII

import_datetime()

cdef dict OFFSETS = None
cdef object FALLBACK = None

# days before each month in a non-leap year (1-based month)
cdef int DAYS_BEFORE_MONTH[13]
DAYS_BEFORE_MONTH[:] = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]


def init(dict offsets, fallback):
    """frontmatter's offset table and its Python iso_date (for every case this does not take)."""
    global OFFSETS, FALLBACK
    OFFSETS, FALLBACK = offsets, fallback


cdef inline long ordinal(int year, int month, int day):
    """``date.toordinal()``: 1 for 0001-01-01."""
    cdef long y = year - 1
    cdef long days = y * 365 + y // 4 - y // 100 + y // 400 + DAYS_BEFORE_MONTH[month] + day
    if month > 2 and (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
        days += 1
    return days


cdef inline void two(char* out, int value):
    out[0] = <char>(48 + value // 10)
    out[1] = <char>(48 + value % 10)


def iso_date(local, utc):
    """frontmatter.iso_date (see there)."""
    if (
        local is None
        or utc is None
        or not PyDateTime_CheckExact(local)
        or not PyDateTime_CheckExact(utc)
        or datetime_tzinfo(local) is not None
    ):
        return FALLBACK(local, utc)
    cdef int year = PyDateTime_GET_YEAR(local), month = PyDateTime_GET_MONTH(local), day = PyDateTime_GET_DAY(local)
    cdef int hour = PyDateTime_DATE_GET_HOUR(local), minute = PyDateTime_DATE_GET_MINUTE(local)
    cdef int second = PyDateTime_DATE_GET_SECOND(local), micro = PyDateTime_DATE_GET_MICROSECOND(local)
    if year < 1000 or micro:
        return FALLBACK(local, utc)
    cdef long seconds = (
        (ordinal(year, month, day) - ordinal(PyDateTime_GET_YEAR(utc), PyDateTime_GET_MONTH(utc), PyDateTime_GET_DAY(utc)))
        * 86400
        + (hour - PyDateTime_DATE_GET_HOUR(utc)) * 3600
        + (minute - PyDateTime_DATE_GET_MINUTE(utc)) * 60
        + second
        - PyDateTime_DATE_GET_SECOND(utc)
    )
    suffix = OFFSETS.get((seconds, micro - PyDateTime_DATE_GET_MICROSECOND(utc)))
    if suffix is None:
        return FALLBACK(local, utc)
    cdef char text[19]
    text[0] = <char>(48 + year // 1000)
    text[1] = <char>(48 + year // 100 % 10)
    text[2] = <char>(48 + year // 10 % 10)
    text[3] = <char>(48 + year % 10)
    text[4] = b"-"
    two(text + 5, month)
    text[7] = b"-"
    two(text + 8, day)
    text[10] = b"T"
    two(text + 11, hour)
    text[13] = b":"
    two(text + 14, minute)
    text[16] = b":"
    two(text + 17, second)
    return PyUnicode_DecodeASCII(text, 19, NULL) + <str>suffix
