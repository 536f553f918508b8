# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The Markdown writer's compiled helpers (optional): frontmatter.iso_date's usual case
(``iso_date``) and the data files' indented JSON (``indented_json``).

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
from cpython.unicode cimport (
    PyUnicode_1BYTE_KIND,
    PyUnicode_DATA,
    PyUnicode_DecodeASCII,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
    PyUnicode_READ,
)

from json.encoder import encode_basestring  # the C escaper json.dumps(ensure_ascii=False) uses

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


# json_text.indented_json's usual case: the data files' values (dicts of str keys, lists, str, int,
# bool, None, of those exact types) written as json.dumps(value, ensure_ascii=False, indent=2)
# writes them (json's C escaper: a quote, a backslash and the control characters escaped, nothing
# else). Two walks: the first checks the types and measures the text, the second writes it into
# one new string. Anything else (a float, a subclass, a key other than a string, nesting deeper
# than MAX_DEPTH: a cycle?) gets None, and the Python code writes it
# (tests/test_mdpost_compiled.py compares the two with json.dumps).

cdef extern from "Python.h":
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    Py_UCS4 PyUnicode_MAX_CHAR_VALUE(object text)
    void PyUnicode_WRITE(int kind, void* data, Py_ssize_t index, Py_UCS4 value)

cdef extern from "string.h":
    void* memcpy(void* to, const void* source, size_t count)
    void* memset(void* to, int byte, size_t count)

cdef int MAX_DEPTH = 400
cdef const char* HEX = b"0123456789abcdef"
# the characters json adds to write each of the first 256 (\n for a newline: 1, \u0001: 5)
cdef unsigned char EXTRA[256]
# the letter after the backslash of a two-character escape ("\\n"), else 0 ("\\u0001")
cdef unsigned char LETTER[128]
LETTER[:] = [0] * 128
for _c, _letter in zip(b'"\\\n\r\t\b\f', b'"\\nrtbf'):
    LETTER[_c] = _letter
EXTRA[:] = [(1 if c in b"\b\t\n\f\r" else 5) if c < 32 else (1 if c in b'"\\' else 0) for c in range(256)]


cdef struct _Out:
    int kind
    void* data
    Py_ssize_t at
    Py_UCS4 maxchar
    bint escapes  # a string of the value has a character to escape


def indented_json(value):
    """``json.dumps(value, ensure_ascii=False, indent=2)``, or None (see above)."""
    cdef list numbers = []  # the ints' texts, made by the first walk for the second
    cdef _Out out
    out.maxchar = 127
    out.escapes = False
    cdef Py_ssize_t length = _measure(value, 0, numbers, &out)
    if length < 0:
        return None
    text = PyUnicode_New(length, out.maxchar)
    out.kind = PyUnicode_KIND(text)
    out.data = PyUnicode_DATA(text)
    out.at = 0
    _emit(value, 0, iter(numbers), &out)
    assert out.at == length
    return text


cdef Py_ssize_t _string_length(str text, _Out* out):
    """The length of ``text`` as json writes it, quotes included."""
    cdef Py_ssize_t i, length = PyUnicode_GET_LENGTH(text)
    cdef Py_ssize_t written = length + 2
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef const unsigned char* latin
    cdef Py_UCS4 c
    if kind == PyUnicode_1BYTE_KIND:
        latin = <const unsigned char*>data
        for i in range(length):
            written += EXTRA[latin[i]]
    else:
        for i in range(length):
            c = PyUnicode_READ(kind, data, i)
            if c < 128:
                written += EXTRA[c]
    if written != length + 2:
        out.escapes = True
    c = PyUnicode_MAX_CHAR_VALUE(text)
    if c > out.maxchar:
        out.maxchar = c
    return written


cdef Py_ssize_t _measure(object value, int depth, list numbers, _Out* out) except -2:
    """The length of ``value``'s text, or -1 when it is not of the usual types."""
    cdef type kind = type(value)
    cdef Py_ssize_t length, part, items
    if kind is str:
        return _string_length(<str>value, out)
    if kind is int:
        number = repr(value)  # an exact int: int.__repr__
        numbers.append(number)
        return PyUnicode_GET_LENGTH(number)
    if value is None or value is True:
        return 4
    if value is False:
        return 5
    if kind is not dict and kind is not list:
        return -1
    if not value:
        return 2  # {} or []
    if depth >= MAX_DEPTH:
        return -1
    length = 2 + 1 + 2 * depth  # the brackets, the closing one on a line of its own
    items = 0
    if kind is dict:
        for key, item in (<dict>value).items():
            if type(key) is not str:
                return -1
            part = _measure(item, depth + 1, numbers, out)
            if part < 0:
                return -1
            length += _string_length(<str>key, out) + 2 + part
            items += 1
    else:
        for item in <list>value:
            part = _measure(item, depth + 1, numbers, out)
            if part < 0:
                return -1
            length += part
            items += 1
    return length + items * (1 + 2 * (depth + 1)) + items - 1  # each on a new line, commas between


