# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""simple_markdown's block and inline loop, compiled (optional): ``blocks_markdown``.

The same steps as :func:`importer.transforms.simple_markdown._blocks_markdown` (the pure-Python
path, kept: it runs when this module is not built), with typed locals instead of the
interpreter's per-operation cost:

- the tokenizing ``_BLOCK_SPLIT.split`` is a scan for ``<`` and ``>`` (the pattern's two
  alternatives: a text-only ``<p>``/``<hN>``/``<li>`` block whole, or any ``<...>`` without a
  ``<`` inside), giving the same (text, tag, whole block's name) in turn;
- the per-text tests (``<``, ``&``, two spaces, ``str.isprintable``, the syntax characters
  ``inert_text`` looks for) are one pass a text, a table for ASCII and ``Py_UNICODE_ISPRINTABLE``
  beyond (what ``str.isprintable`` asks of each character).

What is rare stays the Python module's own code, called from here: entity decoding
(``_decode``), the link tag's attributes (``_LINK``, ``_ATTRIBUTE``), the emphasis flanking
test, ``_UNSAFE_TEXT`` for a text that is not printable, the URLs' completion (``_rewrite``).
:func:`init` hands them over (one source of truth). ``tests/test_simple_markdown_accel.py``
checks this against the pure-Python path on hypothesis HTML and on the corpus.
"""

cdef extern from "Python.h":
    bint Py_UNICODE_ISPRINTABLE(Py_UCS4 ch)
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)
    bint Py_UNICODE_ISDECIMAL(Py_UCS4 ch)
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch)
    unsigned int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(unsigned int kind, void* data, Py_ssize_t index)
    Py_ssize_t PyUnicode_FindChar(object text, Py_UCS4 ch, Py_ssize_t start, Py_ssize_t end, int direction) except -2

# Flags of a text (text_flags)
DEF F_LT = 1  # "<"
DEF F_AMP = 2  # "&"
DEF F_SEMI = 4  # ";"
DEF F_SYNTAX = 8  # one of _*[`\~
DEF F_UNPRINTABLE = 16  # not str.isprintable()
DEF F_DOUBLE = 32  # two spaces in a row
DEF F_NOT_INERT = F_LT | F_SYNTAX | F_UNPRINTABLE

cdef unsigned char ASCII[128]
cdef Py_ssize_t _c
for _c in range(128):
    ASCII[_c] = F_UNPRINTABLE if (_c < 0x20 or _c == 0x7F) else 0
ASCII[ord("<")] = F_LT
ASCII[ord("&")] = F_AMP
ASCII[ord(";")] = F_SEMI
for _c in (ord("_"), ord("*"), ord("["), ord("`"), ord("\\"), ord("~")):
    ASCII[_c] = F_SYNTAX

cdef unsigned char URL_CHARS[128]
for _c in range(128):
    URL_CHARS[_c] = chr(_c).isascii() and (chr(_c).isalnum() or chr(_c) in "-._~:/?#@!$&'*+,;=%")

cdef dict TAGS = None
cdef dict EMPHASIS = None
cdef dict OPEN_BLOCK = None
cdef object LINK = None
cdef object ATTRIBUTE = None
cdef object LINK_ATTRIBUTES = None
cdef object UNSAFE_TEXT = None
cdef dict ENTITIES = None
cdef object REWRITTEN = None
cdef object DELIMITERS = None
cdef str LINK_MARK = "](\x00"


def init(dict tags, dict emphasis, dict open_block, link, attribute, link_attributes, unsafe_text,
         dict entities, rewritten, delimiters):
    """The Python module's tables, patterns and rare-path functions (called once, at its import)."""
    global TAGS, EMPHASIS, OPEN_BLOCK, LINK, ATTRIBUTE, LINK_ATTRIBUTES, UNSAFE_TEXT, ENTITIES, REWRITTEN, DELIMITERS
    TAGS, EMPHASIS, OPEN_BLOCK = tags, emphasis, open_block
    LINK, ATTRIBUTE, LINK_ATTRIBUTES, UNSAFE_TEXT = link, attribute, link_attributes, unsafe_text
    ENTITIES, REWRITTEN, DELIMITERS = entities, rewritten, delimiters


cdef int text_flags(str text):
    """The F_ flags of ``text``, in one pass."""
    cdef int flags = 0
    cdef Py_UCS4 c
    cdef bint space = False
    for c in text:
        if c < 128:
            flags |= ASCII[c]
            if c == 32:
                if space:
                    flags |= F_DOUBLE
                space = True
            else:
                space = False
        else:
            space = False
            if not Py_UNICODE_ISPRINTABLE(c):
                flags |= F_UNPRINTABLE
    return flags


cdef inline bint inert(int flags):
    """inert_text, from the text's flags."""
    return not (flags & F_NOT_INERT) and (flags & (F_AMP | F_SEMI)) != (F_AMP | F_SEMI)


cpdef bint inert_text(str text):
    """simple_markdown.inert_text, compiled (tested against it)."""
    return inert(text_flags(text))


cdef inline bint is_digit(Py_UCS4 c):
    return 48 <= c <= 57


cdef inline int hex_value(Py_UCS4 char):
    cdef int c = <int>char
    if 48 <= c <= 57:
        return c - 48
    if 97 <= c <= 102:
        return c - 87
    if 65 <= c <= 70:
        return c - 55
    return -1


cpdef object decode(str text):
    """simple_markdown._decode: ``text`` with its entities decoded as lxml decodes them, or None.

    Every "&" must start one of ``_ENTITY``'s matches (one elsewhere is refused there: in a gap
    between matches or after the last): ``&#`` 1-7 decimal digits, ``&#x`` 1-6 hexadecimal digits
    or ``&`` lowercase ASCII letters, then ``;``."""
    cdef Py_ssize_t n = len(text), pos = 0, amp, i, digits
    cdef unsigned int kd = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 c
    cdef long code
    cdef int value
    cdef list out = []
    cdef object char
    while True:
        amp = PyUnicode_FindChar(text, "&", pos, n, 1)
        if amp < 0:
            break
        i = amp + 1
        if i < n and PyUnicode_READ(kd, data, i) == 35:  # "#"
            i += 1
            code = 0
            digits = 0
            if i < n and (PyUnicode_READ(kd, data, i) == 120 or PyUnicode_READ(kd, data, i) == 88):  # x X
                i += 1
                while i < n and digits < 6:
                    value = hex_value(PyUnicode_READ(kd, data, i))
                    if value < 0:
                        break
                    code = code * 16 + value
                    digits += 1
                    i += 1
            else:
                while i < n and digits < 7:
                    c = PyUnicode_READ(kd, data, i)
                    if not is_digit(c):
                        break
                    code = code * 10 + (<long>c - 48)
                    digits += 1
                    i += 1
            if digits == 0 or i >= n or PyUnicode_READ(kd, data, i) != 59:  # ";"
                return None
            if code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xF900 or code >= 0xFFFE:
                return None
            char = chr(code)
        else:
            while i < n and 97 <= PyUnicode_READ(kd, data, i) <= 122:  # a-z
                i += 1
            if i == amp + 1 or i >= n or PyUnicode_READ(kd, data, i) != 59:
                return None
            char = ENTITIES.get(text[amp + 1 : i])
            if char is None:
                return None
        out.append(text[pos:amp])
        out.append(char)
        pos = i + 1
    out.append(text[pos:])
    return "".join(out)


cdef object decoded_text(str raw, int* out_flags):
    """simple_markdown._text: the text as lxml reads it, or None; its flags in ``out_flags``."""
    cdef int flags = text_flags(raw)
    if flags & F_LT:
        return None
    if flags & F_AMP:
        decoded = decode(raw)
        if decoded is None:
            return None
        raw = <str>decoded
        flags = text_flags(raw)
    if flags & F_DOUBLE:
        return None
    if flags & F_UNPRINTABLE and UNSAFE_TEXT.search(raw) is not None:
        return None
    out_flags[0] = flags
    return raw


cdef inline bint letter_first(str text):
    """_LINE_START.match(text): isalnum() and not isdecimal() of its first character."""
    cdef Py_UCS4 first
    if len(text) == 0:
        return False
    first = text[0]
    return Py_UNICODE_ISALNUM(first) and not Py_UNICODE_ISDECIMAL(first)


cdef inline bint alnum_at(str text, Py_ssize_t index):
    return Py_UNICODE_ISALNUM(text[index])


cdef bint all_space(unsigned int kind, void* data, Py_ssize_t start, Py_ssize_t end):
    """``text[start:end].isspace()`` of a text that is not empty."""
    cdef Py_ssize_t i
    for i in range(start, end):
        if not Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)):
            return False
    return True


