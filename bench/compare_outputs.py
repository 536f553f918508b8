"""Before/after: convert every corpus file with two revisions to every writer and diff the outputs.

    python bench/compare_outputs.py --base e34c398                 # base commit vs this worktree
    python bench/compare_outputs.py --base main --head HEAD        # two commits
    python bench/compare_outputs.py --base main --formats json,markdown:hugo --keep /tmp/cmp
    python bench/compare_outputs.py --base e34c398 --synthetic 10000 --only synthetic   # generated exports

Each revision other than ``worktree`` is checked out with ``git worktree add --detach`` into a
temporary folder (removed at the end). One worker process per revision imports that tree's
``importer`` and runs its CLI (``convert FILE --to ...``) in-process for every file and format,
so the comparison is of what a user gets. Outputs are compared as data, not bytes:

- json / jsonl: the parsed documents, key by key (list positions as ``[]``);
- sqlite: every table row by row (FTS shadow tables left out), column by column;
- sql:DIALECT: the dump, statement line by statement line;
- markdown:PRESET: the tree, file by file (files only on one side, files that differ);
- every run: its exit code and the tally it printed.

Differences are grouped by kind (e.g. ``json posts[].content_format added``) with how many files
and places show them and one example each: every kind needs an explanation, not every place.
The corpus is ``../shared/corpus`` beside the repository (``--corpus`` for another folder):
its ``wxr/`` and ``html/`` files, each converted alone. ``--synthetic 2000,10000`` adds
generated exports of that many posts (``synth_wxr.py``): big enough to be converted in parts.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
FORMATS = (
    "json",
    "jsonl",
    "sqlite",
    "sql:sqlite",
    "sql:postgresql",
    "sql:mysql",
    "markdown:hugo",
    "markdown:jekyll",
    "markdown:eleventy",
    "markdown:plain",
)
WORKTREE = "worktree"


# -- running one revision -------------------------------------------------------------------------


def output_name(source: str, fmt: str) -> str:
    """Where a job writes, relative to the revision's output root (the same on both sides)."""
    stem = source.replace("/", "__")
    kind, _, variant = fmt.partition(":")
    extension = {"json": ".json", "jsonl": ".jsonl", "sqlite": ".db", "sql": ".sql"}.get(kind, "")
    return f"{kind}{'-' + variant if variant else ''}/{stem}{extension}"


def cli_args(source: Path, fmt: str, output: str) -> list[str]:
    kind, _, variant = fmt.partition(":")
    args = ["convert", str(source), "--to", kind, "-o", output]
    if kind == "sql":
        args += ["--dialect", variant]
    elif kind == "markdown":
        args += ["--preset", variant]
    return args


def run_worker(tree: str, out_root: str) -> None:
    """In a child process: import ``tree``'s importer and run the jobs read from stdin."""
    sys.path.insert(0, tree)
    from click.testing import CliRunner

    import importer
    from importer.cli import main

    assert Path(importer.__file__).resolve().is_relative_to(Path(tree).resolve()), importer.__file__
    jobs = json.load(sys.stdin)
    os.chdir(out_root)
    results = {}
    for job in jobs:
        Path(job["output"]).parent.mkdir(parents=True, exist_ok=True)
        result = CliRunner().invoke(main, job["args"], prog_name="blogimport")
        results[job["output"]] = {"exit": result.exit_code, "log": result.output}
    json.dump(results, sys.stdout)


def run_revision(tree: Path, out_root: Path, jobs: list[dict[str, Any]], workers: int) -> dict[str, Any]:
    out_root.mkdir(parents=True, exist_ok=True)
    chunks = [jobs[i::workers] for i in range(workers)]
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(tree), str(out_root)]
    processes = [
        subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for chunk in chunks if chunk
    ]
    results: dict[str, Any] = {}
    for process, chunk in zip(processes, chunks, strict=False):
        stdout, _ = process.communicate(json.dumps(chunk))
        if process.returncode != 0:
            raise SystemExit(f"worker for {tree} failed (exit {process.returncode})")
        results.update(json.loads(stdout))
    return results


@contextlib.contextmanager
def checkout(rev: str, scratch: Path) -> Iterator[Path]:
    """A tree of ``rev``: this worktree itself, or a temporary ``git worktree`` of the commit."""
    if rev == WORKTREE:
        yield ROOT
        return
    path = scratch / f"tree-{rev.replace('/', '_')}"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(path), rev], check=True)
    try:
        yield path
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], check=False)


# -- comparing ------------------------------------------------------------------------------------


@dataclass
class Kind:
    files: set[str] = field(default_factory=set)
    places: int = 0
    example: str = ""


@dataclass
class Differences:
    kinds: dict[str, Kind] = field(default_factory=lambda: defaultdict(Kind))
    compared: int = 0
    identical: int = 0

    def add(self, kind: str, file: str, example: str) -> None:
        entry = self.kinds[kind]
        entry.files.add(file)
        entry.places += 1
        if not entry.example:
            entry.example = f"{file}: {example}"


