"""Records kept on disk between a writer's two passes over them.

A writer that must know every post before it writes the first one (the Markdown writer: links
to posts further down the export, galleries of attachments listed later) reads the record
stream once, building its index and writing each record here, then replays the records from
here to write them, one at a time. Memory stays flat whatever the export's size, every reader
and standard input work alike (the source is read once), and nothing is parsed twice.

The spool is an anonymous temporary file (removed by the system when closed, even after a
crash) holding pickles written and read by this process only, in batches of
:data:`BATCH` records (a pickle call per record costs more than the pickling).
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from types import TracebackType
from typing import IO, Generic, TypeVar

BATCH = 64

T = TypeVar("T")


class RecordSpool(Generic[T]):
    """Append records (or anything picklable: a record with what the writer learnt of it in the
    first pass), then replay them in the same order (as equal copies)."""

    def __init__(self) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="blogimport-spool-")  # noqa: SIM115 - closed by close()
        self._batch: list[T] = []

    def __enter__(self) -> RecordSpool[T]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def add(self, record: T) -> None:
        self._batch.append(record)
        if len(self._batch) >= BATCH:
            self._flush()

    def replay(self) -> Iterator[T]:
        """The records added, in order; each batch is read when the one before it is used up."""
        self._flush()
        self._file.seek(0)
        while True:
            try:  # an unpickler per batch: one kept would hold every batch's objects in its memo
                batch: list[T] = pickle.load(self._file)
            except EOFError:
                return
            yield from batch

    def close(self) -> None:
        self._batch = []
        self._file.close()

    def _flush(self) -> None:
        if self._batch:
            pickle.dump(self._batch, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._batch = []