cdef inline void _ascii(_Out* out, const char* text):
    cdef Py_ssize_t i = 0
    while text[i]:
        PyUnicode_WRITE(out.kind, out.data, out.at, <Py_UCS4>text[i])
        out.at += 1
        i += 1


cdef inline void _new_line(_Out* out, int depth):
    cdef int i
    PyUnicode_WRITE(out.kind, out.data, out.at, 10)
    out.at += 1
    if out.kind == PyUnicode_1BYTE_KIND:
        memset(<char*>out.data + out.at, 32, 2 * depth)
        out.at += 2 * depth
        return
    for i in range(2 * depth):
        PyUnicode_WRITE(out.kind, out.data, out.at, 32)
        out.at += 1


cdef void _emit_string(str text, _Out* out):
    cdef Py_ssize_t i, length = PyUnicode_GET_LENGTH(text)
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t run = 0
    cdef const unsigned char* latin
    cdef Py_UCS4 c
    PyUnicode_WRITE(out.kind, out.data, out.at, 34)
    out.at += 1
    if kind == PyUnicode_1BYTE_KIND and out.kind == PyUnicode_1BYTE_KIND:  # runs copied as they are
        latin = <const unsigned char*>data
        for i in range(length if out.escapes else 0):
            if EXTRA[latin[i]]:
                memcpy(<char*>out.data + out.at, latin + run, i - run)
                out.at += i - run
                run = i + 1
                _escape(latin[i], out)
        memcpy(<char*>out.data + out.at, latin + run, length - run)
        out.at += length - run + 1
        (<char*>out.data)[out.at - 1] = 34
        return
    for i in range(length):
        c = PyUnicode_READ(kind, data, i)
        if c >= 128 or not EXTRA[c]:
            PyUnicode_WRITE(out.kind, out.data, out.at, c)
            out.at += 1
        else:
            _escape(c, out)
    PyUnicode_WRITE(out.kind, out.data, out.at, 34)
    out.at += 1


cdef void _escape(Py_UCS4 c, _Out* out):
    """json's escape of ``c`` (a quote, a backslash or a control character)."""
    if LETTER[c]:
        PyUnicode_WRITE(out.kind, out.data, out.at, 92)
        PyUnicode_WRITE(out.kind, out.data, out.at + 1, LETTER[c])
        out.at += 2
        return
    _ascii(out, b"\\u00")
    PyUnicode_WRITE(out.kind, out.data, out.at, HEX[(<unsigned int>c) >> 4])
    PyUnicode_WRITE(out.kind, out.data, out.at + 1, HEX[(<unsigned int>c) & 15])
    out.at += 2


cdef int _emit(object value, int depth, object numbers, _Out* out) except -1:
    """Write ``value``'s text (checked and measured by _measure) at ``out``."""
    cdef type kind = type(value)
    cdef bint first = True
    if kind is str:
        _emit_string(<str>value, out)
    elif kind is int:
        _emit_string_raw(<str>next(numbers), out)
    elif value is None:
        _ascii(out, b"null")
    elif value is True:
        _ascii(out, b"true")
    elif value is False:
        _ascii(out, b"false")
    elif not value:
        _ascii(out, b"{}" if kind is dict else b"[]")
    elif kind is dict:
        _ascii(out, b"{")
        for key, item in (<dict>value).items():
            if not first:
                _ascii(out, b",")
            first = False
            _new_line(out, depth + 1)
            _emit_string(<str>key, out)
            _ascii(out, b": ")
            _emit(item, depth + 1, numbers, out)
        _new_line(out, depth)
        _ascii(out, b"}")
    else:
        _ascii(out, b"[")
        for item in <list>value:
            if not first:
                _ascii(out, b",")
            first = False
            _new_line(out, depth + 1)
            _emit(item, depth + 1, numbers, out)
        _new_line(out, depth)
        _ascii(out, b"]")
    return 0


cdef inline void _emit_string_raw(str text, _Out* out):
    """An ASCII text as it is (an int's digits)."""
    cdef Py_ssize_t i
    for i in range(PyUnicode_GET_LENGTH(text)):
        PyUnicode_WRITE(out.kind, out.data, out.at + i, PyUnicode_READ(PyUnicode_1BYTE_KIND, PyUnicode_DATA(text), i))
    out.at += PyUnicode_GET_LENGTH(text)
