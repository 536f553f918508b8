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


# What sanitize_user removes: <[^>]*> (tags), then %XX octets and &[^;\s]+; entities in one pass.
# Written as scans, linear on a name of thousands of "<" or "&" (the regexes rescanned the rest of
# the name from each one); same results.
_OCTET_OR_AMPERSAND = re.compile(r"%[0-9A-Fa-f]{2}|&")
_ENTITY_END = re.compile(r"[;\s]")
_NOT_LOGIN = re.compile(r"[^A-Za-z0-9 _.\-@]")
_SPACES = re.compile(r"\s+")


def _without_tags(text: str) -> str:
    """``re.sub(r"<[^>]*>", "", text)``: each ``<`` up to the next ``>`` removed."""
    out, position = [], 0
    while (start := text.find("<", position)) >= 0 and (end := text.find(">", start)) >= 0:
        out.append(text[position:start])
        position = end + 1
    return "".join(out) + text[position:] if out else text


def _without_octets_and_entities(text: str) -> str:
    """``re.sub(r"%[0-9A-Fa-f]{2}|&[^;\\s]+;", "", text)``. An ``&`` starts an entity when the run
    after it ends at a ``;`` at least one character later; every ``&`` of a run shares its end."""
    out, position, search_from = [], 0, 0
    end, end_char = -1, ""  # where the run after the last "&" ends, and the character there
    while (found := _OCTET_OR_AMPERSAND.search(text, search_from)) is not None:
        search_from = found.end()
        if found.group() == "&":
            if end < found.end():
                run_end = _ENTITY_END.search(text, found.end())
                end, end_char = (run_end.start(), run_end.group()) if run_end else (len(text), "")
            if end_char != ";" or end == found.end():
                continue
            search_from = end + 1
        out.append(text[position : found.start()])
        position = search_from
    return "".join(out) + text[position:] if out else text


def sanitized_login(name: str) -> str:
    """What WordPress's ``sanitize_user(name, strict=true)`` leaves of a login: ASCII letters,
    digits, space and ``_ . - @`` (accents folded, tags, octets and entities removed)."""
    text = _without_octets_and_entities(_without_tags(name))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _SPACES.sub(" ", _NOT_LOGIN.sub("", text)).strip()[:_MAX_LOGIN].strip()


def wp_login(name: str) -> str:
    """``name`` as the login to write. The importer sanitizes logins itself (on the author and on
    each post's creator alike), so a login is kept as it is unless nothing of it would be left
    (a byline in Chinese script): then ``author-`` and a hash of the name, the same on every post."""
    return name if sanitized_login(name) else f"author-{_hash(name) % 16**8:08x}"
