# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The page index walk (css.PageIndex.of) on libxml2's nodes: compiled, optional.

css.py's Python walk makes a proxy for every node of the page (``doc.iter()``), reads its
``class`` and files it; this walks the C tree instead, keeps every node's document position in a
hash table keyed by the node's address (no proxy), and makes proxies only for the elements it
files (those holding a ``class`` or an ``id``). The results are the Python walk's, always
(tests/test_html_accel.py runs both on every fixture page and on hypothesis markup).

Only libxml2's structures are read (no libxml2 function is called: lxml links its own copy), and
lxml's public C API makes the proxies. The tree must not change while an index of it is used (the
reader never changes the page it reads: bodies are copied), and the index keeps the document alive.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdint cimport uintptr_t
from libc.string cimport memset, strlen

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport xmlAttr, xmlNode

cetree.import_lxml__etree()

cdef extern from "libxml/tree.h":
    # the numbers of xmlElementType, as libxml2's header gives them
    cdef int XML_ELEMENT_NODE
    cdef int XML_TEXT_NODE
    cdef int XML_COMMENT_NODE
    cdef int XML_ENTITY_REF_NODE
    cdef int XML_PI_NODE
    cdef int XML_DTD_NODE


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


cdef class Positions:
    """Every node's document position (``doc.iter()`` order) by element: a ``dict[HtmlElement,
    int]`` that holds no proxy. Elements of another document (copies) are not in it."""

    cdef uintptr_t* keys
    cdef Py_ssize_t* values
    cdef size_t mask
    cdef xmlNode** nodes  # by position
    cdef Py_ssize_t count
    cdef cetree._Document document

    def __dealloc__(self):
        PyMem_Free(self.keys)
        PyMem_Free(self.values)
        PyMem_Free(self.nodes)

    cdef int _fill(self, xmlNode** nodes, Py_ssize_t count) except -1:
        cdef size_t size = 16
        cdef Py_ssize_t i
        cdef size_t at
        cdef uintptr_t key
        while size < <size_t>(2 * count):
            size *= 2
        self.nodes = nodes
        self.count = count
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
        cdef xmlNode* child
        cdef Py_ssize_t found
        if node is NULL or element._doc is not self.document:
            raise KeyError(el)
        while True:
            child = node.last
            while child is not NULL and not _is_element(child):
                child = child.prev
            if child is NULL:
                break
            node = child
        found = self._at(node)
        if found < 0:
            raise KeyError(el)
        return found

    def tagged(self, str tag):
        """The elements named ``tag`` (no namespace) and their positions, in document order:
        ``root.iter(tag)`` for a plain lower-case name."""
        return self._elements(tag.encode("utf-8"), False)

    def holding(self, str attribute):
        """The elements that have attribute ``attribute`` (no namespace) and their positions, in
        document order: XPath's ``descendant-or-self::*/@NAME/..`` from the root."""
        return self._elements(attribute.encode("utf-8"), True)

    cdef tuple _elements(self, bytes name, bint attribute):
        """The elements named ``name``, or holding an attribute so named, and their positions."""
        cdef const char* wanted = name
        cdef list elements = []
        cdef list positions = []
        cdef Py_ssize_t i
        cdef xmlNode* node
        for i in range(self.count):
            node = self.nodes[i]
            if node.type != XML_ELEMENT_NODE:
                continue
            if attribute:
                if node.properties is NULL or _attribute(node, wanted) is NULL:
                    continue
            elif node.ns is not NULL or not _same(<const char*>node.name, wanted):
                continue
            elements.append(cetree.elementFactory(self.document, node))
            positions.append(i)
        return elements, positions

    def element(self, Py_ssize_t position):
        """The element at ``position``."""
        if position < 0 or position >= self.count:
            raise IndexError(position)
        return cetree.elementFactory(self.document, self.nodes[position])


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


cdef inline bint _plain_ascii(str value):
    return value.isascii() and value.isprintable()


cdef inline void _file(dict buckets, str key, object element, object number):
    bucket = buckets.get(key)
    if bucket is None:
        buckets[key] = ([element], [number])
    else:
        (<list>(<tuple>bucket)[0]).append(element)
        (<list>(<tuple>bucket)[1]).append(number)


def index_page(root, class_tokens):
    """The page index of ``root``'s tree: ``(positions, by_class, class_holders, by_id,
    id_holders)`` as css.PageIndex.of files them (``class_tokens`` splits a class attribute that
    is not printable ASCII). Buckets are ``([elements], [positions])`` in document order."""
    cdef cetree._Element top = <cetree._Element?>root
    cdef cetree._Document document = top._doc
    cdef xmlNode* stop = top._c_node
    cdef xmlNode* node = stop
    cdef xmlNode* next_node
    cdef xmlNode** nodes = NULL
    cdef xmlNode** grown
    cdef Py_ssize_t size = 0
    cdef Py_ssize_t capacity = 1024
    cdef Py_ssize_t number
    cdef xmlAttr* attr
    cdef Positions positions = Positions.__new__(Positions)
    cdef dict by_class = {}
    cdef dict by_id = {}
    cdef list class_holders = []
    cdef list class_positions = []
    cdef list id_holders = []
    cdef list id_positions = []
    cdef str value
    cdef object element
    cdef object at
    cdef list names
    cdef list bucket_positions

    positions.document = document
    nodes = <xmlNode**>PyMem_Malloc(capacity * sizeof(xmlNode*))
    if nodes is NULL:
        raise MemoryError()
    # lxml's BEGIN_FOR_EACH_ELEMENT_FROM(stop, stop, 1): preorder, elements (as _isElement) only,
    # not into an entity reference's or a DTD's children
    if not _is_element(node):
        node = NULL
    while node is not NULL:
        if size == capacity:
            capacity *= 2
            grown = <xmlNode**>PyMem_Realloc(nodes, capacity * sizeof(xmlNode*))
            if grown is NULL:
                PyMem_Free(nodes)
                raise MemoryError()
            nodes = grown
        nodes[size] = node
        size += 1
        next_node = node.children
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
        node = next_node
    positions._fill(nodes, size)

    for number in range(size):
        node = nodes[number]
        if node.type != XML_ELEMENT_NODE or node.properties is NULL:
            continue
        attr = _attribute(node, b"class")
        element = None
        at = None
        if attr is not NULL:
            element = cetree.elementFactory(document, node)
            at = number
            class_holders.append(element)
            class_positions.append(at)
            value = _value(document, node, attr, "class")
            if value:
                names = value.split() if _plain_ascii(value) else class_tokens(value)
                for name in names:  # each name once per element (dict.fromkeys in the Python walk)
                    bucket = by_class.get(name)
                    if bucket is None:
                        by_class[name] = ([element], [at])
                        continue
                    bucket_positions = <list>(<tuple>bucket)[1]
                    if bucket_positions[len(bucket_positions) - 1] is at:  # this element's int: filed
                        continue
                    (<list>(<tuple>bucket)[0]).append(element)
                    bucket_positions.append(at)
        attr = _attribute(node, b"id")
        if attr is not NULL:
            if element is None:
                element = cetree.elementFactory(document, node)
                at = number
            id_holders.append(element)
            id_positions.append(at)
            _file(by_id, _value(document, node, attr, "id"), element, at)
    return positions, by_class, (class_holders, class_positions), by_id, (id_holders, id_positions)
