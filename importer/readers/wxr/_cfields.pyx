# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The WXR reader's hot loop (elements._Fields.read) on libxml2's nodes: compiled, optional.

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
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.list cimport PyList_New, PyList_SET_ITEM
from cpython.ref cimport Py_INCREF
from libc.stdint cimport uint64_t
from libc.string cimport memcpy, memset, strcmp, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport xmlNode

cetree.import_lxml__etree()

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
DEF TABLE_SIZE = 32768  # a power of two, over twice MAX_ENTRIES
DEF MAX_ENTRIES = 10000  # bounded: a hostile file cannot grow it without limit (as by_tag is)


cdef struct Entry:
    uint64_t hash
    char* href  # NULL: no namespace
    char* name
    int slot


cdef inline uint64_t _hash(const char* href, const char* name) noexcept nogil:
    """FNV-1a over the namespace (if any), a separator, and the local name."""
    cdef uint64_t h = 14695981039346656037ULL
    cdef const unsigned char* p
    if href != NULL:
        p = <const unsigned char*>href
        while p[0]:
            h = (h ^ p[0]) * 1099511628211ULL
            p += 1
        h = (h ^ 0xFF) * 1099511628211ULL  # a byte UTF-8 never holds
    p = <const unsigned char*>name
    while p[0]:
        h = (h ^ p[0]) * 1099511628211ULL
        p += 1
    return h


cdef inline bint _same(const char* a, const char* b) noexcept nogil:
    if a == NULL or b == NULL:
        return a == b
    return strcmp(a, b) == 0


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
    cdef Py_ssize_t entries
    cdef Py_ssize_t size
    cdef Py_ssize_t repeated
    cdef object slot_of

    def __cinit__(self, Py_ssize_t size, Py_ssize_t repeated, slot_of):
        self.size = size
        self.repeated = repeated
        self.slot_of = slot_of
        self.entries = 0
        self.table = <Entry*>PyMem_Malloc(TABLE_SIZE * sizeof(Entry))
        if self.table == NULL:
            raise MemoryError()
        memset(self.table, 0, TABLE_SIZE * sizeof(Entry))

    def __dealloc__(self):
        cdef Py_ssize_t i
        if self.table != NULL:
            for i in range(TABLE_SIZE):
                if self.table[i].name != NULL:
                    PyMem_Free(self.table[i].href)
                    PyMem_Free(self.table[i].name)
            PyMem_Free(self.table)

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
        at = <size_t>(h & (TABLE_SIZE - 1))
        while True:
            entry = &self.table[at]
            if entry.name == NULL:
                break
            if entry.hash == h and _same(entry.href, href) and strcmp(entry.name, name) == 0:
                return entry.slot
            at = (at + 1) & (TABLE_SIZE - 1)
        # not seen: the Python rule, on the tag as lxml spells it
        slot = self.slot_of(cetree.elementFactory(doc, node).tag)
        if self.entries < MAX_ENTRIES:
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
