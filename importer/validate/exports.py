"""Checks on blogimport's own output (``validate --export``): JSON, JSON Lines, SQLite and
Markdown directories. Each kind is read back into a small index of posts, comments and links;
the checks shared by every kind (permalinks, links, reconciliation with the source) run on it."""

from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

from .. import api
from ..errors import InputError
from ..model import Comment, Post, Site
from ..readers import ReadOptions
from ..transforms.json_stream import JsonSyntaxError, members
from .findings import TOO_DEEP, Finding, finding
from .markdown_export import read_markdown_export
from .source_checks import LinkIndex
from .sources import SourceResult

MAX_PER_CODE = 20  # findings of one code per export shown one by one; the rest are summed up
NOT_AN_EXPORT = "not a blogimport export"
SCHEMA_PREFIX = "blogimport/"
MAX_FIRST_LINE = 1 << 20  # characters: a JSON Lines file's first line (its site) is shorter
SQLITE_MAGIC = b"SQLite format 3\x00"
SQLITE_TABLES = ("site", "posts", "comments")


@dataclass(slots=True)
class CappedFindings:
    """Findings as they are found, at most MAX_PER_CODE of each code kept and the rest counted:
    an export with millions of problems needs no more memory than one with a few."""

    kept: list[Finding] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def append(self, f: Finding) -> None:
        self.counts[f.code] += 1
        if self.counts[f.code] <= MAX_PER_CODE:
            self.kept.append(f)

    def extend(self, findings: Iterable[Finding]) -> None:
        for f in findings:
            self.append(f)

    def shown(self) -> list[Finding]:
        """The findings kept, plus one per code that counts the rest."""
        more = [
            finding(code, f"... and {n - MAX_PER_CODE} more like this", file=self._first(code).file)
            for code, n in self.counts.items()
            if n > MAX_PER_CODE
        ]
        return self.kept + more

    def _first(self, code: str) -> Finding:
        return next(f for f in self.kept if f.code == code)


@dataclass(slots=True)
class ExportIndex:
    """What an export holds, as far as the shared checks need it."""

    file: str
    post_ids: set[int] = field(default_factory=set)
    titles_without_id: Counter[str] = field(default_factory=Counter)  # posts the source gave no id
    empty: bool = False  # a directory without Markdown files (a blog that publishes nothing)
    comment_ids: set[int] = field(default_factory=set)
    permalinks: Counter[str] = field(default_factory=Counter)
    links: LinkIndex = field(default_factory=LinkIndex)
    has_comment_data: bool = True  # False: comments are not where the export can be checked (inline Markdown)
    findings: CappedFindings = field(default_factory=lambda: CappedFindings())

    def add(self, code: str, message: str, **where: Any) -> None:
        self.findings.append(finding(code, message, file=where.pop("file", self.file), **where))

    def site(self, site: Site) -> None:
        self.links.site(site)

    def post(self, post: Post) -> None:
        if post.id is not None:
            self.post_ids.add(post.id)
        elif post.title:
            self.titles_without_id[post.title] += 1
        if post.url:
            self.permalinks[post.url] += 1
        self.links.post(post)
        self.comment_ids.update(c for c in (comment.id for comment in post.comments) if c is not None)


def validate_export(path: str, against: list[str]) -> SourceResult:
    """Every finding for the blogimport output at ``path``, reconciled with ``against`` when given."""
    try:
        index = read_export(path)
    except InputError as exc:
        code = "BI500" if exc.message.startswith(NOT_AN_EXPORT) else "BI001"
        return SourceResult([finding(code, exc.template, file=path)], unreadable=True)
    check_permalinks(index)
    for post_id, href in index.links.unresolved():
        index.add("BI506", f"link to {href} does not resolve to a post in the export", post_id=post_id)
    if index.empty and not against:
        index.add("BI500", "no Markdown files in this directory")
    result = SourceResult(index.findings.shown())
    for source in against:  # an empty directory is the export of a source that publishes nothing
        reconciled = reconcile(index, source)
        result.findings.extend(reconciled.findings)
        result.unreadable = result.unreadable or reconciled.unreadable
    return result


