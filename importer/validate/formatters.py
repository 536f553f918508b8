"""Validate's output formats: text (for people), json, github (workflow annotations), junit (CI test reports)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from itertools import groupby
from typing import Any
from xml.etree import ElementTree as ET

from .findings import Finding, Report, Severity


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(report: Report) -> str:
    errors, warnings, infos = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    files = _plural(len(report.files), "file")
    if not report.findings:
        return f"ok: {files} checked, no problems"
    parts = [_plural(errors, "error"), _plural(warnings, "warning")]
    if infos:
        parts.append(_plural(infos, "note"))
    return f"{', '.join(parts)} in {files}"


def format_text(report: Report) -> str:
    """Findings grouped by file, one line each, then a summary line."""
    lines: list[str] = []
    for file, group in groupby(report.findings, key=lambda f: f.file or "-"):
        lines.append(file)
        for f in group:
            place = "-" if f.line is None else f"{f.line}:{f.column}" if f.column else str(f.line)
            post = f" (post {f.post_id})" if f.post_id is not None else ""
            lines.append(f"  {place:>9}  {f.severity.value:<7}  {f.title}  {f.message}{post}")
        lines.append("")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "post_id": f.post_id,
        "comment_id": f.comment_id,
    }


def format_json(report: Report) -> str:
    document = {
        "files": report.files,
        "summary": {s.value: report.count(s) for s in Severity},
        "exit_code": report.exit_code,
        "findings": [finding_dict(f) for f in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_ANNOTATION = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_github(report: Report) -> str:
    """GitHub Actions workflow commands: ``::error file=F,line=L,col=C,title=T::message``."""
    lines = []
    for f in report.findings:
        props = []
        if f.file:
            props.append(f"file={_escape_property(f.file)}")
        if f.line is not None:
            props.append(f"line={f.line}")
            if f.column is not None:
                props.append(f"col={f.column}")
        props.append(f"title={_escape_property(f.title)}")
        post = f" (post {f.post_id})" if f.post_id is not None else ""
        lines.append(f"::{_ANNOTATION[f.severity]} {','.join(props)}::{_escape_data(f.message + post)}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text)


def format_junit(report: Report) -> str:
    """JUnit XML: a test suite per file, a test case per finding; errors are failures,
    warnings and notes pass with the message in system-out; a clean file is one passing case."""
    suites = ET.Element("testsuites", name="blogimport validate")
    for file in report.files:
        found = [f for f in report.findings if (f.file or "-") == file]
        failures = sum(1 for f in found if f.severity is Severity.ERROR)
        suite = ET.SubElement(
            suites, "testsuite", name=_xml_text(file), tests=str(max(len(found), 1)), failures=str(failures), errors="0"
        )
        if not found:
            ET.SubElement(suite, "testcase", classname="blogimport.validate", name=_xml_text(f"{file}: no problems"))
        for f in found:
            case = ET.SubElement(
                suite, "testcase", classname=f"blogimport.validate.{f.code}", name=_xml_text(f"{f.where()} {f.title}")
            )
            text = _xml_text(f"{f.where()}: {f.severity.value}: {f.title}: {f.message}")
            if f.severity is Severity.ERROR:
                failure = ET.SubElement(case, "failure", type=f.title, message=_xml_text(f.message))
                failure.text = text
            else:
                ET.SubElement(case, "system-out").text = text
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "junit": format_junit,
}
