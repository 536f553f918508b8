"""--download-media against a local HTTP server on 127.0.0.1 (never the network)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from importer.model import Post, Site
from importer.tally import Tally
from importer.writers.markdown import MarkdownOptions, write_markdown

FILES = {
    "/wp-content/uploads/2019/06/bed.jpg": b"JPEG" * 5000,
    "/wp-content/uploads/2019/06/onlysmall-300x200.png": b"PNG-small",
}


class Server:
    def __init__(self) -> None:
        self.requests: list[tuple[str, str | None]] = []
        self.fail_next: int = 0


@pytest.fixture
def server() -> Iterator[tuple[str, Server]]:
    state = Server()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append((self.path, self.headers.get("Range")))
            if state.fail_next:
                state.fail_next -= 1
                self.send_error(503)
                return
            body = FILES.get(self.path)
            if body is None:
                self.send_error(404)
                return
            start = 0
            if self.headers.get("Range", "").startswith("bytes="):
                start = int(self.headers["Range"][6:].split("-")[0])
                self.send_response(206)
            else:
                self.send_response(200)
            self.send_header("Content-Length", str(len(body) - start))
            self.end_headers()
            self.wfile.write(body[start:])

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", state
    finally:
        httpd.shutdown()
        httpd.server_close()


def records(base: str, *paths: str) -> list[object]:
    images = "".join(f'<img src="{base}{p}" alt="">' for p in paths)
    post = Post(id=1, title="Pics", slug="pics", status="publish", date=datetime(2019, 6, 1), content=images)
    return [Site(link=base), post]


def run(out: Path, items: list[object]) -> Tally:
    tally = Tally()
    write_markdown(
        items, str(out), MarkdownOptions(download_media=True, media_jobs=2, allow_private_media_hosts=True), tally
    )  # type: ignore[arg-type]
    return tally


def test_downloads_then_skips_what_exists(tmp_path: Path, server: tuple[str, Server]) -> None:
    base, state = server
    tally = run(tmp_path, records(base, "/wp-content/uploads/2019/06/bed-300x200.jpg"))
    target = tmp_path / "static/media/2019/06/bed.jpg"
    assert target.read_bytes() == FILES["/wp-content/uploads/2019/06/bed.jpg"]  # the original, not the variant
    assert tally.written["media file"] == 1
    asked = len(state.requests)
    tally = run(tmp_path, records(base, "/wp-content/uploads/2019/06/bed-300x200.jpg"))
    assert len(state.requests) == asked
    assert tally.changed["media files already present (not downloaded again)"] == 1


def test_variant_is_fetched_when_the_original_is_gone(tmp_path: Path, server: tuple[str, Server]) -> None:
    base, _ = server
    run(tmp_path, records(base, "/wp-content/uploads/2019/06/onlysmall-300x200.png"))
    assert (tmp_path / "static/media/2019/06/onlysmall.png").read_bytes() == b"PNG-small"


def test_missing_file_is_counted_not_fatal(tmp_path: Path, server: tuple[str, Server]) -> None:
    base, _ = server
    tally = run(tmp_path, records(base, "/wp-content/uploads/2019/06/gone.gif", "/wp-content/uploads/2019/06/bed.jpg"))
    assert tally.skipped[("media file", "download failed: HTTP 404")] == 1
    assert tally.written["media file"] == 1
    assert [p.code for p in tally.problems] == ["media-download-failed"]


def test_transient_errors_are_retried(tmp_path: Path, server: tuple[str, Server]) -> None:
    base, state = server
    state.fail_next = 2
    tally = run(tmp_path, records(base, "/wp-content/uploads/2019/06/bed.jpg"))
    assert tally.written["media file"] == 1
    assert [r for r in state.requests if r[0].endswith("bed.jpg")].__len__() == 3


def test_partial_download_is_resumed(tmp_path: Path, server: tuple[str, Server]) -> None:
    base, state = server
    body = FILES["/wp-content/uploads/2019/06/bed.jpg"]
    partial = tmp_path / "static/media/2019/06/bed.jpg.part"
    partial.parent.mkdir(parents=True)
    partial.write_bytes(body[:7000])
    manifest = tmp_path / "_blogimport/manifest.json"  # as the interrupted run left it
    manifest.parent.mkdir()
    manifest.write_text('{"schema": "blogimport-manifest/1", "preset": "hugo", "files": []}', encoding="utf-8")
    run(tmp_path, records(base, "/wp-content/uploads/2019/06/bed.jpg"))
    assert (tmp_path / "static/media/2019/06/bed.jpg").read_bytes() == body
    assert ("/wp-content/uploads/2019/06/bed.jpg", "bytes=7000-") in state.requests
    assert not partial.exists()
