# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The WXR reader's hot paths, compiled (optional): the field loop and the CDATA sections' proof.

**The field loop** (elements._Fields.read) on libxml2's nodes.

The Python loop makes a proxy for every child of an item or comment, builds its tag
(``{namespace}local``), hashes it, asks its length and its text: about 4,700 instructions a child.
This walks the C children instead: a child's slot is found in a table keyed by its namespace and
local name (the bytes libxml2 holds, compared in full: nothing rests on where they are), a leaf's
text is decoded as lxml's ``.text`` decodes it, and a proxy is made only for the repeated children
(comments, metas, categories) and for what is rare (a child with children of its own, a name not
seen before, a WordPress field in a foreign namespace). The results are the Python loop's, always
(tests/test_wxr_accel.py runs both on every fixture and corpus export and on hypothesis items).

Only libxml2's structures are read (no libxml2 function is called: lxml links its own copy), and
lxml's public C API makes the proxies.

**The dates** (elements._dates): WordPress's ``YYYY-MM-DD HH:MM:SS`` read digit by digit into a
datetime, the usual pair (local, UTC) in one call; any other text goes to the Python code.

**The CDATA proof** (repairs._simple_sections_end): where the run of simple sections that starts a
chunk ends, found in one pass over the chunk (``memchr`` for the bracket each delimiter holds) instead
of a split and a count a section
(tests/test_wxr_accel.py checks it against the general Python rule on hypothesis chunks).
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.list cimport PyList_New, PyList_SET_ITEM
from cpython.ref cimport Py_INCREF
from libc.stdint cimport uint64_t
from libc.string cimport memcpy, memset, strcmp, strlen

from cpython.datetime cimport datetime_new, import_datetime

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport xmlNode

cetree.import_lxml__etree()
import_datetime()

from datetime import UTC as _UTC

from libc.string cimport memchr, memcmp

cdef extern from "libxml/tree.h":
    cdef int XML_ELEMENT_NODE
    cdef int XML_TEXT_NODE
    cdef int XML_CDATA_SECTION_NODE
    cdef int XML_XINCLUDE_START
    cdef int XML_XINCLUDE_END

# the slots of elements._Fields (kept equal there: tests/test_wxr_accel.py checks them)
DEF IGNORED = -1
DEF FOREIGN = -2
DEF LISTS = -3
DEF FIRST_SIZE = 64  # table slots at first (a power of two); doubled when half full
DEF MAX_ENTRIES = 10000  # bounded: a hostile file cannot grow it without limit (as by_tag is)


cdef struct Entry:
    uint64_t hash
    char* href  # NULL: no namespace
    char* name
    int slot


cdef inline uint64_t _hash(const char* href, const char* name) noexcept nogil:
    """FNV-1a over the local name, mixed with the namespace's length (the names are compared in full
    on a hit: names alike in namespaces of one length only probe further)."""
    cdef uint64_t h = 14695981039346656037ULL
    cdef const unsigned char* p = <const unsigned char*>name
    while p[0]:
        h = (h ^ p[0]) * 1099511628211ULL
        p += 1
    if href != NULL:
        h = (h ^ (strlen(href) + 1)) * 1099511628211ULL
    return h ^ (h >> 29)


cdef inline bint _same(const char* a, const char* b) noexcept nogil:
    if a == NULL or b == NULL:
        return a == b
    return strcmp(a, b) == 0


cdef Entry* _new_table(size_t size) except NULL:
    cdef Entry* table = <Entry*>PyMem_Malloc(size * sizeof(Entry))
    if table == NULL:
        raise MemoryError()
    memset(table, 0, size * sizeof(Entry))
    return table


cdef char* _copy(const char* text) except? NULL:
    cdef size_t size
    cdef char* copy
    if text == NULL:
        return NULL
    size = strlen(text) + 1
    copy = <char*>PyMem_Malloc(size)
    if copy == NULL:
        raise MemoryError()
    memcpy(copy, text, size)
    return copy


