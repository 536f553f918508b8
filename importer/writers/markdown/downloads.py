"""``--download-media``: every media file of the manifest fetched into the site, a few at a time.

Each file goes through ``NAME.part`` (resumed by a later run after an interrupt) and is renamed
when complete. A file that fails leaves nothing behind: its ``.part`` and any folder made for it
are removed, and the tally counts it by reason (``download failed: host not found``), with the URL
in a ``media-download-failed`` problem. A host that cannot be found or reached fails once for the
run, so a run without network ends at once. A full disk stops the run with one error line.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ...errors import OutputError
from ...tally import Tally
from .fetch import AddressPolicy, Deadline, Fetcher, FetchError, Limits
from .links import MediaFile
from .paths import safe_join

PROGRESS_LABEL = "downloading media"


@dataclass(slots=True)
class DownloadOptions:
    jobs: int = 4
    retries: int = 3  # attempts per source for a failure that may pass (HTTP 503, a dropped connection)
    limits: Limits = field(default_factory=Limits)
    policy: AddressPolicy = field(default_factory=AddressPolicy)
    progress: Callable[[str, int, int], None] | None = None  # (label, files done, files to do)


@dataclass(slots=True)
class Downloaded:
    media: MediaFile
    sha256: str  # of the file as written


class _DiskError(Exception):
    """Writing a downloaded file failed (disk full, read-only, quota): the run stops."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(str(error))
        self.path = path
        self.error = error


class _Cancelled(Exception):
    """Another download hit a disk error: this one stops."""


@dataclass(slots=True)
class _Run:
    root: Path  # resolved
    fetcher: Fetcher
    retries: int
    folders: threading.Lock = field(default_factory=threading.Lock)  # making and removing folders
    made: set[Path] = field(default_factory=set)  # folders this run made (removed again if left empty)
    stop: threading.Event = field(default_factory=threading.Event)
    interrupted: bool = False  # stopped by Ctrl-C: .part files stay, the next run resumes them


def download_all(
    files: Iterable[MediaFile], root: Path, tally: Tally, options: DownloadOptions | None = None
) -> list[Downloaded]:
    """Fetch every file not yet on disk; returns those downloaded (for the output's manifest)."""
    options = options or DownloadOptions()
    files = list(files)
    todo = [f for f in files if not safe_join(root, f.local_path).exists()]
    if len(files) > len(todo):
        tally.changed["media files already present (not downloaded again)"] += len(files) - len(todo)
    run = _Run(root.resolve(), Fetcher(options.policy, options.limits), options.retries)
    downloaded: list[Downloaded] = []
    disk_error: _DiskError | None = None
    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        futures = {pool.submit(_download, media, run): media for media in todo}
        for done, future in enumerate(_as_completed(futures, run), 1):
            media = futures[future]
            try:
                sha256 = future.result()
            except FetchError as exc:
                _count_failure(tally, media, exc)
            except _DiskError as exc:
                run.stop.set()
                disk_error = disk_error or exc
            except _Cancelled:
                pass
            else:
                downloaded.append(Downloaded(media, sha256))
                tally.written["media file"] += 1
            if options.progress is not None:
                options.progress(PROGRESS_LABEL, done, len(todo))
    if disk_error is not None:
        reason = disk_error.error.strerror or str(disk_error.error)
        raise OutputError(
            f"cannot write a downloaded media file: {reason} ({len(downloaded)} of {len(todo)} files were downloaded)",
            file=str(disk_error.path),
        )
    return downloaded


def _as_completed(futures: dict[Future[str], MediaFile], run: _Run) -> Iterator[Future[str]]:
    """The futures as they finish; Ctrl-C stops the downloads still running (their .part stays)."""
    try:
        yield from as_completed(futures)
    except BaseException:
        run.interrupted = True
        run.stop.set()
        for future in futures:
            future.cancel()
        raise


def _count_failure(tally: Tally, media: MediaFile, error: FetchError) -> None:
    tally.skip("media file", f"download failed: {error.reason}")
    tally.problem("media-download-failed", f"{media.sources[0] if media.sources else media.local_path}: {error}")


