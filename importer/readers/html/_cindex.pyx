# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The page index walk (css.PageIndex.of) on libxml2's nodes: compiled, optional.

css.py's Python walk makes a proxy for every node of the page (``doc.iter()``), reads its
``class`` and files it; this walks the C tree instead, keeps every node's document position in a
hash table keyed by the node's address (no proxy), and files the positions of the elements holding
a ``class`` or an ``id`` in C arrays (``Bucket``), making a proxy only for an element asked for
(once a page). The results are the Python walk's, always (tests/test_html_accel.py and
tests/test_s13hcss_buckets.py run both on every saved page and on hypothesis markup).

Only libxml2's structures are read (no libxml2 function is called: lxml links its own copy), and
lxml's public C API makes the proxies. The tree must not change while an index of it is used (the
reader never changes the page it reads: bodies are copied), and the index keeps the document alive.
"""

cimport cython
from cpython.dict cimport PyDict_SetDefault
from cpython.list cimport PyList_New, PyList_SET_ITEM
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.ref cimport PyObject, Py_INCREF, Py_XDECREF
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_DecodeASCII, PyUnicode_DecodeUTF8, PyUnicode_GET_LENGTH
from libc.stdint cimport uint64_t, uintptr_t
from libc.stdlib cimport qsort
from libc.string cimport memcmp, memcpy, memset, strlen, strstr

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport xmlAttr, xmlChar, xmlNode

cetree.import_lxml__etree()

cdef extern from "libxml/tree.h":
    # the numbers of xmlElementType, as libxml2's header gives them
    cdef int XML_ELEMENT_NODE
    cdef int XML_TEXT_NODE
    cdef int XML_COMMENT_NODE
    cdef int XML_ENTITY_REF_NODE
    cdef int XML_PI_NODE
    cdef int XML_DTD_NODE
    cdef int XML_CDATA_SECTION_NODE
    cdef int XML_XINCLUDE_START
    cdef int XML_XINCLUDE_END


cdef inline bint _is_element(xmlNode* node) noexcept nogil:
    """lxml's _isElement: what ``iter()`` yields (elements, comments, PIs, entity references)."""
    return (
        node.type == XML_ELEMENT_NODE
        or node.type == XML_COMMENT_NODE
        or node.type == XML_ENTITY_REF_NODE
        or node.type == XML_PI_NODE
    )


cdef inline size_t _slot(uintptr_t key, size_t mask) noexcept nogil:
    return <size_t>(((key >> 4) * <uintptr_t>0x9E3779B97F4A7C15) >> 16) & mask



# css.SimpleSelector's attribute operators, and where a test's candidates come from (as
# css.PageIndex._candidates chooses them)
cdef enum:
    _EXISTS = 0
    _EQUALS = 1
    _WORD = 2
    _CONTAINS = 3
    _STARTS = 4
    _ENDS = 5

cdef enum:
    _BY_ID = 0
    _BY_CLASS = 1
    _BY_CLASSES = 2
    _BY_MATCHING = 3  # a tag (or none) and one rare attribute: the page's matches, tested once a page
    _BY_ATTRIBUTE = 4  # attribute tests alone: the holders of the first
    _BY_TAG = 5

_OPERATORS = {"exists": _EXISTS, "=": _EQUALS, "~=": _WORD, "*=": _CONTAINS, "^=": _STARTS, "$=": _ENDS}


cdef bytes _utf8(str text):
    """``text`` as libxml2 stores it; ValueError for what a C string cannot hold (a NUL)."""
    cdef bytes data = text.encode("utf-8")
    if b"\0" in data:
        raise ValueError("a NUL in a selector")
    return data


cdef struct _Word:
    const char* text  # a bytes object's data (the test's lists hold the objects)
    Py_ssize_t size


cdef struct _Attribute:
    const char* name
    _Word value
    int operator


cdef class Test:
    """A css.SimpleSelector compiled for libxml2's nodes: ``matches`` without a proxy or a ``str``
    per test. Made by ``compile_test``; the selector's own ``matches`` answers what this cannot
    read (an attribute value holding an entity reference, a node that is not an element)."""

    cdef object selector
    cdef bytes tag  # None: any
    cdef list ids  # bytes
    cdef list classes  # bytes
    cdef list names  # attribute names, bytes
    cdef list operators  # int
    cdef list values  # bytes (b"" for no value)
    cdef list negations  # Test
    cdef int kind
    cdef bint exact  # every candidate matches (css.SimpleSelector.exact)
    cdef str key  # the id, class or attribute name the candidates are looked up by
    cdef tuple keys  # the class names, for _BY_CLASSES
    cdef bytes tag_key  # the tag, for _BY_TAG
    cdef str name  # the first attribute's name (None without one)
    # the candidates on the page indexed as ``page`` (a Positions' serial; 0: none): the bucket
    # is that index's (held by its dictionaries while it lives, and its serial is never reused)
    cdef Py_ssize_t page
    cdef PyObject* candidates
    # the lists above as C arrays, for _match (no Python list, int or bytes read per node)
    cdef _Word* id_words
    cdef Py_ssize_t id_count
    cdef _Word* class_words
    cdef Py_ssize_t class_count
    cdef _Attribute* attributes
    cdef Py_ssize_t attribute_count

    def __dealloc__(self):
        PyMem_Free(self.id_words)
        PyMem_Free(self.class_words)
        PyMem_Free(self.attributes)


cdef _Word* _words_of(list words) except NULL:
    """``words`` (bytes) as a C array pointing into them."""
    cdef _Word* made = <_Word*>PyMem_Malloc((len(words) or 1) * sizeof(_Word))
    cdef Py_ssize_t i
    if made is NULL:
        raise MemoryError()
    for i in range(len(words)):
        made[i].text = <const char*>(<bytes>words[i])
        made[i].size = len(<bytes>words[i])
    return made


def compile_test(selector):
    """The compiled form of a css.SimpleSelector (whose negations are compiled already: their
    ``compiled``); ValueError when a name or value cannot be compared as libxml2 stores it."""
    cdef Test test = Test.__new__(Test)
    cdef Py_ssize_t i
    test.selector = selector
    test.tag = None if selector.tag is None else _utf8(selector.tag)
    test.ids = [_utf8(ident) for ident in selector.ids]
    test.classes = [_utf8(name) for name in selector.classes]
    test.names = [_utf8(name) for name, _, _ in selector.attributes]
    test.operators = [_OPERATORS[operator] for _, operator, _ in selector.attributes]
    test.values = [_utf8(value or "") for _, _, value in selector.attributes]
    test.negations = []
    for negation in selector.negations:
        if negation.compiled is None:
            raise ValueError("a negation that is not compiled")
        test.negations.append(negation.compiled)
    test.id_words = _words_of(test.ids)
    test.id_count = len(test.ids)
    test.class_words = _words_of(test.classes)
    test.class_count = len(test.classes)
    test.attributes = <_Attribute*>PyMem_Malloc((len(test.names) or 1) * sizeof(_Attribute))
    if test.attributes is NULL:
        raise MemoryError()
    for i in range(len(test.names)):
        test.attributes[i].name = <const char*>(<bytes>test.names[i])
        test.attributes[i].value.text = <const char*>(<bytes>test.values[i])
        test.attributes[i].value.size = len(<bytes>test.values[i])
        test.attributes[i].operator = <int>test.operators[i]
    test.attribute_count = len(test.names)
    test.exact = selector.exact
    test.key = None
    test.keys = ()
    test.tag_key = None
    test.name = selector.attributes[0][0] if selector.attributes else None
    if selector.ids:
        test.kind = _BY_ID
        test.key = selector.ids[0]
    elif len(selector.classes) == 1:
        test.kind = _BY_CLASS
        test.key = selector.classes[0]
    elif selector.classes:
        test.kind = _BY_CLASSES
        test.keys = tuple(selector.classes)
    elif selector.one_attribute:
        test.kind = _BY_MATCHING
    elif selector.tag is None:
        test.kind = _BY_ATTRIBUTE
        test.key = selector.attributes[0][0]
    else:
        test.kind = _BY_TAG
        test.tag_key = test.tag
    return test


cdef class Chain:
    """A css.ChainSelector compiled: its parts' Tests, outermost first, and whether each
    combinator between them is ``>``."""

    cdef list parts  # Test
    cdef list child  # bool per combinator


def live(tuple selectors, tuple needs, dict by_class, dict by_id):
    """css._live: the ``selectors`` each of whose needed classes (``needs[i][0]``, a tuple) is
    a key of ``by_class`` and each of whose needed ids (``needs[i][1]``) one of ``by_id``;
    ``selectors`` itself when that is all of them."""
    return _live(selectors, needs, by_class, by_id)


cdef tuple _live(tuple selectors, tuple needs, dict by_class, dict by_id):
    """``live``."""
    cdef list kept = []
    cdef Py_ssize_t i, j
    cdef tuple need, names
    cdef bint held
    for i in range(len(selectors)):
        need = <tuple>needs[i]
        names = <tuple>need[0]
        held = True
        for j in range(len(names)):
            if names[j] not in by_class:
                held = False
                break
        names = <tuple>need[1]
        for j in range(len(names) if held else 0):
            if names[j] not in by_id:
                held = False
                break
        if held:
            kept.append(selectors[i])
    if len(kept) == len(selectors):
        return selectors
    return tuple(kept)


def compile_chain(parts, combinators):
    """The compiled form of a css.ChainSelector from its parts' compiled Tests."""
    cdef Chain chain = Chain.__new__(Chain)
    for part in parts:
        if not isinstance(part, Test):
            raise ValueError("a part that is not compiled")
    chain.parts = list(parts)
    chain.child = [combinator == ">" for combinator in combinators]
    return chain


cdef inline bint _space(char c) noexcept nogil:
    """XPath's normalize-space separators (css.class_tokens splits on these alone)."""
    return c == 32 or c == 9 or c == 10 or c == 13


