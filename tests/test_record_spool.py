"""The record spool between a writer's two passes: records come back equal and in order."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field

from sample_records import sample_records

from importer.model import Post, Record
from importer.writers.spool import BATCH, RecordSpool, by_fields


def test_records_replay_equal_and_in_order_across_batches() -> None:
    records: list[Record] = [*sample_records(), *(Post(id=n, title=f"post {n}") for n in range(3 * BATCH + 5))]
    with RecordSpool() as spool:
        for record in records:
            spool.add(record)
        replayed = list(spool.replay())
        assert replayed == records
        assert list(spool.replay()) == records  # replayable again


def test_spool_is_never_a_named_file_and_an_empty_one_replays_nothing() -> None:
    before = set(os.listdir(tempfile.gettempdir()))
    with RecordSpool() as spool:
        spool.add(Post(id=1))
        assert not [name for name in set(os.listdir(tempfile.gettempdir())) - before if "blogimport-spool" in name]
    with RecordSpool() as spool:
        assert list(spool.replay()) == []
    assert not [name for name in set(os.listdir(tempfile.gettempdir())) - before if "blogimport-spool" in name]


@dataclass(slots=True)
class _Planned:
    path: str
    notes: list[str] = field(default_factory=list)


@dataclass
class _Checked:
    value: int

    def __post_init__(self) -> None:
        self.value += 1  # rebuilding by calling the class would add one again


def test_model_and_named_dataclasses_replay_equal_and_others_as_pickle_does() -> None:
    items: list[object] = [(record, _Planned(f"p{n}", ["a"])) for n, record in enumerate(sample_records())]
    items += [_Checked(1), _Planned("one"), (Post(id=1), None)]
    assert by_fields(_Checked) is None and by_fields(_Planned) is not None
    with RecordSpool[object](compact=[_Planned, _Checked]) as spool:
        for item in items:
            spool.add(item)
        replayed = list(spool.replay())
    assert replayed == items
    assert [type(item) for item in replayed] == [type(item) for item in items]