cdef bint plain_url(str url):
    """``_PLAIN_URL.fullmatch(url) is not None``: not empty, every character one of
    ``A-Za-z0-9-._~:/?#@!$&'*+,;=%``."""
    cdef Py_UCS4 c
    if len(url) == 0:
        return False
    for c in url:
        if c >= 128 or not URL_CHARS[c]:
            return False
    return True


cdef object rewrite(list out, list links, object rewrite_url):
    """simple_markdown._rewrite: each link in ``out`` completed with its (rewritten) URL, and None;
    a Rewritten when one is not plain."""
    cdef list urls = []
    cdef object url, new, done
    cdef bint plain = True
    cdef tuple link
    cdef Py_ssize_t index, where
    cdef dict by_block
    cdef list chunks, news, joined
    for link in links:
        href = <str>link[1]
        url = decode(href) if "&" in href else href
        if url is None or not plain_url(<str>url):
            return REWRITTEN()
        urls.append(url)
    done = REWRITTEN()
    for url in urls:
        new = rewrite_url(url) if rewrite_url is not None else url
        done.append((url, new))
        plain = plain and plain_url(<str>new)
    if not plain:
        return done
    by_block = {}
    for index in range(len(links)):
        where = (<tuple>links[index])[0]
        news = by_block.get(where)
        if news is None:
            by_block[where] = news = []
        news.append((<tuple>done[index])[1])
    for where, news in by_block.items():
        chunks = (<str>out[where]).split(LINK_MARK)
        if len(chunks) != len(news) + 1:
            raise ValueError("links and their placeholders differ")  # zip(strict=True) in Python
        joined = [chunks[0]]
        for index in range(len(news)):
            joined.append("](")
            joined.append(news[index])
            joined.append(")")
            joined.append(chunks[index + 1])
        out[where] = "".join(joined)
    return None


