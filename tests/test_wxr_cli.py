"""WXR input through the command line: convert, bad input, --recover, --keep-internal, gzip, stdin."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from importer.cli import main

ROOT = Path(__file__).resolve().parent.parent
WXR = ROOT / "fixtures" / "wxr"


def convert(*args: str) -> Any:
    return CliRunner().invoke(main, ["convert", *args])


def test_readme_demo_converts_the_wordpress_com_fixture(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = convert(str(WXR / "wpcom-small.xml"), "--to", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text())
    assert document["site"]["title"] == "Tidepool Notes"
    assert [p["id"] for p in document["posts"]] == [101, 102, 103, 104, 105, 107]
    lobos = document["posts"][0]
    assert [(c["id"], c["parent"], c["type"], c["status"]) for c in lobos["comments"]][:4] == [
        (7, None, "comment", "approved"),
        (8, 7, "comment", "approved"),
        (9, 8, "comment", "approved"),
        (10, None, "pingback", "approved"),
    ]
    assert "skipped: 1 nav_menu_item (internal WordPress type (keep with --keep-internal))" in result.stderr


def test_keep_internal_on_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = convert(str(WXR / "selfhosted.xml"), "--to", "json", "-o", str(out), "--keep-internal")
    assert result.exit_code == 0, result.output
    types = [p["type"] for p in json.loads(out.read_text())["posts"]]
    assert "nav_menu_item" in types and "wp_global_styles" in types


def test_malformed_export_is_one_error_line_and_exit_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    text = (WXR / "wxr-1.1.xml").read_text()
    broken.write_text(text.replace("</title>", "</titel>", 2))
    result = convert(str(broken), "--to", "json", "-o", str(tmp_path / "out.json"))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: {broken}:13:37: not well-formed XML: Opening and ending tag mismatch")
    assert "Traceback" not in result.output


def test_recover_salvages_a_truncated_export_and_reports_it(tmp_path: Path) -> None:
    text = (WXR / "selfhosted.xml").read_text()
    cut = tmp_path / "cut.xml"
    cut.write_text(text[: text.index("<title><![CDATA[Blossom watch")])
    out = tmp_path / "out.json"
    assert convert(str(cut), "--to", "json", "-o", str(out)).exit_code == 1
    result = convert(str(cut), "--to", "json", "-o", str(out), "--recover")
    assert result.exit_code == 0, result.output
    ids = [p["id"] for p in json.loads(out.read_text())["posts"]]
    assert ids[:8] == [201, 202, 203, 204, 205, 206, 207, 208]
    assert "file-truncated" in result.stderr


def test_hostile_file_is_refused_on_the_command_line(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>\n'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&b;</title></channel></rss>\n'
    )
    result = convert(str(bomb), "--to", "json", "-o", str(tmp_path / "out.json"))
    assert result.exit_code == 1
    assert "declares XML entities" in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_gzipped_export_and_jsonl_to_stdout(tmp_path: Path) -> None:
    packed = tmp_path / "export.xml.gz"
    packed.write_bytes(gzip.compress((WXR / "wxr-1.0.xml").read_bytes()))
    result = convert(str(packed), "--to", "jsonl", "-o", "-", "--quiet")
    assert result.exit_code == 0, result.output
    kinds = [json.loads(line)["kind"] for line in result.stdout.splitlines()]
    assert kinds[0] == "site" and kinds.count("post") == 2


def test_stdin_source_through_python_dash_m(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    completed = subprocess.run(
        [sys.executable, "-m", "importer", "convert", "-", "--to", "json", "-o", str(out), "--quiet"],
        input=(WXR / "wxr-1.1.xml").read_bytes(),
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    document = json.loads(out.read_text())
    assert document["site"]["sources"] == ["-"]
    assert [p["title"] for p in document["posts"]] == ["The N29 at 1:40 am"]
