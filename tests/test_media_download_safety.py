"""--download-media when the URLs were written by strangers (issue 17): only http(s) from public
addresses, checked after DNS and on every redirect; bounded size and time per file; bad URLs
reported; a failed file leaves nothing behind; a full disk is one error line.

Every server here is a loopback server in a thread: downloads from it need
--allow-private-media-hosts, and the tests without the flag prove it is refused.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, ROOT

from importer.cli import main
from importer.model import Post, Site
from importer.tally import Tally
from importer.writers.markdown import MarkdownOptions, write_markdown
from importer.writers.markdown.downloads import DownloadOptions, download_all
from importer.writers.markdown.fetch import AddressPolicy, IPAddress, special_address
from importer.writers.markdown.links import MediaFile

HOSTILE_MEDIA = FIXTURES / "hostile" / "media-urls.xml"
HANG_GUARD = 120  # seconds; a run that needs this long has hung
UPLOADS = "/wp-content/uploads/2019/06"
PHOTO = b"\xff\xd8JPEG" + bytes(range(256)) * 40

Route = Callable[[BaseHTTPRequestHandler], None]


class Server:
    """A loopback HTTP server; ``routes`` maps a path to what the handler does."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                server.requests.append(self.path)
                route = server.routes.get(self.path)
                if route is None:
                    self.send_error(404)
                else:
                    route(self)

            def log_message(self, *args: object) -> None:
                pass

        return Handler


