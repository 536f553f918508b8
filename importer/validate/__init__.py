"""``blogimport validate``: check a blog export (WXR, HTML) or blogimport's own output before
it is trusted, and report findings with stable codes in formats CI systems read.

Example::

    from importer.validate import validate
    report = validate(["export.xml"])
    print(report.exit_code, [f.title for f in report.findings])
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..errors import OutputError, UsageError
from ..writers.atomic import file_mode
from .config import ValidateConfig, load_config, with_options
from .findings import CODES, Finding, Report, Severity, apply_policy
from .formatters import FORMATTERS

if TYPE_CHECKING:
    from .sources import SourceResult

__all__ = [
    "CODES",
    "FORMATTERS",
    "Finding",
    "Report",
    "Severity",
    "ValidateConfig",
    "load_config",
    "validate",
    "with_options",
    "write_report",
]


def validate(
    sources: Sequence[str] = (),
    config: ValidateConfig | None = None,
    *,
    exports: Sequence[str] = (),
    against: Sequence[str] = (),
) -> Report:
    """Check every source file and every export; findings are filtered and re-graded by ``config``."""
    if against and not exports:
        raise UsageError("{against} needs {exports} (the output to reconcile with the source)")
    config = config or ValidateConfig()
    from .sources import validate_source  # the checks are imported when a run needs them

    results: list[SourceResult] = [validate_source(path) for path in sources]
    if exports:
        from .exports import validate_export

        results += [validate_export(path, list(against)) for path in exports]
    findings: list[Finding] = [f for result in results for f in result.findings]
    unreadable = any(result.unreadable for result in results)
    files = list(dict.fromkeys([*sources, *exports, *(f.file or "-" for f in findings)]))
    return Report(apply_policy(findings, config.ignore, config.strict), files, unreadable)


def write_report(path: str, text: str) -> None:
    """Write the report atomically: CI never reads a half-written file."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".blogimport-report-", dir=directory)
    except OSError as exc:
        raise OutputError(f"cannot write the report: {exc.strerror}", file=path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(tmp, file_mode())  # mkstemp made it 0600: the mode open() gives, umask honoured
        os.replace(tmp, path)
    except OSError as exc:
        os.unlink(tmp)
        raise OutputError(f"cannot write the report: {exc.strerror}", file=path) from None
