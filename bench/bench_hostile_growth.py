"""Growth of every text transform on hostile input: time at n, 2n and 4n characters.

    python bench/bench_hostile_growth.py                  # n = 250,000 characters
    python bench/bench_hostile_growth.py --size 100000    # smaller n
    python bench/bench_hostile_growth.py --only spaces    # hostile texts whose name holds this

For each hostile text of ``tests/hostile_text.py`` (a shortcode, comment, ``<pre>`` or tag start
repeated without its end, runs of breaks or spaces...) and each transform a post meets, the CPU
time (``time.process_time``, fastest of ``--repeat``) at n, 2n and 4n characters. Linear time
doubles with the input (ratio 4n/n about 4); quadratic time grows sixteenfold. Printed: one line
per text and transform with the three times and the ratio 4n/n, worst ratio first. The floor in
the same run is ``str.count`` over the same text (one pass in C).

Then the same for the readers' and writers' own patterns that ``bench/audit_regexes.py`` found
quadratic (``PATTERN_CASES``): each function a user's page or export reaches, on the text that made
it slow (a prefix, a unit repeated, an ending).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_text import HOSTILE_UNITS, hostile_text  # noqa: E402

from importer.model import Post  # noqa: E402
from importer.readers.html.fields import clean_name  # noqa: E402
from importer.readers.html.metadata import site_name_beside  # noqa: E402
from importer.readers.mirror.wayback import unwrap_capture  # noqa: E402
from importer.readers.wxr.repairs import declare_missing_namespaces  # noqa: E402
from importer.transforms.code import recognise_code  # noqa: E402
from importer.transforms.fidelity import canonical_tokens  # noqa: E402
from importer.transforms.html_to_markdown import to_markdown  # noqa: E402
from importer.transforms.render import ReusableBlocks, render_post  # noqa: E402
from importer.transforms.shortcodes import ShortcodeContext, expand_shortcodes  # noqa: E402
from importer.transforms.wpautop import wpautop  # noqa: E402
from importer.writers.markdown.frontmatter import title_from_text  # noqa: E402
from importer.writers.wxr.items import as_comment_html  # noqa: E402

TRANSFORMS: dict[str, Callable[[str], object]] = {
    "floor (str.count)": lambda text: text.count("<"),
    "recognise_code": recognise_code,
    "wpautop": wpautop,
    "expand_shortcodes": lambda text: expand_shortcodes(text, ShortcodeContext()),
    "to_markdown": to_markdown,
    "fidelity tokens": canonical_tokens,
    "render_post": lambda text: render_post(Post(content=text), ReusableBlocks(), ShortcodeContext()),
}

_TOOLBAR = b"<!-- BEGIN WAYBACK TOOLBAR INSERT -->"
# name -> (function, prefix, unit, ending): the function runs on prefix + unit * k + ending
PATTERN_CASES: dict[str, tuple[Callable[[str], object], str, str, str]] = {
    "clean_name: 'on' without a date": (clean_name, "Sue", " on", ""),
    "unwrap_capture: canonical links": (lambda t: unwrap_capture(t.encode()), "", '<link rel="canonical" ', ""),
    "unwrap_capture: archive scripts": (lambda t: unwrap_capture(_TOOLBAR + t.encode()), "", "<script/_static/js/", ""),
    "unwrap_capture: inline scripts": (lambda t: unwrap_capture(_TOOLBAR + t.encode()), "", "<script>a__wm.", ""),
    "unwrap_capture: toolbars": (lambda t: unwrap_capture(t.encode()), "", _TOOLBAR.decode(), ""),
    "unwrap_capture: trailers": (lambda t: unwrap_capture(_TOOLBAR + t.encode()), "", "<!-- playback timings", ""),
    "site_name_beside: spaces": (lambda t: site_name_beside("Post", t), "Blog", " ", "Post"),
    "recognise_code: pre attribute": (recognise_code, "<pre ", "a", ">x</pre>"),
    "title_from_text: spaces": (lambda t: title_from_text(Post(content=t)), "Ferry", " ", "x."),
    "namespace repair: xmlns:": (lambda t: declare_missing_namespaces(t.encode()), "<rss>", "xmlns:", "<wp:a/>"),
    "WXR writer: unclosed pre": (as_comment_html, "", "<pre", ""),
    "WXR writer: a run of tabs": (as_comment_html, "a", "\t", "b"),
    "WXR writer: end tags without >": (as_comment_html, "<p>x</p>", "</aaa", ""),
}


def cpu_time(function: Callable[[str], object], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        function(text)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=250_000, help="n, in characters (default 250,000)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measure; the fastest counts")
    parser.add_argument("--only", default="", help="only hostile texts whose name holds this")
    args = parser.parse_args()
    rows: list[tuple[float, str]] = []
    for name in HOSTILE_UNITS:
        if args.only not in name:
            continue
        texts = [hostile_text(name, args.size * factor) for factor in (1, 2, 4)]
        for transform, function in TRANSFORMS.items():
            times = [cpu_time(function, text, args.repeat) for text in texts]
            ratio = times[2] / max(times[0], 1e-4)
            figures = "  ".join(f"{t:7.3f}s" for t in times)
            rows.append((ratio, f"{name:30} {transform:18} {figures}   x{ratio:5.1f}"))
            print(rows[-1][1], file=sys.stderr, flush=True)
    for name, (function, prefix, unit, ending) in PATTERN_CASES.items():
        if args.only not in name:
            continue
        texts = [prefix + unit * (args.size * factor // len(unit)) + ending for factor in (1, 2, 4)]
        times = [cpu_time(function, text, args.repeat) for text in texts]
        ratio = times[2] / max(times[0], 1e-4)
        figures = "  ".join(f"{t:7.3f}s" for t in times)
        rows.append((ratio, f"{name:49} {figures}   x{ratio:5.1f}"))
        print(rows[-1][1], file=sys.stderr, flush=True)
    print(f"\n{'hostile text':30} {'transform':18} {'n':>8}  {'2n':>8}  {'4n':>8}   4n/n (n = {args.size:,})")
    for _ratio, line in sorted(rows, reverse=True):
        print(line)


if __name__ == "__main__":
    main()