@pytest.fixture(autouse=True)
def _no_proxy_from_the_developer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Downloads honour http_proxy/https_proxy: these loopback servers are reached directly
    unless a test sets a proxy itself."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def servers() -> Iterator[Callable[[], Server]]:
    started: list[Server] = []

    def start() -> Server:
        server = Server()
        threading.Thread(target=server.httpd.serve_forever, daemon=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.httpd.shutdown()
        server.httpd.server_close()


@pytest.fixture
def server(servers: Callable[[], Server]) -> Server:
    return servers()


def body(data: bytes, *, length: bool = True) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        if length:
            handler.send_header("Content-Length", str(len(data)))
        else:
            handler.close_connection = True  # the body ends when the connection does
        handler.end_headers()
        handler.wfile.write(data)

    return route


def redirect(location: str) -> Route:
    def route(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return route


def drip(handler: BaseHTTPRequestHandler, byte: bytes) -> None:
    """One byte every half second, for far longer than any deadline in these tests."""
    for _ in range(100000):
        try:
            handler.wfile.write(byte)
            handler.wfile.flush()
        except OSError:
            return
        time.sleep(0.5)


def trickle(handler: BaseHTTPRequestHandler) -> None:
    """Headers at once, then the body one byte at a time."""
    handler.send_response(200)
    handler.send_header("Content-Length", "100000")
    handler.end_headers()
    drip(handler, b"x")


def export_with_image(folder: Path, url: str) -> Path:
    """The hostile media fixture with one image at ``url`` (the one that would be fetched)."""
    export = folder / "export.xml"
    text = HOSTILE_MEDIA.read_text(encoding="utf-8")
    export.write_text(text.replace("https://ferrylog.example/wp-content/uploads/2012/06/deck at dawn.jpg", url))
    return export


def trickle_headers(handler: BaseHTTPRequestHandler) -> None:
    """A status line, then headers one byte every half second."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    drip(handler, b"X")


def post_with_images(*urls: str, post_id: int = 1, site: str = "https://ferrylog.example") -> list[object]:
    images = "".join(f'<img src="{u}" alt="">' for u in urls)
    post = Post(id=post_id, title="Pics", slug="pics", status="publish", date=datetime(2019, 6, 1), content=images)
    return [Site(link=site), post]


def convert(out: Path, records: list[object], **options: object) -> Tally:
    tally = Tally()
    write_markdown(records, str(out), MarkdownOptions(download_media=True, **options), tally)  # type: ignore[arg-type]
    return tally


def failures(tally: Tally) -> dict[str, int]:
    return {reason: n for (kind, reason), n in tally.skipped.items() if kind == "media file"}


def files_below(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def empty_folders(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_dir() and not any(p.iterdir()))


# -- what is fetched at all ---------------------------------------------------------------


def test_file_data_and_ftp_urls_are_never_fetched_or_saved(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(
        main, ["convert", str(HOSTILE_MEDIA), "--to", "markdown", "-o", str(out), "--download-media"]
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert not (out / "static" / "media").exists()  # nothing saved, no folder made for nothing
    assert empty_folders(out) == []
    assert "3 attachment (file URL is not http(s))" in result.output  # file:, ftp:, data: attachments
    assert "3 unsafe-media-url" in result.output
    page = (out / "content/posts/harbour-lights.md").read_text(encoding="utf-8")
    assert "file:///etc/passwd#.files.wordpress.com" in page  # left as written, not made a local file
    assert "/media/" not in page


def test_a_host_is_parsed_not_searched_for() -> None:
    from importer.writers.markdown.media import is_local_media

    assert is_local_media("https://blogname.files.wordpress.com/2010/01/photo.jpg", internal=False)
    assert not is_local_media("file:///etc/passwd#.files.wordpress.com/x.jpg", internal=False)
    assert not is_local_media("https://evil.example/x.jpg?.files.wordpress.com", internal=False)
    assert not is_local_media("https://files.wordpress.com.evil.example/x.jpg", internal=False)
    assert not is_local_media("ftp://ferrylog.example/wp-content/uploads/x.jpg", internal=True)
    assert not is_local_media("data:image/png;base64,AAAA/wp-content/uploads/x.png", internal=True)


def test_an_ftp_redirect_or_url_is_not_attempted(tmp_path: Path, server: Server) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.5)
    ftp = f"ftp://127.0.0.1:{listener.getsockname()[1]}"
    server.routes[f"{UPLOADS}/a.jpg"] = redirect(f"{ftp}{UPLOADS}/a.jpg")
    media = [MediaFile("static/a.jpg", "/a.jpg", [f"{server.base}{UPLOADS}/a.jpg"])]
    media.append(MediaFile("static/b.jpg", "/b.jpg", [f"{ftp}{UPLOADS}/b.jpg"]))
    tally = Tally()
    download_all(media, tmp_path, tally, DownloadOptions(policy=AddressPolicy(allow_private=True)))
    with pytest.raises(TimeoutError):
        listener.accept()  # nobody connected
    listener.close()
    assert failures(tally) == {"download failed: not an http(s) URL": 2}
    assert files_below(tmp_path) == []


# -- which addresses ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "10.1.2.3",
        "172.16.0.5",
        "172.31.255.255",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
    ],
)
def test_special_addresses_are_refused(address: str) -> None:
    ip: IPAddress = ipaddress.ip_address(address)
    assert special_address(ip) is not None
    assert AddressPolicy(allow_private=False).refusal(ip, 80) is not None
    assert AddressPolicy(allow_private=True).refusal(ip, 80) is None


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "172.32.0.1", "::ffff:93.184.216.34"]
)
def test_public_addresses_are_fetched_from(address: str) -> None:
    assert special_address(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "0x7f000001", "0177.0.0.1", "127.1"])
def test_loopback_in_any_spelling_is_refused_after_resolving(tmp_path: Path, server: Server, host: str) -> None:
    server.routes[f"{UPLOADS}/bed.jpg"] = body(PHOTO)
    url = f"http://{host}:{server.port}{UPLOADS}/bed.jpg"
    tally = convert(tmp_path / "refused", post_with_images(url))
    assert server.requests == []
    [reason] = failures(tally)
    assert reason.startswith("download failed: refused: not a public address")
    assert not (tmp_path / "refused/static/media").exists()
    # the same spelling reaches the server with the flag: it was the policy that refused it
    tally = convert(tmp_path / "allowed", post_with_images(url), allow_private_media_hosts=True)
    assert tally.written["media file"] == 1
    assert (tmp_path / "allowed/static/media/2019/06/bed.jpg").read_bytes() == PHOTO


def test_private_and_metadata_hosts_are_refused_without_a_connection(tmp_path: Path) -> None:
    urls = [
        f"http://{host}{UPLOADS}/x{n}.jpg"
        for n, host in enumerate(["10.0.0.1", "192.168.0.1", "172.16.1.1", "169.254.169.254", "[fd00::1]", "[::1]"])
    ]
    tally = convert(tmp_path, post_with_images(*urls), media_timeout=5)
    assert failures(tally) == {
        "download failed: refused: not a public address (allow_private_media_hosts fetches from it)": 6
    }


class OnlyPort(AddressPolicy):
    """Loopback on one port stands for a public server; every other address is refused."""

    def __init__(self, port: int) -> None:
        super().__init__()
        self.port = port

    def refusal(self, address: IPAddress, port: int) -> str | None:
        return None if port == self.port else "a private address"


@pytest.mark.parametrize(
    "location",
    ["{other}/wp-content/uploads/2019/06/bed.jpg", "ftp://127.0.0.1:{port}/bed.jpg", "http://10.0.0.1/bed.jpg"],
    ids=["another-port", "ftp", "private-host"],
)
def test_every_redirect_is_checked_again(tmp_path: Path, servers: Callable[[], Server], location: str) -> None:
    public, private = servers(), servers()
    private.routes[f"{UPLOADS}/bed.jpg"] = body(PHOTO)
    public.routes[f"{UPLOADS}/bed.jpg"] = redirect(location.format(other=private.base, port=private.port))
    public.routes[f"{UPLOADS}/moved.jpg"] = redirect(f"{UPLOADS}/kept.jpg")  # same server: followed
    public.routes[f"{UPLOADS}/kept.jpg"] = body(PHOTO)
    media = [
        MediaFile("static/bed.jpg", "/bed.jpg", [f"{public.base}{UPLOADS}/bed.jpg"]),
        MediaFile("static/kept.jpg", "/kept.jpg", [f"{public.base}{UPLOADS}/moved.jpg"]),
    ]
    tally = Tally()
    download_all(media, tmp_path, tally, DownloadOptions(policy=OnlyPort(public.port)))
    assert private.requests == []
    assert tally.written["media file"] == 1
    assert files_below(tmp_path) == ["static/kept.jpg"]
    [reason] = failures(tally)
    assert reason.startswith(("download failed: refused", "download failed: not an http(s) URL"))


def test_a_redirect_loop_ends(tmp_path: Path, server: Server) -> None:
    server.routes[f"{UPLOADS}/a.jpg"] = redirect(f"{UPLOADS}/b.jpg")
    server.routes[f"{UPLOADS}/b.jpg"] = redirect(f"{UPLOADS}/a.jpg")
    tally = convert(tmp_path, post_with_images(f"{server.base}{UPLOADS}/a.jpg"), allow_private_media_hosts=True)
    assert failures(tally) == {"download failed: too many redirects": 1}


# -- limits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("announced", [True, False], ids=["content-length", "no-length"])
def test_a_file_over_the_size_limit_is_dropped_with_its_part(tmp_path: Path, server: Server, announced: bool) -> None:
    server.routes[f"{UPLOADS}/huge.jpg"] = body(b"x" * 300_000, length=announced)
    server.routes[f"{UPLOADS}/small.jpg"] = body(PHOTO)
    urls = [f"{server.base}{UPLOADS}/huge.jpg", f"{server.base}{UPLOADS}/small.jpg"]
    tally = convert(tmp_path, post_with_images(*urls), allow_private_media_hosts=True, max_media_size=100_000)
    assert failures(tally) == {"download failed: larger than max_media_size": 1}
    assert files_below(tmp_path / "static/media") == ["2019/06/small.jpg"]  # no huge.jpg, no huge.jpg.part


@pytest.mark.parametrize("route", [trickle, trickle_headers], ids=["body", "headers"])
def test_a_trickling_server_cannot_hold_the_run(tmp_path: Path, server: Server, route: Route) -> None:
    server.routes[f"{UPLOADS}/slow.jpg"] = route
    export = export_with_image(tmp_path, f"{server.base}{UPLOADS}/slow.jpg")
    out = tmp_path / "site"
    args = ["--download-media", "--allow-private-media-hosts", "--media-timeout", "2"]
    proc = subprocess.run(
        [sys.executable, "-m", "importer", "convert", str(export), "--to", "markdown", "-o", str(out), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,  # a guard against a hang, not a speed assertion
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 media file (download failed: timed out)" in proc.stderr
    assert not (out / "static/media").exists()


def test_the_size_and_time_limits_are_options_of_the_download() -> None:
    result = CliRunner().invoke(main, ["convert", "--help"])
    for option in ("--max-media-size", "--media-timeout", "--allow-private-media-hosts"):
        assert option in result.output
    result = CliRunner().invoke(
        main, ["convert", str(HOSTILE_MEDIA), "--to", "markdown", "-o", "x", "--max-media-size", "huge"]
    )
    assert result.exit_code == 2
    assert "not a size" in result.output


@pytest.mark.parametrize(
    "option",
    [["--max-media-size", "5M"], ["--media-timeout", "9"], ["--allow-private-media-hosts"], ["--media-jobs", "2"]],
)
def test_download_limits_without_downloads_are_a_usage_error(tmp_path: Path, option: list[str]) -> None:
    result = CliRunner().invoke(
        main, ["convert", str(HOSTILE_MEDIA), "--to", "markdown", "-o", str(tmp_path / "site"), *option]
    )
    assert result.exit_code == 2
    assert f"error: {option[0]} is for --download-media" in result.output
    assert not (tmp_path / "site").exists()


# -- bad URLs -------------------------------------------------------------------------------


def test_spaces_are_percent_encoded(tmp_path: Path, server: Server) -> None:
    server.routes[f"{UPLOADS}/deck%20at%20dawn.jpg"] = body(PHOTO)
    tally = convert(
        tmp_path, post_with_images(f"{server.base}{UPLOADS}/deck at dawn.jpg"), allow_private_media_hosts=True
    )
    assert tally.written["media file"] == 1
    assert server.requests == [f"{UPLOADS}/deck%20at%20dawn.jpg"]


def test_bad_ports_and_brackets_are_reported_not_raised(tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = CliRunner().invoke(
        main, ["convert", str(HOSTILE_MEDIA), "--to", "markdown", "-o", str(out), "--download-media"]
    )
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert "2 media file (download failed: bad URL)" in result.output  # port 99999, http://[fe80::1/...


# -- failures leave nothing behind, and end quickly ----------------------------------------


def test_no_network_ends_with_one_line_and_no_empty_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    lookups: list[str] = []

    def no_dns(host: str, *args: object, **kwargs: object) -> list[object]:
        lookups.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    urls = [f"https://ferrylog.example{UPLOADS}/{n}.jpg" for n in range(40)]
    tally = convert(tmp_path, post_with_images(*urls), media_jobs=1)
    assert failures(tally) == {"download failed: host not found": 40}
    assert lookups == ["ferrylog.example"]  # the host failed once for the run
    assert [line for line in tally.summary_lines() if "media file" in line] == [
        "skipped: 40 media file (download failed: host not found)"
    ]
    assert empty_folders(tmp_path) == []
    assert not (tmp_path / "static/media").exists()


def test_a_failed_download_removes_its_part_and_folders(tmp_path: Path, server: Server) -> None:
    def broken(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.write(b"x" * 5000)  # then the connection closes

    server.routes["/wp-content/uploads/2031/01/cut.jpg"] = broken
    tally = convert(
        tmp_path, post_with_images(f"{server.base}/wp-content/uploads/2031/01/cut.jpg"), allow_private_media_hosts=True
    )
    assert failures(tally) == {"download failed: connection failed": 1}
    assert len(server.requests) == 3  # retried
    assert not (tmp_path / "static/media").exists()
    assert empty_folders(tmp_path) == []


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _unshare_works(), reason="needs unshare -rm (a user namespace) to mount a small tmpfs")
def test_a_full_disk_is_one_error_line(tmp_path: Path, server: Server) -> None:
    server.routes[f"{UPLOADS}/big.jpg"] = body(os.urandom(2 << 20))
    export = export_with_image(tmp_path, f"{server.base}{UPLOADS}/big.jpg")
    out = tmp_path / "site"
    out.mkdir()
    command = (
        f"mount -t tmpfs -o size=512k tmpfs {out} && "
        f"{sys.executable} -m importer convert {export} --to markdown -o {out} "
        '--download-media --allow-private-media-hosts; echo "rc=$?"; ls -R {out}'
    )
    proc = subprocess.run(
        ["unshare", "-rm", "sh", "-c", command], cwd=ROOT, capture_output=True, text=True, timeout=HANG_GUARD
    )
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, proc.stderr
    assert "No space left on device" in errors[0]
    assert "rc=1" in proc.stdout
    assert ".part" not in proc.stdout  # removed: the space is given back


# -- a proxy the user set -------------------------------------------------------------------


class LoopbackProxy:
    """An HTTP proxy on loopback: answers a GET for an absolute URL ending in /bed.jpg with the
    photo, refuses every CONNECT, and records what it was asked."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, str | None]] = []  # (method, target, Proxy-Authorization)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.requests.append(("GET", self.path, self.headers.get("Proxy-Authorization")))
                body(PHOTO)(self) if self.path.endswith("/bed.jpg") else self.send_error(404)

            def do_CONNECT(self) -> None:
                proxy.requests.append(("CONNECT", self.path, self.headers.get("Proxy-Authorization")))
                self.send_error(403)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopbackProxy]:
    started = LoopbackProxy()
    threading.Thread(target=started.httpd.serve_forever, daemon=True).start()
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("http_proxy", f"http://mo:p%40ss@127.0.0.1:{started.port}")
    monkeypatch.setenv("https_proxy", f"127.0.0.1:{started.port}")
    yield started
    started.httpd.shutdown()
    started.httpd.server_close()


def test_a_proxy_set_in_the_environment_fetches_the_media(tmp_path: Path, proxy: LoopbackProxy) -> None:
    """The proxy resolves the name (media.invalid resolves nowhere) and may itself be on loopback:
    the user chose it, no --allow-private-media-hosts needed."""
    url = f"http://media.invalid{UPLOADS}/bed.jpg"
    tally = convert(tmp_path, post_with_images(url))
    assert tally.written["media file"] == 1, failures(tally)
    assert (tmp_path / "static/media/2019/06/bed.jpg").read_bytes() == PHOTO
    assert proxy.requests == [("GET", url, "Basic bW86cEBzcw==")]  # mo:p@ss


def test_through_a_proxy_an_address_the_url_names_is_still_refused(tmp_path: Path, proxy: LoopbackProxy) -> None:
    hosts = ["127.0.0.1:9", "2130706433", "localhost", "10.0.0.1", "[::1]", "169.254.169.254"]
    urls = [f"http://{host}{UPLOADS}/bed{n}.jpg" for n, host in enumerate(hosts)]
    tally = convert(tmp_path, post_with_images(*urls))
    assert failures(tally) == {
        "download failed: refused: not a public address (allow_private_media_hosts fetches from it)": len(hosts)
    }
    assert proxy.requests == []


def test_an_https_url_goes_through_a_connect_tunnel(tmp_path: Path, proxy: LoopbackProxy) -> None:
    tally = convert(tmp_path, post_with_images(f"https://media.invalid{UPLOADS}/bed.jpg"), media_timeout=10)
    assert proxy.requests == [("CONNECT", "media.invalid:443", None)]
    assert failures(tally) == {"download failed: proxy refused": 1}


def test_no_proxy_hosts_are_fetched_directly(
    tmp_path: Path, proxy: LoopbackProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("no_proxy", "media.invalid")
    tally = convert(tmp_path, post_with_images(f"http://media.invalid{UPLOADS}/bed.jpg"), media_timeout=10)
    assert proxy.requests == []
    assert failures(tally) == {"download failed: host not found": 1}
