"""Rows buffered per table and written in batches, parents before children.

Rows arrive in an order that satisfies every foreign key, but batching per table reorders them:
before a table's batch is written, the batches of every table before it (in schema order) are
written, so no row reaches the database before the rows it references.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from .schema import TABLES, Table

Item = TypeVar("Item")


class TableBatches(Generic[Item]):
    def __init__(self, write_batch: Callable[[Table, list[Item]], None], max_rows: int, max_size: int) -> None:
        self.write_batch = write_batch
        self.max_rows = max_rows
        self.max_size = max_size
        self.pending: dict[str, list[Item]] = {t.name: [] for t in TABLES}
        self.sizes: dict[str, int] = dict.fromkeys(self.pending, 0)

    def add(self, table: Table, item: Item, size: int = 0) -> None:
        pending = self.pending[table.name]
        if pending and (len(pending) >= self.max_rows or self.sizes[table.name] + size > self.max_size):
            self.flush_through(table)
        self.pending[table.name].append(item)
        self.sizes[table.name] += size

    def flush_through(self, last: Table) -> None:
        for table in TABLES:
            if self.pending[table.name]:
                self.write_batch(table, self.pending[table.name])
                self.pending[table.name] = []
                self.sizes[table.name] = 0
            if table is last:
                return

    def flush_all(self) -> None:
        self.flush_through(TABLES[-1])
