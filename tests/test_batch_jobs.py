"""`blogimport batch` on small job lists: jobs files (CSV, JSON Lines), options by name, folders,
the resume rule, timeouts and one-line errors. The corpus-wide runs are in test_batch_corpus.py."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import importer
from importer.cli import EXIT_FAILED, EXIT_USAGE, main

ROOT = Path(__file__).resolve().parent.parent
WXR = ROOT / "fixtures" / "wxr"
HTML = ROOT / "fixtures" / "html"
MIRROR = ROOT / "fixtures" / "mirror" / "lantern"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def convert_alone(tmp_path: Path, sources: list[str], to: str, *options: str) -> bytes:
    out = tmp_path / f"alone-{len(list(tmp_path.iterdir()))}.{to}"
    result = run("convert", *sources, "--to", to, "-o", str(out), *options)
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def report_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_csv_jobs_file_runs_each_row_with_its_options(tmp_path: Path) -> None:
    shutil.copy(WXR / "wpcom-small.xml", tmp_path / "wpcom.xml")
    shutil.copy(WXR / "selfhosted.xml", tmp_path / "selfhosted.xml")
    (tmp_path / "jobs.csv").write_text(
        "id,sources,to,output,status,redact,type\n"
        "wpcom,wpcom.xml,json,out/wpcom.json,publish,true,\n"
        "both,wpcom.xml;selfhosted.xml,jsonl,out/both.jsonl,,,post\n",
        encoding="utf-8",
    )
    report = tmp_path / "reports" / "REPORT.jsonl"  # its folder is made
    result = run("batch", str(tmp_path / "jobs.csv"), "-o", str(report), "--jobs", "2")
    assert result.exit_code == 0, result.output
    # relative paths are the jobs file's; each output is what convert writes with the same options
    wpcom, selfhosted = str(tmp_path / "wpcom.xml"), str(tmp_path / "selfhosted.xml")
    alone = convert_alone(tmp_path, [wpcom], "json", "--status", "publish", "--redact")
    assert (tmp_path / "out" / "wpcom.json").read_bytes() == alone
    alone = convert_alone(tmp_path, [wpcom, selfhosted], "jsonl", "--type", "post")
    assert (tmp_path / "out" / "both.jsonl").read_bytes() == alone
    lines = {line["id"]: line for line in report_lines(report)}
    assert [lines[i]["status"] for i in ("wpcom", "both")] == ["ok", "ok"]
    assert lines["wpcom"]["tally"]["changed"]["emails redacted"] > 0
    skipped = {(s["kind"], s["reason"]) for s in lines["both"]["tally"]["skipped"]}
    assert ("page", "not selected by types") in skipped  # the report names the library's options


def test_a_json_lines_jobs_file_takes_lists_and_json_values(tmp_path: Path) -> None:
    jobs = [
        {"sources": [str(WXR / "wpcom-small.xml")], "to": "markdown", "output": "site", "preset": "jekyll",
         "keep-internal": True, "comments": "inline"},
        {"sources": str(HTML / "kubrick-single.html"), "to": "json", "output": "page.json", "compact": "yes"},
    ]  # fmt: skip
    (tmp_path / "jobs.jsonl").write_text("".join(json.dumps(j) + "\n" for j in jobs), encoding="utf-8")
    result = run("batch", str(tmp_path / "jobs.jsonl"), "-o", str(tmp_path / "REPORT.jsonl"), "-q")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # --quiet: no table when nothing failed
    alone = convert_alone(tmp_path, [str(HTML / "kubrick-single.html")], "json", "--compact")
    assert (tmp_path / "page.json").read_bytes() == alone
    site = tmp_path / "site"
    assert any((site / "_posts").iterdir()), "jekyll preset: posts in _posts/"
    assert not (site / "data").exists() and not (site / "_data").exists(), "--comments inline: no data files"


@pytest.mark.parametrize(
    ("jobs_text", "message"),
    [
        (
            "sources,to,output,prest\nx.xml,json,x.json,jekyll\n",
            "unknown option 'prest' (valid: allow_private_media_hosts, append, ",
        ),
        ("sources,to,output,redact\nx.xml,json,x.json,maybe\n", "redact: 'maybe' is not true or false"),
        ("sources,to,output,since\nx.xml,json,x.json,last week\n", "is not a date like 2010-11-19"),
        ("sources,to,output\nx.xml,pdf,x.json\n", "'to' must be one of json, jsonl, markdown, sql, sqlite"),
        ("sources,to,output\nx.xml,json,\n", "missing 'output'"),
        ("sources,to,output\nx.xml,json,x.json\ny.xml,json,x.json\n", "two jobs write"),
        ('{"sources": "x.xml", "to": "json", "output": "-"}\n', "'output' cannot be standard output"),
        ('{"sources": ["x.xml"], "to": "json", "output": "x.json", "jobs": 3}\n', "unknown option 'jobs'"),
        ("to,output\njson,x.json\n", "needs a header row with at least sources"),
    ],
)
def test_a_bad_jobs_file_is_one_usage_error_line_naming_the_line(tmp_path: Path, jobs_text: str, message: str) -> None:
    name = "jobs.jsonl" if jobs_text.startswith("{") else "jobs.csv"
    (tmp_path / name).write_text(jobs_text, encoding="utf-8")
    result = run("batch", str(tmp_path / name), "-o", str(tmp_path / "REPORT.jsonl"))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.count("\n") == 2 and "Traceback" not in result.stderr  # the error, then a hint
    assert result.stderr.splitlines()[1].startswith("hint: ")
    assert result.stderr.startswith(f"error: {tmp_path / name}")
    assert message in result.stderr
    assert not (tmp_path / "REPORT.jsonl").exists(), "nothing runs when the jobs file is wrong"


def test_unknown_option_error_lists_every_valid_name(tmp_path: Path) -> None:
    (tmp_path / "jobs.csv").write_text("sources,to,output,colour\nx.xml,json,x.json,red\n", encoding="utf-8")
    stderr = run("batch", str(tmp_path / "jobs.csv"), "-o", str(tmp_path / "r.jsonl")).stderr
    valid = stderr.splitlines()[0].split("(valid: ")[1].rstrip(")").split(", ")
    # the reading side, the filters and every writer's options, by the names convert uses
    expected = "from recover keep_internal type status since until redact strict compact dialect replace no_fts"
    expected += " preset layout comments check_fidelity"
    assert set(expected.split()) <= set(valid)
    option_names = {p.name for p in main.commands["convert"].params if p.name and p.param_type_name == "option"}
    spelled = {"from": "source_format", "type": "types", "status": "statuses"}  # convert's parameter names
    assert {spelled.get(n, n) for n in valid} <= option_names, "every job option is an option of convert"


def test_set_gives_an_option_to_every_job_and_a_row_wins(tmp_path: Path) -> None:
    (tmp_path / "jobs.csv").write_text(
        f"sources,to,output,status\n{WXR / 'wpcom-small.xml'},json,a.json,\n"
        f"{WXR / 'wpcom-small.xml'},json,b.json,draft\n",
        encoding="utf-8",
    )
    result = run("batch", str(tmp_path / "jobs.csv"), "-o", str(tmp_path / "r.jsonl"), "--set", "status=publish")
    assert result.exit_code == 0, result.output
    statuses = {
        name: {p["status"] for p in json.loads((tmp_path / name).read_text(encoding="utf-8"))["posts"]}
        for name in ("a.json", "b.json")
    }
    assert statuses == {"a.json": {"publish"}, "b.json": {"draft"}}
    result = run("batch", str(tmp_path / "jobs.csv"), "-o", str(tmp_path / "r.jsonl"), "--set", "colour=red")
    assert result.exit_code == EXIT_USAGE and "unknown option 'colour'" in result.stderr


def test_a_folder_makes_one_job_per_file_and_per_mirror(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(WXR / "wpcom-small.xml", folder / "blog.xml")
    shutil.copy(HTML / "kubrick-single.html", folder / "blog.html")  # the same stem: both keep their whole name
    shutil.copy(HTML / "classic-single.html", folder / "classic.htm")
    shutil.copytree(MIRROR, folder / "lantern")
    (folder / "notes.txt").write_text("a list of blogs to convert\n", encoding="utf-8")
    (folder / ".hidden.xml").write_bytes((WXR / "wxr-1.1.xml").read_bytes())
    out = folder / "out"  # inside the folder: not a job itself
    result = run("batch", str(folder), "--to", "json", "--out-dir", str(out), "--jobs", "2")
    assert result.exit_code == EXIT_FAILED, result.output  # notes.txt is no blog: its job fails, as convert does
    assert sorted(p.name for p in out.iterdir()) == ["REPORT.jsonl", "blog.html.json", "blog.xml.json",
                                                     "classic.json", "lantern.json"]  # fmt: skip
    mirror_alone = convert_alone(tmp_path, [str(folder / "lantern")], "json")
    assert (out / "lantern.json").read_bytes() == mirror_alone
    lines = {line["id"]: line for line in report_lines(out / "REPORT.jsonl")}
    assert set(lines) == {"blog.xml", "blog.html", "classic.htm", "lantern", "notes.txt"}
    notes = run("convert", str(folder / "notes.txt"), "--to", "json", "-o", str(tmp_path / "notes.json"))
    reason = lines["notes.txt"]["reason"]  # the report names the library's option, convert the flag
    assert notes.stderr == "error: " + reason.replace("source_format='text'", "--from text") + "\n"
    assert result.stderr.splitlines()[-1] == f"failed: notes.txt: {reason}"


def test_a_folder_needs_to_and_out_dir_and_a_jobs_file_needs_a_report(tmp_path: Path) -> None:
    assert run("batch", str(tmp_path), "--to", "json").exit_code == EXIT_USAGE
    (tmp_path / "jobs.csv").write_text("sources,to,output\nx.xml,json,x.json\n", encoding="utf-8")
    result = run("batch", str(tmp_path / "jobs.csv"))
    assert result.exit_code == EXIT_USAGE and result.stderr.splitlines()[0] == "error: missing option -o/--report"


def _jobs(tmp_path: Path, **options: object) -> list[dict]:
    return [
        {"id": "good", "sources": [str(tmp_path / "good.xml")], "to": "json", "output": str(tmp_path / "good.json"),
         **options},
        {"id": "bad", "sources": [str(tmp_path / "bad.xml")], "to": "json", "output": str(tmp_path / "bad.json")},
    ]  # fmt: skip


def test_a_rerun_skips_what_is_done_and_redoes_what_changed(tmp_path: Path) -> None:
    shutil.copy(WXR / "wpcom-small.xml", tmp_path / "good.xml")
    (tmp_path / "bad.xml").write_bytes((WXR / "wxr-1.1.xml").read_bytes()[:700])  # truncated
    report = str(tmp_path / "REPORT.jsonl")
    first = importer.batch(_jobs(tmp_path), report, workers=2)
    assert [(r.id, r.status) for r in first] == [("good", "ok"), ("bad", "failed")]
    assert first[1].reason and "not well-formed XML" in first[1].reason and "\n" not in first[1].reason

    def statuses(**kwargs: object) -> list[tuple[str, str, str]]:
        return [(r.id, r.status, r.state) for r in importer.batch(_jobs(tmp_path), report, **kwargs)]  # type: ignore[arg-type]

    assert statuses() == [("good", "skipped", "ok"), ("bad", "skipped", "failed")]
    os.utime(tmp_path / "good.xml")  # a new time, the same bytes: still done
    assert statuses()[0] == ("good", "skipped", "ok")
    assert statuses(retry_failed=True)[1] == ("bad", "failed", "failed")
    with open(tmp_path / "good.xml", "a", encoding="utf-8") as f:
        f.write("\n")  # changed content: done again
    assert statuses()[0] == ("good", "ok", "ok")
    (tmp_path / "good.json").unlink()  # the output is gone: done again
    assert statuses()[0] == ("good", "ok", "ok")
    (tmp_path / "bad.xml").write_bytes((WXR / "wxr-1.1.xml").read_bytes())  # the broken input was fixed
    assert statuses() == [("good", "skipped", "ok"), ("bad", "ok", "ok")]
    changed = [r.status for r in importer.batch(_jobs(tmp_path, redact=True), report)]
    assert changed == ["ok", "skipped"], "other options: the job is done again"
    assert all(line["run"] for line in report_lines(Path(report)))


def test_exit_1_while_a_failed_job_stands_and_the_table_counts_it(tmp_path: Path) -> None:
    shutil.copy(WXR / "wpcom-small.xml", tmp_path / "good.xml")
    (tmp_path / "bad.xml").write_text("<rss><channel><item>", encoding="utf-8")
    jobs = tmp_path / "jobs.jsonl"
    jobs.write_text("".join(json.dumps(j) + "\n" for j in _jobs(tmp_path)), encoding="utf-8")
    result = run("batch", str(jobs), "-o", str(tmp_path / "r.jsonl"))
    assert result.exit_code == EXIT_FAILED
    lines = result.stderr.splitlines()
    assert lines[0].split() == ["status", "jobs", "written", "problems", "job", "seconds", "peak", "MB"]
    assert lines[1].split()[:2] == ["ok", "1"] and lines[2].split()[:2] == ["failed", "1"]
    assert lines[-1].startswith(f"failed: bad: {tmp_path / 'bad.xml'}:")
    again = run("batch", str(jobs), "-o", str(tmp_path / "r.jsonl"))
    assert again.exit_code == EXIT_FAILED
    assert again.stderr.splitlines()[-1] == "failed before: bad (--retry failed runs it again)"


def test_a_job_past_its_timeout_fails_alone(tmp_path: Path) -> None:
    shutil.copy(WXR / "wpcom-small.xml", tmp_path / "good.xml")
    os.mkfifo(tmp_path / "bad.xml")  # reading it blocks for ever: the job can only end by its timeout
    results = importer.batch(_jobs(tmp_path), str(tmp_path / "r.jsonl"), workers=2, job_timeout=1)
    assert [(r.id, r.status) for r in results] == [("good", "ok"), ("bad", "failed")]
    assert results[1].reason == "timed out after 1 s (job_timeout)"
    assert results[0].peak_memory_mb and results[0].peak_memory_mb > 1


def test_strict_fails_a_job_that_skipped_something(tmp_path: Path) -> None:
    job = {"sources": [str(WXR / "wpcom-small.xml")], "to": "json", "output": str(tmp_path / "a.json"), "strict": True}
    [result] = importer.batch([job], str(tmp_path / "r.jsonl"))
    assert result.tally and result.tally["skipped"] == [
        {"kind": "nav_menu_item", "reason": "internal WordPress type", "count": 1}
    ]
    assert result.status == "failed" and result.reason == "strict: 1 record was skipped"
    assert (tmp_path / "a.json").exists(), "as convert --strict: the output is written, the exit code says it"


def test_scheduler_without_dask_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the dask extra were not installed
    (tmp_path / "jobs.csv").write_text(f"sources,to,output\n{WXR / 'wpcom-small.xml'},json,a.json\n", encoding="utf-8")
    result = run("batch", str(tmp_path / "jobs.csv"), "-o", str(tmp_path / "r.jsonl"), "--scheduler", "tcp://x:8786")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.splitlines()[0] == "error: --scheduler needs Dask: pip install 'blogimport[dask]'"


def test_two_runs_cannot_share_a_report(tmp_path: Path) -> None:
    from importer.bulk.report import Report

    with Report(str(tmp_path / "r.jsonl")):
        (tmp_path / "jobs.csv").write_text(f"sources,to,output\n{WXR / 'wpcom-small.xml'},json,a.json\n")
        result = run("batch", str(tmp_path / "jobs.csv"), "-o", str(tmp_path / "r.jsonl"))
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.splitlines()[0] == f"error: {tmp_path / 'r.jsonl'}: the report is in use by another batch run"


def test_a_batch_job_converts_in_one_process() -> None:
    """batch runs one job per core already: a job's own conversion takes no parts or workers."""
    from importer.bulk.options import convert_options

    assert convert_options({}).read.jobs == 1
    assert convert_options({"recover": True}).read.jobs == 1