cdef unicode _leaf_text(xmlNode* node):
    """What ``(child.text or "")`` gives for an element with no element children: its text
    nodes (and CDATA sections) joined, decoded as lxml's ``.text`` does."""
    cdef xmlNode* first = node.children
    cdef xmlNode* cur
    cdef const char* only = NULL
    cdef Py_ssize_t count = 0
    # lxml's _collectText: skip XInclude markers, stop at anything that is not text
    while first != NULL and (first.type == XML_XINCLUDE_START or first.type == XML_XINCLUDE_END):
        first = first.next
    cur = first
    while cur != NULL:
        if cur.type == XML_TEXT_NODE or cur.type == XML_CDATA_SECTION_NODE:
            if cur.content[0] != 0:
                only = <const char*>cur.content
            count += 1
        elif not (cur.type == XML_XINCLUDE_START or cur.type == XML_XINCLUDE_END):
            break
        cur = cur.next
    if only == NULL:
        return ""
    if count == 1:
        return only.decode("UTF-8")
    joined = b""
    cur = first
    while cur != NULL:
        if cur.type == XML_TEXT_NODE or cur.type == XML_CDATA_SECTION_NODE:
            joined += <bytes>(<const char*>cur.content)
        elif not (cur.type == XML_XINCLUDE_START or cur.type == XML_XINCLUDE_END):
            break
        cur = cur.next
    return joined.decode("UTF-8")


cdef class FieldReader:
    """``_Fields.read`` for one field table: ``slot_of(tag)`` gives a tag's slot the first time."""

    cdef Entry* table
    cdef size_t mask  # table slots - 1
    cdef Py_ssize_t entries
    cdef Py_ssize_t size
    cdef Py_ssize_t repeated
    cdef object slot_of

    def __cinit__(self, Py_ssize_t size, Py_ssize_t repeated, slot_of):
        self.size = size
        self.repeated = repeated
        self.slot_of = slot_of
        self.entries = 0
        self.table = _new_table(FIRST_SIZE)
        self.mask = FIRST_SIZE - 1

    def __dealloc__(self):
        cdef size_t i
        if self.table != NULL:
            for i in range(self.mask + 1):
                if self.table[i].name != NULL:
                    PyMem_Free(self.table[i].href)
                    PyMem_Free(self.table[i].name)
            PyMem_Free(self.table)

    cdef int _grow(self) except -1:
        """Twice the slots, the entries placed again."""
        cdef size_t size = 2 * (self.mask + 1)
        cdef Entry* table = _new_table(size)
        cdef size_t i, at
        for i in range(self.mask + 1):
            if self.table[i].name != NULL:
                at = <size_t>(self.table[i].hash & (size - 1))
                while table[at].name != NULL:
                    at = (at + 1) & (size - 1)
                table[at] = self.table[i]
        PyMem_Free(self.table)
        self.table, self.mask = table, size - 1
        return 0

    cdef int _slot(self, cetree._Document doc, xmlNode* node) except? -100:
        cdef const char* href = NULL
        cdef const char* name = <const char*>node.name
        cdef uint64_t h
        cdef size_t at
        cdef Entry* entry
        cdef int slot
        if node.ns != NULL:
            href = <const char*>node.ns.href
        h = _hash(href, name)
        at = <size_t>(h & self.mask)
        while True:
            entry = &self.table[at]
            if entry.name == NULL:
                break
            if entry.hash == h and strcmp(entry.name, name) == 0 and _same(entry.href, href):
                return entry.slot
            at = (at + 1) & self.mask
        # not seen: the Python rule, on the tag as lxml spells it
        slot = self.slot_of(cetree.elementFactory(doc, node).tag)
        if self.entries < MAX_ENTRIES:
            if 2 * (self.entries + 1) > <Py_ssize_t>(self.mask + 1):
                self._grow()
                at = <size_t>(h & self.mask)
                while self.table[at].name != NULL:
                    at = (at + 1) & self.mask
            entry = &self.table[at]
            entry.href = _copy(href)
            entry.name = _copy(name)
            entry.hash = h
            entry.slot = slot
            self.entries += 1
        return slot

    def read(self, cetree._Element element not None):
        """The texts of the fields (None where absent; the first of a repeated name wins), the
        repeated children by kind, and the tags of foreign WordPress fields (None: none)."""
        cdef cetree._Document doc = element._doc
        cdef xmlNode* child = element._c_node.children
        cdef xmlNode* grandchild
        cdef int slot
        cdef Py_ssize_t i
        cdef list values = PyList_New(self.size)
        cdef list lists = [[] for i in range(self.repeated)]
        cdef object foreign = None
        for i in range(self.size):
            Py_INCREF(None)
            PyList_SET_ITEM(values, i, None)
        while child != NULL:
            if child.type == XML_ELEMENT_NODE:
                slot = self._slot(doc, child)
                if slot >= 0:
                    if values[slot] is None:
                        grandchild = child.children
                        while grandchild != NULL and not cetree._isElement(grandchild):  # what len() counts
                            grandchild = grandchild.next
                        if grandchild == NULL:
                            values[slot] = _leaf_text(child)
                        else:
                            values[slot] = "".join(cetree.elementFactory(doc, child).itertext())
                elif slot <= LISTS:
                    (<list>lists[LISTS - slot]).append(cetree.elementFactory(doc, child))
                elif slot == FOREIGN:
                    tag = cetree.elementFactory(doc, child).tag
                    if foreign is None:
                        foreign = [tag]
                    else:
                        (<list>foreign).append(tag)
            child = child.next
        return values, lists, foreign


