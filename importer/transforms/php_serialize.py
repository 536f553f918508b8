"""Decode PHP ``serialize()`` strings (WordPress meta values) into JSON-able values.

WordPress stores arrays and objects in post, term and comment meta as PHP-serialized strings
(``a:2:{s:3:"foo";s:3:"bar";i:0;b:1;}``). :func:`unserialize` turns them into plain values:

* ``N;`` -> None, ``b:`` -> bool, ``i:`` -> int, ``d:`` -> float (INF/NAN stay strings, JSON has none),
  ``s:`` -> str (lengths are UTF-8 byte counts, as PHP writes them);
* an array whose keys are 0..n-1 in order -> list, any other array -> dict with string keys;
* an object ``O:`` -> dict with its properties plus ``"__class__"``; private and protected
  property names lose PHP's NUL-delimited prefix; ``C:`` (custom serialization) -> dict with
  ``"__class__"`` and the opaque ``"__data__"``; an enum ``E:`` -> its ``"Class:Case"`` string.

References (``r:``/``R:``) cannot be represented without aliasing and are refused, as is
anything malformed (wrong length, trailing bytes, nesting deeper than :data:`MAX_DEPTH`):
:class:`PHPSerializeError`. The caller keeps such values raw. Nothing is ever executed or
instantiated: this is a data decoder, not PHP's ``unserialize``.
"""

from __future__ import annotations

import re

from ..model import JSONValue

MAX_DEPTH = 256

# WordPress's is_serialized() (strict mode): the whole trimmed string must look serialized.
_LOOKS_SERIALIZED = re.compile(
    r"""\A(?:N;|b:[01];|i:-?\d+;|d:[^;]+;|s:\d+:".*";|[aOC]:\d+:.*[;}]|E:\d+:".*";)\Z""",
    re.DOTALL,
)
_INT = re.compile(rb"-?\d+")


class PHPSerializeError(ValueError):
    """The string is not a PHP-serialized value this decoder can represent."""


def looks_serialized(text: str) -> bool:
    """True when ``text`` has the shape of a PHP-serialized value (as WordPress decides)."""
    text = text.strip()
    return len(text) >= 2 and text[1] in ":;" and _LOOKS_SERIALIZED.match(text) is not None


def unserialize(text: str) -> JSONValue:
    """Decode a PHP-serialized string. Raises :class:`PHPSerializeError` when it cannot."""
    data = text.strip().encode("utf-8")
    try:
        return _token_value(data)
    except (ValueError, IndexError):
        pass
    try:
        value, end = _fast_value(data, 0, 0)
        if end == len(data):
            return value
    except (ValueError, IndexError):
        pass
    # anything the fast path does not take (objects with custom serialization, enums, negative
    # counts, errors) is decoded again by the general decoder, which also words the errors
    return _unserialize_general(data)


def _unserialize_general(data: bytes) -> JSONValue:
    """:func:`unserialize` by the general decoder (``data``: the stripped text, UTF-8)."""
    decoder = _Decoder(data)
    value = decoder.value(0)
    if decoder.pos != len(data):
        raise PHPSerializeError(f"unexpected data after the value at byte {decoder.pos}")
    return value


# The usual values (arrays of strings, integers, booleans and nulls) as one run of tokens; any other
# byte is a token of its own (the last group), which sends the value to the recursive fast path.
_TOKEN = re.compile(rb's:(\d+):"([^"]*)";|i:(-?\d+);|a:(\d+):\{|(\})|b:([01]);|(N);|(.)', re.DOTALL)


def _token_value(data: bytes) -> JSONValue:
    """:func:`_fast_value`'s value of the whole of ``data`` when it is made of the usual tokens,
    read from one ``findall``; ValueError where that is not so (or where the decoders would not
    decide the same way). A string's text is the shortest run to a ``";``, taken only when it has
    the length the value says: the length the decoders read."""
    stack: list[tuple[list[JSONValue], int]] = []
    items: list[JSONValue] | None = None  # the open array's keys and values, in turn
    count = 0  # its number of pairs
    done = False  # the outermost value is read: nothing may follow
    value: JSONValue = None
    for size, text, integer, opened, closed, flag, _null, other in _TOKEN.findall(data):
        if done or other:
            raise ValueError
        if size:
            if len(text) != int(size):
                raise ValueError
            value = text.decode("utf-8")
        elif integer:
            value = int(integer)
        elif opened:
            if len(stack) >= MAX_DEPTH:
                raise ValueError
            stack.append((items, count))  # type: ignore[arg-type]
            items, count = [], int(opened)
            continue
        elif closed:
            if items is None or len(items) != 2 * count:
                raise ValueError
            value = _array(items)
            items, count = stack.pop()
        elif flag:
            value = flag == b"1"
        else:  # null
            value = None
        if items is None:
            done = True
        else:
            if len(items) % 2 == 0 and value.__class__ is not int and value.__class__ is not str:
                raise ValueError  # a key is an integer or a string
            items.append(value)
    if not done:
        raise ValueError
    return value


