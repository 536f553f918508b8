# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The Markdown writer's compiled helpers (optional): frontmatter.iso_date's usual case
(``iso_date``), the data files' indented JSON (``indented_json``), the front matter's YAML
(``simple_yaml``) and the comments' threads (``comment_thread``), each described above its code.

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
from cpython.object cimport PyObject
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


# yaml_text.simple_yaml, compiled: the loop over a front matter's keys and values (the kept
# scalars looked up with no Python call), and yaml_text._scalar's usual answers for ASCII text
# (a known plain word, a date as iso_date writes it, a text with an indicator, quoted). Any other
# scalar (not ASCII, a control character, a space at either end, one the resolver must read) is
# yaml_text._scalar's to write. tests/test_s13mdfront_yaml.py compares both with the Python code.

cdef extern from "Python.h":
    int PyUnicode_IS_ASCII(object text)
    PyObject* PyDict_GetItemWithError(object mapping, object key) except? NULL

cdef object PY_SCALAR = None  # yaml_text._scalar
cdef Py_ssize_t MAX_LENGTH = 0  # yaml_text._MAX_LENGTH
cdef Py_ssize_t CACHED = 0  # yaml_text.CACHED
# by ASCII code: 1 a first character of _KNOWN_PLAIN, 2 any later one, 4 a letter that makes
# _KNOWN_PLAIN_DIGIT's word text, 8 one of _FIRST_INDICATOR's indicators
cdef unsigned char YAML_CLASS[128]
YAML_CLASS[:] = [0] * 128
for _c in bytearray(b"#,[]{}&*!|>'\"%@`"):
    YAML_CLASS[_c] |= 8
