# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The SQL rows' storability check, compiled (optional): :func:`rows._unstorable` in C.

Every row of every table passes the check (a part of 10,000 posts: 56,000 rows). In Python it
is a loop of about 15 byte codes a value, and the search for a NUL in a text whose characters
take two bytes (most posts' bodies: one character beyond Latin-1 is enough) is a loop a
character in CPython (its ``memchr`` shortcut leaves out the needle 0 there): about 7,400
instructions a row. Here a tuple's values are looked at by their exact type, a text is
searched a block of characters at a time (an OR over the block, which the C compiler turns into
vector instructions), an integer is tried as a C ``long long``. The answer is the Python loop's
for every tuple (tests/test_sql_crows.py: hypothesis tuples of texts of each width, integers at
and beyond the limits, bools, floats, None, str and int subclasses).

The dates' text (:func:`local_text`, :func:`utc_text`): ``YYYY-MM-DD HH:MM:SS`` written digit by
digit into a new one-byte string, for the usual date (a ``datetime`` without microseconds, naive
or in UTC as the column wants); None otherwise, and the row conversion asks the Python code
(sqlite._local_text, sqlite._utc_text). Every post has four dates, a comment two: in Python the
text took a call of ``_seconds_text``, six look-ups and an f-string (about 1,500 instructions).
"""

from cpython.datetime cimport (
    PyDateTime_CheckExact,
    PyDateTime_DATE_GET_HOUR,
    PyDateTime_DATE_GET_MICROSECOND,
    PyDateTime_DATE_GET_MINUTE,
    PyDateTime_DATE_GET_SECOND,
    PyDateTime_GET_DAY,
    PyDateTime_GET_MONTH,
    PyDateTime_GET_YEAR,
    datetime_tzinfo,
    import_datetime,
)
from cpython.long cimport PyLong_AsLongLongAndOverflow
from cpython.unicode cimport (
    PyUnicode_1BYTE_DATA,
    PyUnicode_1BYTE_KIND,
    PyUnicode_2BYTE_DATA,
    PyUnicode_2BYTE_KIND,
    PyUnicode_4BYTE_DATA,
    PyUnicode_4BYTE_KIND,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
    PyUnicode_New,
)
from libc.stdint cimport uint16_t, uint32_t
from libc.string cimport memchr

import_datetime()

from datetime import UTC as _UTC

DEF BLOCK = 64  # characters ORed together before a branch


ctypedef fused wide_char:
    uint16_t
    uint32_t


cdef bint _wide_nul(const wide_char *data, Py_ssize_t n) noexcept nogil:
    """Whether a NUL is among ``data[:n]`` (a text of 2 or 4 bytes a character)."""
    cdef Py_ssize_t i = 0, j
    cdef int zero
    while i + BLOCK <= n:
        zero = 0
        for j in range(BLOCK):
            zero |= data[i + j] == 0
        if zero:
            return True
        i += BLOCK
    while i < n:
        if data[i] == 0:
            return True
        i += 1
    return False


cdef bint _has_nul(object text) except -1:
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef unsigned int kind = PyUnicode_KIND(text)
    if kind == PyUnicode_1BYTE_KIND:
        return memchr(PyUnicode_1BYTE_DATA(text), 0, n) != NULL
    if kind == PyUnicode_2BYTE_KIND:
        return _wide_nul(<const uint16_t *> PyUnicode_2BYTE_DATA(text), n)
    if kind == PyUnicode_4BYTE_KIND:
        return _wide_nul(<const uint32_t *> PyUnicode_4BYTE_DATA(text), n)
    return "\x00" in text  # a legacy string not made ready: Python's own search


def unstorable(tuple values not None) -> bool:
    """Whether a value no engine holds as it is is among ``values``: a ``str`` (the exact type)
    holding NUL, or an ``int`` (the exact type: not a bool) beyond a signed 64-bit integer."""
    cdef object value
    cdef int overflow
    for value in values:
        if type(value) is str:
            if _has_nul(value):
                return True
        elif type(value) is int:
            PyLong_AsLongLongAndOverflow(value, &overflow)
            if overflow:
                return True
    return False


cdef inline void _two(unsigned char *at, int n) noexcept:
    at[0] = 48 + n // 10
    at[1] = 48 + n % 10


cdef str _seconds_text(object value):
    """``value.isoformat(" ")`` less any offset, for a datetime whose microsecond is 0."""
    cdef str text = PyUnicode_New(19, 127)
    cdef unsigned char *d = PyUnicode_1BYTE_DATA(text)
    cdef int year = PyDateTime_GET_YEAR(value)  # 1 to 9999: four digits, zeros before
    _two(d, year // 100)
    _two(d + 2, year % 100)
    d[4] = 45  # -
    _two(d + 5, PyDateTime_GET_MONTH(value))
    d[7] = 45
    _two(d + 8, PyDateTime_GET_DAY(value))
    d[10] = 32  # space
    _two(d + 11, PyDateTime_DATE_GET_HOUR(value))
    d[13] = 58  # :
    _two(d + 14, PyDateTime_DATE_GET_MINUTE(value))
    d[16] = 58
    _two(d + 17, PyDateTime_DATE_GET_SECOND(value))
    return text


def local_text(value: object) -> str | None:
    """The text of a naive ``datetime`` (the exact type) without microseconds; None for anything else."""
    if PyDateTime_CheckExact(value) and datetime_tzinfo(value) is None and PyDateTime_DATE_GET_MICROSECOND(value) == 0:
        return _seconds_text(value)
    return None


def utc_text(value: object) -> str | None:
    """The text (no offset) of a ``datetime`` (the exact type) in ``datetime.UTC`` without
    microseconds; None for anything else."""
    if PyDateTime_CheckExact(value) and datetime_tzinfo(value) is _UTC and PyDateTime_DATE_GET_MICROSECOND(value) == 0:
        return _seconds_text(value)
    return None
