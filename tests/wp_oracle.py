"""The WordPress oracle: what WordPress 6.1 with its official importer stores from a WXR file.

``../shared/tools/wordpress-importer/import-wxr.sh FILE`` imports FILE into a new, empty
WordPress site (php-cli and MariaDB, offline), prints one JSON line of what WordPress stored and
drops the site again (see its README). It is GPL software: it runs as a separate program, nothing
of it is copied here.

Tests ask the session-scoped ``wp_oracle`` fixture::

    def test_x(wp_oracle: Oracle) -> None:
        stored = wp_oracle.import_wxr(path)   # imported once per test run, then cached
        assert stored.items >= 1

The fixture skips with the reason when the oracle cannot run (script, PHP/WordPress or MariaDB
missing); ``BLOGIMPORT_REQUIRE_ENGINES=1`` (set by ``.ci/run``, which installs the packages)
turns that skip into a failure. ``BLOGIMPORT_WP_ORACLE`` points at another copy of the script;
``BLOGIMPORT_WP_ORACLE_CACHE=DIR`` keeps results across runs, keyed by the file's SHA-256 (for
development; CI does not set it).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCRIPT = ROOT.parent / "shared" / "tools" / "wordpress-importer" / "import-wxr.sh"
REQUIRE_ENV = "BLOGIMPORT_REQUIRE_ENGINES"
TIMEOUT_S = 600  # the first run installs the Debian packages (about a minute)


class OracleUnavailable(Exception):
    """The oracle cannot run here (the reason is the message)."""


def _total(counts: Mapping[str, Mapping[str, int]]) -> int:
    return sum(n for by_status in counts.values() for n in by_status.values())


def _minus(after: Mapping[str, Mapping[str, int]], before: Mapping[str, Mapping[str, int]]) -> dict[str, int]:
    """Rows per outer key (post type, comment type) added by the import."""
    keys = set(after) | set(before)
    diff = {k: sum(after.get(k, {}).values()) - sum(before.get(k, {}).values()) for k in keys}
    return {k: n for k, n in sorted(diff.items()) if n}


@dataclass(frozen=True, slots=True)
class WordPressImport:
    """One import's JSON line (see the script's README for every field)."""

    raw: dict[str, Any] = field(repr=False)

    @property
    def ok(self) -> bool:
        """The importer ran to its end (False: it refused the file or PHP died)."""
        return bool(self.raw.get("ok"))

    @property
    def items_by_type(self) -> dict[str, int]:
        """wp_posts rows the import added, by post type (the empty site's baseline subtracted)."""
        return _minus(self._counts("counts", "posts"), self._counts("baseline", "posts"))

    @property
    def items(self) -> int:
        return sum(self.items_by_type.values())

    @property
    def comments_by_type(self) -> dict[str, int]:
        return _minus(self._counts("counts", "comments"), self._counts("baseline", "comments"))

    @property
    def comments(self) -> int:
        return sum(self.comments_by_type.values())

    def _counts(self, which: str, table: str) -> dict[str, dict[str, int]]:
        """``counts``/``baseline`` rows of one table (null when the importer refused the file)."""
        return dict((self.raw.get(which) or {}).get(table) or {})

    @property
    def messages(self) -> list[str]:
        return list(self.raw.get("importer_messages", []))


class Oracle:
    """Runs the script, once per file per test run (and per content with a cache directory)."""

    def __init__(self, script: Path, cache_dir: Path | None = None) -> None:
        self.script = script
        self.cache_dir = cache_dir
        self._results: dict[Path, WordPressImport] = {}
        self.kept: list[str] = []  # databases import_kept kept, dropped by close()
        self.broken: str | None = None  # once setup failed, every later call fails the same way

    def import_wxr(self, path: Path) -> WordPressImport:
        path = Path(path).resolve()
        if self.broken is not None:
            raise OracleUnavailable(self.broken)
        if path not in self._results:
            try:
                self._results[path] = self._cached(path)
            except OracleUnavailable as exc:
                self.broken = str(exc)
                raise
        return self._results[path]

    def _cached(self, path: Path) -> WordPressImport:
        if self.cache_dir is None:
            return self._run(path)
        digest = hashlib.sha256(path.read_bytes() + self.script.read_bytes()).hexdigest()
        cached = self.cache_dir / f"{digest}.json"
        if cached.is_file():
            return WordPressImport(json.loads(cached.read_text(encoding="utf-8")))
        result = self._run(path)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        cached.write_text(json.dumps(result.raw), encoding="utf-8")
        return result

    def _run(self, path: Path) -> WordPressImport:
        return self._process(path, {})[0]

    def _process(self, path: Path, env: Mapping[str, str]) -> tuple[WordPressImport, str]:
        """Run the script with extra environment; its result and its stderr."""
        done = subprocess.run(
            [str(self.script), str(path)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
            env={**os.environ, **env},
        )
        if done.returncode == 2:  # usage or setup error: packages, database
            raise OracleUnavailable(_last_line(done.stderr) or "import-wxr.sh exited 2 (setup error)")
        lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
        if not lines:
            raise AssertionError(f"import-wxr.sh printed no JSON for {path} (exit {done.returncode}): {done.stderr}")
        return WordPressImport(json.loads(lines[-1])), done.stderr

    def import_kept(self, path: Path, **env: str) -> KeptImport:
        """Import ``path`` (not cached) with extra environment for the script, e.g.
        ``WXR_AUTHORS="create"``, and keep WordPress's database to query with :func:`query`. The
        databases are dropped when the test session ends."""
        if self.broken is not None:
            raise OracleUnavailable(self.broken)
        result, stderr = self._process(Path(path).resolve(), {**env, "WXR_KEEP_DB": "1"})
        match = re.search(r"kept database (\S+)", stderr)
        assert match, f"import-wxr.sh named no kept database: {stderr}"
        self.kept.append(match.group(1))
        return KeptImport(result, match.group(1))

    def close(self) -> None:
        """Drop the databases :meth:`import_kept` kept."""
        while self.kept:
            name = self.kept.pop()
            with _connect(None) as connection, connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")


@dataclass(frozen=True, slots=True)
class KeptImport:
    result: WordPressImport
    database: str  # WordPress's tables (prefix wp_), kept for queries until the session ends


def _connect(database: str | None) -> Any:
    import pymysql  # the test extra's MariaDB driver; only kept-database tests need it

    return pymysql.connect(
        host=os.environ.get("WXR_DB_HOST", "127.0.0.1"),
        port=int(os.environ.get("WXR_DB_PORT", "3306")),
        user=os.environ.get("WXR_DB_USER", "root"),
        password=os.environ.get("WXR_DB_PASS", ""),
        database=database,
        charset="utf8mb4",
        cursorclass=pymysql.cursors.DictCursor,
    )


def query(database: str, sql: str, *args: Any) -> list[dict[str, Any]]:
    """Rows of ``sql`` (``%s`` placeholders for ``args``) from a database the oracle kept."""
    with _connect(database) as connection, connection.cursor() as cursor:
        cursor.execute(sql, args)
        return list(cursor.fetchall())


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def unavailable_reason(script: Path) -> str | None:
    """Why the oracle cannot run here, or None. Missing Debian packages are not a reason: the
    script installs them on first use (as root, with apt access)."""
    if not script.is_file():
        return f"the WordPress importer oracle is not at {script}"
    if not os.access(script, os.X_OK):
        return f"{script} is not executable"
    if shutil.which("php") is None and os.geteuid() != 0 and shutil.which("sudo") is None:
        return "php is not installed and import-wxr.sh cannot install it (not root, no sudo)"
    host = os.environ.get("WXR_DB_HOST", "127.0.0.1")
    port = int(os.environ.get("WXR_DB_PORT", "3306"))
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as exc:
        return f"no MariaDB/MySQL server at {host}:{port} for import-wxr.sh ({exc.strerror or exc})"
    return None


def _unavailable(reason: str) -> None:
    message = f"WordPress importer oracle unavailable: {reason}"
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{message}, and {REQUIRE_ENV}=1 makes it required")
    pytest.skip(message)


class _CheckedOracle(Oracle):
    """An Oracle whose setup failures skip (or, when required, fail) the asking test."""

    def import_wxr(self, path: Path) -> WordPressImport:
        try:
            return super().import_wxr(path)
        except OracleUnavailable as exc:
            _unavailable(str(exc))
            raise  # not reached: _unavailable raises

    def import_kept(self, path: Path, **env: str) -> KeptImport:
        try:
            return super().import_kept(path, **env)
        except OracleUnavailable as exc:
            _unavailable(str(exc))
            raise  # not reached: _unavailable raises


@pytest.fixture(scope="session")
def wp_oracle() -> Iterator[Oracle]:
    """The oracle, shared by every test of the run (each file is imported once)."""
    script = Path(os.environ.get("BLOGIMPORT_WP_ORACLE") or DEFAULT_SCRIPT)
    reason = unavailable_reason(script)
    if reason:
        _unavailable(reason)
    cache = os.environ.get("BLOGIMPORT_WP_ORACLE_CACHE")
    oracle = _CheckedOracle(script, Path(cache) if cache else None)
    yield oracle
    oracle.close()
