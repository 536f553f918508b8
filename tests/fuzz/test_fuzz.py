"""Fuzz: mutated fixtures (bytes and structure) either convert, or fail with a BlogImportError,
in every command and writer: never another exception. A modest number of examples runs in the
suite; tests/fuzz/run_long.py runs many more."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from harness import exercise
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import mutated_documents

EXAMPLES = int(os.environ.get("BLOGIMPORT_FUZZ_EXAMPLES", "60"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=mutated_documents(), compress=st.booleans())
def test_mutated_fixtures_never_crash(
    document: tuple[str, bytes], compress: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    _seed, data = document
    directory: Path = tmp_path_factory.mktemp("fuzz")
    assert exercise(data, directory, compress=compress) in ("ok", "refused")
