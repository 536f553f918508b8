"""validate's four report formats, on a report built by hand (independent of any reader)."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from importer.validate import CODES, Report, Severity
from importer.validate.findings import Finding, apply_policy, finding, lookup
from importer.validate.formatters import format_github, format_json, format_junit, format_text


def sample_report(strict: bool = False) -> Report:
    findings = [
        finding("BI101", "comment 2 replies to comment 41, which does not exist", file="blog.xml", line=70, post_id=10),
        finding("BI021", "1 double-encoded UTF-8 sequence(s): 'Ã©' (for 'é')", file="blog.xml", line=28, post_id=10),
        finding("BI013", "the channel has no <link> element", file="other.xml", line=11),
    ]
    return Report(apply_policy(findings, strict=strict), ["blog.xml", "other.xml", "clean.xml"])


def test_every_code_has_a_kebab_name_and_a_summary() -> None:
    for key, code in CODES.items():
        assert key == code.code and key.startswith("BI") and len(key) == 5
        assert code.name == code.name.lower() and " " not in code.name
        assert code.summary
    assert len({c.name for c in CODES.values()}) == len(CODES)


def test_lookup_accepts_code_name_or_both() -> None:
    assert lookup("BI101") is lookup("dangling-comment-parent") is lookup("BI101 dangling-comment-parent")
    assert lookup("bi101") is CODES["BI101"]
    assert lookup("no-such-thing") is None


def test_text_groups_by_file_sorted_by_line() -> None:
    text = format_text(sample_report())
    lines = text.splitlines()
    assert lines[0] == "blog.xml"
    assert "BI021 mojibake" in lines[1] and " 28  " in lines[1]
    assert "BI101 dangling-comment-parent" in lines[2] and "(post 10)" in lines[2] and "error" in lines[2]
    assert "other.xml" in lines
    assert lines[-1] == "1 error, 2 warnings in 3 files"


def test_text_of_a_clean_run() -> None:
    assert format_text(Report([], ["a.xml"])) == "ok: 1 file checked, no problems\n"


def test_json_lists_findings_and_counts() -> None:
    document = json.loads(format_json(sample_report()))
    assert document["summary"] == {"error": 1, "warning": 2, "info": 0}
    assert document["exit_code"] == 1
    assert document["files"] == ["blog.xml", "other.xml", "clean.xml"]
    first = document["findings"][0]
    assert first == {
        "code": "BI021",
        "name": "mojibake",
        "severity": "warning",
        "message": "1 double-encoded UTF-8 sequence(s): 'Ã©' (for 'é')",
        "file": "blog.xml",
        "line": 28,
        "column": None,
        "post_id": 10,
        "comment_id": None,
    }


def test_github_annotations() -> None:
    lines = format_github(sample_report()).splitlines()
    assert lines[0].startswith("::warning file=blog.xml,line=28,title=BI021 mojibake::1 double-encoded")
    assert lines[1] == (
        "::error file=blog.xml,line=70,title=BI101 dangling-comment-parent::"
        "comment 2 replies to comment 41, which does not exist (post 10)"
    )
    assert lines[2].startswith("::warning file=other.xml,line=11,")


def test_github_escapes_newlines_commas_and_colons() -> None:
    report = Report([finding("BI500", "bad\nthing, 100%", file="dir,x:y/a.json")], ["dir,x:y/a.json"])
    line = format_github(report).splitlines()[0]
    assert line == "::error file=dir%2Cx%3Ay/a.json,title=BI500 unreadable-export::bad%0Athing, 100%25"


def test_junit_is_xml_with_a_suite_per_file() -> None:
    root = ET.fromstring(format_junit(sample_report()))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"blog.xml", "other.xml", "clean.xml"}
    blog = suites["blog.xml"]
    assert blog.get("tests") == "2" and blog.get("failures") == "1"
    failures = blog.findall("testcase/failure")
    assert len(failures) == 1 and failures[0].get("type") == "BI101 dangling-comment-parent"
    assert "blog.xml:70" in (failures[0].text or "")
    clean = suites["clean.xml"].findall("testcase")
    assert len(clean) == 1 and clean[0].find("failure") is None


def test_junit_survives_control_characters_in_messages() -> None:
    report = Report([finding("BI020", "text had \x01 in it", file="a.xml")], ["a.xml"])
    assert ET.fromstring(format_junit(report)).find(".//system-out") is not None


def test_strict_turns_warnings_into_errors_and_ignore_drops_codes() -> None:
    report = sample_report(strict=True)
    assert report.count(Severity.ERROR) == 3 and report.count(Severity.WARNING) == 0
    kept = apply_policy(sample_report().findings, ignore={"BI101"})
    assert [f.code for f in kept] == ["BI021", "BI013"]


def test_exit_codes() -> None:
    warning_only = Report([finding("BI021", "x", file="a")], ["a"])
    assert warning_only.exit_code == 0
    assert sample_report().exit_code == 1
    assert Report([], ["a"], unreadable=True).exit_code == 2
    assert Report([Finding("BI021", "x", Severity.INFO)], ["a"]).exit_code == 0