def short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def diff_data(base: Any, head: Any, path: str, report: Any) -> None:
    """Report (pattern, where, example) for each difference between two JSON values."""
    if isinstance(base, dict) and isinstance(head, dict):
        for key in dict.fromkeys([*base, *head]):
            sub = f"{path}.{key}" if path else str(key)
            if key not in head:
                report(f"{sub} removed", short(base[key]))
            elif key not in base:
                report(f"{sub} added", short(head[key]))
            else:
                diff_data(base[key], head[key], sub, report)
    elif isinstance(base, list) and isinstance(head, list):
        for index in range(min(len(base), len(head))):
            diff_data(base[index], head[index], f"{path}[]", report)
        if len(base) != len(head):
            report(f"{path}[] length", f"{len(base)} -> {len(head)}")
    elif base != head or type(base) is not type(head):
        report(f"{path} changed", f"{short(base)} -> {short(head)}")


def compare_json(base: Path, head: Path, fmt: str, name: str, found: Differences) -> None:
    def load(path: Path) -> Any:
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]

    def report(kind: str, example: str) -> None:
        found.add(f"{fmt} {kind}", name, example)

    diff_data(load(base), load(head), "" if fmt == "json" else "lines", report)


def _tables(db: sqlite3.Connection) -> dict[str, list[str]]:
    shadow = {row[1] for row in db.execute("PRAGMA table_list") if row[2] in ("shadow", "virtual")}
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {
        name: [c[1] for c in db.execute(f'PRAGMA table_info("{name}")')]
        for name in names
        if name not in shadow and not name.startswith("sqlite_")
    }


def compare_sqlite(base: Path, head: Path, name: str, found: Differences) -> None:
    with contextlib.closing(sqlite3.connect(base)) as old, contextlib.closing(sqlite3.connect(head)) as new:
        old_tables, new_tables = _tables(old), _tables(new)
        for table in dict.fromkeys([*old_tables, *new_tables]):
            if table not in new_tables or table not in old_tables:
                found.add(f"sqlite table {table} {'removed' if table in old_tables else 'added'}", name, table)
                continue
            columns = [c for c in old_tables[table] if c in new_tables[table]]
            for column in set(old_tables[table]) ^ set(new_tables[table]):
                found.add(f"sqlite {table}.{column} {'added' if column in new_tables[table] else 'removed'}", name, "")
            select = f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}" ORDER BY rowid'
            old_rows, new_rows = old.execute(select).fetchall(), new.execute(select).fetchall()
            if len(old_rows) != len(new_rows):
                found.add(f"sqlite {table} row count", name, f"{len(old_rows)} -> {len(new_rows)}")
            for row_a, row_b in zip(old_rows, new_rows, strict=False):
                for column, a, b in zip(columns, row_a, row_b, strict=True):
                    if a != b:
                        example = f"row {row_a[0]!r}: {short(a)} -> {short(b)}"
                        found.add(f"sqlite {table}.{column} changed", name, example)


def _statement_kind(line: str) -> str:
    words = line.replace("(", " ").split()
    return " ".join(words[:3]) if words else "(blank line)"


def compare_text_lines(base: Path, head: Path, fmt: str, name: str, found: Differences) -> None:
    old = base.read_text(encoding="utf-8").splitlines()
    new = head.read_text(encoding="utf-8").splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for line in old[i1:i2]:
            found.add(f"{fmt} line removed: {_statement_kind(line)}", name, short(line))
        for line in new[j1:j2]:
            found.add(f"{fmt} line added: {_statement_kind(line)}", name, short(line))


def _pattern(relative: str) -> str:
    """``content/posts/tomatoes.md`` -> ``content/posts/*.md``: files grouped by folder and type."""
    folder, _, file = relative.rpartition("/")
    suffix = file.rpartition(".")[2] if "." in file else ""
    return f"{folder or '.'}/*{'.' + suffix if suffix else ''}"


def compare_tree(base: Path, head: Path, fmt: str, name: str, found: Differences) -> None:
    old = {str(p.relative_to(base)) for p in base.rglob("*") if p.is_file()}
    new = {str(p.relative_to(head)) for p in head.rglob("*") if p.is_file()}
    for relative in sorted(old - new):
        found.add(f"{fmt} file removed: {_pattern(relative)}", name, relative)
    for relative in sorted(new - old):
        found.add(f"{fmt} file added: {_pattern(relative)}", name, relative)
    for relative in sorted(old & new):
        a, b = (base / relative).read_bytes(), (head / relative).read_bytes()
        if a != b:
            lines = difflib.unified_diff(
                a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines(), n=0, lineterm=""
            )
            changed = [line for line in lines if line[:1] in "+-" and line[:3] not in ("+++", "---")]
            found.add(f"{fmt} file changed: {_pattern(relative)}", name, f"{relative}: {short(changed[:4], 400)}")


