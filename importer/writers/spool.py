"""Records kept on disk between a writer's two passes over them.

A writer that must know every post before it writes the first one (the Markdown writer: links
to posts further down the export, galleries of attachments listed later) reads the record
stream once, building its index and writing each record here, then replays the records from
here to write them, one at a time. Memory stays flat whatever the export's size, every reader
and standard input work alike (the source is read once), and nothing is parsed twice.

The spool is an anonymous temporary file (removed by the system when closed, even after a
crash) holding pickles written and read by this process only, in batches of
:data:`BATCH` records (a pickle call per record costs more than the pickling), each batch a
pickle of its own, written by one pickler whose memo is cleared after each (a new pickler a
batch grew its memo table from nothing again and freed it: 7.5% of the instructions of a
reader's spooling at 2k). The model's dataclasses (and any a writer names) are pickled as their
class and a tuple of their fields, rebuilt by one call of the class: about half the time of
pickle's own way for objects with ``__slots__`` (a dict of every slot per object, each set
again on load).
"""

from __future__ import annotations

import copyreg
import dataclasses
import operator
import pickle
import tempfile
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import IO, Any, Generic, TypeVar

from .. import model

BATCH = 64

T = TypeVar("T")


def by_fields(cls: type) -> Callable[[Any], tuple[type, tuple[Any, ...]]] | None:
    """A pickle reducer writing an instance of the dataclass ``cls`` as ``(cls, field values)``
    (rebuilt as ``cls(*values)``), or None when that would not rebuild an equal copy (a field
    ``__init__`` does not take, a ``__post_init__``)."""
    fields = dataclasses.fields(cls)
    if not fields or not all(f.init for f in fields) or hasattr(cls, "__post_init__"):
        return None
    get = operator.attrgetter(*(f.name for f in fields))
    if len(fields) == 1:
        return lambda obj: (cls, (get(obj),))
    return lambda obj: (cls, get(obj))


def _dispatch_table(classes: Iterable[type]) -> dict[type, Callable[[Any], Any]]:
    table: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
    for cls in classes:
        if (reducer := by_fields(cls)) is not None:
            table[cls] = reducer
    return table


MODEL_CLASSES = [value for value in vars(model).values() if isinstance(value, type) and dataclasses.is_dataclass(value)]


class RecordSpool(Generic[T]):
    """Append records (or anything picklable: a record with what the writer learnt of it in the
    first pass), then replay them in the same order (as equal copies)."""

    def __init__(self, compact: Iterable[type] = (), file: IO[bytes] | None = None) -> None:
        """``compact``: dataclasses of the writer's own, pickled as the model's are. ``file``: a
        file of the caller's (a spool another process writes or reads), closed with the spool."""
        if file is None:
            file = tempfile.TemporaryFile(prefix="blogimport-spool-")  # noqa: SIM115 - closed by close()
        self._file: IO[bytes] = file
        self._batch: list[T] = []
        self._dispatch_table = _dispatch_table([*MODEL_CLASSES, *compact])
        self._pickler: pickle.Pickler | None = None  # made by the first flush, kept for the others

    def __enter__(self) -> RecordSpool[T]:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def add(self, record: T) -> None:
        self._batch.append(record)
        if len(self._batch) >= BATCH:
            self.flush()

    def replay(self) -> Iterator[T]:
        """The records added, in order; each batch is read when the one before it is used up."""
        self.flush()
        self._file.seek(0)
        while True:
            try:  # an unpickler per batch: one kept would hold every batch's objects in its memo
                batch: list[T] = pickle.load(self._file)
            except EOFError:
                return
            yield from batch

    def close(self) -> None:
        self._batch = []
        self._pickler = None
        self._file.close()

    def flush(self) -> None:
        """Write the records added since the last batch."""
        if self._batch:
            pickler = self._pickler
            if pickler is None:
                pickler = self._pickler = pickle.Pickler(self._file, protocol=pickle.HIGHEST_PROTOCOL)
                pickler.dispatch_table = self._dispatch_table
            pickler.dump(self._batch)
            pickler.clear_memo()  # each batch a pickle of its own, loaded alone
            self._batch = []
