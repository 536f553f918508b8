"""Hostile and broken input across every command that reads a source (convert, inspect, validate).

Each case runs the real command in a subprocess whose address space is capped (an expanded
entity bomb would need gigabytes), with a generous time-out that only guards against a hang.
A refused or broken file must give one clear error line on stderr (never a traceback), a
non-zero exit code and no output file; nothing may be fetched and no file outside the input read.
Small hostile files live in fixtures/hostile/; big and binary ones are generated here.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import socket
import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

from importer.transforms.addresses import unsafe_url
from importer.validate import validate
from importer.writers.markdown.paths import reserved_path

sys.path.insert(0, str(ROOT / "bench"))
from synth_wxr import write_synthetic_wxr  # the benchmarks' export generator

HOSTILE = FIXTURES / "hostile"
MEMORY_CAP = 1536 * 1024 * 1024  # bytes of address space for one run
HANG_GUARD = 120  # seconds; a run that needs this long has hung

EXIT_FAILED = 1
EXIT_USAGE_OR_UNREADABLE = 2


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    output: Path


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def blogimport(command: str, source: Path | str, tmp_path: Path, *extra: str) -> Run:
    """Run ``blogimport COMMAND SOURCE`` (convert writes JSON to tmp_path/out.json)."""
    output = tmp_path / "out.json"
    args = [command, str(source), *extra]
    if command == "convert":
        args += ["--to", "json", "-o", str(output)]
    proc = subprocess.run(
        [sys.executable, "-m", "importer", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=HANG_GUARD,
        preexec_fn=_cap_memory,
        env={**os.environ, "no_proxy": "*"},
    )
    return Run(proc.returncode, proc.stdout, proc.stderr, output)


def assert_one_clear_error(run: Run, source: Path | str, *, words: tuple[str, ...] = ()) -> None:
    assert "Traceback" not in run.stderr + run.stdout
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, run.stderr
    assert str(source) in errors[0]
    message = errors[0].split(str(source), 1)[1].lower()
    for word in words:
        assert word in message, errors[0]


# -- generated inputs ------------------------------------------------------------------


def _ok_text() -> str:
    return (HOSTILE / "ok.xml").read_text(encoding="utf-8")


def _with_doctype(doctype: str, title: str) -> str:
    text = _ok_text().replace("<title>Night ferry</title>", f"<title>{title}</title>")
    return text.replace("?>\n", "?>\n" + doctype + "\n", 1)


def quadratic_blowup(path: Path) -> Path:
    path.write_text(_with_doctype(f'<!DOCTYPE rss [<!ENTITY a "{"a" * 100_000}">]>', "&a;" * 100_000))
    return path


def billion_laughs_utf16(path: Path) -> Path:
    text = (HOSTILE / "billion-laughs.xml").read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path.write_bytes(text.encode("utf-16-le"))  # no BOM: detection must not rely on one
    return path


def billion_laughs_gzip(path: Path) -> Path:
    path.write_bytes(gzip.compress((HOSTILE / "billion-laughs.xml").read_bytes()))
    return path


def entities_after_junk(path: Path) -> Path:
    text = (HOSTILE / "billion-laughs.xml").read_text(encoding="utf-8")
    path.write_text("Warning: Cannot modify header information in /var/www/wp-includes/feed.php\n" + text)
    return path


def huge_doctype(path: Path) -> Path:
    padding = "<!-- " + "x" * 200_000 + " -->"
    path.write_text(_with_doctype(f'<!DOCTYPE rss [{padding}<!ENTITY a "&#38;#38;">]>', "&a;"))
    return path


def deep_nesting(path: Path) -> Path:
    depth = 100_000
    text = _ok_text().replace("<wp:post_id>", "<x>" * depth + "</x>" * depth + "<wp:post_id>")
    path.write_text(text)
    return path


def binary(path: Path) -> Path:
    path.write_bytes(bytes(range(256)) * 64)
    return path


def directory(path: Path) -> Path:
    path.mkdir()
    (path / "export.xml").write_text(_ok_text())
    return path


def truncated_gzip(path: Path) -> Path:
    data = gzip.compress(_ok_text().encode())
    path.write_bytes(data[: len(data) // 2])
    return path


Maker = Callable[[Path], Path]

REFUSED: dict[str, Path | Maker] = {
    "xxe-local-file": HOSTILE / "xxe-local-file.xml",
    "xxe-network": HOSTILE / "xxe-network.xml",
    "xxe-parameter-entity": HOSTILE / "xxe-parameter-entity.xml",
    "billion-laughs": HOSTILE / "billion-laughs.xml",
    "billion-laughs-utf16": billion_laughs_utf16,
    "billion-laughs-gzip": billion_laughs_gzip,
    "entities-after-php-warnings": entities_after_junk,
    "quadratic-blowup": quadratic_blowup,
    "huge-doctype": huge_doctype,
}

BROKEN: dict[str, Path | Maker] = {
    "truncated": HOSTILE / "truncated.xml",
    "invalid-utf8": HOSTILE / "invalid-utf8.xml",
    "latin1-declared-utf8": HOSTILE / "latin1-declared-utf8.xml",
    "deep-nesting": deep_nesting,
    "truncated-gzip": truncated_gzip,
}

UNREADABLE: dict[str, Path | Maker] = {
    "empty": HOSTILE / "empty.xml",
    "binary": binary,
    "not-a-wxr": HOSTILE / "not-a-wxr.xml",
}


def materialize(case: Path | Maker, tmp_path: Path, name: str) -> Path:
    return case if isinstance(case, Path) else case(tmp_path / name)


COMMANDS = ["convert", "inspect", "validate"]


# -- hostile: refused -------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_xml_is_refused(name: str, command: str, tmp_path: Path) -> None:
    source = materialize(REFUSED[name], tmp_path, name)
    run = blogimport(command, source, tmp_path)
    assert run.returncode == EXIT_FAILED, run.stderr + run.stdout
    assert not run.output.exists()
    if command == "validate":
        assert "BI003 unsafe-xml" in run.stdout, run.stdout
        assert "Traceback" not in run.stderr
    else:
        assert_one_clear_error(run, source, words=("refused",))


def test_local_file_entity_never_reaches_the_output(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER")
    source = tmp_path / "xxe.xml"
    source.write_text(_with_doctype(f'<!DOCTYPE rss [<!ENTITY s SYSTEM "file://{secret}">]>', "&s;"))
    for command in COMMANDS:
        run = blogimport(command, source, tmp_path)
        assert "TOP-SECRET-MARKER" not in run.stdout + run.stderr
        assert not run.output.exists() or "TOP-SECRET-MARKER" not in run.output.read_text()


@pytest.fixture
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP listener on loopback that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    received.append(conn.recv(1024) or b"(connected)")
                except OSError:
                    received.append(b"(connected)")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], received
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss [<!ENTITY r SYSTEM "http://127.0.0.1:{port}/entity">]>',
        '<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/evil.dtd"> %p;]>',
        '<!DOCTYPE rss SYSTEM "http://127.0.0.1:{port}/rss.dtd">',
        '<!DOCTYPE rss PUBLIC "-//X//DTD X//EN" "http://127.0.0.1:{port}/public.dtd">',
    ],
    ids=["external-entity", "parameter-entity", "external-dtd", "public-dtd"],
)
def test_nothing_is_fetched(doctype: str, listener: tuple[int, list[bytes]], tmp_path: Path) -> None:
    port, received = listener
    title = "&r;" if "ENTITY r" in doctype else "Night ferry"
    source = tmp_path / "fetch.xml"
    source.write_text(_with_doctype(doctype.format(port=port), title))
    for command in COMMANDS:
        run = blogimport(command, source, tmp_path)
        assert "Traceback" not in run.stderr
        assert run.returncode in (0, EXIT_FAILED)
    assert received == []


# -- broken input ----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["convert", "inspect"])
@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_input_is_one_error_line(name: str, command: str, tmp_path: Path) -> None:
    source = materialize(BROKEN[name], tmp_path, name)
    run = blogimport(command, source, tmp_path)
    assert run.returncode == EXIT_FAILED, run.stderr
    assert not run.output.exists()
    assert_one_clear_error(run, source)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_validate_reports_broken_input_as_not_well_formed(name: str, tmp_path: Path) -> None:
    source = materialize(BROKEN[name], tmp_path, name)
    run = blogimport("validate", source, tmp_path, "--format", "json")
    assert run.returncode == EXIT_FAILED, run.stdout + run.stderr
    assert '"code": "BI002"' in run.stdout


@pytest.mark.parametrize("command", ["convert", "inspect"])
@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_input_is_one_error_line(name: str, command: str, tmp_path: Path) -> None:
    source = materialize(UNREADABLE[name], tmp_path, name)
    run = blogimport(command, source, tmp_path)
    assert run.returncode == EXIT_FAILED, run.stderr
    assert not run.output.exists()
    assert_one_clear_error(run, source)


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_validate_exits_2_on_unreadable_input(name: str, tmp_path: Path) -> None:
    source = materialize(UNREADABLE[name], tmp_path, name)
    run = blogimport("validate", source, tmp_path)
    assert run.returncode == EXIT_USAGE_OR_UNREADABLE, run.stdout + run.stderr
    assert "BI001 unreadable-input" in run.stdout


@pytest.mark.parametrize("name", ["wordpress-error-page.html", "html-page.html", "passwd"])
def test_validate_exits_2_on_a_file_that_is_no_export_or_blog_page(name: str, tmp_path: Path) -> None:
    """A WordPress error page ('Error establishing a database connection') saved instead of the export,
    a page of no blog, /etc/passwd: nothing to check is not 'no problems'."""
    run = blogimport("validate", HOSTILE / name, tmp_path)
    assert run.returncode == EXIT_USAGE_OR_UNREADABLE, run.stdout + run.stderr
    assert "BI001 unreadable-input" in run.stdout
    assert "ok" not in run.stdout.split()


@pytest.mark.parametrize("text", ['{"hello": "world"}', "{}", '{"posts": [{"id": 1}]}'])
def test_validate_export_exits_2_on_json_that_is_no_export(text: str, tmp_path: Path) -> None:
    """Some other program's JSON is not an export with schema errors: it cannot be checked at all."""
    export = tmp_path / "other.json"
    export.write_text(text)
    run = blogimport("validate", "--export", tmp_path, str(export))
    assert run.returncode == EXIT_USAGE_OR_UNREADABLE, run.stdout + run.stderr
    assert "BI500 unreadable-export" in run.stdout and "BI503" not in run.stdout, run.stdout


