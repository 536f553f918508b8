"""One fuzz run on one input: read, inspect, validate and convert it to every file format,
and let through nothing but a BlogImportError. Shared by the test and the long run."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import importer
from importer.errors import BlogImportError
from importer.validate import validate
from importer.writers import WRITERS

FILE_FORMATS = ("json", "jsonl", "sqlite", "markdown")  # writers that need no server


def outputs(directory: Path) -> dict[str, Path]:
    return {fmt: directory / f"out-{fmt}" for fmt in FILE_FORMATS if fmt in WRITERS}


def exercise(data: bytes, directory: Path, *, compress: bool = False) -> str:
    """Run every command on ``data``; returns "ok" or "refused" (a BlogImportError). Any other
    exception propagates: that is a bug the fuzz found."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    source = directory / ("input.xml.gz" if compress else "input.xml")
    source.write_bytes(gzip.compress(data) if compress else data)
    validate([str(source)])  # never raises for bad input: it reports findings
    try:
        importer.load([str(source)])
    except BlogImportError:
        return "refused"
    for fmt, output in outputs(directory).items():
        try:
            importer.convert([str(source)], to=fmt, output=str(output))
        except BlogImportError:
            return "refused"
    return "ok"
