"""`blogimport convert` end to end over the WXR fixtures: outputs, filters, redaction, several
sources, stdin, the tally, and errors that are one line and never a traceback."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from importer.cli import EXIT_FAILED, main

ROOT = Path(__file__).resolve().parent.parent
WPCOM = str(ROOT / "fixtures" / "wxr" / "wpcom-small.xml")
SELFHOSTED = str(ROOT / "fixtures" / "wxr" / "selfhosted.xml")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
IPV4 = re.compile(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")


def run(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def convert_json(tmp_path: Path, *args: str) -> tuple[dict, Result]:
    out = tmp_path / "out.json"
    result = run("convert", *args, "--to", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8")), result


def post_ids(doc: dict) -> list[int]:
    return [p["id"] for p in doc["posts"]]


def test_convert_writes_the_file_and_ends_with_the_tally(tmp_path: Path) -> None:
    doc, result = convert_json(tmp_path, WPCOM)
    assert doc["site"]["title"] == "Tidepool Notes"
    lines = result.stderr.splitlines()
    assert lines[0].startswith("read: ")
    assert lines[1] == "written: 1 attachment, 2 author, 7 comment, 1 page, 4 post, 7 term"
    assert lines[2].startswith("skipped: 1 nav_menu_item (")
    assert result.stdout == ""


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    result = run("convert", WPCOM, "--to", "json", "-o", str(tmp_path / "o.json"), "--quiet")
    assert result.exit_code == 0
    assert result.output == ""


@pytest.mark.parametrize("to", ["json", "jsonl"])
def test_dash_o_dash_writes_to_stdout_and_tally_to_stderr(to: str, tmp_path: Path) -> None:
    result = run("convert", WPCOM, "--to", to, "-o", "-")
    assert result.exit_code == 0
    if to == "json":
        assert json.loads(result.stdout)["schema"] == "blogimport/1"
    else:
        kinds = [json.loads(line)["kind"] for line in result.stdout.splitlines()]
        assert kinds[0] == "site" and kinds.count("post") == 6
    assert "written: " in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_compact_json(tmp_path: Path) -> None:
    pretty, _ = convert_json(tmp_path, WPCOM)
    compact, _ = convert_json(tmp_path, WPCOM, "--compact")
    assert compact == pretty
    assert (tmp_path / "out.json").read_text().count("\n") == 1


def test_type_filter_keeps_only_those_types_and_counts_the_rest(tmp_path: Path) -> None:
    doc, result = convert_json(tmp_path, WPCOM, "--type", "page,attachment")
    assert sorted({p["type"] for p in doc["posts"]}) == ["attachment", "page"]
    assert "4 post (not selected by --type)" in result.stderr
    assert "comment (on a skipped post)" in result.stderr


def test_status_filter(tmp_path: Path) -> None:
    doc, result = convert_json(tmp_path, SELFHOSTED, "--status", "publish", "--type", "post")
    assert {(p["type"], p["status"]) for p in doc["posts"]} == {("post", "publish")}
    assert "post (not selected by --status)" in result.stderr


def test_since_and_until_compare_local_dates_and_include_the_until_day(tmp_path: Path) -> None:
    everything, _ = convert_json(tmp_path, WPCOM)
    dated = sorted((p["date"][:10], p["id"]) for p in everything["posts"] if p["date"])
    day, post_id = dated[-1]
    doc, result = convert_json(tmp_path, WPCOM, "--since", day, "--until", day)
    assert post_id in post_ids(doc)
    assert all(p["date"] and p["date"][:10] == day for p in doc["posts"])
    assert "before --since" in result.stderr


def test_redact_removes_every_email_and_ip_address(tmp_path: Path) -> None:
    plain = run("convert", WPCOM, SELFHOSTED, "--to", "jsonl", "-o", "-")
    assert EMAIL.search(plain.stdout) and IPV4.search(plain.stdout)  # the fixtures do hold some
    redacted = run("convert", WPCOM, SELFHOSTED, "--to", "jsonl", "-o", "-", "--redact")
    assert redacted.exit_code == 0
    records = [json.loads(line) for line in redacted.stdout.splitlines()]
    for record in records:
        if record["kind"] == "author":
            assert record["email"] is None
        for comment in record.get("comments", []):
            assert comment["author_email"] is None and comment["author_ip"] is None
    assert not IPV4.search(redacted.stdout)
    assert "emails redacted" in redacted.stderr and "IP addresses redacted" in redacted.stderr


def test_several_sources_merge_into_one_archive(tmp_path: Path) -> None:
    one, _ = convert_json(tmp_path, WPCOM)
    two, _ = convert_json(tmp_path, SELFHOSTED)
    merged, result = convert_json(tmp_path, WPCOM, SELFHOSTED)
    assert merged["site"]["title"] == one["site"]["title"]
    assert merged["site"]["sources"] == [WPCOM, SELFHOSTED]
    assert post_ids(merged) == post_ids(one) + post_ids(two)
    logins = [a["login"] for a in merged["authors"]]
    assert logins == [a["login"] for a in one["authors"] + two["authors"]]
    assert "written: " in result.stderr


def test_the_same_file_twice_keeps_authors_and_terms_once(tmp_path: Path) -> None:
    one, _ = convert_json(tmp_path, WPCOM)
    doubled, result = convert_json(tmp_path, WPCOM, WPCOM)
    assert doubled["authors"] == one["authors"]
    assert doubled["terms"] == one["terms"]
    assert "author (duplicate across sources)" in result.stderr


def test_dash_reads_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spool_dir = tmp_path / "spool"
    spool_dir.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool_dir))
    from_file, _ = convert_json(tmp_path, WPCOM)
    out = tmp_path / "stdin.json"
    result = run("convert", "-", "--to", "json", "-o", str(out), input=Path(WPCOM).read_bytes())
    assert result.exit_code == 0, result.output
    from_stdin = json.loads(out.read_text())
    assert from_stdin["site"]["sources"] == ["-"]
    assert {p["file"] for post in from_stdin["posts"] for p in post["provenance"]} == {"-"}
    for post in from_file["posts"]:
        post["provenance"] = [{**p, "file": "-"} for p in post["provenance"]]
    assert from_stdin["posts"] == from_file["posts"]
    assert list(spool_dir.iterdir()) == []  # the spool of standard input is removed


def test_stdin_errors_name_stdin_not_a_temporary_file() -> None:
    result = run(
        "convert",
        "-",
        "--to",
        "json",
        "-o",
        "-",
        input=b'<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><',
    )
    assert result.exit_code == EXIT_FAILED
    assert re.match(r"error: <stdin>:\d+:\d+: ", result.stderr), result.stderr


def test_strict_fails_when_something_was_skipped(tmp_path: Path) -> None:
    result = run("convert", WPCOM, "--to", "json", "-o", str(tmp_path / "o.json"), "--strict")
    assert result.exit_code == EXIT_FAILED
    assert result.stderr.splitlines()[-1].startswith("error: --strict")


def blogimport(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "importer", *args],
        cwd=ROOT,
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_python_m_importer_converts(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = blogimport("convert", "fixtures/wxr/wpcom-small.xml", "--to", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["schema"] == "blogimport/1"


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    truncated = Path(WPCOM).read_bytes()[:5000]
    files = {
        "empty": b"",
        "binary": bytes(range(256)) * 8,
        "truncated": truncated,
        "not-wxr": b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
        "bad-xml": b'<?xml version="1.0"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><</rss>',
        "entity-bomb": (
            b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
            b'<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&lol2;</title></channel></rss>'
        ),
    }
    paths = {}
    for name, data in files.items():
        path = tmp_path / f"{name}.xml"
        path.write_bytes(data)
        paths[name] = path
    paths["missing"] = tmp_path / "missing.xml"
    return paths


@pytest.mark.parametrize("command", ["convert", "inspect"])
def test_bad_input_is_one_error_line_exit_1_never_a_traceback(command: str, tmp_path: Path) -> None:
    out = ["--to", "json", "-o", str(tmp_path / "out.json")] if command == "convert" else []
    for name, path in _bad_inputs(tmp_path).items():
        result = blogimport(command, str(path), *out)
        assert "Traceback" not in result.stderr, name
        assert result.returncode == EXIT_FAILED, (name, result.stderr)
        assert result.stderr.startswith(f"error: {path}"), (name, result.stderr)
        assert result.stderr.count("\n") == 1, (name, result.stderr)
        assert not (tmp_path / "out.json").exists()


def test_malformed_xml_error_names_line_and_column(tmp_path: Path) -> None:
    path = _bad_inputs(tmp_path)["bad-xml"]
    result = blogimport("convert", str(path), "--to", "json", "-o", str(tmp_path / "o.json"))
    assert re.match(rf"error: {re.escape(str(path))}:\d+:\d+: ", result.stderr), result.stderr


def _wxr_text(posts: int) -> str:
    items = "".join(
        f"<item><title>Post {i}</title><wp:post_id>{i}</wp:post_id><wp:post_type>post</wp:post_type>"
        f"<wp:status>publish</wp:status><content:encoded><![CDATA[{'text ' * 200}]]></content:encoded></item>"
        for i in range(1, posts + 1)
    )
    return (
        '<?xml version="1.0"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Big</title>'
        f"<wp:wxr_version>1.2</wp:wxr_version>{items}</channel></rss>"
    )


def _big_wxr(path: Path, posts: int) -> None:
    path.write_text(_wxr_text(posts))


def test_closed_stdout_pipe_stops_quietly(tmp_path: Path) -> None:
    source = tmp_path / "big.xml"
    _big_wxr(source, 3000)
    process = subprocess.Popen(
        [sys.executable, "-m", "importer", "convert", str(source), "--to", "jsonl", "-o", "-"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read().decode()
    process.wait(timeout=120)
    assert json.loads(first)["kind"] == "site"
    assert "Traceback" not in stderr
    assert process.returncode != 0


def test_ctrl_c_leaves_no_partial_output(tmp_path: Path) -> None:
    # The source is a pipe the test holds open, so the conversion is still running (blocked on
    # its input, its output under way) when Ctrl-C arrives: no race with a fast machine.
    source = tmp_path / "export.xml"
    os.mkfifo(source)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "blog.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "importer", "convert", str(source), "--from", "wxr", "--to", "jsonl", "-o", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        # Ctrl-C reaches a command run in the foreground of a terminal; a test run started in the
        # background inherits SIGINT ignored (POSIX shells do that to background jobs), and so
        # would the command, which then never sees the signal this test sends.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    with open(source, "w", encoding="utf-8") as feed:
        feed.write(_wxr_text(200)[: -len("</channel></rss>")])
        feed.flush()
        deadline = time.monotonic() + 60
        while not list(out_dir.iterdir()):  # the writer has opened its temporary file
            assert process.poll() is None and time.monotonic() < deadline, "conversion ended before Ctrl-C"
            time.sleep(0.01)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert stderr.decode() == "error: interrupted\n"
    assert list(out_dir.iterdir()) == []
