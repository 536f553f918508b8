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


def test_one_pickler_writes_what_a_pickler_a_batch_wrote() -> None:
    """The spool keeps one pickler and clears its memo after each batch: the file holds the
    same bytes as a new pickler for each batch gave, and each batch loads alone."""
    import io
    import pickle

    from importer.writers.spool import MODEL_CLASSES, _dispatch_table

    records: list[object] = [*sample_records(), *(Post(id=n, title=f"post {n % 3}") for n in range(3 * BATCH + 5))]
    records += [(record, _Planned("same", ["a"])) for record in sample_records()]  # shared objects within a batch
    expected = io.BytesIO()
    table = _dispatch_table([*MODEL_CLASSES, _Planned])
    for start in range(0, len(records), BATCH):
        pickler = pickle.Pickler(expected, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = table
        pickler.dump(records[start : start + BATCH])
    with tempfile.TemporaryFile() as file:
        spool = RecordSpool[object]([_Planned], file)
        for record in records:
            spool.add(record)
        spool.flush()
        file.seek(0)
        assert file.read() == expected.getvalue()
        assert list(spool.replay()) == records
        spool.add(Post(id=-1))  # added after a replay: appended, and replayed too
        assert list(spool.replay()) == [*records, Post(id=-1)]
        spool.close()