cdef bint _has_word(const char* text, const char* word, Py_ssize_t size) noexcept nogil:
    """Whether ``word`` (``size`` bytes, not empty) is one of the words of ``text`` as
    css.class_tokens splits it."""
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t start
    while text[i] != 0:
        while _space(text[i]):
            i += 1
        start = i
        while text[i] != 0 and not _space(text[i]):
            i += 1
        if i - start == size and memcmp(text + start, word, size) == 0:
            return True
    return False


cdef const char* _NOTHING = ""


cdef int _text(xmlNode* node, const char* name, const char** text) noexcept nogil:
    """1 with the value of ``node``'s attribute ``name`` in ``text`` (as lxml's ``get`` reads it),
    0 when it has none, -1 when its value is not one text node (an entity reference)."""
    cdef xmlAttr* attr = _attribute(node, name)
    cdef xmlNode* child
    if attr is NULL:
        return 0
    child = attr.children
    if child is NULL:
        text[0] = _NOTHING
        return 1
    if child.next is NULL and child.type == XML_TEXT_NODE:
        text[0] = <const char*>child.content
        if child.content is NULL:
            text[0] = _NOTHING
        return 1
    return -1


cdef inline bint _tag_is(xmlNode* node, const char* tag) noexcept nogil:
    """``el.tag == tag`` for an element (a namespaced one's tag is ``{href}name``)."""
    if node.ns is not NULL and node.ns.href is not NULL:
        return False
    return _same(<const char*>node.name, tag)


cdef int _match(Test test, xmlNode* node) except -2:
    """css.SimpleSelector.matches on the node: 1 or 0; -1 when only the selector can tell."""
    cdef const char* text
    cdef const char* value
    cdef int found
    cdef Py_ssize_t i, size, length
    cdef _Attribute* attribute
    cdef Test negation
    if node.type != XML_ELEMENT_NODE:
        return -1
    if test.tag is not None and not _tag_is(node, <const char*>test.tag):
        return 0
    for i in range(test.id_count):
        found = _text(node, b"id", &text)
        if found <= 0:
            return found  # none: None != ident
        if not _same(text, test.id_words[i].text):
            return 0
    if test.class_count:
        found = _text(node, b"class", &text)
        if found <= 0:
            return found  # none: no words
        for i in range(test.class_count):
            if not _has_word(text, test.class_words[i].text, test.class_words[i].size):
                return 0
    for i in range(test.attribute_count):
        attribute = &test.attributes[i]
        found = _text(node, attribute.name, &text)
        if found <= 0:
            return found
        if attribute.operator == _EXISTS:
            continue
        value = attribute.value.text
        if attribute.operator == _EQUALS:
            if not _same(text, value):
                return 0
            continue
        size = attribute.value.size
        if size == 0:
            return 0  # cssselect: an empty value for ~= *= ^= $= matches nothing
        if attribute.operator == _WORD:
            if not _has_word(text, value, size):
                return 0
        elif attribute.operator == _CONTAINS:
            if strstr(text, value) is NULL:
                return 0
        elif attribute.operator == _STARTS:
            if <Py_ssize_t>strlen(text) < size or memcmp(text, value, size) != 0:
                return 0
        else:
            length = strlen(text)
            if length < size or memcmp(text + length - size, value, size) != 0:
                return 0
    if test.negations:
        for negation in test.negations:
            found = _match(negation, node)
            if found != 0:
                return -1 if found < 0 else 0
    return 1


cdef inline xmlNode* _parent_element(xmlNode* node) noexcept nogil:
    """lxml's _parentElement: what ``getparent()`` and ``iterancestors()`` step to."""
    node = node.parent
    if node is NULL or not _is_element(node):
        return NULL
    return node


cdef Py_ssize_t _bisect(const Py_ssize_t* spots, Py_ssize_t size, Py_ssize_t x, bint right) noexcept nogil:
    """bisect.bisect_left (``right``: bisect_right) over ``size`` ascending positions."""
    cdef Py_ssize_t low = 0
    cdef Py_ssize_t high = size
    cdef Py_ssize_t middle, spot
    while low < high:
        middle = (low + high) >> 1
        spot = spots[middle]
        if spot < x or (right and spot == x):
            low = middle + 1
        else:
            high = middle
    return low


cdef int _compare(const void* a, const void* b) noexcept nogil:
    cdef Py_ssize_t x = (<const Py_ssize_t*>a)[0]
    cdef Py_ssize_t y = (<const Py_ssize_t*>b)[0]
    return (x > y) - (x < y)


@cython.no_gc  # holds the document and proxies of its nodes: no cycle through it
cdef class _Nodes:
    """A page's nodes in document order (``doc.iter()``'s), the proxy of each made so far (made
    once, on first use, and kept while the index is: ``index_page`` makes none), and the memory
    of its buckets' positions (``take``: freed with the page, not bucket by bucket)."""

    cdef xmlNode** nodes
    cdef PyObject** proxies  # by position; NULL: not made yet
    cdef Py_ssize_t count
    cdef cetree._Document document
    cdef Py_ssize_t** chunks  # the memory ``take`` hands out
    cdef Py_ssize_t chunk_count
    cdef Py_ssize_t* free  # the next slot not handed out of the last chunk
    cdef Py_ssize_t left  # the slots after it

    def __dealloc__(self):
        cdef Py_ssize_t i
        if self.proxies is not NULL:
            for i in range(self.count):
                Py_XDECREF(self.proxies[i])
        for i in range(self.chunk_count):
            PyMem_Free(self.chunks[i])
        PyMem_Free(self.chunks)
        PyMem_Free(self.proxies)
        PyMem_Free(self.nodes)

    cdef Py_ssize_t* take(self, Py_ssize_t n) except NULL:
        """Room for ``n`` positions, kept until the page's index is freed."""
        cdef Py_ssize_t size = n if n > 2048 else 2048
        cdef Py_ssize_t* chunk
        cdef Py_ssize_t** grown
        if n > self.left:
            if self.chunk_count & (self.chunk_count - 1) == 0:  # 0, 1, 2, 4, ... chunks: room for as many more
                grown = <Py_ssize_t**>PyMem_Realloc(self.chunks, 2 * (self.chunk_count + 1) * sizeof(Py_ssize_t*))
                if grown is NULL:
                    raise MemoryError()
                self.chunks = grown
            chunk = <Py_ssize_t*>PyMem_Malloc(size * sizeof(Py_ssize_t))
            if chunk is NULL:
                raise MemoryError()
            self.chunks[self.chunk_count] = chunk
            self.chunk_count += 1
            self.free = chunk
            self.left = size
        chunk = self.free
        self.free += n
        self.left -= n
        return chunk

    cdef object element(self, Py_ssize_t at):
        """The element at position ``at``."""
        cdef PyObject* held = self.proxies[at]
        cdef object made
        if held is not NULL:
            return <object>held
        made = cetree.elementFactory(self.document, self.nodes[at])
        Py_INCREF(made)
        self.proxies[at] = <PyObject*>made
        return made


@cython.no_gc  # holds lists of proxies and positions: no cycle through it
@cython.freelist(512)  # a page files a few hundred (a class, an id, a tag or attribute asked)
cdef class Bucket:
    """Elements of a page and their positions, in document order: css's ``(elements,
    positions)`` pair, read as one (``bucket[0]``, ``bucket[1]``, unpacking, ``==`` with a pair)
    but holding the positions in a C array and making the two lists on first use. The compiled
    walk files its index in these: no proxy, no int and no list entries per element filed, and
    nothing of the kind to free after the page (most buckets are only ever looked up by ``find``,
    which reads the array)."""

    cdef _Nodes nodes  # None: the empty bucket
    cdef Py_ssize_t* spots  # nodes' memory (nodes.take)
    cdef Py_ssize_t size
    cdef Py_ssize_t capacity
    cdef list listed  # the elements, once made
    cdef list numbers  # the positions, once made

    cdef int add(self, Py_ssize_t spot) except -1:
        cdef Py_ssize_t* grown
        if self.size == self.capacity:
            self.capacity = self.capacity * 2 if self.capacity else 2
            grown = self.nodes.take(self.capacity)
            memcpy(grown, self.spots, self.size * sizeof(Py_ssize_t))
            self.spots = grown
        self.spots[self.size] = spot
        self.size += 1
        return 0

    cdef list _made(self, bint elements):
        """A new list of the elements (``elements``) or of the positions."""
        cdef list made = PyList_New(self.size)
        cdef Py_ssize_t i
        cdef object item
        for i in range(self.size):
            item = self.nodes.element(self.spots[i]) if elements else self.spots[i]
            Py_INCREF(item)  # PyList_SET_ITEM takes the reference
            PyList_SET_ITEM(made, i, item)
        return made

    cdef list elements(self):
        if self.listed is None:
            self.listed = self._made(True)
        return self.listed

    cdef list positions(self):
        if self.numbers is None:
            self.numbers = self._made(False)
        return self.numbers

    def __len__(self):
        return 2

    def __getitem__(self, Py_ssize_t i):
        if i == 0 or i == -2:
            return self.elements()
        if i == 1 or i == -1:
            return self.positions()
        raise IndexError("a bucket holds two lists")

    def __iter__(self):
        return iter((self.elements(), self.positions()))

    def __eq__(self, other):
        if isinstance(other, (Bucket, tuple)):
            return (self.elements(), self.positions()) == tuple(other)
        return NotImplemented

    def __repr__(self):
        return f"Bucket({self.elements()!r}, {self.positions()!r})"


cdef inline Bucket _bucket(_Nodes nodes):
    cdef Bucket bucket = Bucket.__new__(Bucket)
    bucket.nodes = nodes
    return bucket


cdef Bucket _EMPTY = _bucket(None)  # the candidates no test fills (never changed)
cdef enum:
    _PART_SLOTS = 8192  # a power of two
    _MAX_PARTS = 4096  # entries at the most (then all are dropped)
    _SELECTOR_SLOTS = 4096  # the same for _tests_of's table
    _MAX_SELECTORS = 2048