cdef object parse(str html):
    """simple_markdown._parse: the blocks of ``html`` (name, lines), or None."""
    cdef Py_ssize_t n = len(html), pos = 0, j, k, m = 0, end, size
    cdef Py_UCS4 c
    cdef list blocks = [], line = [], lines = []
    cdef str container = "", closed = "", block = "", text, part, kind, name
    cdef object whole, tag, link
    cdef object el_name = None, el_text = None, el_href = None  # the inline element being read
    cdef list attributes
    cdef set names
    cdef unsigned int kd = PyUnicode_KIND(html)
    cdef void* data = PyUnicode_DATA(html)
    cdef Py_ssize_t lt, gt
    while True:
        # The next token of _BLOCK_SPLIT: a "<" and the first ">" after it with no "<" between.
        j = PyUnicode_FindChar(html, "<", pos, n, 1)
        end = -1
        while j >= 0:
            k = j + 1
            while k < n:
                c = PyUnicode_READ(kd, data, k)
                if c == 60 or c == 62:  # "<", ">"
                    break
                k += 1
            if k >= n:
                break  # no ">" after this "<": no token at all
            if c == 62:
                end = k + 1
                break
            j = k  # a "<" first: the token, if any, starts there
        if end < 0:
            break
        whole = None
        size = end - j - 2  # the name's length if the tag is <name>
        c = PyUnicode_READ(kd, data, j + 1)
        if (size == 1 and c == 112) or (  # <p>
            size == 2
            and (
                (c == 104 and 49 <= PyUnicode_READ(kd, data, j + 2) <= 54)  # <h1>-<h6>
                or (c == 108 and PyUnicode_READ(kd, data, j + 2) == 105)  # <li>
            )
        ):
            # A text-only block whole: the first "<" after it starts its closing tag, no ">" before.
            lt = PyUnicode_FindChar(html, "<", end, n, 1)
            if lt >= 0:
                gt = PyUnicode_FindChar(html, ">", end, lt, 1)
                m = lt
                if (
                    gt == -1
                    and m + size + 3 <= n
                    and PyUnicode_READ(kd, data, m + 1) == 47  # "/"
                    and PyUnicode_READ(kd, data, m + 2 + size) == 62
                    and PyUnicode_READ(kd, data, m + 2) == c
                    and (size == 1 or PyUnicode_READ(kd, data, m + 3) == PyUnicode_READ(kd, data, j + 2))
                ):
                    whole = html[j + 1 : j + 1 + size]
                    part = html[end:m]  # the block's text
        if pos < j:
            if not block:
                if not all_space(kd, data, pos, j):
                    return None  # only whitespace between blocks or items
                text = ""
            else:
                text = html[pos:j]
        else:
            text = ""
        if whole is not None:
            end = m + size + 3
        pos = end
        if text:
            if el_name is not None:
                if el_text is not None:
                    return None
                el_text = text
            else:
                line.append(text)
        if whole is not None:  # <p>text</p>, <li>text</li>...
            if el_name is not None or block:
                return None
            if whole == "li":
                if container != "ul" and container != "ol":
                    return None
            elif container:
                if container != "blockquote" or whole != "p":
                    return None
            else:
                closed = ""
            if not part:
                return None
            if container:
                lines.append([part])
            else:
                blocks.append((whole, [[part]]))
            continue
        part = html[j:end]
        tag = TAGS.get(part)
        if tag is None:
            link = LINK.fullmatch(part)
            if link is None or el_name is not None or not block:
                return None
            attributes = ATTRIBUTE.findall(link.group(1))
            names = {pair[0] for pair in attributes}
            if len(names) != len(attributes) or not names <= LINK_ATTRIBUTES or "href" not in names:
                return None
            el_name, el_text, el_href = "a", None, dict(attributes)["href"]
            continue
        kind, name = tag
        if kind == "close":
            if el_name is not None:
                if name != el_name or el_text is None:
                    return None
                line.append((el_name, el_text, el_href))
                el_name = el_text = el_href = None
                continue
            if name == block:
                if not line:
                    return None
                lines.append(line)
                line, block = [], ""
                if not container:
                    blocks.append((name, lines))
                    lines, closed = [], ""
                continue
            if name == container and not block and lines:
                if closed == name:
                    blocks.append(("separator", []))
                blocks.append((name, lines))
                lines, container, closed = [], "", name
                continue
            return None
        if el_name is not None:
            return None
        if kind == "br":
            if block != "p":
                return None
            line.append(None)
            continue
        if name in EMPHASIS:
            if not block:
                return None
            el_name, el_text, el_href = name, None, ""
            continue
        if block:
            return None
        if name == "li":
            if container != "ul" and container != "ol":
                return None
            block = "li"
            continue
        if name == "ul" or name == "ol" or name == "blockquote":
            if container:
                return None
            if closed != name:
                closed = ""
            container = name
            continue
        if container and (container != "blockquote" or name != "p"):
            return None
        if not container:
            closed = ""
        block = name
    # after the last tag: whitespace at most
    if block or container or el_name is not None or not blocks or (pos < n and not all_space(kd, data, pos, n)):
        return None
    return blocks