def read_export(path: str) -> ExportIndex:
    """Read the export at ``path`` into an index, recording what is wrong with it on the way."""
    if not os.path.exists(path):
        raise InputError("no such file or directory", file=path)
    index = ExportIndex(path)
    if os.path.isdir(path):
        index.has_comment_data = False  # until a comment data file is found
        read_markdown_export(path, index)
        return index
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", file=path) from None
    if head.startswith(SQLITE_MAGIC):
        read_sqlite_export(path, index)
    elif head.lstrip().startswith(b"{"):
        read_json_export(path, index)
    else:  # a source (an export.xml) given as --export: a usage mistake, exit 2 like an unreadable input
        raise InputError(NOT_AN_EXPORT + " (expected a JSON, JSON Lines or SQLite file, or a directory)")
    return index


def check_permalinks(index: ExportIndex) -> None:
    for url, n in sorted(index.permalinks.items()):
        if n > 1:
            index.add("BI505", f"{n} posts share the permalink {url}")


# -- JSON and JSON Lines --------------------------------------------------------------


def _post_from_json(data: dict[str, Any]) -> Post:
    post = Post(
        id=_int(data.get("id")),
        type=str(data.get("type") or "post"),
        status=data.get("status"),
        slug=data.get("slug"),
        url=data.get("url"),
        guid=data.get("guid"),
        attachment_url=data.get("attachment_url"),
        content=data.get("content") if isinstance(data.get("content"), str) else None,
    )
    for comment in data.get("comments") or []:
        if isinstance(comment, dict):
            post.comments.append(Comment(id=_int(comment.get("id")), status=comment.get("status")))
    return post


def _site_from_json(data: dict[str, Any]) -> Site:
    return Site(link=data.get("link"), base_site_url=data.get("base_site_url"), base_blog_url=data.get("base_blog_url"))


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _validator(schema: dict[str, Any]) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema)


def _item_schema(schema: dict[str, Any], key: str) -> dict[str, Any] | None:
    """The schema of one item of the document's array ``key`` (None: the document has no such array)."""
    items = schema["properties"].get(key, {}).get("items")
    if items is None:
        return None
    return {"$schema": schema["$schema"], "$id": f"{schema['$id']}:{key}", "$defs": schema["$defs"], **items}


def _add_schema_errors(index: ExportIndex, value: Any, validator: Any, line: int | None = None, at: str = "") -> None:
    """A BI503 finding per schema error of ``value`` (found at ``at`` in the document); the validator
    recurses, so a value nested too deeply is one BI500."""
    try:
        for error in validator.iter_errors(value):
            where = "/".join([at, *(str(p) for p in error.absolute_path)] if at else map(str, error.absolute_path))
            index.add("BI503", f"at {where or '(document)'}: {error.message[:200]}", line=line)
    except RecursionError:
        index.add("BI500", TOO_DEEP, line=line)


def read_json_export(path: str, index: ExportIndex) -> None:
    try:
        with open(path, encoding="utf-8") as stream:
            first_line = stream.readline(MAX_FIRST_LINE)
            stream.seek(0)
            if _is_jsonl(first_line):
                _read_jsonl(stream, index)
            else:
                _read_json_document(stream, index)
    except UnicodeDecodeError as exc:
        index.add("BI500", f"not UTF-8 text: {exc.reason} at byte {exc.start}")
    except JsonSyntaxError as exc:
        index.add("BI500", f"not valid JSON: {exc.msg}", line=exc.line, column=exc.column)
    except RecursionError:
        index.add("BI500", TOO_DEEP)


def _read_json_document(stream: TextIO, index: ExportIndex) -> None:
    """Check a ``--to json`` document one post at a time; the document with its arrays left empty is
    checked at the end (keys, the schema name). Links to the site count once the site is read (it comes first)."""
    from ..schema import load_json_schema

    schema = load_json_schema()
    outline: dict[str, Any] = {}
    for member in members(stream):
        if member.items is None:
            outline[member.key] = member.value
            if member.key == "site" and isinstance(member.value, dict):
                index.site(_site_from_json(member.value))
            continue
        outline[member.key] = []
        item_schema = _item_schema(schema, member.key)
        validator = _validator(item_schema) if item_schema else None
        for number, item in enumerate(member.items):
            if validator is not None:
                _add_schema_errors(index, item, validator, at=f"{member.key}/{number}")
            if member.key == "posts" and isinstance(item, dict):
                index.post(_post_from_json(item))
    if not str(outline.get("schema", "")).startswith(SCHEMA_PREFIX):  # some other program's JSON
        raise InputError(NOT_AN_EXPORT + f' (a JSON object without "schema": "{SCHEMA_PREFIX}1")')
    _add_schema_errors(index, outline, _validator(schema))


