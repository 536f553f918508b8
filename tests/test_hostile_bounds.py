"""Bounded time on hostile text: every transform finishes on a megabyte built to make it slow.

Each hostile text (``hostile_text.py``: a shortcode, comment, ``<pre>`` or tag start repeated
without its end, runs of line breaks or spaces...) goes through every transform a post or
comment meets, in a subprocess with a generous time-out. The time-out is a hang guard, not a
speed assertion: these inputs took minutes to hours before the transforms were made linear
(``"[a " * n`` 54 s at 60 KB, ``"<pre x" * 40000`` 42 s); linear, each takes about a second.
The growth figures (time at n, 2n and 4n) are measured in ``bench/bench_hostile_growth.py``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from hostile_text import HOSTILE_UNITS

HANG_GUARD = 300  # seconds for every transform on one megabyte; linear, they take a few
SIZE = 1_000_000

# Every transform of ours that reads post or comment text, one after the other on the same input
# (the Markdown renderer of the fidelity check, markdown-it, is not ours: its tokens are).
_RUN_ALL = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from hostile_text import hostile_text
from importer.model import Post
from importer.transforms.code import recognise_code
from importer.transforms.fidelity import canonical_tokens
from importer.transforms.html_to_markdown import to_markdown
from importer.transforms.render import ReusableBlocks, render_post
from importer.transforms.shortcodes import ShortcodeContext, expand_shortcodes
from importer.transforms.wpautop import wpautop

text = hostile_text({name!r}, {size})
recognise_code(text)
wpautop(text)
expand_shortcodes(text, ShortcodeContext())
to_markdown(text)
canonical_tokens(text)
render_post(Post(content=text), ReusableBlocks(), ShortcodeContext())
print("done")
"""


@pytest.mark.parametrize("name", sorted(HOSTILE_UNITS))
def test_every_transform_finishes_on_a_megabyte_of_hostile_text(name: str) -> None:
    script = _RUN_ALL.format(root=str(ROOT), tests=str(Path(__file__).parent), name=name, size=SIZE)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=HANG_GUARD, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "done"
