"""Hostile, broken and odd WXR input: refused with one clear error, or read with a report."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

import importer
from importer.api import ConvertOptions
from importer.errors import InputError, ParseError, UnsafeInputError
from importer.model import Archive
from importer.readers import ReadOptions
from importer.tally import Tally

WXR = Path(__file__).resolve().parent.parent / "fixtures" / "wxr"
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Tiny</title>
<wp:wxr_version>1.2</wp:wxr_version>
"""
TAIL = "</channel>\n</rss>\n"


def item(post_id: int, title: str = "A post", content: str = "Some text.") -> str:
    return (
        f"<item><title>{title}</title><wp:post_id>{post_id}</wp:post_id><wp:post_type>post</wp:post_type>"
        f"<wp:status>publish</wp:status><content:encoded><![CDATA[{content}]]></content:encoded></item>\n"
    )


def write(tmp_path: Path, text: str | bytes, name: str = "export.xml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def load(path: Path, tally: Tally | None = None, **options: object) -> Archive:
    return importer.load([str(path)], ConvertOptions(read=ReadOptions(**options)), tally)  # type: ignore[arg-type]


# -- security -------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&lol9;</title>
<wp:wxr_version>1.2</wp:wxr_version></channel></rss>
"""


def test_entity_expansion_bomb_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeInputError, match="declares XML entities"):
        load(write(tmp_path, BILLION_LAUGHS))


def test_entity_bomb_is_refused_even_with_recover(tmp_path: Path) -> None:
    with pytest.raises(UnsafeInputError):
        load(write(tmp_path, BILLION_LAUGHS), recover=True)


def test_external_entity_is_refused_and_nothing_is_read(tmp_path: Path) -> None:
    secret = write(tmp_path, "TOP SECRET", "secret.txt")
    xxe = (
        HEAD.replace("<rss", f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>\n<rss')
        + item(1, content="]]>&xxe;<![CDATA[")
        + TAIL
    )
    with pytest.raises(UnsafeInputError) as refused:
        load(write(tmp_path, xxe))
    assert "TOP SECRET" not in str(refused.value)


def test_external_dtd_is_never_loaded(tmp_path: Path) -> None:
    dtd = write(tmp_path, '<!ENTITY greeting "loaded from the DTD">', "evil.dtd")
    doc = HEAD.replace("<rss", f'<!DOCTYPE rss SYSTEM "file://{dtd}">\n<rss') + item(1, "&greeting;") + TAIL
    (post,) = load(write(tmp_path, doc)).posts
    assert post.title == "&greeting;"  # left as a reference: the DTD declaring it was not read


def test_plain_doctype_without_entities_is_fine(tmp_path: Path) -> None:
    doc = HEAD.replace("<rss", "<!DOCTYPE rss>\n<rss") + item(1) + TAIL
    assert [p.id for p in load(write(tmp_path, doc)).posts] == [1]


def test_deep_nesting_is_refused_quickly(tmp_path: Path) -> None:
    deep = HEAD + "<item><title>deep</title>" + "<a>" * 100_000 + "</a>" * 100_000 + "</item>" + TAIL
    started = time.monotonic()
    with pytest.raises(ParseError, match="nested deeper than 2048 levels"):
        load(write(tmp_path, deep))
    assert time.monotonic() - started < 30  # bounded, not a benchmark: a hang would never get here


# -- characters XML 1.0 forbids -------------------------------------------------------------


def test_control_characters_are_stripped_counted_and_located(tmp_path: Path) -> None:
    doc = (
        HEAD
        + item(1, "Clean")
        + item(2, "Pasted\x01 from Word", "line one\x0b\nline two\x1f end")
        + item(3, "Also clean")
        + TAIL
    )
    tally = Tally()
    archive = load(write(tmp_path, doc), tally)
    posts = {p.id: p for p in archive.posts}
    assert posts[2].title == "Pasted from Word"
    assert posts[2].content == "line one\nline two end"
    assert posts[3].title == "Also clean"
    assert tally.changed["invalid XML characters stripped"] == 3
    (problem,) = [p for p in tally.problems if p.code == "invalid-xml-char"]
    assert problem.post_id == 2
    assert "U+0001" in problem.message and "U+000B" in problem.message and "U+001F" in problem.message
    assert "'Pasted from Word'" in problem.message


def test_control_character_outside_items_is_reported_too(tmp_path: Path) -> None:
    tally = Tally()
    archive = load(write(tmp_path, HEAD.replace("Tiny", "Ti\x02ny") + item(1) + TAIL), tally)
    assert archive.site.title == "Tiny"
    (problem,) = [p for p in tally.problems if p.code == "invalid-xml-char"]
    assert problem.post_id is None and "outside any item" in problem.message


def test_without_stripping_a_control_character_is_a_parse_error(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + item(1, "bad\x01") + TAIL)
    with pytest.raises(ParseError) as refused:
        load(path, strip_invalid_chars=False)
    assert refused.value.line == 7


# -- junk, wrong files, broken files ----------------------------------------------------------


def test_php_warnings_before_the_xml_are_skipped_and_reported(tmp_path: Path) -> None:
    junk = "\nWarning: fopen(/tmp/x): failed to open stream in /var/www/wp-admin/export.php on line 12\n"
    tally = Tally()
    archive = load(write(tmp_path, junk + HEAD + item(1) + TAIL), tally)
    assert [p.id for p in archive.posts] == [1]
    (problem,) = [p for p in tally.problems if p.code == "junk-before-xml"]
    assert f"{len(junk.encode())} bytes" in problem.message and "Warning: fopen" in problem.message


def test_error_lines_count_the_skipped_junk(tmp_path: Path) -> None:
    path = write(tmp_path, "PHP Notice: x\n" + HEAD + "<item><title>broken</item>" + TAIL)
    with pytest.raises(ParseError) as refused:
        load(path)
    assert refused.value.line == 8  # the line in the file as it is, junk included


def test_an_rss_feed_is_not_an_export(tmp_path: Path) -> None:
    feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><item><title>x</title></item>'
    feed += "</channel></rss>"
    with pytest.raises(InputError, match="not a WordPress export"):
        load(write(tmp_path, feed))


def test_other_xml_is_not_an_export(tmp_path: Path) -> None:
    atom = '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>'
    with pytest.raises(InputError, match="the root element is <feed> and there is no <rss><channel>"):
        load(write(tmp_path, atom))


def test_malformed_file_gives_file_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, HEAD + item(1) + "<item><title>Oops</titel></item>\n" + TAIL)
    with pytest.raises(ParseError) as refused:
        load(path)
    error = refused.value
    assert (error.file, error.line, error.column) == (str(path), 8, 26)
    assert str(error).startswith(f"{path}:8:26: not well-formed XML")
    assert str(error).endswith("(recover salvages what can be read)")  # the library names its option
    assert "--" not in str(error)


def test_a_file_cut_inside_cdata_is_a_one_line_error(tmp_path: Path) -> None:
    # libxml2 appends the unfinished section's text, newlines included, to its message
    path = write(tmp_path, HEAD + "<item><title>A</title><content:encoded><![CDATA[<p>One</p>\n\n  <p>Two")
    with pytest.raises(ParseError) as refused:
        load(path)
    assert (
        str(refused.value)
        == f"{path}:9:9: not well-formed XML: CData section not finished (recover salvages what can be read)"
    )


def test_truncated_file_with_recover_keeps_what_was_read(tmp_path: Path) -> None:
    whole = HEAD + item(1) + item(2) + item(3, "Third") + TAIL
    path = write(tmp_path, whole[: whole.index("Third") + 20])
    with pytest.raises(ParseError):
        load(path)
    tally = Tally()
    archive = load(path, tally, recover=True)
    assert [p.id for p in archive.posts][:2] == [1, 2]
    (truncated,) = [p for p in tally.problems if p.code == "file-truncated"]
    assert truncated.severity == "error"
    assert "file truncated" in truncated.message and "item(s) read" in truncated.message


def test_truncated_gzip(tmp_path: Path) -> None:
    packed = gzip.compress((WXR / "selfhosted.xml").read_bytes())
    path = write(tmp_path, packed[: len(packed) // 2], "export.xml.gz")
    with pytest.raises(ParseError):
        load(path)
    tally = Tally()
    archive = load(path, tally, recover=True)
    assert archive.posts  # what came before the cut
    assert {p.code for p in tally.problems} & {"read-error", "file-truncated"}


def test_missing_version_tag_is_read_by_namespace(tmp_path: Path) -> None:
    tally = Tally()
    archive = load(write(tmp_path, HEAD.replace("<wp:wxr_version>1.2</wp:wxr_version>", "") + item(1) + TAIL), tally)
    assert archive.site.format_version is None
    assert [p.code for p in tally.problems] == ["wxr-version-missing"]
    assert "1.2" in tally.problems[0].message


def test_https_and_wordpress_com_namespaces_are_wxr(tmp_path: Path) -> None:
    for uri in ("https://wordpress.org/export/1.2/", "http://wordpress.com/export/1.2/"):
        doc = HEAD.replace("http://wordpress.org/export/1.2/", uri) + item(7) + TAIL
        assert [p.id for p in load(write(tmp_path, doc)).posts] == [7]


def test_unparseable_dates_are_none_and_reported(tmp_path: Path) -> None:
    doc = HEAD + item(1).replace("<wp:status>", "<wp:post_date>yesterday</wp:post_date><wp:status>") + TAIL
    tally = Tally()
    (post,) = load(write(tmp_path, doc), tally).posts
    assert post.date is None
    (problem,) = tally.problems
    assert problem.code == "unparseable-date" and "'yesterday'" in problem.message and problem.line == 7


def test_undeclared_prefix_of_an_export_namespace_is_declared_and_read(tmp_path: Path) -> None:
    doc = HEAD + item(1).replace("</item>", "<excerpt:encoded>x</excerpt:encoded></item>") + TAIL
    tally = Tally()
    (post,) = load(write(tmp_path, doc), tally).posts
    assert post.excerpt == "x"  # the prefix means what it means in every export: WXR 1.2's excerpt
    (problem,) = tally.problems
    assert problem.code == "undeclared-namespace" and "excerpt" in problem.message and problem.line == 2


def test_undeclared_unknown_prefix_is_read_through_and_reported(tmp_path: Path) -> None:
    doc = HEAD + item(1).replace("</item>", "<shop:price>3</shop:price><shop:price>4</shop:price></item>") + TAIL
    tally = Tally()
    (post,) = load(write(tmp_path, doc), tally).posts
    assert post.id == 1
    (problem,) = tally.problems  # one report for the same message, every occurrence counted
    assert problem.code == "namespace-error" and "Namespace prefix shop on price is not defined" in problem.message
    assert tally.changed["namespace errors ignored"] == 2
