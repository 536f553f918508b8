"""Different images never share a local file (issue 17): the same name in two upload months, on two
hosts, or after making a name file-safe (``a b.jpg``, ``a-b.jpg``) gets a name of its own,
reported, and each post shows its own image; names stay the same on a re-run. Downloaded files are
in the output's manifest, so ``--prune`` removes those no post uses any more.

The images come from loopback servers (--allow-private-media-hosts), each serving its own bytes.
"""

from __future__ import annotations

import io
import json
import re
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from importer.cli import Progress
from importer.model import Post, Site
from importer.tally import Tally
from importer.writers.markdown import MarkdownOptions, write_markdown

SITE = "https://ferrylog.example"


class ImageServer:
    """Serves, for any path, bytes that name the server and the path (so every image differs)."""

    def __init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                data = server.image(self.path)
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def image(self, path: str) -> bytes:
        return f"image {path} from {self.base}".encode()


@pytest.fixture
def two_servers() -> Iterator[tuple[ImageServer, ImageServer]]:
    servers = ImageServer(), ImageServer()
    yield servers
    for server in servers:
        server.httpd.shutdown()
        server.httpd.server_close()


def post(post_id: int, *urls: str) -> Post:
    images = "".join(f'<p><img src="{u}" alt="image {n}"></p>' for n, u in enumerate(urls))
    return Post(
        id=post_id,
        title=f"Post {post_id}",
        slug=f"post-{post_id}",
        status="publish",
        date=datetime(2019, 6, post_id),
        content=images or "No pictures now.",
    )


def convert(out: Path, posts: list[Post], **options: object) -> Tally:
    tally = Tally()
    options = {"download_media": True, **options}
    options.setdefault("allow_private_media_hosts", options["download_media"])  # the servers are on loopback
    write_markdown([Site(link=SITE), *posts], str(out), MarkdownOptions(**options), tally)  # type: ignore[arg-type]
    return tally


def images_shown(out: Path, page: str) -> list[bytes]:
    """The bytes of every image ``page`` shows, in order, read through the links it has."""
    path = out / page
    text = path.read_text(encoding="utf-8")
    shown = []
    for link in re.findall(r"!\[[^\]]*\]\(([^)\s]+)", text):
        if link.startswith("/media/"):
            shown.append((out / "static" / link.lstrip("/")).read_bytes())
        else:  # a page bundle: next to the page
            shown.append((path.parent / link).read_bytes())
    return shown


def test_one_bundle_with_the_same_name_from_two_months(tmp_path: Path, two_servers: tuple[ImageServer, ...]) -> None:
    server = two_servers[0]
    urls = [
        f"{server.base}/wp-content/uploads/2010/01/photo.jpg",
        f"{server.base}/wp-content/uploads/2011/05/photo.jpg",
    ]
    tally = convert(tmp_path, [post(1, *urls)], layout="bundle")
    bundle = tmp_path / "content/posts/post-1"
    assert sorted(p.name for p in bundle.iterdir()) == ["index.md", "photo-2.jpg", "photo.jpg"]
    assert images_shown(tmp_path, "content/posts/post-1/index.md") == [
        server.image("/wp-content/uploads/2010/01/photo.jpg"),
        server.image("/wp-content/uploads/2011/05/photo.jpg"),
    ]
    assert tally.changed["media files named apart (another image had the same name)"] == 1
    assert [p.code for p in tally.problems] == ["media-name-clash"]


@pytest.mark.parametrize("layout", ["flat", "bundle"])
def test_each_post_shows_its_own_image(tmp_path: Path, two_servers: tuple[ImageServer, ...], layout: str) -> None:
    one, two = two_servers
    cases = [
        f"{one.base}/wp-content/uploads/2010/01/photo.jpg",
        f"{one.base}/wp-content/uploads/2011/05/photo.jpg",
        f"{one.base}/wp-content/uploads/2012/01/z.jpg",
        f"{two.base}/wp-content/uploads/2012/01/z.jpg",  # the same path on another host
        f"{one.base}/wp-content/uploads/2013/01/a b.jpg",
        f"{one.base}/wp-content/uploads/2013/01/a-b.jpg",  # what "a b.jpg" becomes as a file name
        f"{one.base}/wp-content/uploads/2013/01/A-B.jpg",  # the same on a file system that ignores case
    ]
    posts = [post(n, url) for n, url in enumerate(cases, 1)]
    posts.append(post(len(cases) + 1, *cases))  # one post showing them all
    tally = convert(tmp_path, posts, layout=layout)
    assert not tally.skipped, tally.skipped
    expected = [
        (one if url.startswith(one.base) else two).image("/" + url.split("/", 3)[3].replace(" ", "%20"))
        for url in cases
    ]
    folder = "content/posts"
    for n, image in enumerate(expected, 1):
        page = f"{folder}/post-{n}/index.md" if layout == "bundle" else f"{folder}/post-{n}.md"
        assert images_shown(tmp_path, page) == [image]
    last = f"{folder}/post-{len(cases) + 1}/index.md" if layout == "bundle" else f"{folder}/post-{len(cases) + 1}.md"
    assert images_shown(tmp_path, last) == expected
    local = [row["local_path"] for row in json.loads((tmp_path / "_blogimport/media.json").read_text())]
    assert len({path.casefold() for path in local}) == len(local)