def test_validate_warns_of_media_urls_a_download_refuses(tmp_path: Path) -> None:
    run = blogimport("validate", HOSTILE / "media-addresses.xml", tmp_path, "--format", "json")
    assert run.returncode == 0, run.stdout + run.stderr  # warnings: a development site's export is full of localhost
    found = json.loads(run.stdout)["findings"]
    assert {f["post_id"] for f in found if f["code"] == "BI304"} == {1, 2, 3, 4, 5, 6, 7, 20}  # not 8 (public)
    assert all(f["severity"] == "warning" for f in found if f["code"] == "BI304")


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd#.files.wordpress.com", "file scheme"),
        ("data:image/png;base64,iVBORw0KGgo=", "data scheme"),
        ("FTP://ferrylog.example/a.jpg", "ftp scheme"),
        ("http://localhost:8080/a.jpg", "loopback"),
        ("http://dev.localhost./a.jpg", "loopback"),
        ("http://0x7f000001/a.jpg", "loopback"),
        ("http://0177.0.0.1/a.jpg", "loopback"),
        ("http://127.1/a.jpg", "loopback"),
        ("http://[::1]/a.jpg", "loopback"),
        ("https://10.1.2.3/a.jpg", "private"),
        ("http://172.16.0.1/a.jpg", "private"),
        ("http://[fd00::1]/a.jpg", "private"),
        ("http://169.254.169.254/latest/", "link-local"),
        ("https://ferrylog.example/a.jpg", None),
        ("https://93.184.216.34/a.jpg", None),
        ("/wp-content/uploads/a.jpg", None),
        ("http://[::1/a.jpg", None),  # not a URL at all: the download reports it as a bad URL
    ],
)
def test_unsafe_media_urls_as_written(url: str, reason: str | None) -> None:
    found = unsafe_url(url)
    assert (found is None) if reason is None else (found is not None and reason in found), found


