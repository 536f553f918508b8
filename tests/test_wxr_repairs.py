"""Known defects of real exports are repaired by default, reported in the tally, and never touch a
well-formed file (fixtures/wxr/defects/: one small invented export per defect class)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from unittest import mock

import pytest
from conftest import CORPUS
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

import importer
from importer.api import ConvertOptions
from importer.model import Archive
from importer.readers import ReadOptions
from importer.readers.wxr import repairs, xml_stream
from importer.readers.wxr.repairs import LOOKAHEAD, CdataRepair
from importer.readers.wxr.xml_stream import CleanXmlStream
from importer.tally import Tally

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wxr"
DEFECTS = FIXTURES / "defects"


def read(path: Path, tally: Tally) -> Archive:
    return importer.load([str(path)], ConvertOptions(read=ReadOptions(keep_internal=True)), tally)


@pytest.mark.parametrize(
    ("name", "code", "line"),
    [
        ("undeclared-atom-media.xml", "undeclared-namespace", 4),
        ("undeclared-wordpress-prefixes.xml", "undeclared-namespace", 4),
        ("invalid-namespace-prefix.xml", "namespace-error", 10),
        ("duplicate-namespace-declaration.xml", "duplicate-attribute", 10),
        ("cdata-end-inside-cdata.xml", "cdata-end-in-cdata", 33),
        ("wrong-wxr-version.xml", "wxr-version-unknown", None),
    ],
)
def test_each_defect_is_read_by_default_and_reported(name: str, code: str, line: int | None) -> None:
    tally = Tally()
    archive = read(DEFECTS / name, tally)
    assert [p.code for p in tally.problems if p.code != "undeclared-author"] == [code]
    (problem,) = [p for p in tally.problems if p.code == code]
    assert problem.line == line and problem.file == str(DEFECTS / name)
    assert len(archive.posts) == 2 and sum(len(p.comments) for p in archive.posts) == 1


@pytest.mark.parametrize("name", ["undeclared-atom-media.xml", "undeclared-wordpress-prefixes.xml"])
def test_undeclared_prefixes_mean_what_they_mean_in_every_export(name: str) -> None:
    tally = Tally()
    archive = read(DEFECTS / name, tally)
    assert archive.site is not None and archive.site.title == "Kettle and Kiln"
    assert archive.site.format_version == "1.2" and archive.site.base_site_url == "http://wordpress.com/"
    post = archive.posts[0]
    assert (post.id, post.slug, post.author) == (12, "a-celadon-that-finally-worked", "junoclay")
    assert post.excerpt == "One keeper out of six."
    assert [c.slug for c in post.categories] == ["glazes"]
    (problem,) = tally.problems
    assert "atom, media" in problem.message


def test_literal_cdata_ends_are_kept_as_text() -> None:
    tally = Tally()
    first, second = read(DEFECTS / "cdata-end-inside-cdata.xml", tally).posts
    assert first.content is not None and "//<![CDATA[\nvar visits" in first.content
    assert first.content.endswith("//]]></script>\n\nThe cookie is the whole trick.")
    assert [m.value for m in first.meta] == ["]]>"]
    assert first.comments[0].content == (
        "Careful in XHTML: the text ]]> ends a CDATA section, hence the // in front of it."
    )
    assert (
        second.content == "<code>if (grid[row[0]]>limit) { row.shift(); }</code> reads the first cell of the first row."
    )
    assert tally.changed["literal ]]> inside CDATA kept as text"] == 4
    (problem,) = tally.problems
    assert "lines 33, 48, 58, 72" in problem.message


def test_prefix_first_used_after_the_head_is_read_through(tmp_path: Path) -> None:
    """Beyond the first 64 KB an undeclared prefix cannot be declared on <rss>: the element is kept
    unread (as WordPress ignores it) and reported once; the post is read."""
    text = (DEFECTS / "undeclared-atom-media.xml").read_text(encoding="utf-8")
    filler = "<!-- " + "x" * 70_000 + " -->\n"
    text = text.replace("<media:content", filler + "<media:content", 1).replace("<atom:link", "<link", 2)
    path = tmp_path / "late-prefix.xml"
    path.write_text(text, encoding="utf-8")
    tally = Tally()
    archive = read(path, tally)
    assert [p.id for p in archive.posts] == [12, 15]
    messages = [p.message for p in tally.problems if p.code == "namespace-error"]
    assert len(tally.problems) == len(messages) == 2 and tally.changed["namespace errors ignored"] == 2
    assert "Namespace prefix media on content is not defined" in messages[0]


def stream_bytes(path: Path, *, repair: bool, size: int = 65536) -> bytes:
    with path.open("rb") as raw:
        stream = CleanXmlStream(raw, str(path), repair=repair)
        parts = []
        while chunk := stream.read(size):
            parts.append(chunk)
    return b"".join(parts)


WELL_FORMED = [p for p in sorted(FIXTURES.glob("*.xml"))]
WELL_FORMED += [p for p in sorted((CORPUS / "wxr").rglob("*.xml")) if p.name not in {"crazy-cdata.xml"}]


@pytest.mark.parametrize("path", WELL_FORMED, ids=lambda p: p.name)
def test_repairs_never_touch_a_file_without_the_defects(path: Path) -> None:
    assert stream_bytes(path, repair=True, size=4096) == stream_bytes(path, repair=False)


def feed_all(data: bytes, size: int, kind: type[CdataRepair] = CdataRepair) -> tuple[bytes, CdataRepair, int]:
    repair = kind()
    parts, longest_carry = [], 0
    for start in range(0, len(data), size):
        parts.append(repair.feed(data[start : start + size]))
        longest_carry = max(longest_carry, len(repair.carry))
    parts.append(repair.feed(b"", final=True))
    return b"".join(parts), repair, longest_carry


# A ]]> followed by the closing tag or by another section reads as the end (WordPress's own split
# form is "]]]]><![CDATA[>"): such a text cannot be told from its end, by any reader. A ]]> followed
# at once by another closing tag ("]]></p>") is repaired only when the section also holds a text
# "<![CDATA[" or another "]]>" (the "//<![CDATA[ ... //]]></script>" of old posts); elsewhere it stays
# a parse error (--recover), never a different text.
AMBIGUOUS = re.compile(r"\]\]>(\s*</v|<!\[CDATA\[|</)")
TEXT = st.lists(st.sampled_from(["a", " ", "]", ">", "<", "![CDATA[", "]]>", "\n", "é", "/x>"]), max_size=30).map(
    "".join
)


@given(contents=st.lists(TEXT, min_size=1, max_size=4), size=st.integers(1, 40))
def test_literal_ends_become_text_whatever_the_chunks(contents: list[str], size: int) -> None:
    """Each content, written raw inside CDATA as old exporters did, parses back to itself."""
    expected = [c for c in contents if not AMBIGUOUS.search(c)]
    data = ("<r>" + "".join(f"<v><![CDATA[{c}]]></v>" for c in expected) + "</r>").encode()
    repaired, _, _ = feed_all(data, size)
    assert [v.text or "" for v in etree.fromstring(repaired)] == expected


@given(contents=st.lists(TEXT, min_size=1, max_size=4), size=st.integers(1, 40))
@example(contents=["<a><![CDATA[]]>"], size=1)  # a split section holding a literal "<![CDATA[" text
def test_wordpress_split_sections_are_left_alone(contents: list[str], size: int) -> None:
    body = "".join(f"<v><![CDATA[{c.replace(']]>', ']]]]><![CDATA[>')}]]></v>" for c in contents)
    data = f"<r>{body}</r>".encode()
    repaired, repair, _ = feed_all(data, size)
    assert repaired == data and repair.repaired == 0


def test_a_long_section_streams_in_flat_memory() -> None:
    data = b"<r><v><![CDATA[" + b"a ]]> b\n" * 1_000_000 + b"]]></v></r>"
    repaired, repair, longest_carry = feed_all(data, 65536)
    assert repair.repaired == 1_000_000 and repair.first_lines == [1, 2, 3, 4, 5]
    assert longest_carry < 65536 + 1024
    assert etree.fromstring(repaired)[0].text == "a ]]> b\n" * 1_000_000


def test_parsing_the_repaired_stream_with_lxml_keeps_line_numbers() -> None:
    data = (DEFECTS / "cdata-end-inside-cdata.xml").read_bytes()
    repaired, _, _ = feed_all(data, 100)
    tree = etree.parse(io.BytesIO(repaired))
    items = tree.findall(".//item")
    assert [i.sourceline for i in items] == [19, 64]


SECTIONS_TEXT = st.lists(
    st.sampled_from(["<![CDATA[", "]]>", "</v>", "<v>", "a", "\n", "]", "<", "![CDATA[", "<![CDATA[x]]></v><v>"]),
    max_size=60,
).map("".join)


@given(SECTIONS_TEXT)
@example("<v><![CDATA[a]]></v><v><![CDATA[<![CDATA[b]]></v><v><![CDATA[c]]></x>]]></v><v><![CDATA[")
def test_simple_sections_are_found_as_the_general_scan_finds_them(text: str) -> None:
    data = text.encode()
    expected = repairs._simple_sections_end_general(data)
    assert repairs._simple_sections_end_python(data) == expected
    assert repairs._simple_sections_end(data) == expected  # the compiled one, when built


# The reading the counts replaced: one ]]> per section, and no ]]> from the first section to the
# last one's start that neither a closing tag nor a section follows.
_ODD_END = re.compile(rb"\]\]>(?!</|<!\[CDATA\[)")


@settings(max_examples=500)
@given(SECTIONS_TEXT)
@example("<v><![CDATA[a]]><![CDATA[b]]></v><v><![CDATA[")  # WordPress's split form
@example("<v><![CDATA[a]]>]]></v><v><![CDATA[b]]>x<v><![CDATA[")
def test_the_simple_sections_counts_decide_as_the_odd_end_search(text: str) -> None:
    data = text.encode()
    pieces = data.split(b"<![CDATA[")
    if len(pieces) < 3:
        return
    first, last = len(pieces[0]), len(data) - len(pieces[-1]) - len(b"<![CDATA[")
    simple = all(piece.count(b"]]>") == 1 for piece in pieces[1:-1])
    simple = simple and _ODD_END.search(data, first, last + len(b"<![CDATA[")) is None
    assert repairs._simple_sections_end(data) == (last if simple else repairs._simple_sections_end_general(data))


def test_repair_and_strip_lines_are_file_lines_across_chunks(tmp_path: Path) -> None:
    """Lines of repaired ]]> and stripped characters, many chunks into a file, with and without the strip."""
    items = []
    for n in range(3000):
        body = "a ]]> literal" if n % 700 == 3 else "plain"
        bad = "\x01" if n % 900 == 5 else ""
        items.append(f"<item>\n<title><![CDATA[{n}{bad}]]></title>\n<v><![CDATA[{body}\nline]]></v>\n</item>\n")
    data = ('<?xml version="1.0"?>\n<rss><channel>\n' + "".join(items) + "</channel></rss>\n").encode()
    path = tmp_path / "big.xml"
    path.write_bytes(data)
    lines = data.split(b"\n")
    literal = [n + 1 for n, line in enumerate(lines) if b"a ]]> literal" in line]
    control = [n + 1 for n, line in enumerate(lines) if b"\x01" in line]
    for strip in (True, False):
        for lazy in (False, True):  # lines counted as read, or counted again when one is needed
            with path.open("rb") as raw:
                reopen = (lambda: path.open("rb")) if lazy else None
                stream = CleanXmlStream(raw, str(path), strip_invalid=strip, reopen=reopen)
                while stream.read(4096):
                    pass
            assert stream.cdata is not None and stream.cdata.first_lines == literal[:5]
            assert [c.line for c in stream.stripped] == (control if strip else [])


_PIECES = [
    b"<item>\n",
    b"</item>\n",
    b"<v><![CDATA[text\nmore]]></v>\n",
    b"<v><![CDATA[a ]]> literal\n]]></v>\n",
    b"<v><![CDATA[x]]]]><![CDATA[>y]]></v>",
    b"\x01",
    b"a\x1fb\n",
    b"\n\n",
    b"plain text ",
]


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), max_size=60),
    junk=st.sampled_from([b"", b"Warning: x\n\n"]),
    head=st.integers(16, 200),
    size=st.integers(1, 300),
    strip=st.booleans(),
)
def test_lines_counted_again_when_needed_are_the_lines_counted_as_read(
    pieces: list[bytes], junk: bytes, head: int, size: int, strip: bool
) -> None:
    """A stream that counts lines only when one is needed (``reopen``: the lines before it counted
    by reading the bytes again) gives the bytes, stripped characters and repair lines of one that
    counts every chunk's lines; a small head (the part read in one piece, always counted) puts most
    chunks past it."""
    data = junk + b'<?xml version="1.0"?>\n<rss><channel>\n' + b"".join(pieces) + b"</channel></rss>\n"

    def run(reopen: bool) -> tuple[bytes, list[tuple[int, int]], list[int], int]:
        with mock.patch.object(xml_stream, "HEAD_SIZE", head):
            stream = CleanXmlStream(
                io.BytesIO(data), "x.xml", strip_invalid=strip, reopen=(lambda: io.BytesIO(data)) if reopen else None
            )
            out = []
            while chunk := stream.read(size):
                out.append(chunk)
        assert stream.cdata is not None
        return (
            b"".join(out),
            [(c.line, c.code) for c in stream.stripped],
            stream.cdata.first_lines,
            stream.cdata.repaired,
        )

    assert run(True) == run(False)


@given(
    chunks=st.lists(
        st.binary(max_size=60).map(lambda b: b.replace(b"\x00", b"\n"))
        | st.sampled_from([b"a\x01b\n", b"\x1f", b"\t\r\n"]),
        max_size=6,
    )
)
def test_chunks_without_forbidden_characters_are_passed_on_as_the_strip_would(chunks: list[bytes]) -> None:
    """The strip's shortcut (no forbidden byte: the chunk as it is) keeps what the strip gives:
    the same bytes, the same stripped characters on the same lines, the same line count."""
    stream = CleanXmlStream(io.BytesIO(b"<rss/>"), "x.xml")
    plain_line, plain_stripped = 1, []
    for chunk in chunks:
        cleaned = chunk.translate(None, xml_stream._FORBIDDEN)
        for match in xml_stream._FORBIDDEN_RE.finditer(chunk):
            plain_stripped.append((plain_line + chunk.count(b"\n", 0, match.start()), match.group()[0]))
        assert stream._strip(chunk) == cleaned
        plain_line += cleaned.count(b"\n")
    assert [(c.line, c.code) for c in stream.stripped] == plain_stripped
    assert stream._strip_line == plain_line


class _SectionBySection(CdataRepair):
    """The state machine as it was: a chunk that starts in a section is read section by section."""

    def _past_simple_sections(self, text: bytes, pos: int) -> int:
        return pos


# Sections of one element name (a closing tag after a ]]> is the element's own or none: a
# mismatched one is malformed XML), split forms, literal ends, cut starts, mixed content.
RESUME_TEXT = st.lists(
    st.sampled_from(
        [
            *["<![CDATA[", "]]>", "</v>", "<v>", "a", "\n", "]", "<", "![CDATA[", "<![CDATA[x]]></v><v>"],
            *["]]></v>", "]]]]><![CDATA[>", " ", "/", "b" * 50, "</v >", "<w/>"],
        ]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(RESUME_TEXT, st.integers(1, 60), st.sampled_from([8, 40, LOOKAHEAD]), st.booleans())
def test_a_chunk_that_starts_in_a_section_is_repaired_as_section_by_section(
    text: str, size: int, lookahead: int, whole: bool
) -> None:
    """Past the section a chunk starts in, the simple sections are skipped as at a chunk's start:
    the same bytes, repairs and lines as reading every section of the chunk (any lookahead)."""
    data = ("<r><v><![CDATA[" + text + ("]]></v></r>" if whole else "")).encode()
    try:
        repairs.LOOKAHEAD = lookahead
        skipping, stepping = feed_all(data, size, CdataRepair), feed_all(data, size, _SectionBySection)
    finally:
        repairs.LOOKAHEAD = LOOKAHEAD
    assert skipping[0] == stepping[0]
    assert (skipping[1].repaired, skipping[1].first_lines) == (stepping[1].repaired, stepping[1].first_lines)