cdef const char* _START = b"<![CDATA["
cdef const char* _END = b"]]>"


cdef inline const char* _find_start(const char* at, const char* end) noexcept nogil:
    """The first ``<![CDATA[`` in [at, end), or NULL: each one's first ``[`` found by memchr (a
    bracket is rare in XML text, ``<`` is in every tag; glibc's memmem reads each byte in C)."""
    cdef const char* bracket = at + 2
    while bracket < end:
        bracket = <const char*>memchr(bracket, 91, end - bracket)  # "["
        if bracket == NULL:
            return NULL
        if bracket + 7 <= end and memcmp(bracket - 2, _START, 9) == 0:
            return bracket - 2
        bracket += 1
    return NULL


cdef inline const char* _find_end(const char* at, const char* end) noexcept nogil:
    """The first ``]]>`` in [at, end), or NULL."""
    while at < end:
        at = <const char*>memchr(at, 93, end - at)  # "]"
        if at == NULL:
            return NULL
        if at + 3 <= end and at[1] == 93 and at[2] == 62:
            return at
        at += 1
    return NULL


def simple_sections_end(bytes text not None):
    """Where the run of simple sections that starts ``text`` ends: the start of the first section
    that is not simple, else that of the last section (it may go on in the next chunk), else the
    text's length when no section starts in it. A section (the bytes from one ``<![CDATA[`` to the
    next) is simple when it holds one ``]]>``, followed by ``</`` or by the next section."""
    cdef const char* data = text
    cdef const char* end = data + len(text)
    cdef const char* section
    cdef const char* body
    cdef const char* following
    cdef const char* close
    section = _find_start(data, end)
    if section == NULL:
        return len(text)
    while True:
        body = section + 9
        following = _find_start(body, end)
        if following == NULL:
            return section - data  # the last section
        close = _find_end(body, following)
        if close == NULL:
            return section - data  # no ]]>: not simple
        if _find_end(close + 3, following) != NULL:
            return section - data  # two of them
        if not (close + 3 == following or (close + 5 <= following and close[3] == 60 and close[4] == 47)):  # "</"
            return section - data
        section = following


cdef inline int _number(str text, Py_ssize_t start, Py_ssize_t count):
    """The ASCII digits ``text[start:start + count]`` as a number; -1 if one is not such a digit."""
    cdef int value = 0
    cdef long c
    cdef Py_ssize_t i
    for i in range(start, start + count):
        c = ord(text[i])
        if c < 48 or c > 57:
            return -1
        value = value * 10 + <int>(c - 48)
    return value


cdef object _wp_date(str text, object tz):
    """The datetime of exactly ``YYYY-MM-DD HH:MM:SS`` (ASCII digits, a real date), else None."""
    cdef int year, month, day, hour, minute, second
    if (
        len(text) != 19
        or text[4] != "-"
        or text[7] != "-"
        or text[10] != " "
        or text[13] != ":"
        or text[16] != ":"
    ):
        return None
    year = _number(text, 0, 4)
    month = _number(text, 5, 2)
    day = _number(text, 8, 2)
    hour = _number(text, 11, 2)
    minute = _number(text, 14, 2)
    second = _number(text, 17, 2)
    if year < 0 or month < 0 or day < 0 or hour < 0 or minute < 0 or second < 0:
        return None
    try:
        return datetime_new(year, month, day, hour, minute, second, 0, tz)
    except ValueError:  # not a real date (month 13, year 0, 24:00:00 ...): the Python code decides
        return None


def wp_dates(str local_text not None, str gmt_text not None):
    """``elements._dates`` of two texts (as read: not stripped) in WordPress's own shape: the local
    time (naive) and the UTC time (aware, ``datetime.UTC``); None when either is not that shape."""
    local = _wp_date(local_text.strip(), None)
    if local is None:
        return None
    utc = _wp_date(gmt_text.strip(), _UTC)
    if utc is None:
        return None
    return local, utc