def _is_jsonl(first_line: str) -> bool:
    try:
        record = json.loads(first_line)
    except (json.JSONDecodeError, RecursionError):
        return False
    return isinstance(record, dict) and "kind" in record


def _read_jsonl(lines: Iterable[str], index: ExportIndex) -> None:
    from ..schema import load_jsonl_record_schema

    validator = _validator(load_jsonl_record_schema())
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            index.add("BI500", f"line is not valid JSON: {exc.msg}", line=number, column=exc.colno)
            continue
        except RecursionError:
            index.add("BI500", TOO_DEEP, line=number)
            continue
        _add_schema_errors(index, record, validator, number)
        if not isinstance(record, dict):
            continue
        if record.get("kind") == "site":
            index.site(_site_from_json(record))
        elif record.get("kind") == "post":
            index.post(_post_from_json(record))


# -- SQLite ----------------------------------------------------------------------------


def read_sqlite_export(path: str, index: ExportIndex) -> None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        index.add("BI504", f"cannot open the database: {exc}")
        return
    try:
        _check_sqlite(connection, index)
    except sqlite3.DatabaseError as exc:
        from ..writers.sql.sqlite import LOCKED, database_locked

        if database_locked(exc):  # cannot be checked now: not damaged
            raise InputError(LOCKED, file=path) from None
        index.add("BI504", f"the database is damaged: {exc}")
    finally:
        connection.close()


def _check_sqlite(connection: sqlite3.Connection, index: ExportIndex) -> None:
    problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        for problem in problems[:MAX_PER_CODE]:
            index.add("BI504", f"integrity check: {problem}")
        return
    for table, rowid, parent, _ in connection.execute("PRAGMA foreign_key_check"):
        index.add("BI504", f"row {rowid} of table {table} points to a missing row of {parent}")
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [t for t in SQLITE_TABLES if t not in tables]
    if missing:
        index.add("BI504", f"not a blogimport database: no table {', '.join(missing)}")
        return
    site = connection.execute("SELECT link, base_site_url, base_blog_url FROM site").fetchone()
    if site:
        index.site(Site(link=site[0], base_site_url=site[1], base_blog_url=site[2]))
    comments: dict[int, list[int]] = {}
    for comment_id, post_id in connection.execute("SELECT id, post_id FROM comments"):
        comments.setdefault(post_id, []).append(comment_id)
    query = "SELECT id, type, status, slug, url, guid, attachment_url, content FROM posts"
    for post_id, kind, status, slug, url, guid, attachment_url, content in connection.execute(query):
        post = Post(id=post_id, type=kind, status=status, slug=slug, url=url, guid=guid, content=content)
        post.attachment_url = attachment_url
        post.comments = [Comment(id=c) for c in comments.get(post_id, [])]
        index.post(post)


# -- reconciliation with the source ------------------------------------------------------


def _in_export(post: Post, index: ExportIndex) -> bool:
    """Is ``post`` in the export: by id, or by title when the source gave it no id."""
    if post.id is not None:
        return post.id in index.post_ids
    if index.titles_without_id[post.title or ""] > 0:
        index.titles_without_id[post.title or ""] -= 1
        return True
    return False


def reconcile(index: ExportIndex, source: str) -> SourceResult:
    """Every published post and approved comment of ``source`` must be in the export."""
    found = CappedFindings()
    try:
        for record in api.read([source], ReadOptions()):
            if isinstance(record, Post) and record.status == "publish":
                found.extend(_missing(record, index))
    except InputError as exc:
        refused = finding("BI001", f"{{against}}: {exc.template}", file=exc.file or source)
        return SourceResult([refused], unreadable=True)
    return SourceResult(found.shown())


def _missing(post: Post, index: ExportIndex) -> Iterator[Finding]:
    """A finding if the published ``post`` is not in the export, else one per approved comment that is not."""
    if not _in_export(post, index):
        what = f"published {post.type} {post.title or post.slug or ''!r} is not in the export"
        yield finding("BI508", what, file=index.file, post_id=post.id)
        return
    for comment in post.comments if index.has_comment_data else []:
        if comment.status == "approved" and comment.id is not None and comment.id not in index.comment_ids:
            message = f"approved comment {comment.id} is not in the export"
            yield finding("BI508", message, file=index.file, post_id=post.id, comment_id=comment.id)
