"""validate's raw WXR scan counts lines only when one is needed (``reopen``, as read_wxr does): the
same findings and lines as the stream that counts every chunk's lines, on every fixture and
corpus export and on an export with forbidden characters past the head."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from importer.readers.wxr import xml_stream
from importer.validate import wxr_scan

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("BLOGIMPORT_CORPUS") or ROOT.parent / "shared" / "corpus") / "wxr"
EXPORTS = sorted((ROOT / "fixtures").rglob("*.xml")) + (sorted(CORPUS.rglob("*.xml")) if CORPUS.is_dir() else [])


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The scan's stream made to count every chunk's lines (no ``reopen``); the reopens it was given."""
    given: list[Any] = []

    def stream(*args: Any, reopen: Any = None, **kwargs: Any) -> xml_stream.CleanXmlStream:
        given.append(reopen)
        return xml_stream.CleanXmlStream(*args, **kwargs)

    monkeypatch.setattr(wxr_scan, "CleanXmlStream", stream)
    return given


def _scan(path: Path) -> Any:
    try:
        return wxr_scan.scan_wxr(str(path), posts=range(1, 2000), comments=range(1, 2000))
    except Exception as exc:  # the same failure both ways is the same result
        return f"{type(exc).__name__}: {exc}"


def test_every_export_scans_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    assert EXPORTS
    lazy = [_scan(path) for path in EXPORTS]
    given = _counting(monkeypatch)
    assert [_scan(path) for path in EXPORTS] == lazy
    assert any(reopen is not None for reopen in given)  # the scan did pass one


def test_forbidden_characters_past_the_head_scan_the_same(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>t{n}\x01</title><wp:post_id>{n}</wp:post_id><wp:post_type>post</wp:post_type>"
        f"<wp:post_date>2020-01-01 00:00:00</wp:post_date>\n<wp:comment><wp:comment_id>{n}</wp:comment_id>"
        f"<wp:comment_date>bad\x02</wp:comment_date></wp:comment>\n</item>\n"
        for n in range(1, 3000)
    )
    export = tmp_path / "export.xml"
    export.write_bytes(
        (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>x</title>\n'
            f"<wp:wxr_version>1.2</wp:wxr_version>\n{items}</channel>\n</rss>\n"
        ).encode()
    )
    assert export.stat().st_size > 4 * xml_stream.HEAD_SIZE
    lazy = _scan(export)
    _counting(monkeypatch)
    assert _scan(export) == lazy
    assert not isinstance(lazy, str) and lazy.findings