def count_newlines(const unsigned char[::1] data not None, Py_ssize_t size):
    """``data.count(b"\\n", 0, size)`` for a buffer (readers/wxr/parts.line_shift): counted in blocks of
    255 bytes into a byte, a loop the C compiler vectorizes (``bytes.count`` tests a byte at a time:
    about 5 instructions a byte, this about 0.2)."""
    cdef Py_ssize_t start, end, i, count = 0
    cdef unsigned char block
    cdef const unsigned char* p
    if size < 0 or size > data.shape[0]:
        raise ValueError("size out of range")
    if size == 0:
        return 0
    p = &data[0]
    start = 0
    while start < size:
        end = start + 255 if size - start > 255 else size
        block = 0
        for i in range(start, end):
            block += p[i] == 10
        count += block
        start = end
    return count


def has_forbidden(const unsigned char[::1] chunk not None):
    """Whether ``chunk`` holds a C0 control other than tab, newline and carriage return (what
    xml_stream strips): one pass a loop the C compiler vectorizes, in blocks of 4,096 bytes (the
    Python test is a ``memchr`` over the chunk for each of the 29 codes)."""
    cdef Py_ssize_t size = chunk.shape[0]
    cdef Py_ssize_t start = 0, end, i
    cdef unsigned char bad, c
    cdef const unsigned char* p
    if size == 0:
        return False
    p = &chunk[0]
    while start < size:
        end = start + 4096 if size - start > 4096 else size
        bad = 0
        for i in range(start, end):
            c = p[i]
            bad |= (c < 32) & (c != 9) & (c != 10) & (c != 13)
        if bad:
            return True
        start = end
    return False


# -- a comment's fields (elements.comment_of), the usual case ------------------------------------

from cpython.unicode cimport Py_UNICODE_ISSPACE


cdef inline object _stripped(object text):
    """``(text.strip() or None) if text else None`` for a field's text (a str or None)."""
    cdef str value
    cdef Py_ssize_t size
    if text is None:
        return None
    value = <str>text
    size = len(value)
    if size == 0:
        return None
    if not Py_UNICODE_ISSPACE(value[0]) and not Py_UNICODE_ISSPACE(value[size - 1]):
        return value  # what strip() returns: the same str
    value = value.strip()
    return value if len(value) else None


cdef inline int _digits(str text) except -2:
    """1 when ``text`` is 1 to 18 ASCII digits (``isdigit() and isascii() and len < 19``), else 0."""
    cdef Py_ssize_t size = len(text), i
    cdef Py_UCS4 c
    if size == 0 or size > 18:
        return 0
    for i in range(size):
        c = text[i]
        if c < 48 or c > 57:
            return 0
    return 1


cdef object _UNUSUAL = object()  # an id field the Python code reads


cdef inline object _id(object text, bint zero_is_none):
    """``comment_of``'s reading of an id field, when it needs neither a strip nor a report: None
    for no text, the number of 1 to 18 ASCII digits (None for 0 with ``zero_is_none``);
    ``_UNUSUAL`` for anything else (the Python code reads it)."""
    cdef object number
    if text is None or len(<str>text) == 0:
        return None
    if not _digits(<str>text):
        return _UNUSUAL
    number = int(<str>text)
    return None if zero_is_none and number == 0 else number


def comment_values(list values not None, dict statuses not None):
    """The first 14 fields of ``Comment`` as ``elements.comment_of`` reads them from the field
    texts ``values`` (``_COMMENT_FIELDS``' order), when that is the usual case: ids of ASCII
    digits (or none), both dates in WordPress's shape, an author without ``&``. None otherwise
    (anything the Python code would strip, unescape or report: it reads that comment)."""
    cdef object comment_id, parent, user_id, dates, author, approved, kind
    if len(values) != 12:
        return None
    comment_id = _id(values[0], False)
    parent = _id(values[1], True)
    user_id = _id(values[2], True)
    if comment_id is _UNUSUAL or parent is _UNUSUAL or user_id is _UNUSUAL:
        return None
    date, date_gmt = values[3], values[4]
    if not date or not date_gmt:
        return None
    dates = wp_dates(date, date_gmt)
    if dates is None:
        return None
    author = _stripped(values[7])
    if author is not None and "&" in <str>author:
        return None
    approved = _stripped(values[5])
    if approved is not None:
        approved = statuses.get(approved, approved)
    kind = _stripped(values[6])
    return (
        comment_id,
        parent,
        kind if kind is not None else "comment",
        approved,
        author,
        _stripped(values[8]),
        _stripped(values[9]),
        _stripped(values[10]),
        (<tuple>dates)[0],
        (<tuple>dates)[1],
        values[11],
        user_id,
        None,
        None,
    )