# _compiled_parts's answers by the tuple's address and _tests_of's by the selector string's
# (owned references: the key, so its address is not reused while its entry lives, and its parts'
# list, its tests, or None; NULL: free)
cdef PyObject* _part_keys[_PART_SLOTS]
cdef PyObject* _part_values[_PART_SLOTS]
cdef PyObject* _selector_keys[_SELECTOR_SLOTS]
cdef PyObject* _selector_values[_SELECTOR_SLOTS]
cdef Py_ssize_t _parts = 0
cdef Py_ssize_t _selectors = 0
# _group_of's entries by the tuple's address, as the tables above
cdef PyObject* _group_keys[_SELECTOR_SLOTS]
cdef PyObject* _group_values[_SELECTOR_SLOTS]
cdef Py_ssize_t _groups = 0


@cython.final
@cython.no_gc  # holds tuples of selectors and strings: no cycle through it
cdef class _Group:
    """What css asks of one tuple of selectors (a profile's list: the reader passes the same few
    dozen on every page), worked out once per tuple: its tests and the selectors left for XPath
    (css._grouped), the classes and ids each needs (css._needs), and ``possible``'s answer on the
    page indexed last (``page``: that index's serial; 0: none)."""

    cdef tuple tests
    cdef tuple rest  # None until split
    cdef tuple needs  # None until asked
    cdef Py_ssize_t page
    cdef tuple live


cdef _Group _group_of(tuple selectors):
    """The entry of ``selectors``, made on first use and kept by the tuple's address (an owned
    key: the address is not reused while its entry lives; dropped whole past 2,048 tuples)."""
    global _groups
    cdef PyObject* held = _held(_group_keys, _group_values, _SELECTOR_SLOTS - 1, selectors)
    cdef _Group group
    if held is not NULL:
        return <_Group>held
    group = _Group.__new__(_Group)
    _groups = _keep(_group_keys, _group_values, _SELECTOR_SLOTS - 1, _groups, _MAX_SELECTORS, selectors, group)
    return group


cdef list _compiled_parts(tuple tests):
    """The ``compiled`` forms of ``tests`` (css selectors) in a list, None when one has none.
    Worked out once per tuple: the callers pass the tuples css caches (``simple_selectors``,
    ``_grouped``), so the same few hundred come back on every page. Keyed by identity, in a C
    table (no ``id()`` int and dictionary look-up per ``find``); a selector's ``compiled`` is set
    once, when it is made."""
    global _parts
    cdef PyObject* held = _held(_part_keys, _part_values, _PART_SLOTS - 1, tests)
    cdef list compiled = []
    if held is not NULL:
        return <list>held
    for selector in tests:
        part = selector.compiled
        if part is None:
            compiled = None
            break
        compiled.append(part)
    _parts = _keep(_part_keys, _part_values, _PART_SLOTS - 1, _parts, _MAX_PARTS, tests, compiled)
    return compiled


cdef PyObject* _held(PyObject** keys, PyObject** values, size_t mask, object key) noexcept:
    """The value kept for ``key`` (by its address) in a table of ``mask + 1`` slots; NULL: none."""
    cdef size_t slot = _slot(<uintptr_t><PyObject*>key, mask)
    while keys[slot] is not NULL:
        if keys[slot] is <PyObject*>key:
            return values[slot]
        slot = (slot + 1) & mask
    return NULL


cdef Py_ssize_t _keep(
    PyObject** keys, PyObject** values, size_t mask, Py_ssize_t count, Py_ssize_t most, object key, object value
):
    """Keeps ``value`` for ``key`` (owned references: the key's address is not reused while its
    entry lives) in a table of ``mask + 1`` slots holding ``count`` entries, all of them dropped
    first when that is ``most``; answers the new count."""
    cdef Py_ssize_t i
    cdef size_t slot
    if count >= most:
        for i in range(<Py_ssize_t>mask + 1):
            Py_XDECREF(keys[i])
            Py_XDECREF(values[i])
            keys[i] = NULL
            values[i] = NULL
        count = 0
    slot = _slot(<uintptr_t><PyObject*>key, mask)
    while keys[slot] is not NULL:
        slot = (slot + 1) & mask
    Py_INCREF(key)
    Py_INCREF(value)
    keys[slot] = <PyObject*>key
    values[slot] = <PyObject*>value
    return count + 1


cdef object _tests_of(str selector, object simple):
    """``simple(selector)``, worked out once per str: the reader passes the same few hundred
    selector strings (its profiles' constants) on every page; keyed by identity in a C table, as
    ``_compiled_parts``."""
    global _selectors
    cdef PyObject* held = _held(_selector_keys, _selector_values, _SELECTOR_SLOTS - 1, selector)
    cdef object tests
    if held is not NULL:
        return <object>held
    tests = simple(selector)
    _selectors = _keep(_selector_keys, _selector_values, _SELECTOR_SLOTS - 1, _selectors, _MAX_SELECTORS, selector, tests)
    return tests


# The names whose elements a page files in one walk (``Positions._file_wanted``): the tags and
# attribute names (UTF-8, no namespace) css has asked a page for (``Positions.tagged``,
# ``holding``: about 17 a page, the same on every page), not every name of the page: filing the
# positions of every element and attribute by name made ~74,000 entries a read pass, most never read.
cdef enum:
    _TAG = 0
    _ATTRIBUTE = 1
    _MAX_WANTED = 256  # names filed at the most (a name asked past them: a scan of the page each time)
    _POINTER_SLOTS = 2048  # a power of two
    _MAX_POINTERS = 1024  # distinct name pointers on a page past which the filing gives up

cdef const char* _wanted_names[_MAX_WANTED]  # the bytes objects' data (_wanted_held keeps them)
cdef int _wanted_kinds[_MAX_WANTED]  # _TAG or _ATTRIBUTE
cdef int _wanted_next[_MAX_WANTED]  # the next name with the same first byte, + 1 (0: none)
cdef int _wanted_first[256]  # by first byte: its first name, + 1 (0: none)
cdef int _wanted_count = 0
cdef list _wanted_held = []


cdef int _wanted_index(const char* name, int kind) noexcept nogil:
    """The number of the wanted name spelt ``name`` of ``kind``; -1 when it is not wanted."""
    cdef int k = _wanted_first[<unsigned char>name[0]] - 1
    while k >= 0:
        if _wanted_kinds[k] == kind and _same(name, _wanted_names[k]):
            return k
        k = _wanted_next[k] - 1
    return -1


cdef int _want(bytes name, int kind) except -2:
    """``name``'s number as a wanted name of ``kind``, made wanted if it is not; -1 when it cannot
    be (no room left, empty, or a NUL that a C string would cut)."""
    global _wanted_count
    cdef const char* text = <const char*>name
    cdef int k
    if len(name) == 0 or b"\0" in name:
        return -1
    k = _wanted_index(text, kind)
    if k >= 0 or _wanted_count == _MAX_WANTED:
        return k
    k = _wanted_count
    _wanted_held.append(name)
    _wanted_names[k] = text
    _wanted_kinds[k] = kind
    _wanted_next[k] = _wanted_first[<unsigned char>text[0]]
    _wanted_first[<unsigned char>text[0]] = k + 1
    _wanted_count = k + 1
    return k


cdef inline Bucket _filed_at(PyObject** filed, int k, _Nodes nodes):
    """``filed[k]`` (an owned Bucket), made the first time."""
    cdef Bucket bucket
    if filed[k] is NULL:
        bucket = _bucket(nodes)
        Py_INCREF(bucket)
        filed[k] = <PyObject*>bucket
    return <Bucket>filed[k]


cdef inline int _filed_once(Bucket bucket, Py_ssize_t i) except -1:
    """Adds position ``i`` unless it is the bucket's last (an attribute an element holds twice)."""
    if bucket.size == 0 or bucket.spots[bucket.size - 1] != i:
        bucket.add(i)
    return 0


cdef struct _Pointer:
    const xmlChar* name  # a name pointer of the document's dictionary
    Py_ssize_t page  # the serial of the index whose filing made the entry (0: free)
    int tag  # the wanted tag it spells, -1: none
    int attribute  # the wanted attribute name it spells, -1: none

# a filing's look-up of the name pointers it meets (libxml2 keeps one pointer per name in a
# document's dictionary, so a name is spelt out once a page, not once a node); entries of other
# filings are free (no clearing per page)
cdef _Pointer _pointers[_POINTER_SLOTS]


cdef inline _Pointer* _pointer(const xmlChar* name, Py_ssize_t page, Py_ssize_t* distinct) noexcept nogil:
    """The entry of ``name`` for the filing of index ``page``, made on first use; NULL when the
    page has more than _MAX_POINTERS distinct names (``distinct`` counts them)."""
    cdef size_t slot = _slot(<uintptr_t>name, _POINTER_SLOTS - 1)
    cdef _Pointer* entry = &_pointers[slot]
    while entry.page == page:
        if entry.name is name:
            return entry
        slot = (slot + 1) & (_POINTER_SLOTS - 1)
        entry = &_pointers[slot]
    if distinct[0] == _MAX_POINTERS:
        return NULL
    distinct[0] += 1
    entry.name = name
    entry.page = page
    entry.tag = _wanted_index(<const char*>name, _TAG)
    entry.attribute = _wanted_index(<const char*>name, _ATTRIBUTE)
    return entry


