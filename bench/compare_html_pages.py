"""Before/after for the HTML reader: ``parse_page`` on every corpus and fixture page, compared by ``repr``.

    python bench/compare_html_pages.py --base main          # this checkout against main
    python bench/compare_html_pages.py --base 51dfe56 --head 3839642

Every ``.html`` page of the shared corpus (``../shared/corpus/html``) and of ``fixtures/`` is read
with ``parse_page`` twice per revision, without a base URL and with one
(``https://example.org/blog/some-post/``), and the results (the ``Page`` and the tally's
problems and counts) are compared by ``repr``. Each revision runs in its own process, with its
``importer`` package taken from ``git archive`` (the head from this checkout when ``--head`` is
``worktree``). Exit status 1 when any page differs.
"""

from __future__ import annotations

import argparse
import os
import pickle
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS_HTML = Path(os.environ.get("BLOGIMPORT_CORPUS") or ROOT.parent / "shared" / "corpus") / "html"
BASE_URL = "https://example.org/blog/some-post/"

# Run in the revision's own process: reads the page list and base URL from argv[1], writes the reprs to argv[2].
_DUMP = """
import pickle, sys
from importer.readers.html import parse_page
from importer.tally import Tally
from importer.errors import ParseError
paths, BASE_URL = pickle.load(open(sys.argv[1], "rb"))
out = []
for path in paths:
    data = open(path, "rb").read()
    for base in (None, BASE_URL):
        tally = Tally()
        try:
            page = repr(parse_page(data, path, tally, base))
        except ParseError as exc:
            page = "ParseError: " + str(exc)
        out.append((path, base, page, repr(tally)))
pickle.dump(out, open(sys.argv[2], "wb"))
"""


def pages() -> list[str]:
    found = sorted(CORPUS_HTML.rglob("*.html")) if CORPUS_HTML.is_dir() else []
    found += sorted((ROOT / "fixtures").rglob("*.html"))
    return [str(p) for p in found]


def checkout(revision: str, into: Path) -> Path:
    """``revision``'s ``importer`` package in ``into`` (this checkout's own for ``worktree``)."""
    if revision == "worktree":
        return ROOT
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "importer"], check=True, capture_output=True)
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return into


def dump(source: Path, paths_file: Path, out: Path) -> list[tuple[str, str | None, str, str]]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    subprocess.run([sys.executable, "-c", _DUMP, str(paths_file), str(out)], check=True, env=env, cwd=source)
    with out.open("rb") as f:
        result: list[tuple[str, str | None, str, str]] = pickle.load(f)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="revision before (a commit, branch or tag)")
    parser.add_argument("--head", default="worktree", help="revision after, or 'worktree' (default): this checkout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        paths_file = work / "paths.pickle"
        paths_file.write_bytes(pickle.dumps((pages(), BASE_URL)))
        results = []
        for name, revision in (("base", args.base), ("head", args.head)):
            (work / name).mkdir()
            results.append(dump(checkout(revision, work / name), paths_file, work / f"{name}.pickle"))
    before, after = results
    differing = [(b[0], b[1]) for b, a in zip(before, after, strict=True) if b != a]
    for path, base in differing:
        print(f"differs: {path} (base URL {base})")
    print(f"{len(before)} readings ({len(before) // 2} pages, with and without a base URL): {len(differing)} differ")
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