cdef object line_markdown(list line, str prefix, object escape, list out, list links):
    """simple_markdown._line."""
    cdef str text
    cdef object only
    cdef int flags
    if len(line) == 1:
        only = line[0]
        if isinstance(only, str):
            text = <str>only
            if letter_first(text) and text[len(text) - 1] != " ":
                flags = text_flags(text)
                if not (flags & (F_DOUBLE | F_NOT_INERT | F_AMP)):
                    return text
    return inline_markdown(line, prefix, escape, out, links)


cdef object inline_markdown(list line, str prefix, object escape, list out, list links):
    """simple_markdown._inline_markdown."""
    cdef list pieces = []
    cdef list texts = []
    cdef Py_ssize_t last = len(line) - 1, position
    cdef bint line_start = True
    cdef object node, following, decoded
    cdef str text, raw, name, href, escaped, before, after, delimiter, previous_text
    cdef int flags = 0
    for position in range(last + 1):
        node = line[position]
        if node is None:  # <br>
            if line_start or position == last or (<str>texts[len(texts) - 1]).endswith(" "):
                return None
            following = line[position + 1]
            if not isinstance(following, str) or (<str>following)[0] != "\n":
                return None
            pieces.append("\\\n" + prefix)
            texts.append("")
            line_start = True
            continue
        if isinstance(node, str):
            raw = <str>node
            if position and line[position - 1] is None:  # after <br>: its newline, then the next line
                raw = raw[1:]
                if not raw:
                    if position == last or not isinstance(line[position + 1], tuple):
                        return None
                    texts.append("")
                    pieces.append("")
                    continue
            decoded = decoded_text(raw, &flags)
            if decoded is None:
                return None
            text = <str>decoded
            if line_start and not letter_first(text):
                return None
            if position == last and text[len(text) - 1] == " ":
                return None
            line_start = False
            texts.append(text)
            pieces.append(text if inert(flags) else escape(text))
            continue
        name, raw, href = node
        decoded = decoded_text(raw, &flags)
        if decoded is None:
            return None
        text = <str>decoded
        if text[0] == " " or text[len(text) - 1] == " ":
            return None
        if (position and isinstance(line[position - 1], tuple)) or (
            position < last and isinstance(line[position + 1], tuple)
        ):
            return None
        if name == "a":
            escaped = text if inert(flags) else escape(text)
            pieces.append("[" + escaped.replace("]", "\\]") + LINK_MARK)
            texts.append("")
            links.append((len(out), href))
            line_start = False
            continue
        if not (alnum_at(text, 0) and alnum_at(text, len(text) - 1)):
            if position and isinstance(line[position - 1], str):
                previous_text = <str>texts[len(texts) - 1]
                before = previous_text[len(previous_text) - 1 :] if previous_text else ""
            else:
                before = "!" if position else " "
            following = line[position + 1] if position < last else ""
            after = (<str>following)[:1] if isinstance(following, str) else "!"
            if not DELIMITERS(text[0], text[len(text) - 1], before or " ", after or " "):
                return None
        delimiter = EMPHASIS[name]
        pieces.append(delimiter + (text if inert(flags) else escape(text)) + delimiter)
        texts.append("")
        line_start = False
    return "".join(pieces)