cdef class Positions:
    """Every node's document position (``doc.iter()`` order) by element: a ``dict[HtmlElement,
    int]`` without a proxy per node (only those of the elements asked for, made once: ``_Nodes``).
    Elements of another document (copies) are not in it."""

    cdef uintptr_t* keys
    cdef Py_ssize_t* values
    cdef size_t mask
    cdef _Nodes all  # the nodes by position, and their proxies
    cdef xmlNode** nodes  # all.nodes
    cdef Py_ssize_t count
    cdef cetree._Document document
    cdef dict by_class  # the index's buckets (index_page's), for find's candidates
    cdef dict by_id
    cdef dict spots  # find's candidate positions by tag (bytes), attribute (str) or test (Test)
    # the positions of the elements by wanted name (a Bucket, or None: no element), filed on the
    # first _spots for the names wanted then (``filed_count``: later ones scan the page); None
    # until filed, or when the page has too many distinct names (``_pointer``)
    cdef PyObject** filed  # owned Buckets by wanted name (NULL: no element)
    cdef int filed_count
    cdef bint filing_done
    cdef Bucket class_holders  # index_page's: the elements holding a class, an id
    cdef Bucket id_holders
    cdef Py_ssize_t serial  # this index's number (index_page's count; 0: none), for Test.page

    def __dealloc__(self):
        cdef int k
        PyMem_Free(self.keys)
        PyMem_Free(self.values)
        if self.filed is not NULL:
            for k in range(self.filed_count):
                Py_XDECREF(self.filed[k])
            PyMem_Free(self.filed)

    cdef int _fill(self, _Nodes all) except -1:
        cdef size_t size = 16
        cdef Py_ssize_t i
        cdef size_t at
        cdef uintptr_t key
        cdef xmlNode** nodes = all.nodes
        cdef Py_ssize_t count = all.count
        while size < <size_t>(2 * count):
            size *= 2
        self.all = all
        self.nodes = nodes
        self.count = count
        self.document = all.document
        self.mask = size - 1
        self.keys = <uintptr_t*>PyMem_Malloc(size * sizeof(uintptr_t))
        self.values = <Py_ssize_t*>PyMem_Malloc(size * sizeof(Py_ssize_t))
        if self.keys == NULL or self.values == NULL:
            raise MemoryError()
        memset(self.keys, 0, size * sizeof(uintptr_t))
        for i in range(count):
            key = <uintptr_t>nodes[i]
            at = _slot(key, self.mask)
            while self.keys[at] != 0:
                at = (at + 1) & self.mask
            self.keys[at] = key
            self.values[at] = i
        return 0

    cdef Py_ssize_t _find(self, object el) except -2:
        """The position of ``el``; -1 when it is not in the index (or not an element)."""
        cdef cetree._Element element
        if not isinstance(el, cetree._Element):
            return -1
        element = <cetree._Element>el
        if element._doc is not self.document or element._c_node is NULL:
            return -1
        return self._at(element._c_node)

    cdef Py_ssize_t _at(self, xmlNode* node) noexcept:
        """The position of ``node``; -1 when it is not in the index."""
        cdef uintptr_t key = <uintptr_t>node
        cdef size_t at = _slot(key, self.mask)
        while self.keys[at] != 0:
            if self.keys[at] == key:
                return self.values[at]
            at = (at + 1) & self.mask
        return -1

    def get(self, el, default=None):
        cdef Py_ssize_t found = self._find(el)
        return default if found < 0 else found

    def __getitem__(self, el):
        cdef Py_ssize_t found = self._find(el)
        if found < 0:
            raise KeyError(el)
        return found

    def __contains__(self, el):
        return self._find(el) >= 0

    def __len__(self):
        return self.count

    def __iter__(self):
        cdef Py_ssize_t i
        for i in range(self.count):
            yield cetree.elementFactory(self.document, self.nodes[i])

    def last(self, el):
        """The position of the last node of ``el``'s subtree (css._last_node: the last child,
        then its last child, ...); KeyError when that node is not in the index."""
        cdef cetree._Element element = <cetree._Element?>el
        cdef xmlNode* node = element._c_node
        cdef Py_ssize_t found = -1
        if node is not NULL and element._doc is self.document:
            found = self._last(node)
        if found < 0:
            raise KeyError(el)
        return found

    def tagged(self, str tag):
        """The elements named ``tag`` (no namespace) and their positions, in document order:
        ``root.iter(tag)`` for a plain lower-case name."""
        data = tag.encode("utf-8")
        return self._spots(data, data, None)

    def holding(self, str attribute):
        """The elements that have attribute ``attribute`` (no namespace) and their positions, in
        document order: XPath's ``descendant-or-self::*/@NAME/..`` from the root."""
        return self._spots(attribute, None, attribute)

    cdef Py_ssize_t _last(self, xmlNode* node) noexcept:
        """The position of the last node of ``node``'s subtree; -1 when it is not in the index."""
        cdef xmlNode* child
        while True:
            child = node.last
            while child is not NULL and not _is_element(child):
                child = child.prev
            if child is NULL:
                break
            node = child
        return self._at(node)

    cdef Bucket _spots(self, object key, bytes tag, str attribute):
        """The positions of the elements named ``tag`` (no namespace) or holding ``attribute``,
        cached a page: from the page's filing of the wanted names (``_file_wanted``, one walk on
        the first ask), or for a name wanted since, one scan of the nodes."""
        cdef Bucket spots = self.spots.get(key)
        cdef const char* wanted
        cdef const xmlChar* same = NULL  # the name's pointer in the document's dictionary, once seen
        cdef Py_ssize_t i
        cdef int k
        cdef xmlNode* node
        if spots is not None:
            return spots
        if tag is None and (attribute == "class" or attribute == "id"):  # index_page's holders
            return self.class_holders if attribute == "class" else self.id_holders
        data = tag if tag is not None else attribute.encode("utf-8")
        wanted = <const char*>data
        k = _want(data, _TAG if tag is not None else _ATTRIBUTE)
        if not self.filing_done:
            self._file_wanted()
        if 0 <= k < self.filed_count:  # filed: its bucket, or none on the page
            spots = <Bucket>self.filed[k] if self.filed[k] is not NULL else _bucket(self.all)
            self.spots[key] = spots
            return spots
        spots = _bucket(self.all)  # not filed: every node
        for i in range(self.count):
            node = self.nodes[i]
            if node.type != XML_ELEMENT_NODE:
                continue
            if tag is None:
                if node.properties is NULL or _attribute(node, wanted) is NULL:
                    continue
            elif node.ns is not NULL:
                continue
            elif node.name is not same:
                if node.name is NULL or node.name[0] != <xmlChar>wanted[0] or not _same(<const char*>node.name, wanted):
                    continue
                same = node.name
            spots.add(i)
        self.spots[key] = spots
        return spots

    cdef int _file_wanted(self) except -1:
        """Files the positions of the page's elements under the wanted names they have (their
        own, no namespace; their attributes', no namespace, once an element) in one walk:
        ``filed``. Nothing filed when the page has more distinct names than ``_pointer`` holds.
        The class and id holders are index_page's (not wanted: ``_spots``)."""
        cdef int count = _wanted_count
        cdef Py_ssize_t distinct = 0
        cdef Py_ssize_t page = self.serial
        cdef Py_ssize_t i
        cdef xmlNode* node
        cdef xmlAttr* attr
        cdef _Pointer* entry
        cdef PyObject** filed
        cdef bint full = False
        self.filing_done = True
        if count == 0:
            return 0
        filed = <PyObject**>PyMem_Malloc(count * sizeof(PyObject*))
        if filed is NULL:
            raise MemoryError()
        memset(filed, 0, count * sizeof(PyObject*))
        self.filed = filed
        self.filed_count = count  # the buckets are freed with the index, whatever is filed
        for i in range(self.count):
            node = self.nodes[i]
            if node.type != XML_ELEMENT_NODE:
                continue
            if node.ns is NULL and node.name is not NULL:
                entry = _pointer(node.name, page, &distinct)
                if entry is NULL:
                    full = True
                    break
                if entry.tag >= 0:
                    _filed_at(filed, entry.tag, self.all).add(i)
            attr = node.properties
            while attr is not NULL:
                if attr.ns is NULL and attr.name is not NULL:
                    entry = _pointer(attr.name, page, &distinct)
                    if entry is NULL:
                        full = True
                        break
                    if entry.attribute >= 0:
                        _filed_once(_filed_at(filed, entry.attribute, self.all), i)
                attr = attr.next
            if full:
                break
        if full:  # too many names: none filed, every name scans
            self.filed_count = 0
            for i in range(count):
                Py_XDECREF(filed[i])
            PyMem_Free(filed)
            self.filed = NULL
        return 0

    cdef Bucket _candidates(self, Test test):
        """css.PageIndex._candidates as positions: a superset of the test's matches in the page
        (its matches exactly when ``test.exact``), ascending. Kept on the test for this page:
        the reader asks a test on many scopes of a page (a look-up or two each, and a call)."""
        cdef Bucket spots
        if test.page == self.serial and self.serial != 0:
            return <Bucket>test.candidates
        spots = self._looked_up(test)
        test.page = self.serial
        test.candidates = <PyObject*>spots
        return spots

    cdef Bucket _looked_up(self, Test test):
        """``_candidates`` from the index's dictionaries (buckets they hold, or ``_EMPTY``)."""
        cdef Bucket spots, other
        cdef Py_ssize_t i
        if test.kind == _BY_ID:
            spots = self.by_id.get(test.key)
            return _EMPTY if spots is None else spots
        if test.kind == _BY_CLASS:
            spots = self.by_class.get(test.key)
            return _EMPTY if spots is None else spots
        if test.kind == _BY_CLASSES:
            spots = None
            for name in test.keys:
                other = self.by_class.get(name)
                if other is None:
                    return _EMPTY
                if spots is None or other.size < spots.size:
                    spots = other
            return spots
        if test.kind == _BY_ATTRIBUTE:
            return self._spots(test.key, None, test.key)
        if test.kind == _BY_MATCHING:
            spots = self.spots.get(test)
            if spots is None:
                other = self._spots(test.name, None, test.name)
                spots = _bucket(self.all)
                for i in range(other.size):
                    if self._matches(test, self.nodes[other.spots[i]]):
                        spots.add(other.spots[i])
                self.spots[test] = spots
            return spots
        spots = self._spots(test.tag_key, test.tag_key, None)
        if test.name is not None and spots.size:  # "a[rel~='tag']", "time[datetime]": the holders may be fewer
            other = self._spots(test.name, None, test.name)
            if other.size < spots.size:
                return other
        return spots

    cdef bint _matches(self, Test test, xmlNode* node) except -1:
        cdef int found = _match(test, node)
        if found >= 0:
            return found
        return bool(test.selector.matches(cetree.elementFactory(self.document, node)))

    cdef bint _holds_above(self, Chain chain, xmlNode* node, Py_ssize_t first, Py_ssize_t at) except -1:
        """css.ChainSelector.holds_above on the nodes."""
        cdef Test part
        cdef xmlNode* parent
        if at == 0:
            return True
        part = <Test>chain.parts[at - 1]
        parent = _parent_element(node)
        if chain.child[at - 1]:
            return (
                parent is not NULL
                and self._at(parent) >= first
                and self._matches(part, parent)
                and self._holds_above(chain, parent, first, at - 1)
            )
        while parent is not NULL:
            if self._at(parent) < first:
                return False
            if self._matches(part, parent) and self._holds_above(chain, parent, first, at - 1):
                return True
            parent = _parent_element(parent)
        return False

    cdef int _chain(self, Chain chain, Py_ssize_t first, Py_ssize_t last, Bucket found) except -1:
        """css.PageIndex._chain: the last part's candidates inside the first part's matches."""
        cdef Test head = <Test>chain.parts[0]
        cdef Test tail = <Test>chain.parts[len(chain.parts) - 1]
        cdef Bucket spots = self._candidates(head)
        cdef Bucket tails
        cdef Py_ssize_t start = _bisect(spots.spots, spots.size, first, False)
        cdef Py_ssize_t end = _bisect(spots.spots, spots.size, last, True)
        cdef Py_ssize_t covered = -1
        cdef Py_ssize_t i, j, at, where, high
        if start == end:
            return 0
        tails = self._candidates(tail)
        for i in range(start, end):
            at = spots.spots[i]
            if at <= covered or not self._matches(head, self.nodes[at]):
                continue
            covered = self._last(self.nodes[at])
            high = _bisect(tails.spots, tails.size, covered, True)
            for j in range(_bisect(tails.spots, tails.size, at, True), high):
                where = tails.spots[j]
                if self._matches(tail, self.nodes[where]) and self._holds_above(
                    chain, self.nodes[where], first, len(chain.parts) - 1
                ):
                    found.add(where)
        return 0

    def find(self, scope, tuple tests):
        """css.PageIndex.find on the nodes: the elements inside ``scope`` (itself included)
        passing any of ``tests`` (css selectors, each with its ``compiled`` form), in document
        order; None when ``scope`` is not in the index; NotImplemented when a test is not compiled."""
        return self._found(scope, tests)

    def select(self, scope, selector, simple):
        """``find(scope, simple(selector))`` (``simple``: css.simple_selectors), NotImplemented
        when that is None (the selector needs XPath): css.select's first step in one call, the
        tests of a ``str`` selector kept by its address (``_tests_of``)."""
        cdef object tests = _tests_of(selector, simple) if type(selector) is str else simple(selector)
        if tests is None:
            return NotImplemented
        return self._found(scope, <tuple?>tests)

    def select_any(self, scope, selectors, grouped):
        """``find(scope, tests)`` for a tuple of selectors the index answers all of (``grouped``:
        css._grouped, asked once per tuple: ``_group_of``): css.select_any's first step in one
        call; NotImplemented when one needs XPath or ``selectors`` is no tuple (nothing read)."""
        cdef _Group group
        if type(selectors) is not tuple:
            return NotImplemented
        group = _group_of(<tuple>selectors)
        if group.rest is None:
            group.tests, group.rest = grouped(selectors)
        if group.rest:
            return NotImplemented
        return self._found(scope, group.tests)

    def possible(self, scope, selectors, needs):
        """css.possible on this page: the ``selectors`` whose needed classes and ids (``needs``:
        css._needs, asked once per tuple) the page has (``live``), worked out once per page and
        tuple (kept on the tuple's entry with this index's serial, as ``Test.page``); None when
        ``scope`` is not in the index, NotImplemented when ``selectors`` is no tuple."""
        cdef _Group group
        if type(selectors) is not tuple:
            return NotImplemented
        if self._find(scope) < 0:
            return None
        group = _group_of(<tuple>selectors)
        if group.page == self.serial and self.serial != 0:
            return group.live
        if group.needs is None:
            group.needs = needs(selectors)
        group.live = _live(<tuple>selectors, group.needs, self.by_class, self.by_id)
        group.page = self.serial
        return group.live

    cdef object _found(self, object scope, tuple tests):
        """``find``."""
        cdef Py_ssize_t first = self._find(scope)
        cdef Py_ssize_t last, i, previous
        cdef list compiled
        cdef Bucket found, spots
        cdef list result
        if first < 0:
            return None
        compiled = _compiled_parts(tests)
        if compiled is None:
            return NotImplemented
        if len(compiled) == 1 and not isinstance(compiled[0], Chain):
            spots = self._candidates(<Test>compiled[0])
            if spots.size == 0:
                return []  # nothing on the page: no walk to the scope's last node
            return self._one(<Test>compiled[0], spots, first, self._last(self.nodes[first]))
        last = self._last(self.nodes[first])
        found = _bucket(self.all)
        for part in compiled:
            if isinstance(part, Chain):
                self._chain(<Chain>part, first, last, found)
            else:
                self._test(<Test>part, first, last, found)
        if len(compiled) > 1 and found.size > 1:
            qsort(found.spots, found.size, sizeof(Py_ssize_t), _compare)
        result = []
        previous = -1
        for i in range(found.size):
            if found.spots[i] != previous:
                previous = found.spots[i]
                result.append(self.all.element(previous))
        return result

    cdef int _test(self, Test test, Py_ssize_t first, Py_ssize_t last, Bucket found) except -1:
        """Adds the positions between ``first`` and ``last`` of the elements passing ``test``."""
        cdef Bucket spots = self._candidates(test)
        cdef Py_ssize_t i, at
        for i in range(_bisect(spots.spots, spots.size, first, False), _bisect(spots.spots, spots.size, last, True)):
            at = spots.spots[i]
            if test.exact or self._matches(test, self.nodes[at]):
                found.add(at)
        return 0

    cdef list _one(self, Test test, Bucket spots, Py_ssize_t first, Py_ssize_t last):
        """``find`` for one test that is no chain (``spots``: its candidates): they are ascending
        and distinct, so the elements come straight from them (no sort; tests/test_hfind_one.py)."""
        cdef list result = []
        cdef Py_ssize_t i, at
        for i in range(_bisect(spots.spots, spots.size, first, False), _bisect(spots.spots, spots.size, last, True)):
            at = spots.spots[i]
            if test.exact or self._matches(test, self.nodes[at]):
                result.append(self.all.element(at))
        return result

    def element(self, Py_ssize_t position):
        """The element at ``position``."""
        if position < 0 or position >= self.count:
            raise IndexError(position)
        return self.all.element(position)