def test_the_same_image_by_other_urls_is_one_file(tmp_path: Path) -> None:
    urls = [
        f"{SITE}/wp-content/uploads/2019/06/bed.jpg",
        "http://www.ferrylog.example/wp-content/uploads/2019/06/bed.jpg",
        f"{SITE}/wp-content/uploads/2019/06/bed-300x200.jpg",
        "/wp-content/uploads/2019/06/bed.jpg",
    ]
    convert(tmp_path, [post(1, *urls)], download_media=False)
    rows = json.loads((tmp_path / "_blogimport/media.json").read_text())
    assert [row["local_path"] for row in rows] == ["static/media/2019/06/bed.jpg"]


def test_names_stay_as_they_were_on_a_rerun(tmp_path: Path, two_servers: tuple[ImageServer, ...]) -> None:
    one, two = two_servers
    first, second = f"{one.base}/wp-content/uploads/2012/01/z.jpg", f"{two.base}/wp-content/uploads/2012/01/z.jpg"
    convert(tmp_path, [post(1, first), post(2, second)])
    # A newer export: the second image comes first now, and a third z.jpg arrives.
    third = f"{SITE}/wp-content/uploads/2012/01/z.jpg"
    convert(tmp_path, [post(2, second), post(3, third), post(1, first)], allow_private_media_hosts=True)
    assert images_shown(tmp_path, "content/posts/post-1.md") == [one.image("/wp-content/uploads/2012/01/z.jpg")]
    assert images_shown(tmp_path, "content/posts/post-2.md") == [two.image("/wp-content/uploads/2012/01/z.jpg")]
    assert "z-3.jpg" in (tmp_path / "content/posts/post-3.md").read_text(encoding="utf-8")


def test_downloads_are_in_the_manifest_and_pruned_when_unused(
    tmp_path: Path, two_servers: tuple[ImageServer, ...]
) -> None:
    server = two_servers[0]
    kept, dropped = (f"{server.base}/wp-content/uploads/2019/0{m}/photo.jpg" for m in (1, 2))
    convert(tmp_path, [post(1, kept), post(2, dropped)])
    manifest = json.loads((tmp_path / "_blogimport/manifest.json").read_text())
    files = {row["path"]: row for row in manifest["files"]}
    assert files["static/media/2019/01/photo.jpg"]["post_id"] == 1
    assert "_blogimport/media.json" in files
    # Post 2 no longer shows its photo: the file is stale, listed, then removed with --prune.
    tally = convert(tmp_path, [post(1, kept), post(2)])
    assert (tmp_path / "static/media/2019/02/photo.jpg").exists()
    assert any(p.code == "stale-output" and "2019/02/photo.jpg" in p.message for p in tally.problems)
    convert(tmp_path, [post(1, kept), post(2)], prune=True)
    assert not (tmp_path / "static/media/2019/02").exists()  # file and its empty folder
    assert (tmp_path / "static/media/2019/01/photo.jpg").exists()
    # A run without --download-media still uses the file: it stays in the manifest.
    convert(tmp_path, [post(1, kept), post(2)], download_media=False, prune=True)
    assert (tmp_path / "static/media/2019/01/photo.jpg").exists()


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal(tmp_path: Path, two_servers: tuple[ImageServer, ...]) -> None:
    server = two_servers[0]
    urls = [f"{server.base}/wp-content/uploads/2019/06/{n}.jpg" for n in range(5)]
    terminal = Terminal()
    progress = Progress(True, stream=terminal)
    convert(tmp_path, [post(1, *urls)], progress=progress)
    progress.close()
    assert "downloading media" in terminal.getvalue()
    assert "100%" in terminal.getvalue()