def simple_markdown(str html, object escape, object rewrite_url=None):
    """simple_markdown.simple_markdown, compiled: the Markdown of ``html``, a Rewritten, or None.

    Without ``_FOREIGN_TAG``'s search: a "<" that starts none of the grammar's tags is refused
    all the same, where the parse meets it (a token neither in ``_TAGS`` nor a ``_LINK``, or a
    "<" in a text: ``_text`` and the whitespace between blocks refuse it), and nothing is asked
    of ``rewrite_url`` before every block is written."""
    if "\xa0" in html or "&nbsp;" in html:
        return None
    return blocks_markdown(html, escape, rewrite_url)


def blocks_markdown(str html, object escape, object rewrite_url):
    """simple_markdown._blocks_markdown, compiled: the Markdown of ``html`` (already past
    simple_markdown's first refusals), a Rewritten, or None."""
    cdef object blocks = parse(html)
    if blocks is None:
        return None
    cdef list out = []
    cdef list links = []
    cdef list items, lines, paragraphs
    cdef bint quoted = False
    cdef str kind, markdown, previous
    cdef object text
    cdef Py_ssize_t number, index
    for kind, lines in <list>blocks:
        if kind == "ul" or kind == "ol":
            items = []
            number = 0
            for line in lines:
                number += 1
                text = line_markdown(<list>line, "", escape, out, links)
                if text is None:
                    return None
                items.append(("- " if kind == "ul" else f"{number}. ") + <str>text)
            out.append("\n".join(items))
        elif kind == "blockquote":
            quoted = True
            paragraphs = []
            for line in lines:
                text = line_markdown(<list>line, "> ", escape, out, links)
                if text is None:
                    return None
                paragraphs.append("> " + <str>text)
            out.append("\n>\n".join(paragraphs))
        elif kind == "separator":
            out.append("<!-- -->")
        else:
            text = line_markdown(<list>lines[0], "", escape, out, links)
            if text is None or (kind != "p" and "#" in <str>text):
                return None
            out.append(<str>OPEN_BLOCK[kind] + <str>text)
    if links:
        rewritten = rewrite(out, links, rewrite_url)
        if rewritten is not None:
            return rewritten
    if not quoted:
        return "\n\n".join(out) + "\n"
    markdown = out[0]
    for index in range(1, len(out)):
        previous = (<tuple>(<list>blocks)[index - 1])[0]
        kind = (<tuple>(<list>blocks)[index])[0]
        markdown += ("\n" if kind == "blockquote" and previous not in ("ul", "ol", "separator") else "\n\n") + out[index]
    return markdown + "\n"