def _array(items: list[JSONValue]) -> JSONValue:
    """An array's keys and values (in turn) as :func:`_fast_value` returns the array."""
    keys, values = items[0::2], items[1::2]
    if keys == list(range(len(keys))):
        return values
    return {str(key): value for key, value in zip(keys, values, strict=True)}


def _fast_value(data: bytes, pos: int, depth: int) -> tuple[JSONValue, int]:
    """The value at ``pos`` and where it ends: :class:`_Decoder`'s result for the common shapes,
    in one function (a tenth of its calls). Raises ValueError or IndexError where it would not
    decide the same way as :class:`_Decoder`; :func:`unserialize` then asks that one.

    The kind is told by the byte values (no slice a value), a string read where it stands."""
    kind = data[pos]
    if data[pos + 1] != 0x3A:  # ':'
        if kind == 0x4E and data[pos + 1] == 0x3B:  # 'N;'
            return None, pos + 2
        raise ValueError
    if kind == 0x73:  # 's': <len>:"<bytes>";
        colon = data.index(b":", pos + 2)
        digits = data[pos + 2 : colon]
        if not digits.isdigit() or data[colon + 1] != 0x22:  # '"'
            raise ValueError
        start = colon + 2
        end = start + int(digits)
        if data[end] != 0x22 or data[end + 1] != 0x3B:  # '"', ';'
            raise ValueError
        return data[start:end].decode("utf-8"), end + 2
    if kind == 0x69:  # 'i'
        semicolon = data.index(b";", pos + 2)
        digits = data[pos + 2 : semicolon]
        if not (digits.isdigit() or (digits[:1] == b"-" and digits[1:].isdigit())):
            raise ValueError
        return int(digits), semicolon + 1
    if kind == 0x62:  # 'b'
        if data[pos + 3] != 0x3B or data[pos + 2] not in (0x30, 0x31):  # ';', '0' or '1'
            raise ValueError
        return data[pos + 2] == 0x31, pos + 4
    if kind == 0x64:  # 'd'
        semicolon = data.index(b";", pos + 2)
        return _double(data[pos + 2 : semicolon]), semicolon + 1
    if depth >= MAX_DEPTH:
        raise ValueError
    cls = None
    if kind == 0x4F:  # 'O'
        cls, pos = _fast_sized_string(data, pos + 2)
        if data[pos] != 0x3A:  # ':'
            raise ValueError
        pos -= 1  # the count follows, as after 'a'
    elif kind != 0x61:  # 'a'
        raise ValueError
    colon = data.index(b":", pos + 2)
    digits = data[pos + 2 : colon]
    if not digits.isdigit() or data[colon + 1] != 0x7B:  # '{'
        raise ValueError
    pos = colon + 2
    keys: list[JSONValue] = []
    values: list[JSONValue] = []
    for _ in range(int(digits)):
        key, pos = _fast_value(data, pos, depth + 1)
        if key.__class__ is not int and key.__class__ is not str:
            raise ValueError
        value, pos = _fast_value(data, pos, depth + 1)
        keys.append(key)
        values.append(value)
    if data[pos] != 0x7D:  # '}'
        raise ValueError
    if cls is None:
        if keys == list(range(len(keys))):
            return values, pos + 1
        return {str(key): value for key, value in zip(keys, values, strict=True)}, pos + 1
    result: dict[str, JSONValue] = {"__class__": cls}
    for key, value in zip(keys, values, strict=True):
        result[str(key).rsplit("\0", 1)[-1]] = value
    return result, pos + 1


def _fast_sized_string(data: bytes, pos: int) -> tuple[str, int]:
    """``<len>:"<bytes>"`` at ``pos``: the text and where the closing quote ends."""
    colon = data.index(b":", pos)
    digits = data[pos:colon]
    if not digits.isdigit() or data[colon + 1] != 0x22:  # '"'
        raise ValueError
    start = colon + 2
    end = start + int(digits)
    if data[end] != 0x22:
        raise ValueError
    return data[start:end].decode("utf-8"), end + 1


def _double(raw: bytes) -> JSONValue:
    """A ``d:`` value: a float, or PHP's INF, -INF and NAN as text. ValueError when it is neither
    (the fast path falls back; the decoder words the error)."""
    text = raw.decode("ascii", errors="replace")
    if text in ("INF", "-INF", "NAN"):
        return text
    return float(text)


