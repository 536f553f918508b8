"""The library API under the CLI: ``read``, ``load`` and ``convert``.

Example::

    import importer
    tally = importer.convert(["blog.xml"], to="json", output="blog.json")
    archive = importer.load(["blog.xml"])
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from .errors import BlogImportError, UsageError
from .model import Archive, Author, Post, Record, Site, Term
from .readers import ReadOptions, detect_format, get_reader, processes, sniff
from .sources import resolve
from .stages import ConvertOptions, Filters, SeenNames, filter_posts, redact, without_repeats
from .suggest import closest
from .tally import Tally
from .wordpress import BUILTIN_POST_TYPES, POST_STATUSES
from .writers import WRITERS, PartsWriter, WriterOptions, get_writer, option_fields, writer_entry

if TYPE_CHECKING:
    from .readers.wxr.parts import Part

# Called with (path, bytes done, bytes total) by readers that can tell their progress.
Progress = Callable[[str, int, int], None]


def parse_local_date(value: str, *, end_of_day: bool = False) -> datetime:
    """A local date or date-time as --since/--until take it (no UTC offset: posts are compared by
    their local date). With ``end_of_day``, a bare date means the last moment of that day."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{value!r} is not a date like 2010-11-19 or 2010-11-19T13:02") from None
    if parsed.tzinfo is not None:
        raise UsageError(f"{value!r}: give the local date as the blog showed it, without a UTC offset")
    if end_of_day and _is_bare_date(value):
        return datetime.combine(parsed.date(), time.max)
    return parsed


def _is_bare_date(value: str) -> bool:
    try:
        date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True


def read(
    sources: Sequence[str],
    options: ReadOptions | None = None,
    tally: Tally | None = None,
    *,
    source_format: str | None = None,
) -> Iterator[Record]:
    """Read one or more sources into one record stream.

    Several sources (a site exported as several WXR files) merge into one archive: one Site
    record first, authors de-duplicated by login and terms by (taxonomy, slug).
    """
    options = options or ReadOptions()
    tally = tally if tally is not None else Tally()
    seen = SeenNames()
    site_sent = False
    for index, source in enumerate(sources):
        for record in without_repeats(_read_source(source, options, tally, source_format), seen, tally):
            if isinstance(record, Site):
                if site_sent:
                    continue
                site_sent = True
                # the first source's Site stands for the merged archive: it lists every source
                record.sources = [*record.sources, *sources[index + 1 :]]
            yield record


STDIN = "-"
STDIN_NAME = "<stdin>"  # how errors and problems name standard input


def _read_source(source: str, options: ReadOptions, tally: Tally, source_format: str | None) -> Iterator[Record]:
    """One source's records. Standard input is spooled to a temporary file by ``resolve``: its
    records say ``-`` and its errors ``<stdin>`` (never the spool's name), and the spool is removed."""
    path = resolve(source)
    if source != STDIN:
        fmt = _format_of(path, source_format, tally)
        yield from get_reader(fmt)(path, options, tally)
        return
    first_problem = len(tally.problems)
    try:
        fmt = _format_of(path, source_format, tally)
        for record in get_reader(fmt)(path, options, tally):
            _name_stdin(record, path)
            yield record
    except BlogImportError as exc:
        if exc.file == path:
            exc.file = STDIN_NAME
        raise
    finally:
        for problem in tally.problems[first_problem:]:
            if problem.file == path:
                problem.file = STDIN_NAME
        with contextlib.suppress(OSError):
            os.unlink(path)


def _format_of(path: str, forced: str | None, tally: Tally) -> str:
    """The detected format, or the forced one (``--from``), reported when the content disagrees."""
    if forced is None:
        return detect_format(path)
    if not (os.path.isfile(path) or os.path.isdir(path)):
        return forced  # a pipe: looking at it would consume what the reader needs
    found = sniff(path)
    if found.format != forced:
        tally.problem(
            "forced-format",
            f"read as {forced} because of {{source_format}}: the content is {found.found}",
            file=path,
        )
    return forced


def _name_stdin(record: Record, path: str) -> None:
    if isinstance(record, Site):
        record.sources = [STDIN if s == path else s for s in record.sources]
    elif isinstance(record, Post):
        for provenance in [*record.provenance, *(p for c in record.comments for p in c.provenance)]:
            if provenance.file == path:
                provenance.file = STDIN


def check_filters(filters: Filters) -> None:
    """Refuse a --status WordPress does not have, or a --type that is a misspelt built-in type (a
    name close to no built-in type may be a custom type: it is kept, and reported if it matches
    nothing)."""
    for status in sorted(filters.statuses):
        if status not in POST_STATUSES:
            raise UsageError(
                f"{{statuses}}: {status!r} is not a WordPress status ({', '.join(POST_STATUSES)})",
                hint=_did_you_mean("statuses", closest(status, POST_STATUSES)),
            )
    for post_type in sorted(filters.types):
        near = closest(post_type, BUILTIN_POST_TYPES, cutoff=0.7)
        if post_type not in BUILTIN_POST_TYPES and near:
            raise UsageError(f"{{types}}: {post_type!r} is not a post type", hint=_did_you_mean("types", near))