# --- wpautop's usual path (importer/transforms/wpautop.py), compiled --------------------------------
#
# ``wpautop(text, br)`` for text the pure-Python module gives to _plain_wpautop or _simple_wpautop
# (no "[" or "\r", every "<" an inline tag or a bare list tag), None for the rest. The tags and
# paragraphs are found by scans (PyUnicode_FindChar for "<" and "\n") instead of _NOT_SIMPLE_TAG
# and _PARAGRAPH_SPLIT; a paragraph of lines whose newlines touch no other whitespace is written
# here, other multi-line paragraphs go to the module's own _line_breaks (init_autop hands it
# over). tests/test_mdcontent_autop.py checks this against the pure-Python wpautop and its full path.

cdef object LINE_BREAKS = None
DEF MAX_INLINE = 64
cdef unsigned long long INLINE_KEYS[MAX_INLINE]  # wpautop._INLINE_TAGS, each packed by name_key
cdef Py_ssize_t INLINE_COUNT = 0
DEF KEY_UL = 0x756C
DEF KEY_OL = 0x6F6C
DEF KEY_LI = 0x6C69


cdef inline unsigned long long name_key(unsigned int kind, void* data, Py_ssize_t start, Py_ssize_t end):
    """text[start:end] packed into an integer, a byte a character: 0 for a name longer than 7
    characters or not ASCII (none of the names looked for)."""
    cdef unsigned long long key = 0
    cdef Py_UCS4 c
    cdef Py_ssize_t i
    if end - start > 7:
        return 0
    for i in range(start, end):
        c = PyUnicode_READ(kind, data, i)
        if c == 0 or c >= 128:
            return 0
        key = (key << 8) | <unsigned long long>c
    return key


def init_autop(inline_tags, line_breaks):
    """wpautop's inline tag names and its ``_line_breaks`` (called once, at its import)."""
    global INLINE_COUNT, LINE_BREAKS
    cdef str name
    keys = []
    for name in inline_tags:
        keys.append(name_key(PyUnicode_KIND(name), PyUnicode_DATA(name), 0, len(name)))
    if len(keys) > MAX_INLINE or 0 in keys:
        raise ValueError("inline tag names: at most 64, ASCII, 7 characters each")
    for index, key in enumerate(keys):
        INLINE_KEYS[index] = key
    INLINE_COUNT = len(keys)
    LINE_BREAKS = line_breaks


cdef inline bint is_inline(unsigned long long key):
    cdef Py_ssize_t i
    if key == 0:
        return False
    for i in range(INLINE_COUNT):
        if INLINE_KEYS[i] == key:
            return True
    return False


cdef int simple_tags(str text, Py_ssize_t n, bint* lists) except -2:
    """1 when there is no "[" or "\\r" and every "<" starts an inline tag (``<name>``, ``</name>``,
    ``<name attrs>`` on one line, as ``_NOT_SIMPLE_TAG`` allows) or a bare list tag (``lists``
    set then); 0 otherwise."""
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i, j, k
    cdef Py_UCS4 c = 0
    cdef unsigned long long key
    if PyUnicode_FindChar(text, 0x5B, 0, n, 1) >= 0 or PyUnicode_FindChar(text, 0x0D, 0, n, 1) >= 0:
        return 0
    i = PyUnicode_FindChar(text, 0x3C, 0, n, 1)
    while i >= 0:
        j = i + 1
        if j < n and PyUnicode_READ(kind, data, j) == 0x2F:  # "/"
            j += 1
        k = j
        while k < n:
            c = PyUnicode_READ(kind, data, k)
            if c == 0x3E or Py_UNICODE_ISSPACE(c):
                break
            k += 1
        if k >= n or k == j:
            return 0
        key = name_key(kind, data, j, k)
        if c == 0x3E:
            if key == KEY_UL or key == KEY_OL or key == KEY_LI:
                lists[0] = True
            elif not is_inline(key):
                return 0
        else:
            if c == 0x0A or not is_inline(key):
                return 0
            k += 1
            while k < n:
                c = PyUnicode_READ(kind, data, k)
                if c == 0x3E or c == 0x3C or c == 0x0A:
                    break
                k += 1
            if k >= n or c != 0x3E:
                return 0
        i = PyUnicode_FindChar(text, 0x3C, k + 1, n, 1)
    return 1