cdef inline bint _named(xmlAttr* attr, const char* name) noexcept nogil:
    return attr.ns is NULL and _same(<const char*>attr.name, name)


cdef inline bint _same(const char* have, const char* name) noexcept nogil:
    cdef Py_ssize_t i = 0
    if have is NULL:
        return False
    while name[i] != 0:
        if have[i] != name[i]:
            return False
        i += 1
    return have[i] == 0


cdef xmlAttr* _attribute(xmlNode* node, const char* name) noexcept nogil:
    """The node's attribute ``name`` (no namespace), as libxml2's xmlGetNoNsProp finds it."""
    cdef xmlAttr* attr = node.properties
    while attr is not NULL:
        if _named(attr, name):
            return attr
        attr = attr.next
    return NULL


cdef object _value(cetree._Document document, xmlNode* node, xmlAttr* attr, str name):
    """The attribute's value as lxml's ``get`` gives it (its text children, joined)."""
    cdef xmlNode* child = attr.children
    cdef const char* content
    if child is NULL:
        return ""
    if child.next is NULL and child.type == XML_TEXT_NODE:
        content = <const char*>child.content
        if content is NULL:
            return ""
        return PyUnicode_DecodeUTF8(content, strlen(content), NULL)
    # several children or an entity reference: lxml's own reading
    return cetree.elementFactory(document, node).get(name)


cdef int _file_ascii_words(dict buckets, xmlAttr* attr, Py_ssize_t number, _Nodes nodes, Py_ssize_t serial) except -1:
    """Files position ``number`` under each word of an attribute value that is one text node of
    printable ASCII (``str.split`` on it splits at spaces alone) and answers 1; 0 for any other
    value (nothing filed). A word filed before on this page (index ``serial``) that still holds
    its slot goes straight to its bucket, without a look-up in ``buckets``."""
    cdef xmlNode* child = attr.children
    cdef const unsigned char* text
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t start
    cdef size_t slot
    cdef Bucket bucket
    cdef str word
    if child is NULL:
        return 1
    if child.next is not NULL or child.type != XML_TEXT_NODE or child.content is NULL:
        return 0
    text = <const unsigned char*>child.content
    while text[i] != 0:
        if text[i] < 0x20 or text[i] > 0x7E:
            return 0
        i += 1
    i = 0
    while text[i] != 0:
        while text[i] == 0x20:
            i += 1
        start = i
        while text[i] != 0 and text[i] != 0x20:
            i += 1
        if i > start:
            word = _word(<const char*>text + start, i - start, &slot)
            if _word_filed[slot] == serial:
                bucket = <Bucket>_word_bucket[slot]
                if bucket.spots[bucket.size - 1] != number:
                    bucket.add(number)
                continue
            bucket = _filed(buckets, word, number, nodes)
            _word_filed[slot] = serial
            _word_bucket[slot] = <PyObject*>bucket
    return 1