class _Decoder:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def fail(self, what: str) -> PHPSerializeError:
        return PHPSerializeError(f"{what} at byte {self.pos}")

    def expect(self, literal: bytes) -> None:
        if not self.data.startswith(literal, self.pos):
            raise self.fail(f"expected {literal.decode()!r}")
        self.pos += len(literal)

    def until(self, stop: bytes) -> bytes:
        end = self.data.find(stop, self.pos)
        if end < 0:
            raise self.fail(f"missing {stop.decode()!r}")
        chunk = self.data[self.pos : end]
        self.pos = end + len(stop)
        return chunk

    def integer(self, stop: bytes) -> int:
        digits = self.until(stop)
        if not _INT.fullmatch(digits):
            raise self.fail(f"bad integer {digits[:20]!r}")
        return int(digits)

    def sized_string(self) -> str:
        """``<len>:"<bytes>"`` (the caller consumes what follows the closing quote)."""
        length = self.integer(b":")
        self.expect(b'"')
        end = self.pos + length
        if length < 0 or end > len(self.data):
            raise self.fail("string length beyond the end")
        raw = self.data[self.pos : end]
        self.pos = end
        self.expect(b'"')
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail("string length does not match its UTF-8 bytes") from None

    def value(self, depth: int) -> JSONValue:
        if depth > MAX_DEPTH:
            raise self.fail("nesting too deep")
        if self.pos + 2 > len(self.data):
            raise self.fail("unexpected end")
        kind = self.data[self.pos : self.pos + 2]
        if kind == b"N;":
            self.pos += 2
            return None
        self.pos += 2
        if kind == b"b:":
            flag = self.until(b";")
            if flag not in (b"0", b"1"):
                raise self.fail("bad boolean")
            return flag == b"1"
        if kind == b"i:":
            return self.integer(b";")
        if kind == b"d:":
            return self.double(self.until(b";"))
        if kind == b"s:":
            text = self.sized_string()
            self.expect(b";")
            return text
        if kind == b"a:":
            return self.array(depth)
        if kind == b"O:":
            return self.object(depth)
        if kind == b"C:":
            cls = self.sized_string()
            self.expect(b":")
            length = self.integer(b":")
            self.expect(b"{")
            payload = self.data[self.pos : self.pos + length]
            self.pos += length
            self.expect(b"}")
            return {"__class__": cls, "__data__": payload.decode("utf-8", errors="replace")}
        if kind == b"E:":
            text = self.sized_string()
            self.expect(b";")
            return text
        self.pos -= 2
        raise self.fail(f"unsupported type {kind[:1].decode('ascii', 'replace')!r}")

    def double(self, raw: bytes) -> JSONValue:
        try:
            return _double(raw)
        except ValueError:
            raise self.fail(f"bad float {raw.decode('ascii', errors='replace')[:20]!r}") from None

    def members(self, depth: int) -> list[tuple[int | str, JSONValue]]:
        count = self.integer(b":")
        self.expect(b"{")
        pairs: list[tuple[int | str, JSONValue]] = []
        for _ in range(count):
            key = self.value(depth + 1)
            if not isinstance(key, int | str) or isinstance(key, bool):
                raise self.fail("array key is neither integer nor string")
            pairs.append((key, self.value(depth + 1)))
        self.expect(b"}")
        return pairs

    def array(self, depth: int) -> JSONValue:
        pairs = self.members(depth)
        if all(key == index for index, (key, _) in enumerate(pairs)):
            return [value for _, value in pairs]
        return {str(key): value for key, value in pairs}

    def object(self, depth: int) -> JSONValue:
        cls = self.sized_string()
        self.expect(b":")
        result: dict[str, JSONValue] = {"__class__": cls}
        for key, value in self.members(depth):
            # private "\0Class\0name" and protected "\0*\0name" properties: keep the name
            result[str(key).rsplit("\0", 1)[-1]] = value
        return result


def serialize(value: JSONValue) -> str:
    """PHP ``serialize()`` of a decoded value: the inverse of :func:`unserialize` for the shapes it
    returns (a dict with ``"__class__"`` becomes an object, with ``"__data__"`` too a ``C:`` value)."""
    if value is None:
        return "N;"
    if isinstance(value, bool):
        return f"b:{int(value)};"
    if isinstance(value, int):
        return f"i:{value};"
    if isinstance(value, float):
        return f"d:{_php_float(value)};"
    if isinstance(value, str):
        return f's:{len(value.encode("utf-8", "surrogatepass"))}:"{value}";'
    if isinstance(value, list):
        return f"a:{len(value)}:{{{''.join(f'i:{i};{serialize(item)}' for i, item in enumerate(value))}}}"
    cls = value.get("__class__")
    if isinstance(cls, str) and set(value) == {"__class__", "__data__"} and isinstance(value["__data__"], str):
        data = value["__data__"]
        return f'C:{_byte_len(cls)}:"{cls}":{_byte_len(data)}:{{{data}}}'
    members = {k: v for k, v in value.items() if k != "__class__"} if isinstance(cls, str) else value
    body = "".join(_key(key) + serialize(item) for key, item in members.items())
    if isinstance(cls, str):
        return f'O:{_byte_len(cls)}:"{cls}":{len(members)}:{{{body}}}'
    return f"a:{len(members)}:{{{body}}}"


_CANONICAL_INT = re.compile(r"-?(?:0|[1-9]\d{0,18})\Z")


def _key(key: str) -> str:
    """PHP turns an array key like "7" into the integer 7; serialize() writes it so."""
    if _CANONICAL_INT.match(key) and -(2**63) <= int(key) < 2**63:
        return f"i:{key};"
    return serialize(key)


def _byte_len(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _php_float(value: float) -> str:
    if value != value:
        return "NAN"
    if value in (float("inf"), float("-inf")):
        return "INF" if value > 0 else "-INF"
    return repr(value)