def _download(media: MediaFile, run: _Run) -> str:
    """Download the first source that works; returns the file's SHA-256, else raises the last error."""
    target = safe_join(run.root, media.local_path)
    deadline = Deadline(run.fetcher.limits.deadline)
    error = FetchError("no source URL")
    try:
        for url in media.sources:
            for attempt in range(run.retries):
                if run.stop.is_set():
                    raise _Cancelled
                try:
                    return _fetch(url, target, run, deadline)
                except FetchError as exc:
                    error = exc
                if not error.retry or deadline.remaining() <= 0:
                    break
                time.sleep(max(0.0, min(0.2 * 2**attempt, 2.0, deadline.remaining())))
            if deadline.remaining() <= 0:
                break
        raise error
    except BaseException:
        if not run.interrupted:  # an interrupted run's .part is resumed by the next run
            _clean_up(target, run)
        raise


def _fetch(url: str, target: Path, run: _Run, deadline: Deadline) -> str:
    """Download ``url`` to ``target`` through ``target.part``, resuming what is there already."""
    partial = target.with_name(target.name + ".part")
    limits = run.fetcher.limits
    done = partial.stat().st_size if partial.is_file() else 0
    headers = {"Range": f"bytes={done}-"} if done else {}
    response, sock, _final_url = run.fetcher.open(url, deadline, headers)
    try:
        if response.status == 416 and done:  # the .part is not a prefix of this file: start again
            partial.unlink(missing_ok=True)
            raise FetchError("HTTP 416", "range not satisfiable", retry=True)
        if response.status not in (200, 206):
            retry = response.status in (408, 425, 429) or response.status >= 500
            raise FetchError(f"HTTP {response.status}", response.reason or "", retry=retry)
        resumed = bool(done) and response.status == 206
        done = done if resumed else 0
        length = response.length
        if length is not None and done + length > limits.max_size:
            raise _too_big(done + length, limits)
        digest = hashlib.sha256()
        if resumed:
            _hash_file(partial, digest)
        with deadline.watch(sock), _PartFile(partial, resumed, run) as stream:
            while True:
                sock.settimeout(deadline.timeout(limits.io_timeout))
                try:
                    chunk = response.read1(1 << 16)
                except (OSError, http.client.HTTPException) as exc:
                    deadline.check()
                    raise FetchError("connection failed", f"{type(exc).__name__} while reading", retry=True) from None
                if not chunk:
                    break
                if run.stop.is_set():
                    raise _Cancelled
                done += len(chunk)
                if done > limits.max_size:
                    raise _too_big(done, limits)
                digest.update(chunk)
                _write(stream, chunk, partial)
        deadline.check()  # the watchdog may have ended the body early
        if response.length:  # bytes announced that never came
            raise FetchError("connection failed", "the server closed the connection early", retry=True)
        try:
            os.replace(partial, target)
        except OSError as exc:
            raise _DiskError(target, exc) from None
        return digest.hexdigest()
    finally:
        response.close()
        sock.close()


def _too_big(size: int, limits: Limits) -> FetchError:
    return FetchError("larger than {max_media_size}", f"{size:,} bytes or more, the limit is {limits.max_size:,} bytes")


class _PartFile:
    """The ``.part`` file opened for writing; its folder is made here, once there is a body to write."""

    def __init__(self, partial: Path, append: bool, run: _Run) -> None:
        self.partial = partial
        self.append = append
        self.run = run
        self.stream: BinaryIO | None = None

    def __enter__(self) -> BinaryIO:
        try:
            with self.run.folders:
                missing = [f for f in (self.partial.parent, *self.partial.parent.parents) if not f.exists()]
                self.partial.parent.mkdir(parents=True, exist_ok=True)
                self.run.made.update(missing)
                self.stream = open(self.partial, "ab" if self.append else "wb")
        except OSError as exc:
            raise _DiskError(self.partial, exc) from None
        return self.stream

    def __exit__(self, *exc_info: object) -> None:
        assert self.stream is not None
        try:
            self.stream.close()
        except OSError as exc:
            if exc_info[0] is None:
                raise _DiskError(self.partial, exc) from None


def _write(stream: BinaryIO, chunk: bytes, partial: Path) -> None:
    try:
        stream.write(chunk)
    except OSError as exc:
        raise _DiskError(partial, exc) from None


def _hash_file(path: Path, digest: hashlib._Hash) -> None:
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)


def _clean_up(target: Path, run: _Run) -> None:
    """A failed file leaves no ``.part`` and no folder made for it."""
    partial = target.with_name(target.name + ".part")
    with run.folders:
        try:
            partial.unlink(missing_ok=True)
        except OSError as exc:
            if exc.errno not in (errno.EISDIR, errno.EPERM, errno.EACCES):
                raise
        for folder in (target.parent, *target.parent.parents):
            if folder not in run.made:
                break
            try:
                folder.rmdir()
            except OSError:  # not empty: another file is in it
                break
            run.made.discard(folder)