# The class words of earlier pages, by their bytes' hash (owned references; NULL: empty): a
# theme's pages repeat their classes, and a word met again is the str made for it before, whose
# hash is known, instead of a new str to decode and hash for every filing (bench/README.md).
cdef enum:
    _WORD_SLOTS = 4096  # a power of two

cdef PyObject* _words[_WORD_SLOTS]
# the bucket the slot's word is filed in on the page being indexed (borrowed: its by_class holds
# it), valid while _word_filed is that index's serial; _word sets 0 when it changes the word
cdef PyObject* _word_bucket[_WORD_SLOTS]
cdef Py_ssize_t _word_filed[_WORD_SLOTS]
cdef Py_ssize_t _indexed = 0  # index_page's count of pages: the serial of the last index made


cdef str _word(const char* text, Py_ssize_t size, size_t* slot):
    """``text[:size]`` (printable ASCII) as a str: the one made for the same bytes before while it
    still holds its slot, else a new one, which takes the slot; the slot in ``slot``."""
    cdef uint64_t key = 14695981039346656037ULL  # FNV-1a
    cdef Py_ssize_t i
    cdef size_t at
    cdef PyObject* held
    cdef str word
    for i in range(size):
        key = (key ^ <unsigned char>text[i]) * 1099511628211ULL
    at = <size_t>(key ^ (key >> 32)) & (_WORD_SLOTS - 1)
    slot[0] = at
    held = _words[at]
    if (
        held is not NULL
        and PyUnicode_GET_LENGTH(<object>held) == size
        and memcmp(PyUnicode_DATA(<object>held), text, size) == 0
    ):
        return <str>held
    word = PyUnicode_DecodeASCII(text, size, NULL)
    Py_INCREF(word)
    Py_XDECREF(held)
    _words[at] = <PyObject*>word
    _word_filed[at] = 0
    return word


cdef inline bint _plain_ascii(str value):
    return value.isascii() and value.isprintable()


cdef inline int _file(dict buckets, str key, Py_ssize_t number, _Nodes nodes) except -1:
    """Files position ``number`` under ``key``, once (an element whose class names a word twice
    is filed once: dict.fromkeys in the Python walk)."""
    _filed(buckets, key, number, nodes)
    return 0


cdef inline Bucket _filed(dict buckets, str key, Py_ssize_t number, _Nodes nodes):
    """``_file``, answering the bucket: one dictionary look-up (``setdefault``: nearly every key
    filed here is new to the page, a word met again mostly goes through its slot), not a miss
    and then an insertion."""
    cdef Bucket fresh = _bucket(nodes)
    cdef Bucket bucket = <Bucket>PyDict_SetDefault(buckets, key, fresh)  # borrowed: the dict holds it
    if bucket is not fresh and bucket.spots[bucket.size - 1] == number:
        return bucket
    bucket.add(number)
    return bucket


cdef xmlNode* _following(xmlNode* node, xmlNode* stop) noexcept nogil:
    """The node after ``node`` in lxml's BEGIN_FOR_EACH_ELEMENT_FROM(stop, stop, 1) (what
    ``stop.iter()`` walks): preorder, elements (as _isElement) only, not into an entity
    reference's or a DTD's children; NULL after the last node of ``stop``'s subtree."""
    cdef xmlNode* next_node = node.children
    if next_node is not NULL and (node.type == XML_ENTITY_REF_NODE or node.type == XML_DTD_NODE):
        next_node = NULL
    while next_node is not NULL and not _is_element(next_node):
        next_node = next_node.next
    if next_node is NULL and node is not stop:
        next_node = node.next
        while next_node is not NULL and not _is_element(next_node):
            next_node = next_node.next
        while next_node is NULL:
            node = node.parent
            if node is NULL or node is stop or not _is_element(node):
                break
            next_node = node.next
            while next_node is not NULL and not _is_element(next_node):
                next_node = next_node.next
    return next_node


def index_page(root, class_tokens):
    """The page index of ``root``'s tree: ``(positions, by_class, class_holders, by_id,
    id_holders)`` as css.PageIndex.of files them (``class_tokens`` splits a class attribute that
    is not printable ASCII). Buckets are ``Bucket``s: ``(elements, positions)`` in document order,
    no proxy made until asked for."""
    cdef cetree._Element top = <cetree._Element?>root
    cdef cetree._Document document = top._doc
    cdef xmlNode* stop = top._c_node
    cdef xmlNode* node = stop
    cdef xmlNode** grown
    cdef Py_ssize_t size = 0
    cdef Py_ssize_t capacity = 1024
    cdef Py_ssize_t number
    cdef xmlAttr* attr
    cdef Positions positions = Positions.__new__(Positions)
    cdef _Nodes all = _Nodes.__new__(_Nodes)
    cdef dict by_class = {}
    cdef dict by_id = {}
    cdef Bucket class_holders = _bucket(all)
    cdef Bucket id_holders = _bucket(all)
    cdef str value
    global _indexed

    _indexed += 1
    positions.serial = _indexed
    all.document = document
    all.nodes = <xmlNode**>PyMem_Malloc(capacity * sizeof(xmlNode*))
    if all.nodes is NULL:
        raise MemoryError()
    # lxml's BEGIN_FOR_EACH_ELEMENT_FROM(stop, stop, 1): preorder, elements (as _isElement) only,
    # not into an entity reference's or a DTD's children
    if not _is_element(node):
        node = NULL
    while node is not NULL:
        if size == capacity:
            capacity *= 2
            grown = <xmlNode**>PyMem_Realloc(all.nodes, capacity * sizeof(xmlNode*))
            if grown is NULL:
                raise MemoryError()
            all.nodes = grown
        all.nodes[size] = node
        size += 1
        node = _following(node, stop)
    all.count = size
    all.proxies = <PyObject**>PyMem_Malloc((size or 1) * sizeof(PyObject*))
    if all.proxies is NULL:
        raise MemoryError()
    memset(all.proxies, 0, (size or 1) * sizeof(PyObject*))
    positions._fill(all)
    positions.by_class = by_class
    positions.by_id = by_id
    positions.class_holders = class_holders
    positions.id_holders = id_holders
    positions.spots = {}

    for number in range(size):
        node = all.nodes[number]
        if node.type != XML_ELEMENT_NODE or node.properties is NULL:
            continue
        attr = _attribute(node, b"class")
        if attr is not NULL:
            class_holders.add(number)
            if not _file_ascii_words(by_class, attr, number, all, positions.serial):
                # not one text node of printable ASCII: as the Python walk splits
                value = _value(document, node, attr, "class")
                for name in (value.split() if _plain_ascii(value) else class_tokens(value)) if value else ():
                    _file(by_class, name, number, all)
        attr = _attribute(node, b"id")
        if attr is not NULL:
            id_holders.add(number)
            _file(by_id, _value(document, node, attr, "id"), number, all)
    return positions, by_class, class_holders, by_id, id_holders


# The visible text of an element (fields.text_of, fields.text_start) from libxml2's nodes.


cdef inline bint _no_text(xmlNode* node) noexcept nogil:
    """A ``script`` or ``style`` element (fields._NO_TEXT): its text is not shown."""
    if node.ns is not NULL and node.ns.href is not NULL:
        return False
    return _same(<const char*>node.name, b"script") or _same(<const char*>node.name, b"style")


cdef class _Text:
    """Text nodes' UTF-8 bytes, joined: a growing C buffer; with ``enough`` >= 0, a walk asks
    for ``more`` until it holds that many bytes."""

    cdef char* data
    cdef Py_ssize_t size
    cdef Py_ssize_t capacity
    cdef Py_ssize_t enough

    def __dealloc__(self):
        PyMem_Free(self.data)

    cdef int room(self, Py_ssize_t length) except -1:
        """Room for ``length`` bytes more."""
        cdef char* grown
        if self.size + length > self.capacity:
            self.capacity = 2 * (self.size + length) + 256
            grown = <char*>PyMem_Realloc(self.data, self.capacity)
            if grown is NULL:
                raise MemoryError()
            self.data = grown
        return 0

    cdef bint more(self) noexcept:
        """Whether the walk goes on to the next element."""
        return self.enough < 0 or self.size < self.enough

    cdef int collect(self, xmlNode* node) except -1:
        """lxml's _collectText: the text nodes from ``node`` on, up to the first other node
        (XInclude markers skipped), as ``el.text`` (from the first child) and ``el.tail``
        (from the next sibling) read them."""
        cdef Py_ssize_t length
        while node is not NULL:
            if node.type == XML_TEXT_NODE or node.type == XML_CDATA_SECTION_NODE:
                if node.content is not NULL:
                    length = strlen(<const char*>node.content)
                    self.room(length)
                    memcpy(self.data + self.size, node.content, length)
                    self.size += length
            elif node.type != XML_XINCLUDE_START and node.type != XML_XINCLUDE_END:
                break
            node = node.next
        return 0


cdef inline xmlNode* _element_from(xmlNode* node) noexcept nogil:
    """``node`` or the first sibling after it that ``for child in el`` visits (lxml's _isElement)."""
    while node is not NULL and not _is_element(node):
        node = node.next
    return node


def text(el, Py_ssize_t enough=-1):
    """The text nodes inside element ``el``, joined, as fields._texts yields them (``el.text``,
    then each child's: an element's own text nodes unless it is a script or style, and every
    child's tail; comments' text left out), and whether that is all of them: ``enough`` >= 0
    stops after the text node that brings the UTF-8 size to ``enough`` bytes. None when ``el``
    is not an element (a comment, a processing instruction): the Python code reads those."""
    cdef _Text found
    cdef xmlNode* top = _text_top(el)
    if top is NULL:
        return None
    found = _Text.__new__(_Text)
    found.enough = enough
    complete = _walk(top, found)
    return PyUnicode_DecodeUTF8(found.data, found.size, NULL), complete