cdef inline bint list_tag_at(unsigned int kind, void* data, Py_ssize_t i, Py_ssize_t end):
    """``</?(?:ul|ol|li)>`` at ``i`` (a "<"), within ``end``."""
    cdef Py_UCS4 a, b
    i += 1
    if i < end and PyUnicode_READ(kind, data, i) == 0x2F:
        i += 1
    if i + 3 > end or PyUnicode_READ(kind, data, i + 2) != 0x3E:
        return False
    a = PyUnicode_READ(kind, data, i)
    b = PyUnicode_READ(kind, data, i + 1)
    return (a == 0x75 and b == 0x6C) or (a == 0x6F and b == 0x6C) or (a == 0x6C and b == 0x69)  # ul ol li


cdef bint has_list_tag(str text, Py_ssize_t start, Py_ssize_t end) except -1:
    """``_LIST_TAG.search(text, start, end)`` found one."""
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i
    if start >= end:
        return False
    i = PyUnicode_FindChar(text, 0x3C, start, end, 1)
    while i >= 0:
        if list_tag_at(kind, data, i, end):
            return True
        i = PyUnicode_FindChar(text, 0x3C, i + 1, end, 1)
    return False


cdef inline bint ascii_at(unsigned int kind, void* data, Py_ssize_t i, Py_ssize_t end, bytes literal):
    """text[i:end] starts with the ASCII ``literal``."""
    cdef Py_ssize_t length = len(literal), index
    cdef const char* chars = literal
    if i + length > end:
        return False
    for index in range(length):
        if PyUnicode_READ(kind, data, i + index) != <Py_UCS4>chars[index]:
            return False
    return True


cdef int simple_list(list out, str text, Py_ssize_t start, Py_ssize_t end) except -2:
    """``wpautop._simple_list`` of text[start:end], appended to ``out``: 0, or -1 for None."""
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t first_end, last_start, line, line_end, a, b
    cdef Py_UCS4 c
    first_end = PyUnicode_FindChar(text, 0x0A, start, end, 1)
    last_start = PyUnicode_FindChar(text, 0x0A, start, end, -1) + 1
    if first_end < 0 or last_start <= first_end + 1:  # fewer than three lines
        return -1
    if first_end - start != 4 or not (ascii_at(kind, data, start, end, b"<ul>") or ascii_at(kind, data, start, end, b"<ol>")):
        return -1
    if end - last_start != 5 or not ascii_at(kind, data, last_start, end, b"</") \
            or PyUnicode_READ(kind, data, last_start + 2) != PyUnicode_READ(kind, data, start + 1) \
            or not ascii_at(kind, data, last_start + 3, end, b"l>"):
        return -1
    opening = "<ul>" if PyUnicode_READ(kind, data, start + 1) == 0x75 else "<ol>"
    out.append(opening)
    line = first_end + 1
    while line < last_start:
        line_end = PyUnicode_FindChar(text, 0x0A, line, last_start, 1)  # found: last_start - 1 at most
        a = line
        while a < line_end:
            c = PyUnicode_READ(kind, data, a)
            if c != 0x20 and c != 0x09:
                break
            a += 1
        b = line_end
        if not ascii_at(kind, data, a, b, b"<li>") or b - 5 < a or not ascii_at(kind, data, b - 5, b, b"</li>"):
            return -1
        if has_list_tag(text, a + 4, b - 5):
            return -1
        out.append("\n")
        out.append(text[a:b])
        line = line_end + 1
    out.append("\n</ul>\n" if opening == "<ul>" else "\n</ol>\n")
    return 0


cdef object lines_paragraph(str chunk, bint br):
    """``_line_breaks("<p>" + chunk + "</p>\\n", br)`` for a chunk holding a newline."""
    cdef unsigned int kind = PyUnicode_KIND(chunk)
    cdef void* data = PyUnicode_DATA(chunk)
    cdef Py_ssize_t n = len(chunk), i
    i = PyUnicode_FindChar(chunk, 0x0A, 0, n, 1)
    while i >= 0:
        # the newline's neighbours: not whitespace (a newline neither: no empty line)
        if i == 0 or i + 1 >= n or Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i - 1)) \
                or Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i + 1)):
            return LINE_BREAKS("<p>" + chunk + "</p>\n", br)
        i = PyUnicode_FindChar(chunk, 0x0A, i + 1, n, 1)
    if not br:
        return "<p>" + chunk + "</p>\n"
    return "<p>" + chunk.replace("\n", "<br />\n") + "</p>\n"


