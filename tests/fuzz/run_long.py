"""The long fuzz run: many more mutated fixtures than the suite tries, counting the inputs
survived and keeping every input that crashed (for a regression test).

    python tests/fuzz/run_long.py --examples 5000 [--crashes DIR]

Prints the count of inputs that either converted or were refused with a BlogImportError, and
one line per distinct crash (exception type and the innermost frame of blogimport's code).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from harness import exercise
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import mutated_documents


def _signature(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/importer/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}: {str(exc)[:80]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--crashes", type=Path, default=Path(tempfile.gettempdir()) / "blogimport-fuzz-crashes")
    args = parser.parse_args()
    outcomes: Counter[str] = Counter()
    crashes: Counter[str] = Counter()
    work = Path(tempfile.mkdtemp(prefix="blogimport-fuzz-"))
    started = time.perf_counter()

    @settings(max_examples=args.examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(document=mutated_documents(max_mutations=6), compress=st.booleans())
    def run(document: tuple[str, bytes], compress: bool) -> None:
        seed, data = document
        try:
            outcomes[exercise(data, work / "run", compress=compress)] += 1
        except Exception as exc:  # the fuzz's whole point: record every crash and keep going
            signature = _signature(exc)
            if not crashes[signature]:
                args.crashes.mkdir(parents=True, exist_ok=True)
                name = hashlib.sha1(data).hexdigest()[:12] + ".xml"  # run gzipped when the line says so
                (args.crashes / name).write_bytes(data)
                how = ", gzipped" if compress else ""
                print(f"crash: {signature} (seed {seed}, input {args.crashes / name}{how})", flush=True)
            crashes[signature] += 1

    run()
    elapsed = time.perf_counter() - started
    survived = sum(outcomes.values())
    print(f"inputs: {survived + sum(crashes.values())} in {elapsed:.0f} s")
    print(f"survived: {survived} (converted: {outcomes['ok']}, refused with a clear error: {outcomes['refused']})")
    print(f"crashes: {sum(crashes.values())} ({len(crashes)} distinct)")
    for signature, n in crashes.most_common():
        print(f"  {n:5}  {signature}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