cdef xmlNode* _text_top(el) noexcept:
    """``el``'s node when it is an element (not a comment, a processing instruction)."""
    cdef xmlNode* top
    if not isinstance(el, cetree._Element):
        return NULL
    top = (<cetree._Element>el)._c_node
    if top is NULL or top.type != XML_ELEMENT_NODE:
        return NULL
    return top


cdef bint _walk(xmlNode* top, _Text found) except -1:
    """fields._texts's walk of ``top``'s text nodes into ``found``, as long as it asks for
    ``more`` between elements; whether it read them all."""
    cdef xmlNode* node = NULL
    cdef xmlNode* child
    if not _no_text(top):
        found.collect(top.children)
        node = _element_from(top.children)
        while node is not NULL and found.more():
            if node.type == XML_ELEMENT_NODE and not _no_text(node):
                found.collect(node.children)  # its text
                child = _element_from(node.children)
                if child is not NULL:
                    node = child
                    continue
            while node is not NULL:  # done with node: its tail, then the next sibling or up
                found.collect(node.next)
                child = _element_from(node.next)
                if child is not NULL:
                    node = child
                    break
                node = node.parent
                if node is top:
                    node = NULL
    return node is NULL


cdef inline bint _ascii_space(unsigned char c) noexcept nogil:
    """``c`` is ASCII white space as ``str.split`` takes it: \\t \\n \\v \\f \\r, \\x1c-\\x1f, space."""
    return c <= 32 and (<uint64_t>0x1F0003E00 >> c) & 1


cdef class _Collapsed(_Text):
    """Text nodes' UTF-8 bytes, joined and collapsed as ``" ".join(text.split())`` collapses
    them: a run of white space (``str.split``'s, Unicode's) written as one space, none at either
    end; with a ``limit`` >= 0, ``done`` once that many characters (code points) are held."""

    cdef Py_ssize_t chars  # code points held
    cdef Py_ssize_t limit
    cdef bint pending  # white space seen after the last character held
    cdef bint done
    cdef bint invalid  # not UTF-8 as Python reads it: the caller falls back

    cdef bint more(self) noexcept:
        return not self.done

    cdef int collect(self, xmlNode* node) except -1:
        """_Text.collect's text nodes, collapsed into the buffer."""
        cdef Py_ssize_t length
        while node is not NULL and not self.done:
            if node.type == XML_TEXT_NODE or node.type == XML_CDATA_SECTION_NODE:
                if node.content is not NULL:
                    length = strlen(<const char*>node.content)
                    self.room(length + 1)  # a space, then the text
                    self.add(<const unsigned char*>node.content, length)
            elif node.type != XML_XINCLUDE_START and node.type != XML_XINCLUDE_END:
                break
            node = node.next
        return 0

    cdef void add(self, const unsigned char* text, Py_ssize_t length) noexcept nogil:
        """``text`` (``length`` bytes) collapsed onto the buffer (room for ``length`` + 1 bytes)."""
        cdef Py_ssize_t i = 0
        cdef Py_ssize_t width  # bytes of the piece copied next
        cdef Py_ssize_t count  # its characters
        cdef unsigned char c
        cdef unsigned char c1
        cdef unsigned char c2
        cdef char* out = self.data + self.size
        while i < length:
            c = text[i]
            if c < 0x80:
                if _ascii_space(c):
                    self.pending = True
                    i += 1
                    continue
                width = 1  # a run of ASCII but white space, copied at once
                while i + width < length and text[i + width] < 0x80 and not _ascii_space(text[i + width]):
                    width += 1
                count = width
            else:
                count = 1
                # the sequence's width, checked as Python's strict UTF-8 decoder checks it
                if c >= 0xC2 and c <= 0xDF:
                    width = 2
                elif c >= 0xE0 and c <= 0xEF:
                    width = 3
                elif c >= 0xF0 and c <= 0xF4:
                    width = 4
                else:
                    self.invalid = True
                    self.done = True
                    break
                if i + width > length:
                    self.invalid = True
                    self.done = True
                    break
                c1 = text[i + 1]
                if (c1 & 0xC0) != 0x80 or (
                    (c == 0xE0 and c1 < 0xA0) or (c == 0xED and c1 > 0x9F)
                    or (c == 0xF0 and c1 < 0x90) or (c == 0xF4 and c1 > 0x8F)
                ):
                    self.invalid = True
                    self.done = True
                    break
                if width >= 3:
                    c2 = text[i + 2]
                    if (c2 & 0xC0) != 0x80 or (width == 4 and (text[i + 3] & 0xC0) != 0x80):
                        self.invalid = True
                        self.done = True
                        break
                    if width == 3 and (
                        (c == 0xE1 and c1 == 0x9A and c2 == 0x80)  # U+1680
                        or (c == 0xE2 and c1 == 0x80 and (c2 <= 0x8A or c2 == 0xA8 or c2 == 0xA9 or c2 == 0xAF))
                        or (c == 0xE2 and c1 == 0x81 and c2 == 0x9F)  # U+205F
                        or (c == 0xE3 and c1 == 0x80 and c2 == 0x80)  # U+3000
                    ):
                        self.pending = True
                        i += 3
                        continue
                elif c == 0xC2 and (c1 == 0x85 or c1 == 0xA0):  # U+0085, U+00A0
                    self.pending = True
                    i += 2
                    continue
            if self.pending:
                self.pending = False
                if self.chars > 0:
                    out[0] = 32
                    out += 1
                    self.chars += 1
                    if self.chars == self.limit:
                        self.done = True
                        break
            if self.limit >= 0 and count > self.limit - self.chars:  # an ASCII run past the limit
                count = width = self.limit - self.chars
            memcpy(out, text + i, width)
            out += width
            i += width
            self.chars += count
            if self.chars == self.limit:
                self.done = True
                break
        self.size = out - self.data


def collapsed_text(el, Py_ssize_t limit=-1):
    """``" ".join(text(el)[0].split())``, and with ``limit`` >= 0 its first ``limit``
    characters, collapsed while copied and walking no further than those need: fields.text_of
    and fields.text_start. None when ``el`` is not an element, or a text node is not UTF-8 as
    Python reads it (the caller's ``text`` path answers)."""
    cdef _Collapsed found
    cdef xmlNode* top = _text_top(el)
    if top is NULL:
        return None
    found = _Collapsed.__new__(_Collapsed)
    found.limit = limit
    found.done = limit == 0
    _walk(top, found)
    if found.invalid:
        return None
    return PyUnicode_DecodeUTF8(found.data, found.size, NULL)


cdef bint _one_of(const xmlChar* name, tuple names):
    """Whether ``name`` is one of ``names`` (bytes)."""
    cdef bytes one
    if name is NULL:
        return False
    for one in names:
        if name[0] == <xmlChar>(<const char*>one)[0] and _same(<const char*>name, <const char*>one):
            return True
    return False


def link_holders(el, tuple tags, tuple attributes):
    """The elements of ``el``'s subtree (itself included, ``el.iter(etree.Element)`` order) whose
    local name is one of ``tags`` or that hold an attribute (no namespace) named one of
    ``attributes`` (names as UTF-8 bytes): fields.rewrite_links's test of every element, without
    a proxy, a ``tag`` and a ``keys()`` per element."""
    cdef cetree._Element element = <cetree._Element?>el
    cdef xmlNode* stop = element._c_node
    cdef xmlNode* node = stop
    cdef const xmlChar* name
    cdef const xmlChar* local
    cdef xmlAttr* attr
    cdef list found = []
    cdef bint holds
    if node is NULL or not _is_element(node):
        return found
    while node is not NULL:
        if node.type == XML_ELEMENT_NODE:
            name = node.name
            local = name
            while name is not NULL and name[0] != 0:  # "}" in tag: the part after the last one
                if name[0] == <xmlChar>125:
                    local = name + 1
                name += 1
            holds = _one_of(local, tags)
            attr = node.properties
            while not holds and attr is not NULL:
                holds = (attr.ns is NULL or attr.ns.href is NULL) and _one_of(attr.name, attributes)
                attr = attr.next
            if holds:
                found.append(cetree.elementFactory(element._doc, node))
        node = _following(node, stop)
    return found


cdef bint _has_ascii_word(const char* text, const char* word) noexcept nogil:
    """Whether ``word`` (lower-case ASCII) is in ``text``, ASCII case ignored (no other character
    lower-cases to an ASCII letter but the Kelvin sign's k and the dotted capital I's i)."""
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t j
    cdef char c
    while text[i] != 0:
        j = 0
        while word[j] != 0:
            c = text[i + j]
            if c >= 65 and c <= 90:
                c = c + 32
            if c != word[j]:
                break
            j += 1
        if word[j] == 0:
            return True
        i += 1
    return False


def links_maybe_to(root, tuple hrefs, bytes rel_word):
    """The ``a`` elements of ``root.iter("a")`` that may link to one of ``hrefs`` (UTF-8 bytes:
    the ``href`` value exactly one of them) or hold ``rel_word`` (lower-case ASCII, without an
    ASCII letter a non-ASCII one lower-cases to) in their ``rel``, ASCII case ignored: a superset
    of metadata._home_link_names's anchors (it tests each again), without a proxy and two ``get``
    calls per link. A value that is not one text node (an entity reference) keeps its anchor."""
    cdef cetree._Element element = <cetree._Element?>root
    cdef xmlNode* stop = element._c_node
    cdef xmlNode* node = stop
    cdef const char* text
    cdef const char* word = <const char*>rel_word
    cdef int found
    cdef bytes href
    cdef bint keep
    cdef list anchors = []
    cdef Py_ssize_t i, length
    cdef Py_ssize_t count = len(hrefs)
    # each href's C string and its length (strlen: as _same reads it), so that a link's address
    # is compared whole only with those of its length (the spellings of a home address share
    # their first bytes: compared one by one, most of them were read that far for every link)
    cdef const char** texts = <const char**>PyMem_Malloc((count or 1) * sizeof(const char*))
    cdef Py_ssize_t* lengths = <Py_ssize_t*>PyMem_Malloc((count or 1) * sizeof(Py_ssize_t))
    if texts is NULL or lengths is NULL:
        PyMem_Free(texts)
        PyMem_Free(lengths)
        raise MemoryError()
    try:
        for i in range(count):
            href = hrefs[i]
            texts[i] = <const char*>href
            lengths[i] = strlen(texts[i])
        if node is NULL or not _is_element(node):
            return anchors
        while node is not NULL:
            if node.type == XML_ELEMENT_NODE and node.ns is NULL and _same(<const char*>node.name, b"a"):
                keep = False
                found = _text(node, b"href", &text)
                if found < 0:
                    keep = True
                elif found > 0:
                    length = strlen(text)
                    for i in range(count):
                        if lengths[i] == length and memcmp(text, texts[i], length) == 0:
                            keep = True
                            break
                if not keep:
                    found = _text(node, b"rel", &text)
                    keep = found < 0 or (found > 0 and _has_ascii_word(text, word))
                if keep:
                    anchors.append(cetree.elementFactory(element._doc, node))
            node = _following(node, stop)
        return anchors
    finally:
        PyMem_Free(texts)
        PyMem_Free(lengths)


