"""Batch jobs: one ``convert`` each, read from a CSV or JSON Lines file or found in a folder.

A job is plain data (JSON-able) so that it can be sent to another process or a Dask worker.
Paths are made absolute when jobs are loaded: a worker does not share the caller's working
directory (relative paths in a jobs file are relative to the jobs file's folder).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import BlogImportError, UsageError
from ..writers import WRITERS
from .options import check_name, normalize

# Columns of a jobs file besides the options of convert.
JOB_FIELDS = ("id", "sources", "to", "output")
SOURCES_SEPARATOR = ";"  # several sources in one CSV cell (JSON Lines take a list)
# What a folder's job writes for each format, inside --out-dir ("" = a directory).
OUTPUT_SUFFIXES = {"json": ".json", "jsonl": ".jsonl", "sqlite": ".db", "sql": ".sql", "markdown": "", "wxr": ".xml"}
# Suffixes taken off an input's name to name its output (export.xml.gz -> export).
INPUT_SUFFIXES = (".gz", ".xml", ".wxr", ".html", ".htm", ".xhtml")


@dataclass(slots=True)
class Job:
    id: str
    sources: list[str]
    to: str
    output: str  # "" when the job loads a database (option db)
    options: dict[str, Any] = field(default_factory=dict)  # normalized convert options, by name

    def settings(self) -> str:
        """A fingerprint of what the job does (not of its inputs): a change means run it again."""
        data = {"sources": self.sources, "to": self.to, "output": self.output, "options": self.options}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "sources": self.sources, "to": self.to, "output": self.output, "options": self.options}


def make_job(values: Mapping[str, Any], base: str, defaults: Mapping[str, Any] | None = None) -> Job:
    """A job from a jobs-file row or a mapping (option names as convert spells them).

    ``defaults`` (options given on the command line) apply where the row says nothing;
    relative paths are taken from the folder ``base``.
    """
    row = {**(defaults or {}), **{k: v for k, v in values.items() if v is not None and v != ""}}
    options: dict[str, Any] = {}
    for name, value in row.items():
        if name in JOB_FIELDS:
            continue
        canonical = check_name(name)
        normalized = normalize(canonical, value)
        if normalized is not None and normalized is not False:
            options[canonical] = normalized
    to = row.get("to")
    if not isinstance(to, str) or to not in WRITERS:
        known = ", ".join(sorted(WRITERS))
        raise UsageError(f"'to' must be one of {known}" if to else f"missing 'to' (one of {known})")
    sources = _sources(row.get("sources"), base)
    output = row.get("output") or ""
    if not isinstance(output, str):
        raise UsageError("'output' must be a path")
    if not output and not options.get("db"):
        raise UsageError("missing 'output'")
    if output == "-":
        raise UsageError("'output' cannot be standard output in a batch")
    job_id = str(row.get("id") or output or options.get("db"))
    return Job(job_id, sources, to, os.path.abspath(os.path.join(base, output)) if output else "", options)


def _sources(value: Any, base: str) -> list[str]:
    if isinstance(value, str):
        value = [s for s in value.split(SOURCES_SEPARATOR) if s.strip()]
    if not value or not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise UsageError("missing 'sources' (a path, several separated by ';', or a JSON list)")
    if "-" in value:
        raise UsageError("'sources' cannot be standard input in a batch")
    return [os.path.abspath(os.path.join(base, s.strip())) for s in value]


def load_jobs(path: str, defaults: Mapping[str, Any] | None = None) -> list[Job]:
    """Read a jobs file: JSON Lines (a line starting with '{') or CSV with a header row."""
    try:
        with open(path, encoding="utf-8-sig") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read the jobs file: {exc}", file=path) from None
    base = os.path.dirname(os.path.abspath(path))
    rows = _json_lines(text, path) if text.lstrip().startswith("{") else _csv_rows(text, path)
    jobs = []
    for line, row in rows:
        try:
            jobs.append(make_job(row, base, defaults))
        except BlogImportError as exc:
            raise UsageError(exc.template, file=path, line=line) from None
    if not jobs:
        raise UsageError("the jobs file has no jobs", file=path)
    try:
        check_unique(jobs)
    except UsageError as exc:
        raise UsageError(exc.template, file=path) from None
    return jobs


def _json_lines(text: str, path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"not a JSON object: {exc.msg}", file=path, line=number) from None
        if not isinstance(row, dict):
            raise UsageError("not a JSON object", file=path, line=number)
        yield number, row


def _csv_rows(text: str, path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "sources" not in reader.fieldnames:
        raise UsageError("a CSV jobs file needs a header row with at least sources, to, output", file=path, line=1)
    for row in reader:
        if None in row:
            raise UsageError("more cells than the header has columns", file=path, line=reader.line_num)
        if any((v or "").strip() for v in row.values()):
            yield reader.line_num, {k.strip(): v for k, v in row.items()}


def check_unique(jobs: Iterable[Job]) -> None:
    """Two jobs with one id (or one output) would overwrite each other's work: refuse."""
    seen_ids: set[str] = set()
    seen_outputs: set[str] = set()
    for job in jobs:
        if job.output and job.output in seen_outputs:
            raise UsageError(f"two jobs write {job.output}")
        if job.id in seen_ids:
            raise UsageError(f"two jobs have the id {job.id!r}")
        seen_ids.add(job.id)
        seen_outputs.add(job.output)


def jobs_in_folder(
    folder: str, to: str, out_dir: str, defaults: Mapping[str, Any] | None = None, exclude: Iterable[str] = ()
) -> list[Job]:
    """One job per file directly in ``folder`` (an export or a saved page) and one per subfolder
    (a site mirror). Each job's convert detects the format from the content, as convert does:
    a file that is no blog input (notes, an image, an empty file) is a job that fails with the
    reason, so nothing in the folder goes unreported. Hidden entries and the paths in
    ``exclude`` (the output folder, the report) are not jobs."""
    if not os.path.isdir(folder):
        raise UsageError("not a folder", file=folder)
    if to not in OUTPUT_SUFFIXES:
        raise UsageError(f"{{out_dir}} names outputs for {', '.join(OUTPUT_SUFFIXES)}, not {to!r}")
    excluded = {os.path.realpath(p) for p in exclude}
    names = sorted(e for e in os.listdir(folder) if not e.startswith("."))
    entries = [e for e in names if os.path.realpath(os.path.join(folder, e)) not in excluded]
    outputs = _output_names(entries, folder)
    jobs = [
        make_job({"id": e, "sources": [os.path.join(folder, e)], "to": to, "output": outputs[e] + OUTPUT_SUFFIXES[to]},
                 os.path.abspath(out_dir), defaults)
        for e in entries
    ]  # fmt: skip
    check_unique(jobs)
    return jobs


def _output_names(entries: list[str], folder: str) -> dict[str, str]:
    """Each entry's output name: its name less the input suffixes, or the whole name where two
    entries would share one (``a.xml`` and ``a.html``)."""
    stems = {e: e if os.path.isdir(os.path.join(folder, e)) else _stem(e) for e in entries}
    counts: dict[str, int] = {}
    for stem in stems.values():
        counts[stem] = counts.get(stem, 0) + 1
    return {e: stem if counts[stem] == 1 else e for e, stem in stems.items()}


def _stem(name: str) -> str:
    stem = name
    for suffix in INPUT_SUFFIXES:
        if stem.lower().endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
    return stem