cdef int add_chunk(list out, str text, Py_ssize_t start, Py_ssize_t end, bint lists, bint br, bint post) except -2:
    """One chunk of (text + "\\n")[start:end] as _simple_wpautop writes it: 0, or -1 for None
    (``post``: also for a chunk that begins with "http" after its whitespace)."""
    cdef Py_ssize_t n = len(text)
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i
    if start >= end:
        return 0  # an empty chunk: skipped
    if end > n:
        end = n  # the appended "\n": stripped with the chunk's other newlines at either end
    while start < end and PyUnicode_READ(kind, data, start) == 0x0A:
        start += 1
    while end > start and PyUnicode_READ(kind, data, end - 1) == 0x0A:
        end -= 1
    i = start
    while i < end and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)):
        i += 1
    if i == end:
        return -1  # <p>\s*</p>: the full path's
    if post and ascii_at(kind, data, i, end, b"http"):
        return -1  # maybe a bare URL, which render_post's embed pass may change
    if lists and has_list_tag(text, start, end):
        return simple_list(out, text, start, end)
    if PyUnicode_FindChar(text, 0x0A, start, end, 1) >= 0:
        out.append(lines_paragraph(text[start:end], br))
    else:
        out.append("<p>")
        out.append(text[start:end])
        out.append("</p>\n")
    return 0


cdef bint fenced(str text, Py_ssize_t n, Py_UCS4 mark) except -1:
    """``mark * 3 in text``."""
    cdef unsigned int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i = PyUnicode_FindChar(text, mark, 0, n, 1)
    while i >= 0 and i + 2 < n:
        if PyUnicode_READ(kind, data, i + 1) == mark and PyUnicode_READ(kind, data, i + 2) == mark:
            return True
        i = PyUnicode_FindChar(text, mark, i + 1, n, 1)
    return False


def simple_wpautop(str text, bint br=True, bint post=False):
    """``wpautop(text, br)`` when the pure-Python module takes its plain or simple path (see above);
    None for text it gives to the full path. ``post``: None also for text holding a code fence
    (``\`\`\``` or ``~~~``) or a paragraph that begins with "http" (``wpautop.usual_wpautop``)."""
    cdef Py_ssize_t n = len(text), i, p, q, last, chunk_start
    cdef unsigned int kind
    cdef void* data
    cdef bint lists = False
    cdef Py_UCS4 c
    if LINE_BREAKS is None or not simple_tags(text, n, &lists):
        return None
    if post and (fenced(text, n, 0x60) or fenced(text, n, 0x7E)):  # ``` ~~~
        return None
    kind = PyUnicode_KIND(text)
    data = PyUnicode_DATA(text)
    i = 0
    while i < n and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)):
        i += 1
    if i == n:
        return ""  # wpautop's "not text.strip()"
    # The chunks of _PARAGRAPH_SPLIT.split(text + "\n"): a separator runs from the first to the
    # last newline of a whitespace run holding two or more (joining runs of blank lines first,
    # as _blank_lines_joined does, changes no chunk). p: a run's first newline.
    out = []
    chunk_start = 0
    p = PyUnicode_FindChar(text, 0x0A, 0, n, 1)
    while p >= 0:
        last = p
        q = p + 1
        while q <= n:
            c = PyUnicode_READ(kind, data, q) if q < n else 0x0A  # the "\n" wpautop appends
            if c == 0x0A:
                last = q
            elif not Py_UNICODE_ISSPACE(c):
                break
            q += 1
        if last != p:
            if add_chunk(out, text, chunk_start, p, lists, br, post) < 0:
                return None
            chunk_start = last + 1
        if q > n:
            break
        p = PyUnicode_FindChar(text, 0x0A, q, n, 1)
    if add_chunk(out, text, chunk_start, n + 1, lists, br, post) < 0:
        return None
    return "".join(out)
