"""Time other WordPress-to-Markdown converters on the same synthetic export, when installed.

    npm install --prefix /tmp/wetm wordpress-export-to-markdown@2.2.2
    python bench/compare_markdown_tools.py --posts 10000 \\
        --wetm /tmp/wetm/node_modules/.bin/wordpress-export-to-markdown

Each tool runs as a child process on the same file (images not downloaded: no network);
blogimport runs ``convert --to markdown --preset plain``. Wall-clock seconds are printed side by
side. Tools that are not given or not installed are left out, never faked.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_wxr import write_synthetic_wxr

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=5)
    parser.add_argument("--wetm", help="path to lonekorean/wordpress-export-to-markdown's binary")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    source = write_synthetic_wxr(work / "export.xml", args.posts, args.comments)
    results = {
        "blogimport": timed(
            [
                sys.executable,
                "-m",
                "importer",
                "convert",
                str(source),
                "--to",
                "markdown",
                "--preset",
                "plain",
                "-o",
                str(work / "blogimport"),
                "-q",
            ],
            ROOT,
        )
    }
    if args.wetm and shutil.which(args.wetm):
        results["wordpress-export-to-markdown"] = timed(
            [
                args.wetm,
                "--wizard=false",
                f"--input={source}",
                f"--output={work / 'wetm'}",
                "--save-attached-images=false",
                "--save-scraped-images=false",
                "--include-other-types=true",
            ],
            work,
        )
    for name, seconds in results.items():
        ratio = seconds / results["blogimport"]
        print(f"{name:<32}{seconds:>9.2f} s{ratio:>8.1f}x")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
