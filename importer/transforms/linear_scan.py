"""Linear-time stand-ins for the regex shapes that take quadratic time on hostile text.

A regex such as ``<pre.*?</pre>`` or ``(<div[^>]*>)\\s*</p>`` is cheap on real posts but, where
it fails, Python's engine starts again one character later and scans the same stretch again:
``"<pre>" * n`` without a closer, or ``"<div " * n`` before one far ``>``, costs O(n²). Each
function here gives exactly the matches of one such shape (same leftmost-first,
non-overlapping semantics as ``re.sub``) while reading every character a bounded number of
times: a scan that failed is remembered, not repeated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

Closer = Callable[[re.Match[str]], re.Pattern[str]]


def paired_spans(
    text: str, opener: re.Pattern[str], closer: Closer, tag: bool = False
) -> Iterator[tuple[re.Match[str], int]]:
    """Each non-overlapping ``OPENER.*?CLOSER`` (DOTALL) in ``text``: (opener match, end).

    With ``tag``, the shape is ``OPENER[^>]*>.*?CLOSER`` (an opening tag's attributes). ``closer``
    gives the closing pattern for an opener (a back-reference such as ``</\\1>`` becomes one
    pattern per name). A closer not found after some point is not looked for again: it cannot
    be found after any later point either; nor can a ``>``.
    """
    position = 0
    missing: set[str] = set()
    greater = -1
    while (opening := opener.search(text, position)) is not None:
        body = opening.end()
        if tag:
            if greater < body:
                greater = text.find(">", body)
                if greater < 0:
                    return
            body = greater + 1
        pattern = closer(opening)
        closing = None if pattern.pattern in missing else pattern.search(text, body)
        if closing is None:
            missing.add(pattern.pattern)
            position = opening.start() + 1
            continue
        yield opening, closing.end()
        position = closing.end()


def sub_paired(
    text: str,
    opener: re.Pattern[str],
    closer: Closer,
    replace: Callable[[str], str],
    tag: bool = False,
) -> str:
    """``re.sub`` of ``OPENER.*?CLOSER`` (DOTALL; see :func:`paired_spans`), ``replace`` given the match."""
    out: list[str] = []
    position = 0
    for opening, end in paired_spans(text, opener, closer, tag):
        out += [text[position : opening.start()], replace(text[opening.start() : end])]
        position = end
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)


def sub_tag(
    text: str,
    head: re.Pattern[str],
    replace: Callable[[str, re.Match[str] | None], str],
    tail: re.Pattern[str] | None = None,
    until: str = ">",
) -> str:
    """``re.sub`` of ``(HEAD[^>]*>)TAIL``: ``replace`` gets the tag (HEAD to its ``>``) and TAIL's match.

    ``[^>]*>`` always ends at the first ``>`` after HEAD, so where TAIL fails every later HEAD
    before that ``>`` would scan to it again: the ``>`` and TAIL's result there are remembered.
    ``until`` names another end than ``>`` (``-->``: the shape ``HEAD(?:(?!-->).)*-->TAIL``).
    HEAD and TAIL must not themselves scan unboundedly, and HEAD must not hold ``until``.
    """
    out: list[str] = []
    position = search = 0
    ends = -1  # the first ``until`` at or after the end of the last HEAD looked at
    tail_at, tail_match = -1, None
    while (found := head.search(text, search)) is not None:
        if ends < found.end():
            ends = text.find(until, found.end())
            if ends < 0:
                break
        tag_end = ends + len(until)
        matched = None
        if tail is not None:
            if tail_at != tag_end:
                tail_at, tail_match = tag_end, tail.match(text, tag_end)
            if tail_match is None:
                search = found.start() + 1
                continue
            matched = tail_match
        end = matched.end() if matched is not None else tag_end
        out += [text[position : found.start()], replace(text[found.start() : tag_end], matched)]
        position = search = end
    if not out:
        return text
    out.append(text[position:])
    return "".join(out)
