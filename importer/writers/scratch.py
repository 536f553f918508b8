"""Maps and sets a writer keeps per record, on disk: memory stays flat whatever the export's size.

A writer that must remember something of every post (the Markdown writer: each old address and
its new one, the slugs taken, the files written; the SQL and WXR writers: the ids used) keeps it
here instead of in dicts and sets that grow with the export. The store is a private temporary
SQLite database (removed when closed, even after a crash), with a small page cache: what does
not fit goes to the file. Every table is written and read by this process only, in one
transaction that is never committed.

The text maps and sets start in memory, as a dict and a set (a statement per key costs several
times a dict's work), until what they hold together reaches the store's memory budget
(:data:`MEMORY_KIB`, counted from the texts' lengths and a fixed cost an entry); then all of them
move to the database, and stay there. So memory is bounded by the budget at any size.

Text is stored as UTF-8 bytes (``surrogatepass``: any Python string goes in and comes back), so
the key order SQLite gives (``ORDER BY`` on the bytes) is the order ``sorted()`` gives the strings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Iterator
from types import TracebackType
from typing import Protocol

CACHE_KIB = 4096  # SQLite's page cache for the store
MEMORY_KIB = 32768  # the text maps' and sets' budget in memory (about 24 MiB of Python objects)
_ENTRY = 160  # bytes an entry costs beyond its texts' characters (two str objects, a hash slot)


class InMemory(Protocol):
    """A structure that starts in memory and moves to the database with the others (see :meth:`Scratch.keeps`)."""

    def to_disk(self) -> None: ...


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def decode(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


class Scratch:
    """One temporary database holding any number of :class:`TextMap` and :class:`TextSet`."""

    def __init__(self, memory_kib: int = MEMORY_KIB) -> None:
        self.db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = -{CACHE_KIB}", "temp_store = FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute("BEGIN")  # one transaction, never committed: nothing is written twice
        self._tables = 0
        self._room = memory_kib * 1024  # bytes the in-memory maps and sets may still take
        self._in_memory: list[InMemory] | None = []  # None: they are all on disk

    def keeps(self, structure: InMemory) -> bool:
        """Whether a new map or set starts in memory (registered then: it moves with the others)."""
        if self._in_memory is None:
            return False
        self._in_memory.append(structure)
        return True

    def room_for(self, size: int) -> bool:
        """Take ``size`` characters (and an entry's cost) of the budget: False when it is spent, and
        every map and set has moved to the database (the entry goes there too)."""
        self._room -= size + _ENTRY
        if self._room >= 0:
            return True
        structures, self._in_memory = self._in_memory or [], None
        for structure in structures:
            structure.to_disk()
        return False

    def room_for_all(self, size: int, entries: int) -> bool:
        """:meth:`room_for` of ``entries`` entries of ``size`` characters in all, taken at once when
        they all fit (as each in turn would be); False, nothing taken, when they do not."""
        need = size + entries * _ENTRY
        if self._room < need:
            return False
        self._room -= need
        return True

    def __enter__(self) -> Scratch:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def table(self, columns: str) -> str:
        """Create a table with ``columns`` (SQL) under a new name; return the name."""
        self._tables += 1
        name = f"t{self._tables}"
        self.db.execute(f"CREATE TABLE {name} ({columns}) WITHOUT ROWID")
        return name

    def close(self) -> None:
        self.db.close()
        self._in_memory = None  # the maps and sets refer to the store: no cycle kept once it is closed


class TextMap:
    """A ``dict[str, str]`` (in memory, then on disk: see the module); :meth:`items` in key order."""

    def __init__(self, scratch: Scratch) -> None:
        self.db = scratch.db
        self._scratch = scratch
        table = scratch.table("k BLOB PRIMARY KEY, v BLOB NOT NULL")
        self._set = f"INSERT OR REPLACE INTO {table} VALUES (?, ?)"
        self._setdefault = f"INSERT OR IGNORE INTO {table} VALUES (?, ?)"
        self._get = f"SELECT v FROM {table} WHERE k = ?"
        self._items = f"SELECT k, v FROM {table} ORDER BY k"
        self._len = f"SELECT count(*) FROM {table}"
        self._memory: dict[str, str] | None = {} if scratch.keeps(self) else None

    def to_disk(self) -> None:
        """Move the pairs held in memory to the database (the map stays there from now on)."""
        memory, self._memory = self._memory, None
        if memory:
            self.db.executemany(self._set, ((encode(key), encode(value)) for key, value in memory.items()))

    def __setitem__(self, key: str, value: str) -> None:
        memory = self._memory
        if memory is not None and self._scratch.room_for(len(key) + len(value)):
            memory[key] = value
        else:
            self.db.execute(self._set, (encode(key), encode(value)))

    def setdefault(self, key: str, value: str) -> None:
        """Set ``key`` unless it has a value already."""
        memory = self._memory
        if memory is not None:
            if key in memory:
                return
            if self._scratch.room_for(len(key) + len(value)):
                memory[key] = value
                return
        self.db.execute(self._setdefault, (encode(key), encode(value)))

    def set_many(self, keys: Collection[str], value: str) -> None:
        """``self[key] = value`` for each of ``keys``, in order."""
        memory = self._memory
        if memory is not None:
            if self._scratch.room_for_all(sum(map(len, keys)) + len(keys) * len(value), len(keys)):
                for key in keys:  # (a few keys: no dict made for them)
                    memory[key] = value
                return
            for key in keys:
                self[key] = value
            return
        data = encode(value)
        self.db.executemany(self._set, [(encode(key), data) for key in keys])

    def setdefault_many(self, keys: Collection[str], value: str) -> None:
        """``self.setdefault(key, value)`` for each of ``keys``, in order."""
        memory = self._memory
        if memory is not None:
            new = [key for key in dict.fromkeys(keys) if key not in memory]  # each one that takes room
            if self._scratch.room_for_all(sum(map(len, new)) + len(new) * len(value), len(new)):
                for key in new:
                    memory[key] = value
                return
            for key in keys:
                self.setdefault(key, value)
            return
        data = encode(value)
        self.db.executemany(self._setdefault, [(encode(key), data) for key in keys])

    def get(self, key: str) -> str | None:
        if self._memory is not None:
            return self._memory.get(key)
        row = self.db.execute(self._get, (encode(key),)).fetchone()
        return None if row is None else decode(row[0])

    def __len__(self) -> int:
        if self._memory is not None:
            return len(self._memory)
        count: int = self.db.execute(self._len).fetchone()[0]
        return count

    def __bool__(self) -> bool:
        return len(self) > 0

    def items(self) -> Iterator[tuple[str, str]]:
        """Every pair, in the order ``sorted()`` gives the keys (read as they are used)."""
        if self._memory is not None:
            return iter(sorted(self._memory.items()))  # (not a generator's step a pair)
        return ((decode(key), decode(value)) for key, value in self.db.execute(self._items))


class TextSet:
    """A ``set[tuple[str, str]]`` (a group, and a name in it; in memory, then on disk: see the
    module): added, and asked about."""

    def __init__(self, scratch: Scratch) -> None:
        self.db = scratch.db
        self._scratch = scratch
        table = scratch.table("g BLOB, k BLOB, PRIMARY KEY (g, k)")
        self._add = f"INSERT OR IGNORE INTO {table} VALUES (?, ?)"
        self._memory: set[tuple[str, str]] | None = set() if scratch.keeps(self) else None

    def to_disk(self) -> None:
        """Move the names held in memory to the database (the set stays there from now on)."""
        memory, self._memory = self._memory, None
        if memory:
            self.db.executemany(self._add, ((encode(group), encode(key)) for group, key in memory))

    def add(self, group: str, key: str) -> bool:
        """Add ``key`` to ``group``: True when it was not there yet."""
        memory = self._memory
        if memory is not None:
            if (group, key) in memory:
                return False
            if self._scratch.room_for(len(group) + len(key)):
                memory.add((group, key))
                return True
        return self.db.execute(self._add, (encode(group), encode(key))).rowcount == 1


class IntSet:
    """A ``set[int]`` on disk (record ids: a big export holds hundreds of thousands of comments).

    Ids from 0 to :data:`BITMAP_IDS` (WordPress's auto-increment ids, nearly always) are bits of
    a bytearray grown as the largest id needs (4 MiB at the most), 15x faster than a statement
    each; others go to the scratch database, and a number SQLite cannot hold (beyond 64 bits) is
    kept in memory."""

    def __init__(self, scratch: Scratch) -> None:
        self.db = scratch.db
        table = scratch.table("n INTEGER PRIMARY KEY")
        self._add = f"INSERT OR IGNORE INTO {table} VALUES (?)"
        self._has = f"SELECT 1 FROM {table} WHERE n = ?"
        self._huge: set[int] = set()
        self._bits = bytearray()
        self._beyond_bits = False  # a number was kept outside the bits

    def add(self, number: int) -> bool:
        """Add ``number``: True when it was not there yet."""
        if 0 <= number < BITMAP_IDS:
            index = number >> 3
            bits = self._bits
            if index >= len(bits):  # grown by doubling, to the size all of BITMAP_IDS take at most
                size = min(max(index + 1, 2 * len(bits), 4096), BITMAP_IDS >> 3)
                bits.extend(bytes(size - len(bits)))
            mask = 1 << (number & 7)
            byte = bits[index]
            if byte & mask:
                return False
            bits[index] = byte | mask
            return True
        self._beyond_bits = True
        if not _INT64_MIN <= number <= _INT64_MAX:
            new = number not in self._huge
            self._huge.add(number)
            return new
        return self.db.execute(self._add, (number,)).rowcount == 1

    def update(self, numbers: Iterable[int]) -> None:
        for number in numbers:
            self.add(number)

    def __contains__(self, number: object) -> bool:
        if not isinstance(number, int):
            return False
        if 0 <= number < BITMAP_IDS:
            index = number >> 3
            return index < len(self._bits) and bool(self._bits[index] & (1 << (number & 7)))
        if not _INT64_MIN <= number <= _INT64_MAX:
            return number in self._huge
        return self.db.execute(self._has, (number,)).fetchone() is not None

    def isdisjoint(self, numbers: Iterable[int]) -> bool:
        return not any(number in self for number in numbers)

    def bits(self) -> bytes | None:
        """The set as bits (bit ``n % 8`` of byte ``n // 8`` for ``n``), or None when a number
        outside 0 to :data:`BITMAP_IDS` is in it."""
        return None if self._beyond_bits else bytes(self._bits)


BITMAP_IDS = 1 << 25  # ids below this are bits in memory: 4 MiB for all of them
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1