def compare_job(base_root: Path, head_root: Path, fmt: str, output: str, found: Differences) -> None:
    base, head = base_root / output, head_root / output
    if base.exists() != head.exists():
        found.add(f"{fmt} output {'missing' if base.exists() else 'new'}", output, "")
        return
    if not base.exists():
        return
    kind = fmt.partition(":")[0]
    before = sum(k.places for k in found.kinds.values())
    if kind in ("json", "jsonl"):
        compare_json(base, head, kind, output, found)
    elif kind == "sqlite":
        compare_sqlite(base, head, output, found)
    elif kind == "sql":
        compare_text_lines(base, head, fmt, output, found)
    else:
        compare_tree(base, head, fmt, output, found)
    found.compared += 1
    found.identical += sum(k.places for k in found.kinds.values()) == before


def _tally_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.strip()]


def compare_runs(base: dict[str, Any], head: dict[str, Any], jobs: list[dict[str, Any]], found: Differences) -> None:
    for job in jobs:
        output, fmt = job["output"], job["format"]
        old, new = base[output], head[output]
        if old["exit"] != new["exit"]:
            found.add(f"exit code {old['exit']} -> {new['exit']}", output, short(new["log"][-300:]))
        old_lines, new_lines = _tally_lines(old["log"]), _tally_lines(new["log"])
        for line in [line for line in old_lines if line not in new_lines]:
            found.add(f"{fmt.partition(':')[0]} tally line removed: {line.split(':')[0]}", output, line)
        for line in [line for line in new_lines if line not in old_lines]:
            found.add(f"{fmt.partition(':')[0]} tally line added: {line.split(':')[0]}", output, line)


# -- the whole comparison -------------------------------------------------------------------------


def corpus_files(corpus: Path) -> list[Path]:
    files = [p for sub in ("wxr", "html") for p in sorted((corpus / sub).rglob("*")) if p.is_file()]
    return [p for p in files if p.suffix.lower() in (".xml", ".html", ".htm", ".gz")]


def make_jobs(files: list[Path], root: Path, formats: list[str]) -> list[dict[str, Any]]:
    """The conversions of ``files`` (each named by its path below ``root``) to ``formats``."""
    jobs = []
    for source in files:
        for fmt in formats:
            output = output_name(str(source.relative_to(root)), fmt)
            jobs.append({"format": fmt, "output": output, "args": cli_args(source, fmt, output)})
    return jobs


def synthetic_files(sizes: list[int], folder: Path) -> list[Path]:
    """Generated exports (``synth_wxr.py``, 4 comments a post) of ``sizes`` posts: big ones are
    converted in parts, as a user's big export is."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synth_wxr import write_synthetic_wxr

    folder.mkdir(parents=True, exist_ok=True)
    return [write_synthetic_wxr(folder / f"synthetic-{posts}.xml", posts, 4) for posts in sizes]


def print_report(found: Differences, base: str, head: str, files: int, formats: list[str]) -> None:
    print(f"# Outputs of {base} vs {head}: {files} corpus files x {len(formats)} formats")
    print(f"\n{found.compared} outputs compared, {found.identical} identical.\n")
    if not found.kinds:
        print("No differences.")
        return
    print("| kind | files | places | example |\n| --- | --- | --- | --- |")
    for kind, entry in sorted(found.kinds.items()):
        example = entry.example.replace("|", "\\|").replace("\n", " ")
        print(f"| {kind} | {len(entry.files)} | {entry.places} | {example} |")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="revision before (a commit, branch or tag)")
    parser.add_argument("--head", default=WORKTREE, help="revision after, or 'worktree' (default): this checkout")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder with wxr/ and html/")
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"comma-separated (default: {','.join(FORMATS)})")
    parser.add_argument("--only", default="", help="only corpus files whose path contains this text")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes per revision (default 1)")
    parser.add_argument("--keep", type=Path, help="write the outputs here (kept) instead of a temporary folder")
    parser.add_argument(
        "--synthetic", default="", help="also generated exports of these post counts (comma-separated, e.g. 10000)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise SystemExit(f"unknown format(s) {', '.join(unknown)} (known: {', '.join(FORMATS)})")
    files = [f for f in corpus_files(args.corpus) if args.only in str(f)]
    sizes = [int(n) for n in args.synthetic.split(",") if n]
    if not files and not sizes:
        raise SystemExit(f"no corpus files under {args.corpus}/wxr or /html")
    jobs = make_jobs(files, args.corpus, formats)
    with tempfile.TemporaryDirectory(prefix="blogimport-compare-") as scratch:
        generated = synthetic_files(sizes, Path(scratch) / "synthetic")
        jobs += make_jobs(generated, Path(scratch), formats)
        files += generated
        out = args.keep or Path(scratch)
        results = {}
        for side, rev in (("base", args.base), ("head", args.head)):
            with checkout(rev, Path(scratch)) as tree:
                print(f"converting with {rev} ({tree}) ...", file=sys.stderr)
                results[side] = run_revision(tree, out / side, jobs, max(1, args.jobs))
        found = Differences()
        compare_runs(results["base"], results["head"], jobs, found)
        for job in jobs:
            compare_job(out / "base", out / "head", job["format"], job["output"], found)
    print_report(found, args.base, args.head, len(files), formats)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--worker":
        run_worker(sys.argv[2], sys.argv[3])
    else:
        sys.exit(main())
