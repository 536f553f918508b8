"""Every optional compiled accelerator (setup.py) is built in CI and never older than its source.

Each accelerator's own tests compare it with the Python code it stands in for, and skip without
the build (a checkout without a C compiler). These checks keep those tests honest: in CI a missing
build would silently leave them skipped, and a module built before its ``.pyx`` was edited would
test the old code.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = [
    "importer.readers.html._cindex",
    "importer.readers.wxr._cfields",
    "importer.transforms._csimple",
    "importer.writers.markdown._cdates",
    "importer.writers.sql._crows",
]


def _source(module: str) -> Path:
    return ROOT / (module.replace(".", "/") + ".pyx")


def test_setup_builds_every_accelerator_listed_here() -> None:
    setup = (ROOT / "setup.py").read_text(encoding="utf-8")
    built = {module for module in EXTENSIONS if f'"{module}"' in setup}
    assert built == set(EXTENSIONS)
    assert sorted(str(p.relative_to(ROOT)) for p in (ROOT / "importer").rglob("*.pyx")) == sorted(
        str(_source(module).relative_to(ROOT)) for module in EXTENSIONS
    )


@pytest.mark.parametrize("module", EXTENSIONS)
def test_ci_builds_the_accelerator(module: str) -> None:
    if os.environ.get("CI") != "true":
        pytest.skip("CI only: a developer's checkout may run without the build")
    importlib.import_module(module)  # raises when .ci/run's install did not build it


@pytest.mark.parametrize("module", EXTENSIONS)
def test_a_built_accelerator_is_not_older_than_its_source(module: str) -> None:
    source = _source(module)
    name = module.rsplit(".", 1)[1]
    for built in source.parent.glob(f"{name}.*.so"):
        assert built.stat().st_mtime >= source.stat().st_mtime, f"{built.name} is older than {source.name}: rebuild"