def _did_you_mean(option: str, near: str | None) -> str | None:
    return f"did you mean {{{option}:{near}}}?" if near else None


def pipeline(sources: Sequence[str], options: ConvertOptions, tally: Tally) -> Iterator[Record]:
    records: Iterator[Record] = read(sources, options.read, tally, source_format=options.source_format)
    records = filter_posts(records, options.filters, tally)
    if options.redact:
        records = redact(records, tally)
    return records


def load(sources: Sequence[str], options: ConvertOptions | None = None, tally: Tally | None = None) -> Archive:
    """Read sources into an in-memory Archive (convenient for small blogs and tests)."""
    options = options or ConvertOptions()
    tally = tally if tally is not None else Tally()
    archive = Archive()
    for record in pipeline(sources, options, tally):
        if isinstance(record, Site):
            archive.site = record
        elif isinstance(record, Author):
            archive.authors.append(record)
        elif isinstance(record, Term):
            archive.terms.append(record)
        else:
            archive.posts.append(record)
    return archive


def writer_options(fmt: str, values: dict[str, Any]) -> WriterOptions:
    """Build the writer's own options dataclass from the values whose names match its fields. A
    value given (not None, not False) for an option of another writer is a usage error."""
    _, options_cls = get_writer(fmt)
    names = {f.name for f in option_fields(options_cls)}
    for name, value in values.items():
        if name not in names and value is not None and value is not False:
            raise UsageError(f"{{{name}}} does not apply to {{to:{fmt}}}", hint=_applies_to(name))
    return options_cls(**{k: v for k, v in values.items() if k in names and v is not None})


def _applies_to(name: str) -> str | None:
    formats = [fmt for fmt in sorted(WRITERS) if name in {f.name for f in option_fields(get_writer(fmt)[1])}]
    return f"{{{name}}} is for {{to:{' or '.join(formats)}}}" if formats else None


def convert(
    sources: Sequence[str],
    to: str,
    output: str,
    options: ConvertOptions | None = None,
    write_options: WriterOptions | None = None,
    tally: Tally | None = None,
) -> Tally:
    """Read ``sources`` and write them as format ``to`` at ``output``. Returns the run's tally.

    ``write_options`` is the writer's own dataclass (``MarkdownOptions`` for ``to="markdown"``;
    :func:`writer_options` builds it from option names); None takes its defaults.
    """
    if not sources:
        raise UsageError("no source given")
    options = options or ConvertOptions()
    check_filters(options.filters)
    tally = tally if tally is not None else Tally()
    entry = writer_entry(to)
    writer, options_cls = entry.write, entry.options
    if write_options is None:
        write_options = options_cls()
    elif not isinstance(write_options, options_cls):
        got = type(write_options).__name__
        raise UsageError(f"the {to} writer takes {options_cls.__name__}, not {got}")
    if hasattr(write_options, "progress") and write_options.progress is None:  # a writer that reports progress
        write_options.progress = options.read.progress
    if hasattr(write_options, "jobs"):  # a writer that converts in several processes
        write_options.jobs = processes(options.read.jobs)
    if (
        entry.parts is not None
        and entry.parts.applies(write_options)
        and _converted_in_parts(sources, output, options, entry.parts, write_options, tally)
    ):
        return tally
    if entry.in_parts is not None and _written_in_parts(sources, output, options, entry.in_parts, write_options, tally):
        return tally
    writer(pipeline(sources, options, tally), output, write_options, tally)
    return tally


def _written_in_parts(
    sources: Sequence[str],
    output: str,
    options: ConvertOptions,
    in_parts: Callable[[str, list[Part], str, ConvertOptions, Any, Tally], bool],
    write_options: WriterOptions,
    tally: Tally,
) -> bool:
    """One big WXR file written part by part by a writer that runs its own parts (Markdown):
    False when the run is one process's."""
    from . import parallel

    parts = parallel.plan(sources, options.source_format, processes(options.read.jobs))
    return parts is not None and in_parts(sources[0], parts, output, options, write_options, tally)


def _converted_in_parts(
    sources: Sequence[str],
    output: str,
    options: ConvertOptions,
    parts_writer: PartsWriter[Any],
    write_options: WriterOptions,
    tally: Tally,
) -> bool:
    """One big WXR file written by several processes (:mod:`importer.parallel`): False when the
    run is one process's (a small file, ``jobs`` 1, several sources, a file parts cannot judge)."""
    from . import parallel

    parts = parallel.plan(sources, options.source_format, processes(options.read.jobs))
    if parts is None:
        return False
    parts_writer.check(output, write_options)
    return parallel.convert_in_parts(sources[0], parts, output, options, parts_writer, write_options, tally)
