"""REPORT.jsonl: one line per job and run, appended and flushed as each job ends, so a run killed
halfway leaves a valid report; and the resume rule that reads it back.

A job is run again when the report has no line for it, when its settings changed, when its
output is gone, or when an input changed. An input is unchanged when its size and modification
time are those recorded, or, if only the time differs, when its SHA-256 is (a ``touch`` alone
does not redo a job). A job that failed is run again only with ``retry_failed``, or when its
inputs or settings changed.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from stat import S_ISREG
from typing import IO, Any

from ..errors import UsageError
from .jobs import Job

OK, FAILED, SKIPPED = "ok", "failed", "skipped"


@dataclass(slots=True)
class JobResult:
    """What one job did: a line of the report."""

    id: str
    status: str  # ok, failed or skipped
    reason: str | None  # one line: why it failed, or why it was skipped
    sources: list[str]
    to: str
    output: str
    settings: str  # Job.settings(): what the job was asked to do
    inputs: list[dict[str, Any]]  # fingerprint of each source (path, size, mtime_ns, sha256)
    tally: dict[str, Any] | None  # read / written / skipped by reason / changed / problems by code
    seconds: float | None
    peak_memory_mb: float | None  # peak resident memory of the job's process
    was: str | None = None  # a skipped job: the status it keeps (ok, or failed when not retried)
    run: str | None = None  # when the batch run that wrote this line started (UTC, ISO 8601)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def state(self) -> str:
        """ok or failed: where the job stands after this line."""
        return (self.was or self.status) if self.status == SKIPPED else self.status


def fingerprint(path: str, with_hash: bool = True) -> dict[str, Any]:
    """Size, modification time and SHA-256 of a file; of a folder (a mirror), the number of files,
    their total size, the latest modification time and one SHA-256 over names and contents."""
    if not os.path.exists(path):
        return {"path": path, "missing": True}
    if not os.path.isdir(path):
        stat = os.stat(path)
        hashed = with_hash and S_ISREG(stat.st_mode)  # never read a pipe or a device to hash it
        return {"path": path, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns} | (
            {"sha256": _file_hash(path)} if hashed else {}
        )
    return _folder_fingerprint(path, with_hash)


def _folder_fingerprint(path: str, with_hash: bool) -> dict[str, Any]:
    files, size, mtime = 0, 0, os.stat(path).st_mtime_ns
    digest = hashlib.sha256()
    for root, dirs, names in os.walk(path):
        dirs.sort()
        mtime = max(mtime, os.stat(root).st_mtime_ns)  # a file renamed or removed changes its folder's time
        for name in sorted(names):
            full = os.path.join(root, name)
            try:
                stat = os.stat(full)
            except OSError:  # a dangling link: the mirror reader skips it too
                continue
            files, size, mtime = files + 1, size + stat.st_size, max(mtime, stat.st_mtime_ns)
            if with_hash:
                content = _file_hash(full) if S_ISREG(stat.st_mode) else "not a file"
                digest.update(f"{os.path.relpath(full, path)}\0{content}\n".encode())
    result = {"path": path, "files": files, "size": size, "mtime_ns": mtime}
    return result | ({"sha256": digest.hexdigest()} if with_hash else {})


def _file_hash(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def unchanged(recorded: list[dict[str, Any]], sources: list[str]) -> bool:
    """Whether the inputs are as ``recorded``. A job recorded without fingerprints (it never
    started: its cluster task failed) and a source that cannot be hashed always count as changed."""
    if [r.get("path") for r in recorded] != sources:
        return False
    for old in recorded:
        if old.get("missing") or "sha256" not in old:
            return False
        now = fingerprint(old["path"], with_hash=False)
        if now.get("missing") or now["size"] != old["size"] or now.get("files") != old.get("files"):
            return False
        if now["mtime_ns"] != old["mtime_ns"] and fingerprint(old["path"])["sha256"] != old["sha256"]:
            return False
    return True


def reason_to_skip(job: Job, last: JobResult | None, retry_failed: bool) -> str | None:
    """Why ``job`` need not run again after ``last`` (its latest report line), or None to run it."""
    if last is None or last.settings != job.settings():
        return None
    if last.state == FAILED and retry_failed:
        return None
    if last.state == OK and job.output and not os.path.exists(job.output):
        return None
    if not unchanged(last.inputs, job.sources):
        return None
    if last.state == FAILED:
        return "failed before, inputs unchanged ({retry_failed} runs it again)"  # batch() spells it
    return "done before, inputs unchanged"


def skipped(job: Job, last: JobResult, reason: str, run: str) -> JobResult:
    return JobResult(
        job.id, SKIPPED, reason, job.sources, job.to, job.output, last.settings, last.inputs,
        None, None, None, was=last.state, run=run,
    )  # fmt: skip


class Report:
    """An open REPORT.jsonl: the latest line per job, and appending new lines (one write each,
    flushed). Locked while open, so two runs cannot write one report at once."""

    def __init__(self, path: str) -> None:
        self.path = path
        try:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
            self._stream: IO[str] = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - closed by close()
        except OSError as exc:
            raise UsageError(f"cannot open the report: {exc.strerror}", file=path) from None
        try:
            fcntl.flock(self._stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._stream.close()
            raise UsageError("the report is in use by another batch run", file=path) from None
        self.latest, self.unreadable = self._read()

    def _read(self) -> tuple[dict[str, JobResult], int]:
        self._stream.seek(0)
        latest: dict[str, JobResult] = {}
        unreadable = 0
        text = self._stream.read()
        for line in text.splitlines():
            try:
                result = JobResult(**json.loads(line))
            except (json.JSONDecodeError, TypeError):
                unreadable += 1  # e.g. a line cut short by a power loss: that job runs again
                continue
            latest[result.id] = result
        if text and not text.endswith("\n"):
            self._stream.write("\n")
        return latest, unreadable

    def append(self, result: JobResult) -> None:
        self._stream.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
        self._stream.flush()

    def close(self) -> None:
        self._stream.close()

    def __enter__(self) -> Report:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