@pytest.mark.parametrize("command", ["convert", "inspect"])
def test_a_directory_where_a_wxr_was_expected(command: str, tmp_path: Path) -> None:
    source = directory(tmp_path / "site")
    run = blogimport(command, source, tmp_path, "--from", "wxr")
    assert run.returncode == EXIT_FAILED
    assert_one_clear_error(run, source, words=("directory",))


@pytest.mark.parametrize("command", ["convert", "inspect"])
def test_html_where_xml_was_expected(command: str, tmp_path: Path) -> None:
    source = HOSTILE / "html-page.html"
    run = blogimport(command, source, tmp_path, "--from", "wxr")
    assert run.returncode == EXIT_FAILED
    assert_one_clear_error(run, source)


def test_recover_salvages_a_truncated_file_and_reports_the_loss(tmp_path: Path) -> None:
    source = HOSTILE / "truncated.xml"
    run = blogimport("convert", source, tmp_path, "--recover")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert run.output.exists()
    assert "problems:" in run.stderr or "recover" in run.stderr.lower()


# -- odd but readable input ------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["bom-utf8.xml", "bom-utf16.xml", "nul-bytes.xml", "utf8-declared-latin1.xml", "external-dtd.xml"],
)
def test_odd_but_readable_files_convert(name: str, tmp_path: Path) -> None:
    run = blogimport("convert", HOSTILE / name, tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Night ferry" in run.output.read_text(encoding="utf-8")


def test_nul_bytes_are_stripped_and_counted(tmp_path: Path) -> None:
    run = blogimport("convert", HOSTILE / "nul-bytes.xml", tmp_path)
    assert run.returncode == 0
    assert "leaves at" in run.output.read_text(encoding="utf-8")
    assert "\\u0000" not in run.output.read_text(encoding="utf-8")
    validation = blogimport("validate", HOSTILE / "nul-bytes.xml", tmp_path)
    assert "BI020 invalid-xml-char" in validation.stdout


def test_wrong_declared_encoding_shows_up_as_mojibake_in_validate(tmp_path: Path) -> None:
    run = blogimport("validate", HOSTILE / "utf8-declared-latin1.xml", tmp_path)
    assert run.returncode == 0, run.stdout
    assert "BI021 mojibake" in run.stdout and "'Ã©'" in run.stdout


# -- pages read whole: bounded memory, no blocking ---------------------------------------


def gzip_bomb(
    path: Path, size: int = 200 * 1024 * 1024, start: bytes = b"<html><head><title>Bomb</title></head><body><p>"
) -> Path:
    """A page (or what starts with ``start``) of a few hundred kilobytes that decompresses to ``size``
    bytes (written in chunks)."""
    chunk = b" " * (1024 * 1024) if start.startswith(b"<") else b"a" * (1024 * 1024)
    with gzip.open(path, "wb", compresslevel=9) as out:
        out.write(start)
        for _ in range(size // len(chunk)):
            out.write(chunk)
    return path


def _page_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mirror"
    (folder / "example.org" / "night-ferry").mkdir(parents=True)
    (folder / "example.org" / "night-ferry" / "index.html").write_bytes(
        (FIXTURES / "html" / "twentyten-single.html").read_bytes()
    )
    return folder


@pytest.mark.parametrize("command", ["convert", "inspect"])
def test_a_gzip_bomb_page_is_refused(command: str, tmp_path: Path) -> None:
    source = gzip_bomb(tmp_path / "page.html.gz")
    run = blogimport(command, source, tmp_path, "--from", "html")
    assert run.returncode == EXIT_FAILED, run.stderr
    assert not run.output.exists()
    assert_one_clear_error(run, source, words=("refused", "decompresses"))


# A JSON archive streams record by record; one record (a JSON line, a post) is read whole, up to
# 64 MB: a record of 2 GB needed more memory than the cap allows (before, the whole file was read).
JSON_BOMBS = {
    "blog.json.gz": b'{"schema": "blogimport/1", "site": {}, "posts": [{"id": 1, "content": "',
    "blog.jsonl.gz": b'{"kind": "site", "title": "Bomb"}\n{"kind": "post", "id": 1, "content": "',
}


@pytest.mark.parametrize("name", sorted(JSON_BOMBS))
def test_a_gzip_bomb_json_archive_is_refused(name: str, tmp_path: Path) -> None:
    source = gzip_bomb(tmp_path / name, 2048 * 1024 * 1024, JSON_BOMBS[name])
    run = blogimport("convert", source, tmp_path, "--from", "json")
    assert run.returncode == EXIT_FAILED, run.stderr
    assert not run.output.exists()
    assert_one_clear_error(run, source, words=("refused", "64 mb"))


def test_a_gzip_bomb_in_a_mirror_is_skipped_and_counted(tmp_path: Path) -> None:
    folder = _page_folder(tmp_path)
    gzip_bomb(folder / "example.org" / "bomb.html.gz")
    run = blogimport("convert", folder, tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "skipped: 1 file (refused: too big to read whole)" in run.stderr
    assert run.output.exists()


def test_a_fifo_in_a_mirror_is_skipped_and_counted(tmp_path: Path) -> None:
    folder = _page_folder(tmp_path)
    os.mkfifo(folder / "example.org" / "feed")  # nobody writes to it: opening it would wait forever
    run = blogimport("convert", folder, tmp_path)
    assert run.returncode == 0, run.stderr
    assert "not a regular file" in run.stderr
    assert run.output.exists()


@pytest.mark.parametrize("command", ["convert", "inspect"])
def test_a_page_of_millions_of_elements_is_refused(command: str, tmp_path: Path) -> None:
    source = tmp_path / "huge.html"
    source.write_text("<html><body><p>" + "<i>x</i>" * 4_100_000 + "</p></body></html>")
    run = blogimport(command, source, tmp_path, "--from", "html")
    assert run.returncode == EXIT_FAILED, run.stderr
    assert_one_clear_error(run, source, words=("refused", "tags"))


# -- bounded time: post bodies built to make a transform slow ----------------------------

# Bodies that took minutes before the transforms were made linear (``tests/test_hostile_bounds.py``
# runs every transform on a megabyte of each kind of hostile text; this runs the real command).
SLOW_BODIES = {
    "open shortcodes": "[a " * 60_000,  # 54 s at 60 KB
    "open comments in paragraphs": "\n\n<!-- a\n\n" * 40_000,  # over 120 s
    "open pre tags": "<pre x" * 40_000,  # 42 s
    "line breaks": "<br>\n" * 40_000,
    "a long pre attribute": "<pre " + "a" * 200_000 + ">x</pre>",  # over 150 s (code.py's attribute regex)
}


def slow_bodies(path: Path) -> Path:
    item = _ok_text().split("<item>")[1].split("</item>")[0]
    items = [
        item.replace("The last ferry leaves at 23:40.", body.replace("]]>", ""))
        .replace("<wp:post_id>1<", f"<wp:post_id>{number}<")
        .replace("night-ferry", f"slow-{number}")
        for number, body in enumerate(SLOW_BODIES.values(), 1)
    ]
    head, _, rest = _ok_text().partition("<item>")
    path.write_text(head + "".join(f"<item>{i}</item>" for i in items) + rest.split("</item>", 1)[1])
    return path


def test_post_bodies_built_to_be_slow_convert_in_bounded_time(tmp_path: Path) -> None:
    proc, markdown = _convert_to_markdown(slow_bodies(tmp_path / "slow.xml"), tmp_path, "--check-fidelity")
    assert proc.returncode == 0, proc.stderr
    written = next(line for line in proc.stderr.splitlines() if line.startswith("written:"))
    posts = f"{len(SLOW_BODIES)} post"
    assert posts in written.split(", ") or written.endswith(" " + posts), proc.stderr
    assert markdown


def test_an_untitled_post_of_spaces_gets_a_title_in_bounded_time(tmp_path: Path) -> None:
    source = tmp_path / "untitled.xml"
    body = "Ferry" + " " * 200_000 + "x."  # the title from the text took over 150 s
    source.write_text(
        _ok_text()
        .replace("<title>Night ferry</title>\n\t\t<link>", "<title></title>\n\t\t<link>")
        .replace("The last ferry leaves at 23:40.", body)
    )
    proc, markdown = _convert_to_markdown(source, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "title: Ferry x." in markdown


# Saved pages whose head, byline or archive additions made a reader's regex quadratic: each took
# from 15 s to minutes at a fifth of these sizes; linear, a second (``bench/audit_regexes.py``
# finds such patterns; ``bench/bench_hostile_growth.py --pages`` measures their growth).
_TOOLBAR = "<!-- BEGIN WAYBACK TOOLBAR INSERT -->"  # a page with it is taken for a Wayback capture
SLOW_PAGES: dict[str, tuple[str, str]] = {  # name -> (text replaced in twentyten-single.html, by this)
    "a byline of 'on' without a date": (
        '<cite class="fn">Sue Martin</cite>',
        '<cite class="fn">Sue' + " on" * 30_000 + "</cite>",
    ),
    "canonical links without an end": ("</head>", _TOOLBAR + '<link rel="canonical" ' * 3_000 + "</head>"),
    "archive scripts without an end": (
        "</head>",
        "<!-- End Wayback Rewrite JS Include --><!--" + "<script/_static/js/" * 3_000 + "--></head>",
    ),
    "inline archive scripts unclosed": ("</head>", _TOOLBAR + "<!--" + "<script>a__wm." * 5_000 + "--></head>"),
    "toolbars without an end": ("</head>", _TOOLBAR * 15_000 + "</head>"),
    "trailers without an end": ("</html>", "</html>" + _TOOLBAR + "<!-- playback timings" * 20_000),
}


@pytest.mark.parametrize("name", sorted(SLOW_PAGES))
def test_pages_built_to_be_slow_convert_in_bounded_time(name: str, tmp_path: Path) -> None:
    old, new = SLOW_PAGES[name]
    page = (FIXTURES / "html" / "twentyten-single.html").read_text(encoding="utf-8")
    source = tmp_path / "page.html"
    source.write_text(page.replace(old, new, 1))
    run = blogimport("convert", source, tmp_path, "--from", "html")
    assert run.returncode == 0, run.stderr
    assert "Swifts" in run.output.read_text(encoding="utf-8")


# -- deep nesting: the text below the parser's depth limit is kept, and the flattening reported --


def _convert_to_markdown(source: Path, tmp_path: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], str]:
    site = tmp_path / "site"
    command = ["convert", str(source), "--to", "markdown", "-o", str(site), *extra]
    proc = subprocess.run(
        [sys.executable, "-m", "importer", *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        preexec_fn=_cap_memory,
    )
    return proc, "".join(p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.md")))


def test_four_hundred_unclosed_fonts_keep_every_paragraph(tmp_path: Path) -> None:
    proc, markdown = _convert_to_markdown(HOSTILE / "deep-font.xml", tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert all(f"Departure {i} leaves on time." in markdown for i in range(1, 401))
    assert "flattened (text kept)" in proc.stderr


def test_a_deeply_nested_post_keeps_its_text_in_markdown(tmp_path: Path) -> None:
    words = " ".join(f"word{i}" for i in range(4000))  # about 33 KB
    source = tmp_path / "deep.xml"
    source.write_text(_ok_text().replace("The last ferry leaves at 23:40.", "<div>" * 1000 + words + "</div>" * 1000))
    proc, markdown = _convert_to_markdown(source, tmp_path, "--check-fidelity")
    assert proc.returncode == 0, proc.stderr
    assert words in markdown
    assert "flattened (text kept)" in proc.stderr


def test_a_deeply_nested_page_keeps_its_text(tmp_path: Path) -> None:
    page = (FIXTURES / "html" / "twentyten-single.html").read_text(encoding="utf-8")
    words = " ".join(f"word{i}" for i in range(2000))
    deep = "<div>" * 600 + f"<p>{words}</p>" + "</div>" * 600
    source = tmp_path / "deep.html"
    source.write_text(page.replace('<div class="entry-content">', '<div class="entry-content">' + deep, 1))
    run = blogimport("convert", source, tmp_path, "--from", "html")
    assert run.returncode == 0, run.stderr
    assert words in run.output.read_text(encoding="utf-8")
    assert "flattened (text kept)" in run.stderr


# -- validate --export on hostile exports ------------------------------------------------

NESTING = 100_000  # far past Python's recursion limit


def _nested(depth: int = NESTING) -> str:
    return "[" * depth + "]" * depth


def deep_json(path: Path) -> Path:
    path.write_text('{"schema": "blogimport/1", "site": ' + _nested() + ', "authors": [], "terms": [], "posts": []}')
    return path


def deep_jsonl(path: Path) -> Path:
    path.write_text('{"kind": "site", "title": ' + _nested() + "}\n")
    return path


def _markdown_site(path: Path, front_matter: str) -> Path:
    (path / "posts").mkdir(parents=True)
    (path / "posts" / "night-ferry.md").write_text(front_matter + "The last ferry leaves at 23:40.\n")
    return path


def deep_yaml_front_matter(path: Path) -> Path:
    return _markdown_site(path, "---\ntitle: Night ferry\nx: " + _nested() + "\n---\n")


def deep_toml_front_matter(path: Path) -> Path:
    return _markdown_site(path, '+++\ntitle = "Night ferry"\nx = ' + _nested() + "\n+++\n")


def deep_comment_data(path: Path) -> Path:
    _markdown_site(path, "---\ntitle: Night ferry\n---\n")
    (path / "data" / "comments").mkdir(parents=True)
    (path / "data" / "comments" / "night-ferry.json").write_text(_nested())
    return path


def deep_json_ld_page(path: Path) -> Path:
    page = (FIXTURES / "html" / "twentyten-single.html").read_text(encoding="utf-8")
    script = '<script type="application/ld+json">{"@type": "Article", "about": ' + _nested() + "}</script>"
    path.write_text(page.replace("</head>", script + "</head>", 1), encoding="utf-8")
    return path


def deep_block_comments(path: Path) -> Path:
    """A code block's and a reusable block's attributes nested past the JSON parser's depth."""
    code = '<!-- wp:code {"language": ' + _nested() + '} --><pre class="wp-block-code"><code>x = 1</code></pre>'
    block = '<!-- wp:block {"ref": ' + _nested() + "} /-->"
    path.write_text(_ok_text().replace("The last ferry leaves at 23:40.", "The last ferry. " + code + block))
    return path


@pytest.mark.parametrize("name", ["json-ld", "block-comments"])
def test_json_nested_too_deeply_in_a_page_or_post_is_left_alone(name: str, tmp_path: Path) -> None:
    """JSON a stranger wrote into a page (JSON-LD) or a post (block attributes) is read for a hint only:
    nested past the parser's depth, it gives no hint, and the rest converts."""
    if name == "json-ld":
        proc, markdown = _convert_to_markdown(deep_json_ld_page(tmp_path / "page.html"), tmp_path, "--from", "html")
    else:
        proc, markdown = _convert_to_markdown(deep_block_comments(tmp_path / "post.xml"), tmp_path)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert markdown


def test_a_file_of_deeply_nested_json_is_one_error_line(tmp_path: Path) -> None:
    source = tmp_path / "deep"
    source.write_text(_nested())
    run = blogimport("convert", source, tmp_path)
    assert run.returncode == EXIT_FAILED, run.stderr[-2000:]
    assert_one_clear_error(run, source)


DEEP_EXPORTS: dict[str, Maker] = {
    "json": deep_json,
    "jsonl": deep_jsonl,
    "yaml-front-matter": deep_yaml_front_matter,
    "toml-front-matter": deep_toml_front_matter,
    "comment-data": deep_comment_data,
}


@pytest.mark.parametrize("name", sorted(DEEP_EXPORTS))
def test_validate_export_reports_deep_nesting_without_a_traceback(name: str, tmp_path: Path) -> None:
    export = DEEP_EXPORTS[name](tmp_path / name)
    run = blogimport("validate", "--export", tmp_path, str(export))
    assert "Traceback" not in run.stdout + run.stderr, run.stderr[-2000:]
    assert "RecursionError" not in run.stdout + run.stderr
    assert run.returncode == EXIT_FAILED, run.stdout + run.stderr
    deep = [line for line in run.stdout.splitlines() if "nested too deeply" in line]
    assert len(deep) == 1, run.stdout


# -- validate: memory for one post, not for the whole export ------------------------------


def _peak_bytes(export: Path | None = None, source: Path | None = None) -> int:
    """The most memory Python held while validating ``export`` or ``source`` (tracemalloc: exact, unlike RSS)."""
    tracemalloc.start()
    try:
        validate([str(source)] if source else [], exports=[str(export)] if export else [])
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _json_export(path: Path, posts: list[dict[str, object]]) -> Path:
    site = {"title": "Night ferry", "link": "https://example.org"}
    path.write_text(json.dumps({"schema": "blogimport/1", "site": site, "authors": [], "terms": [], "posts": posts}))
    return path


def big_posts(path: Path, n: int) -> Path:
    return _json_export(path, [{"id": i, "content": f"post {i} " + "x" * 200_000} for i in range(n)])


def posts_with_schema_errors(path: Path, n: int) -> Path:
    return _json_export(path, [{"id": i} for i in range(n)])  # some thirty errors each


def markdown_pages(path: Path, n: int) -> Path:
    (path / "posts").mkdir(parents=True)
    for i in range(n):
        page = f"---\ntitle: Post {i}\ndate: 2010-01-01\n---\n" + "x" * 200_000 + "\n[next](/missing/)\n"
        (path / "posts" / f"post-{i}.md").write_text(page)
    return path


GROWING_EXPORTS: dict[str, Callable[[Path, int], Path]] = {
    "json-big-posts": big_posts,
    "json-schema-errors": posts_with_schema_errors,
    "markdown-big-pages": markdown_pages,
}


@pytest.mark.parametrize("name", sorted(GROWING_EXPORTS))
def test_validate_export_memory_does_not_grow_with_the_export(name: str, tmp_path: Path) -> None:
    make = GROWING_EXPORTS[name]
    small = _peak_bytes(make(tmp_path / "small", 40 if "errors" in name else 5))
    large = _peak_bytes(make(tmp_path / "large", 320 if "errors" in name else 40))  # eight times as much
    assert large < small * 1.5 + 1_000_000, (small, large)


def test_validate_source_keeps_little_per_post(tmp_path: Path) -> None:
    """Ids, slugs and permalinks are kept to the end (duplicates, links), but not every item's line, author and
    terms: about 280 bytes an item or comment, 650 before."""
    small = write_synthetic_wxr(tmp_path / "small.xml", posts=300, comments_per_post=2)
    validate([str(small)])  # what the first run imports and caches is not the export's
    growth = _peak_bytes(source=write_synthetic_wxr(tmp_path / "large.xml", posts=3000, comments_per_post=2))
    growth -= _peak_bytes(source=small)
    assert growth / (2700 * 3) < 400, growth


# A comment is nested as deep as a post can be: its text is kept and the flattening counted, with
# or without something active in it to strip (the stripping parsed it again, and cut it off).
_DEEP_WORDS = " ".join(f"reply{i}" for i in range(3000))
_DEEP_COMMENTS = {
    "nested": "<div>" * 1000 + _DEEP_WORDS + "</div>" * 1000,
    "nested with a script": "<script>alert(1)</script>" + "<div>" * 1000 + _DEEP_WORDS + "</div>" * 1000,
}


def _with_comment(tmp_path: Path, content: str) -> Path:
    comment = (
        "<wp:comment><wp:comment_id>7</wp:comment_id><wp:comment_author><![CDATA[Mallory]]></wp:comment_author>"
        "<wp:comment_date><![CDATA[2012-06-02 08:00:00]]></wp:comment_date>"
        f"<wp:comment_content><![CDATA[{content}]]></wp:comment_content>"
        "<wp:comment_approved><![CDATA[1]]></wp:comment_approved></wp:comment>"
    )
    source = tmp_path / "deep-comment.xml"
    source.write_text(_ok_text().replace("</wp:post_type>", "</wp:post_type>" + comment, 1))
    return source


@pytest.mark.parametrize("comments", ["inline", "data"])
@pytest.mark.parametrize("kind", sorted(_DEEP_COMMENTS))
def test_a_deeply_nested_comment_keeps_its_text(kind: str, comments: str, tmp_path: Path) -> None:
    source = _with_comment(tmp_path, _DEEP_COMMENTS[kind])
    proc, markdown = _convert_to_markdown(source, tmp_path, "--comments", comments)
    assert proc.returncode == 0, proc.stderr
    written = markdown + "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.json"))
    written += "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.yaml"))
    assert _DEEP_WORDS in written
    assert "alert" not in written
    assert "flattened (text kept)" in proc.stderr


def test_a_deeply_nested_comment_in_a_page_keeps_its_text(tmp_path: Path) -> None:
    page = (FIXTURES / "html" / "twentyten-single.html").read_text(encoding="utf-8")
    source = tmp_path / "deep-comment.html"
    source.write_text(page.replace("<p>Is the hide open", "<p>" + _DEEP_COMMENTS["nested"] + " Is the hide open", 1))
    run = blogimport("convert", source, tmp_path, "--from", "html")
    assert run.returncode == 0, run.stderr
    assert _DEEP_WORDS in run.output.read_text(encoding="utf-8")
    assert "flattened (text kept)" in run.stderr


# -- old permalinks never take over the new site's own paths ------------------------------


def test_old_permalinks_never_take_the_new_sites_own_paths(tmp_path: Path) -> None:
    """A static front page (its permalink is "/"), posts once at /index.xml, /sitemap.xml, /feed/, a page
    at /tags/: no redirect or alias for them (Hugo's own feed, sitemap and lists stay), each reported."""
    proc, markdown = _convert_to_markdown(HOSTILE / "reserved-paths.xml", tmp_path, "--preset", "hugo")
    assert proc.returncode == 0, proc.stderr
    assert "5 reserved-path" in proc.stderr
    assert "reserved-path: /index.xml is the new site's own" in proc.stderr  # each named
    site = tmp_path / "site"
    netlify = (site / "static" / "_redirects").read_text(encoding="utf-8").splitlines()
    nginx = (site / "_blogimport" / "redirects.nginx.map").read_text(encoding="utf-8").splitlines()
    old_paths = {line.split()[0] for line in netlify[1:]} | {line.split('"')[1] for line in nginx[2:-1]}
    aliases = {line[2:] for line in markdown.splitlines() if line.startswith("- /")}
    reserved = {"/", "/index.xml", "/sitemap.xml", "/tags/", "/feed/"}
    assert not reserved & (old_paths | aliases), (old_paths, aliases)
    assert {"/timetable.html", "/night-ferry/", "/?p=3"} <= old_paths  # the others keep working
    assert "/timetable.html" in aliases


@pytest.mark.engine
def test_a_post_once_at_index_xml_leaves_hugo_its_feed(tmp_path: Path) -> None:
    from test_site_generators import build_hugo

    proc, _ = _convert_to_markdown(HOSTILE / "reserved-paths.xml", tmp_path, "--preset", "hugo")
    assert proc.returncode == 0, proc.stderr
    public = build_hugo(tmp_path / "site")
    assert "<rss" in (public / "index.xml").read_text(encoding="utf-8")  # Hugo's feed, not an alias page


@pytest.mark.parametrize(
    ("path", "reserved"),
    [
        ("/", True),
        ("/index.html", True),
        ("/Index.XML", True),
        ("/sitemap.xml", True),
        ("/feed", True),
        ("/tags/harbour/", True),
        ("/page/2/", True),
        ("/?p=12", False),
        ("/?page_id=2", False),
        ("/night-ferry/", False),
        ("/2012/06/feed/", False),
        ("/timetable.html", False),
    ],
)
def test_reserved_paths(path: str, reserved: bool) -> None:
    assert reserved_path(path) is reserved


# Rendered HTML (a rescued page, or content_format "html" in our JSON) written as WXR: the
# writer's line-break and tag patterns rescanned the rest of the text from every unclosed <pre>,
# tab or end tag (each over 130 s on main at these sizes), and its login sanitising from every
# "&" of the author's name; linear, about a second.
WXR_SLOW_HTML = {
    "unclosed pre": "<pre" * 50_000,
    "a run of tabs": "a" + "\t" * 200_000 + "b",
    "end tags without >": "<p>x</p>" + "</aaa" * 40_000,
}
_AMPERSANDS = "&" * 400_000  # a post's author as a WordPress login: 5.8 s at 50,000 on main, quadratic


@pytest.mark.parametrize("name", sorted(WXR_SLOW_HTML))
def test_rendered_html_built_to_be_slow_writes_wxr_in_bounded_time(name: str, tmp_path: Path) -> None:
    content = WXR_SLOW_HTML[name]
    post = {"id": 1, "type": "post", "status": "publish", "title": "Slow", "content": content, "content_format": "html"}
    post["author"] = _AMPERSANDS
    post["comments"] = [{"id": 1, "content": content, "content_format": "html"}]
    source = tmp_path / "blog.json"
    source.write_text(json.dumps({"schema": "blogimport/1", "site": {"title": "T"}, "posts": [post]}))
    output = tmp_path / "blog.xml"
    proc = subprocess.run(
        [sys.executable, "-m", "importer", "convert", str(source), "--from", "json", "--to", "wxr", "-o", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        preexec_fn=_cap_memory,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Slow" in output.read_text(encoding="utf-8")


# -- validate's own patterns: linear on text built against them -------------------------------


def test_validate_reads_a_post_of_unclosed_pre_tags_in_bounded_time(tmp_path: Path) -> None:
    """The shortcode check skips <pre>/<code> elements: found in one pass (a lazy regex rescanned
    the rest of the post from each of 60,000 '<pre x', for minutes)."""
    source = tmp_path / "pre.xml"
    source.write_text(_ok_text().replace("The last ferry leaves at 23:40.", "<pre x" * 60_000 + " [caption]"))
    run = blogimport("validate", source, tmp_path)
    assert "Traceback" not in run.stdout + run.stderr, run.stderr[-2000:]
    assert "caption" in run.stdout  # the enclosing shortcode left open is still found


def test_validate_export_reads_a_page_of_unfinished_image_links_in_bounded_time(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "importer", "convert", str(HOSTILE / "ok.xml"), "--to", "markdown", "-o", str(site)],
        cwd=ROOT,
        capture_output=True,
        timeout=HANG_GUARD,
    )
    assert done.returncode == 0, done.stderr
    page = next(site.rglob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "![a](" * 60_000 + "\n[ok](/nowhere/)\n")
    run = blogimport("validate", "--export", tmp_path, str(site))
    assert "Traceback" not in run.stdout + run.stderr, run.stderr[-2000:]
    assert "/nowhere/" in run.stdout  # the broken local link after them is still reported
