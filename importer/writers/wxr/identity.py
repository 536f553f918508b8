"""What WordPress needs to tell records apart: ids for posts and comments that came without one
(recovered from pages), and user logins WordPress accepts.

Ids are stable: derived from what identifies the record (its URL, title and date), so the same
source gives the same ids run after run, and a second import of the file finds the posts it
already holds. They live in a range of their own, far above the ids of a real blog; an id
already taken in this export moves to the next free one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..scratch import IntSet, Scratch

ASSIGNED_BASE = 10_000_000
ASSIGNED_SPAN = 10_000_000
_MAX_LOGIN = 60  # wp_users.user_login is varchar(60)


def _hash(key: str) -> int:
    return int.from_bytes(hashlib.sha1(key.encode("utf-8", "surrogatepass")).digest()[:8], "big")


class Ids:
    """The ids of one kind (posts, or comments) used so far in the export (on disk, in ``scratch``)."""

    def __init__(self, scratch: Scratch) -> None:
        self.used = IntSet(scratch)

    def keep(self, given: int) -> int:
        self.used.add(given)
        return given

    def assign(self, key: str) -> int:
        """A stable id for a record identified by ``key``, not used before in this export."""
        return self.assign_run(key, 1)[0]

    def assign_run(self, key: str, count: int) -> list[int]:
        """``count`` consecutive stable ids, none used before: ids that keep an order (WordPress's
        importer inserts an item's comments by id, so a reply must come after its comment)."""
        start = ASSIGNED_BASE + _hash(key) % ASSIGNED_SPAN
        while any(start + i in self.used for i in range(count)):
            start += 1
        run = list(range(start, start + count))
        self.used.update(run)
        return run


_TAGS = re.compile(r"<[^>]*>")
_OCTETS_AND_ENTITIES = re.compile(r"%[0-9A-Fa-f]{2}|&[^;\s]+;")
_NOT_LOGIN = re.compile(r"[^A-Za-z0-9 _.\-@]")
_SPACES = re.compile(r"\s+")


def sanitized_login(name: str) -> str:
    """What WordPress's ``sanitize_user(name, strict=true)`` leaves of a login: ASCII letters,
    digits, space and ``_ . - @`` (accents folded, tags, octets and entities removed)."""
    text = _OCTETS_AND_ENTITIES.sub("", _TAGS.sub("", name))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SPACES.sub(" ", _NOT_LOGIN.sub("", text)).strip()[:_MAX_LOGIN].strip()


def wp_login(name: str) -> str:
    """``name`` as the login to write. The importer sanitizes logins itself (on the author and on
    each post's creator alike), so a login is kept as it is unless nothing of it would be left
    (a byline in Chinese script): then ``author-`` and a hash of the name, the same on every post."""
    return name if sanitized_login(name) else f"author-{_hash(name) % 16**8:08x}"