for _c in bytearray(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 ./_-"):
    YAML_CLASS[_c] |= 2
for _c in bytearray(b"ghijklmnopqrsuvwyzGHIJKLMNOPQRSUVWYZ"):
    YAML_CLASS[_c] |= 4


def init_yaml(str plain_first, scalar, Py_ssize_t max_length, Py_ssize_t cached):
    """yaml_text's first characters of a known plain word, its ``_scalar``, _MAX_LENGTH and CACHED."""
    global PY_SCALAR, MAX_LENGTH, CACHED
    cdef Py_UCS4 c
    for c in range(128):
        YAML_CLASS[c] &= ~1
    for c in plain_first:
        if c < 128:
            YAML_CLASS[c] |= 1
    PY_SCALAR, MAX_LENGTH, CACHED = scalar, max_length, cached


cdef inline bint _digits(const unsigned char* text, Py_ssize_t count):
    cdef Py_ssize_t i
    for i in range(count):
        if text[i] < 48 or text[i] > 57:
            return False
    return True


cdef bint _is_timestamp(const unsigned char* text, Py_ssize_t n):
    """yaml_text._KNOWN_TIMESTAMP.fullmatch."""
    cdef Py_ssize_t at
    if n < 10 or not (_digits(text, 4) and text[4] == 45 and _digits(text + 5, 2) and text[7] == 45 and _digits(text + 8, 2)):
        return False
    if n == 10:
        return True
    if n < 19 or not (
        text[10] == 84 and _digits(text + 11, 2) and text[13] == 58 and _digits(text + 14, 2) and text[16] == 58
        and _digits(text + 17, 2)
    ):
        return False
    at = 19
    if at < n and text[at] == 46:  # .digits, 1 to 6
        at += 1
        while at < n and at < 26 and 48 <= text[at] <= 57:
            at += 1
        if at == 20:
            return False
    if at == n:
        return True
    return n - at == 6 and (text[at] == 43 or text[at] == 45) and _digits(text + at + 1, 2) and text[at + 3] == 58 and _digits(text + at + 4, 2)


cdef str _quoted(str text, const unsigned char* data, Py_ssize_t n):
    """"'" + text.replace("'", "''") + "'" for an ASCII text."""
    cdef Py_ssize_t i, at = 1, quotes = 0
    for i in range(n):
        if data[i] == 39:
            quotes += 1
    cdef str result = PyUnicode_New(n + 2 + quotes, 127)
    cdef unsigned char* out = <unsigned char*>PyUnicode_DATA(result)
    out[0] = 39
    for i in range(n):
        out[at] = data[i]
        at += 1
        if data[i] == 39:
            out[at] = 39
            at += 1
    out[at] = 39
    return result


cdef object _scalar(str text, object resolve):
    """yaml_text._scalar (its own answer or its call)."""
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(text)
    if n == 0 or n > MAX_LENGTH or not PyUnicode_IS_ASCII(text):
        return PY_SCALAR(text, resolve)
    cdef const unsigned char* data = <const unsigned char*>PyUnicode_DATA(text)
    cdef unsigned char first = data[0], last = data[n - 1]
    cdef bint plain = last != 32
    for i in range(1, n if plain else 0):
        if not YAML_CLASS[data[i]] & 2:
            plain = False
            break
    if plain:  # every later character a plain one (A-Za-z0-9 ./_-), none at the end a space
        if YAML_CLASS[first] & 1:
            return text  # _KNOWN_PLAIN
        if 48 <= first <= 57:
            for i in range(1, n):
                if YAML_CLASS[data[i]] & 4:
                    return text  # _KNOWN_PLAIN_DIGIT (not a timestamp: none holds such a letter)
    if 48 <= first <= 57 and _is_timestamp(data, n):
        return _quoted(text, data, n)
    if first == 32 or last == 32:
        return PY_SCALAR(text, resolve)
    for i in range(n):
        if data[i] < 32 or data[i] == 127:
            return PY_SCALAR(text, resolve)
    if (
        YAML_CLASS[first] & 8
        or ((first == 45 or first == 63 or first == 58) and (n == 1 or data[1] == 32))
        or last == 58
    ):
        return _quoted(text, data, n)
    for i in range(n - 1):
        if (data[i] == 58 and data[i + 1] == 32) or (data[i] == 32 and data[i + 1] == 35):
            return _quoted(text, data, n)
    return PY_SCALAR(text, resolve)


def yaml_scalar(str text, resolve):
    """yaml_text._scalar (for the tests)."""
    return _scalar(text, resolve)


cdef inline object _kept(str text, dict scalars, object resolve):
    cdef PyObject* hit = PyDict_GetItemWithError(scalars, text)
    if hit != NULL:
        return <object>hit
    result = _scalar(text, resolve)
    scalars[text] = result
    return result


cdef inline object _value(object value):
    """yaml_text._value."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int:
        return repr(value)
    if value is None:
        return "null"
    return None


def simple_yaml(dict data, resolve, dict scalars):
    """yaml_text.simple_yaml (see there), ``scalars`` given."""
    if len(scalars) > CACHED:
        scalars.clear()
    cdef list pieces = []
    cdef type kind
    for key, value in data.items():
        if type(key) is not str:
            return None
        key_text = _kept(<str>key, scalars, resolve)
        if key_text is None or (<str>key_text)[0] == u"'":
            return None
        kind = type(value)
        if kind is str:
            value_text = _kept(<str>value, scalars, resolve)
        elif kind is int:
            value_text = repr(value)
        elif kind is list:
            if not value:
                pieces.append(key_text)
                pieces.append(": []\n")
                continue
            pieces.append(key_text)
            pieces.append(":\n")
            for item in <list>value:
                item_text = _kept(<str>item, scalars, resolve) if type(item) is str else _value(item)
                if item_text is None:
                    return None
                pieces.append("- ")
                pieces.append(item_text)
                pieces.append("\n")
            continue
        else:
            value_text = _value(value)
        if value_text is None:
            return None
        pieces.append(key_text)
        pieces.append(": ")
        pieces.append(value_text)
        pieces.append("\n")
    return "".join(pieces) if pieces else None


# comments.comment_thread, compiled: the thread nested as there (a reply under its public parent,
# at most 100 deep), each comment's public fields read and written into its node by C code, an
# author URL that starts with http:// or https:// known to be no script URL without a call, one
# of ASCII characters found fit to stand as it is by one scan. The other URLs, the date and the
# content go to the Python functions comments.py gives (init_comments).
# tests/test_s13mdfront_comments.py compares both with the Python code.

cdef object IS_SCRIPT_URL = None  # active_content.is_script_url
cdef object URL_AS_IT_IS = None  # comments._in_url_as_it_is
cdef object PUBLISHED_URL = None  # comments.published_url
cdef object ISO_DATE = None  # frontmatter.iso_date
cdef int MAX_REPLY_DEPTH = 100


def init_comments(is_script_url, in_url_as_it_is, published_url, iso_date):
    """comments.py's is_script_url, _in_url_as_it_is, published_url and iso_date."""
    global IS_SCRIPT_URL, URL_AS_IT_IS, PUBLISHED_URL, ISO_DATE
    IS_SCRIPT_URL, URL_AS_IT_IS, PUBLISHED_URL, ISO_DATE = is_script_url, in_url_as_it_is, published_url, iso_date


cdef bint _web_url(str url):
    """``url.startswith(("https://", "http://"))``."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(url), i
    cdef unsigned int kind = PyUnicode_KIND(url)
    cdef void* data = PyUnicode_DATA(url)
    cdef const char* prefix = b"https://"
    if n < 7:
        return False
    for i in range(4):
        if PyUnicode_READ(kind, data, i) != <Py_UCS4>prefix[i]:
            return False
    i = 4
    if PyUnicode_READ(kind, data, 4) == 115:  # "s"
        i = 5
    return n >= i + 3 and PyUnicode_READ(kind, data, i) == 58 and PyUnicode_READ(kind, data, i + 1) == 47 and PyUnicode_READ(kind, data, i + 2) == 47


cdef object _as_it_is(object url):
    """comments._in_url_as_it_is: an ASCII text by one scan, else the Python function's answer."""
    if type(url) is not str or not PyUnicode_IS_ASCII(url):
        return URL_AS_IT_IS(url)
    cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(url)
    cdef const unsigned char* data = <const unsigned char*>PyUnicode_DATA(url)
    cdef unsigned char c
    for i in range(n):
        c = data[i]
        if c < 32 or c == 127:
            return URL_AS_IT_IS(url)  # not printable: the regex's case
    for i in range(n):
        c = data[i]
        if c == 32 or c == 34 or c == 39 or c == 60 or c == 62 or c == 96:  # space " ' < > `
            return False
    return True


cdef dict _public_fields(object comment, object to_markdown):
    """comments._public_fields."""
    cdef dict node = {"id": comment.id, "type": comment.type or "comment", "author": comment.author or ""}
    url = comment.author_url
    if url and ((type(url) is str and _web_url(<str>url)) or not IS_SCRIPT_URL(url)):
        node["author_url"] = url if _as_it_is(url) else PUBLISHED_URL(url)
    date = ISO_DATE(comment.date, comment.date_gmt)
    if date:
        node["date"] = date
    node["content"] = to_markdown(comment.content or "").rstrip("\n")
    return node


def public_fields(comment, to_markdown):
    """comments._public_fields (for the tests)."""
    return _public_fields(comment, to_markdown)


def comment_thread(comments, to_markdown):
    """comments.comment_thread (see there)."""
    cdef set ids = set()
    for comment in comments:
        key = comment.id
        if key is not None:
            ids.add(key)
    for comment in comments:
        if comment.parent in ids:
            return _nested_thread(comments, ids, to_markdown)
    return [_public_fields(comment, to_markdown) for comment in comments]


cdef list _nested_thread(object comments, set ids, object to_markdown):
    """comments.nested_thread."""
    cdef dict children = {}
    cdef list siblings
    for comment in comments:
        parent = comment.parent
        if not (parent in ids and parent != comment.id):
            parent = None
        siblings = children.get(parent)
        if siblings is None:
            children[parent] = siblings = []
        siblings.append(comment)
    cdef set placed = set()
    cdef list nodes = _replies(children.get(None, []), 0, children, to_markdown, placed)
    if len(placed) < len(comments):  # a reply cycle, a reply more than 100 deep: at the top, in order
        for comment in comments:
            if id(comment) not in placed:
                nodes += _replies([comment], 0, children, to_markdown, placed)
    return nodes


cdef list _replies(list siblings, int depth, dict children, object to_markdown, set placed):
    """comments._replies: each comment placed once (``placed``: their ``id()``)."""
    cdef list nodes = []
    cdef list replies
    cdef dict node
    for comment in siblings:
        if id(comment) in placed:
            continue
        placed.add(id(comment))
        node = _public_fields(comment, to_markdown)
        key = comment.id
        if key is not None and depth < MAX_REPLY_DEPTH and key in children:
            replies = _replies(children[key], depth + 1, children, to_markdown, placed)
            if replies:
                node["replies"] = replies
        nodes.append(node)
    return nodes