def attribute_values(root, bytes tag, bytes name):
    """The values of attribute ``name`` (no namespace) of the ``tag`` elements (no namespace) in
    ``root``'s subtree, in document order, as plain ``str``: ``root.xpath("//TAG/@NAME")`` from
    the document's root element, without an XPath node set and a smart string per value. None
    when a value is not one text node (an entity reference): the XPath reads those."""
    cdef cetree._Element element = <cetree._Element?>root
    cdef xmlNode* stop = element._c_node
    cdef xmlNode* node = stop
    cdef const char* wanted = <const char*>tag
    cdef const char* attribute = <const char*>name
    cdef const char* text
    cdef int found
    cdef list values = []
    if node is NULL or not _is_element(node):
        return values
    while node is not NULL:
        if node.type == XML_ELEMENT_NODE and node.ns is NULL and _same(<const char*>node.name, wanted):
            found = _text(node, attribute, &text)
            if found < 0:
                return None
            if found > 0:
                values.append(PyUnicode_DecodeUTF8(text, strlen(text), NULL))
        node = _following(node, stop)
    return values


cdef inline bint _forbidden_byte(unsigned char c) noexcept nogil:
    """A control character XML 1.0 forbids (xml_chars.FORBIDDEN_CHARS: below 0x20 but tab,
    newline and carriage return)."""
    return c < 0x20 and c != 9 and c != 10 and c != 13


def has_forbidden(bytes data):
    """Whether ``data`` holds a byte XML 1.0 forbids: ``any(b in data for b in FORBIDDEN_BYTES)``
    in one pass, eight bytes at a time (a word with a byte below 0x20 has its bytes tested)."""
    cdef const unsigned char* text = <const unsigned char*>(<const char*>data)
    cdef Py_ssize_t size = len(data)
    cdef Py_ssize_t i = 0
    cdef Py_ssize_t j
    cdef uint64_t word
    while i + 8 <= size:
        memcpy(&word, text + i, 8)
        # a byte below 0x20 borrows into its own top bit (exact for "any byte below"; a byte after
        # one may be flagged too, and is tested alone like the rest)
        if (word - <uint64_t>0x2020202020202020ULL) & ~word & <uint64_t>0x8080808080808080ULL:
            for j in range(i, i + 8):
                if _forbidden_byte(text[j]):
                    return True
        i += 8
    while i < size:
        if _forbidden_byte(text[i]):
            return True
        i += 1
    return False


cdef inline bint _continuation(unsigned char c) noexcept nogil:
    return (c & 0xC0) == 0x80


def is_utf8(bytes data):
    """Whether ``data.decode("utf-8")`` succeeds: well-formed UTF-8 as the Unicode standard's
    table 3-7 gives it (no overlong form, no surrogate, nothing past U+10FFFF), told without
    making the text; ASCII eight bytes at a time."""
    cdef const unsigned char* text = <const unsigned char*>(<const char*>data)
    cdef Py_ssize_t size = len(data)
    cdef Py_ssize_t i = 0
    cdef uint64_t word
    cdef unsigned char c, second
    while i < size:
        if i + 8 <= size:
            memcpy(&word, text + i, 8)
            if (word & <uint64_t>0x8080808080808080ULL) == 0:
                i += 8
                continue
        c = text[i]
        if c < 0x80:
            i += 1
            continue
        if c < 0xC2 or c > 0xF4:
            return False  # a continuation byte first, an overlong two-byte lead, or past U+10FFFF
        if c < 0xE0:
            if i + 1 >= size or not _continuation(text[i + 1]):
                return False
            i += 2
            continue
        if c < 0xF0:
            if i + 2 >= size or not _continuation(text[i + 2]):
                return False
            second = text[i + 1]
            if (c == 0xE0 and not (0xA0 <= second <= 0xBF)) or (c == 0xED and not (0x80 <= second <= 0x9F)):
                return False  # overlong, or a surrogate
            if not _continuation(second):
                return False
            i += 3
            continue
        if i + 3 >= size or not _continuation(text[i + 2]) or not _continuation(text[i + 3]):
            return False
        second = text[i + 1]
        if (c == 0xF0 and not (0x90 <= second <= 0xBF)) or (c == 0xF4 and not (0x80 <= second <= 0x8F)):
            return False  # overlong, or past U+10FFFF
        if not _continuation(second):
            return False
        i += 4
    return True


cdef extern from *:
    """
    #if defined(__SSE2__)
    #include <emmintrin.h>
    #endif

    /* The length of the well-formed UTF-8 character starting with the byte s[i] >= 0x80 (the
       Unicode standard's table 3-7: no overlong form, no surrogate, nothing past U+10FFFF), or
       0 when none starts there. */
    static inline Py_ssize_t blogimport_utf8_char(const unsigned char *s, Py_ssize_t i, Py_ssize_t n) {
        unsigned char c = s[i], second;
        if (c < 0xC2 || c > 0xF4) return 0;
        if (c < 0xE0) return (i + 1 < n && (s[i + 1] & 0xC0) == 0x80) ? 2 : 0;
        if (i + 2 >= n || (s[i + 2] & 0xC0) != 0x80) return 0;
        second = s[i + 1];
        if (c < 0xF0) {
            if (c == 0xE0 ? (second < 0xA0 || second > 0xBF) : c == 0xED ? (second < 0x80 || second > 0x9F)
                          : (second & 0xC0) != 0x80) return 0;
            return 3;
        }
        if (i + 3 >= n || (s[i + 3] & 0xC0) != 0x80) return 0;
        if (c == 0xF0 ? (second < 0x90 || second > 0xBF) : c == 0xF4 ? (second < 0x80 || second > 0x8F)
                      : (second & 0xC0) != 0x80) return 0;
        return 4;
    }

    static inline int blogimport_forbidden_byte(unsigned char c) {
        return c < 0x20 && c != 9 && c != 10 && c != 13;
    }

    #if defined(__SSE2__)
    /* Bit k set when byte k of the 16 at s is a control byte XML 1.0 forbids. */
    static inline unsigned int blogimport_forbidden16(__m128i v) {
        const __m128i low = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);  /* <= 0x1F */
        const __m128i allowed = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(9)), _mm_cmpeq_epi8(v, _mm_set1_epi8(10))),
            _mm_cmpeq_epi8(v, _mm_set1_epi8(13)));
        return (unsigned int)_mm_movemask_epi8(_mm_andnot_si128(allowed, low));
    }
    #endif

    /* 0: ASCII without a byte XML 1.0 forbids; 1: well-formed UTF-8 holding a non-ASCII character,
       without one; -1: a forbidden byte, or not UTF-8. One pass, 32 bytes at a time where SSE2 is
       (x86-64 always has it): a block is tested for forbidden bytes whole, and only the characters
       starting at its non-ASCII bytes are read one by one. */
    static int blogimport_utf8_scan(const unsigned char *s, Py_ssize_t n) {
        Py_ssize_t i = 0, at, size;
        int wide = 0;
    #if defined(__SSE2__)
        __m128i first, second;
        unsigned int high, past;
        while (i + 32 <= n) {
            first = _mm_loadu_si128((const __m128i *)(s + i));
            second = _mm_loadu_si128((const __m128i *)(s + i + 16));
            if (blogimport_forbidden16(first) | blogimport_forbidden16(second)) return -1;
            high = (unsigned int)_mm_movemask_epi8(first) | ((unsigned int)_mm_movemask_epi8(second) << 16);
            if (!high) {
                i += 32;
                continue;
            }
            wide = 1;
            at = i + 32;  /* where the next block starts */
            while (high) {
                size = blogimport_utf8_char(s, i + __builtin_ctz(high), n);
                if (!size) return -1;
                past = (unsigned int)__builtin_ctz(high) + (unsigned int)size;  /* the character's end */
                if (past >= 32) {  /* it ends in the next block: continuation bytes are never forbidden */
                    at = i + past;
                    break;
                }
                high &= ~0u << past;
            }
            i = at;
        }
    #endif
        while (i < n) {
            if (s[i] < 0x80) {
                if (blogimport_forbidden_byte(s[i])) return -1;
                i++;
                continue;
            }
            size = blogimport_utf8_char(s, i, n);
            if (!size) return -1;
            i += size;
            wide = 1;
        }
        return wide;
    }
    """
    int blogimport_utf8_scan(const unsigned char* s, Py_ssize_t n) nogil


def utf8_scan(bytes data):
    """``is_utf8`` and ``has_forbidden`` in one pass, 32 bytes at a time: 0 when ``data`` is
    ASCII without a byte XML 1.0 forbids, 1 when it is well-formed UTF-8 holding a non-ASCII
    character and no such byte, -1 when it holds one (``has_forbidden``) or is not UTF-8."""
    return blogimport_utf8_scan(<const unsigned char*>(<const char*>data), len(data))
