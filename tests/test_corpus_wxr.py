"""Every real export in ../shared/corpus/wxr/ read by the WXR reader and checked against
expected-wxr.json (facts computed by an independent lxml/expat script).

Well-formed files: items by type and status, comments by status and type, authors, terms,
first titles, header fields. Internal types are checked twice: present with keep_internal,
counted as skipped without it. Malformed files: one ParseError naming the line the reference
parser names; with --recover, the recovered facts (where lxml's recovery gives facts) and a
problem saying what was lost.

Mapping of raw values (see the MANIFEST): ``(missing)`` post type -> "post" (read as a post and
reported), ``(missing)`` status -> None, comment_approved 1/0 -> approved/pending, empty or
missing comment_type -> "comment".
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS

import importer
from importer.api import ConvertOptions
from importer.errors import ParseError
from importer.model import Archive
from importer.readers import ReadOptions
from importer.tally import Tally
from importer.wordpress import COMMENT_STATUSES, INTERNAL_POST_TYPES

pytestmark = pytest.mark.corpus

_EXPECTED_PATH = CORPUS / "expected-wxr.json"
EXPECTED: dict[str, Any] = json.loads(_EXPECTED_PATH.read_text()) if _EXPECTED_PATH.exists() else {}
NAMES = sorted(EXPECTED) or ["(corpus absent)"]
_POSITION = re.compile(r"line (\d+), column (\d+)")


def _read(path: Path, tally: Tally, **options: Any) -> Archive:
    return importer.load([str(path)], ConvertOptions(read=ReadOptions(**options)), tally)


# A literal ]]> inside CDATA (old exporters) is repaired by default (readers/wxr/repairs.py): such
# a file reads as the reference's recovery read it, where nothing else was wrong.
_REPAIRED_BY_DEFAULT = "Sequence ']]>' not allowed in content"


def _facts(entry: dict[str, Any]) -> dict[str, Any] | None:
    """The facts a default read must match (after skipping leading junk where that is the only fault)."""
    if entry["well_formed"]:
        return entry
    if entry.get("parse_error", "").startswith(_REPAIRED_BY_DEFAULT):
        return dict(entry["lxml_recover_facts"])
    return entry.get("facts_after_skipping_leading_bytes")


def _type(raw: str) -> str:
    return "post" if raw == "(missing)" else raw


def _status(raw: str) -> str | None:
    return None if raw == "(missing)" else "" if raw == "(empty)" else raw


def _comment_status(raw: str) -> str | None:
    return None if raw == "(missing)" else COMMENT_STATUSES.get(raw, raw)


def _comment_type(raw: str) -> str:
    return "comment" if raw in ("(empty)", "(missing)") else raw


def _summed(pairs: Iterable[tuple[Any, int]]) -> Counter[Any]:
    """Counts after mapping raw keys (two raw keys can map to one value)."""
    total: Counter[Any] = Counter()
    for key, n in pairs:
        total[key] += n
    return total


def _check_facts(archive: Archive, tally: Tally, facts: dict[str, Any]) -> None:
    """The archive (read with keep_internal) against a file's facts."""
    posts = archive.posts
    assert len(posts) == facts["items_total"]
    expected_pairs = _summed(
        ((_type(t), _status(s)), n)
        for t, by_status in facts["items_by_post_type_and_status"].items()
        for s, n in by_status.items()
    )
    assert Counter((p.type, p.status) for p in posts) == expected_pairs

    comments = [c for p in posts for c in p.comments]
    expected_comments = facts["comments"]
    assert len(comments) == expected_comments["total"]
    by_approved = expected_comments["by_comment_approved"].items()
    assert Counter(c.status for c in comments) == _summed((_comment_status(k), n) for k, n in by_approved)
    by_type = expected_comments["by_comment_type"].items()
    assert Counter(c.type for c in comments) == _summed((_comment_type(k), n) for k, n in by_type)

    assert tally.read["author"] == facts["authors"] + facts.get("authors_wp_wp_author", 0)
    assert tally.read["term"] == facts["categories"] + facts["tags"] + facts["terms"]

    untyped = {p.post_id for p in tally.problems if p.code == "missing-post-type"}  # "(missing)" in the facts
    assert [p.title for p in posts if p.type == "post" and p.id not in untyped][:3] == facts["first_3_post_titles"]
    assert [p.title for p in posts][:3] == facts["first_3_item_titles"]

    site = archive.site
    assert site.format_version == facts["wxr_version"]
    assert site.title == facts["channel_title"]
    assert site.language == facts["language"]
    assert site.base_site_url == facts["base_site_url"]
    assert site.base_blog_url == facts["base_blog_url"]
    assert site.generator == facts["generator"]


def _check_internal_types_skipped(path: Path, facts: dict[str, Any]) -> None:
    tally = Tally()
    archive = _read(path, tally)
    internal = {t: n for t, n in facts["items_by_post_type"].items() if t in INTERNAL_POST_TYPES}
    assert not {p.type for p in archive.posts} & INTERNAL_POST_TYPES
    skipped = {kind: n for (kind, reason), n in tally.skipped.items() if "internal" in reason}
    assert skipped == internal
    assert len(archive.posts) == facts["items_total"] - sum(internal.values())


@pytest.mark.parametrize("name", NAMES)
def test_corpus_export(corpus: Path, name: str) -> None:
    entry = EXPECTED[name]
    path = corpus / name
    facts = _facts(entry)
    if facts is not None:
        tally = Tally()
        _check_facts(_read(path, tally, keep_internal=True), tally, facts)
        _check_internal_types_skipped(path, facts)
        if entry.get("skipped_leading_bytes"):
            (junk,) = [p for p in tally.problems if p.code == "junk-before-xml"]
            assert f"{entry['skipped_leading_bytes']} bytes" in junk.message
        return
    _check_malformed(path, entry)


def _check_malformed(path: Path, entry: dict[str, Any]) -> None:
    with pytest.raises(ParseError) as refused:
        _read(path, Tally())
    line = int(_POSITION.findall(entry["parse_error"])[-1][0])
    assert (refused.value.file, refused.value.line) == (str(path), line)
    assert str(refused.value).startswith(f"{path}:{line}:")

    recovered = entry["lxml_recover_facts"]
    if "error" in recovered:  # nothing recoverable: still a clear refusal, not an empty archive
        with pytest.raises(ParseError, match="no <rss><channel> could be recovered") as unrecoverable:
            _read(path, Tally(), recover=True)
        assert unrecoverable.value.line == line
        return
    tally = Tally()
    _check_facts(_read(path, tally, recover=True, keep_internal=True), tally, recovered)
    lost = [p for p in tally.problems if p.severity == "error"]
    assert lost, "recovery must say what was lost"
    assert all(p.file == str(path) and p.line for p in lost)


def test_non_ascii_namespace_iri_is_read_and_reported(corpus: Path) -> None:
    tally = Tally()
    archive = _read(corpus / "wxr/wordpress-importer/phpunit-data/namespace-edge-cases.xml", tally)
    assert [p.title for p in archive.posts][3] == "Unicode Namespace"
    assert [p.code for p in tally.problems].count("namespace-not-uri") == 1
    # elements in a hijacked or fake namespace are not WordPress data
    assert [a.login for a in archive.authors] == ["real_user", "version_conflict"]
    hijacked = archive.posts[4]
    assert (hijacked.title, hijacked.id, hijacked.meta) == ("Hijacked Namespace", None, [])
    assert any(p.code == "foreign-namespace" and p.line for p in tally.problems)
    mixed = archive.posts[0]
    assert mixed.id == 1  # the first wp:post_id wins over a second one under another prefix
    assert [m.key for m in mixed.meta] == ["normal_key"]


def test_split_cdata_in_corpus_file(corpus: Path) -> None:
    archive = _read(corpus / "wxr/wordpress-importer/phpunit-data/crazy-cdata-escaped.xml", Tally())
    content = archive.posts[0].content
    assert content is not None and "]]>" in content and "]]]]><![CDATA[>" not in content


def test_literal_cdata_end_in_corpus_file_is_repaired(corpus: Path) -> None:
    """The intended texts (the MANIFEST's note): the ]]> that do not end their section are text."""
    tally = Tally()
    (post,) = _read(corpus / "wxr/wordpress-importer/phpunit-data/crazy-cdata.xml", tally).posts
    assert post.content == "Content with nested <![CDATA[ tags ]]> :)"
    meta = {m.key: m.value for m in post.meta}
    assert meta["Closing CDATA"] == "]]>"
    assert meta["Alot of CDATA"] == "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>"
    (repair,) = [p for p in tally.problems if p.code == "cdata-end-in-cdata"]
    assert repair.line == 18 and "4 literal" in repair.message


def test_crlf_serialized_meta_in_real_export_decodes(corpus: Path) -> None:
    """Serialized lengths count CRLF, the XML parser gives LF: the reader restores CRLF to decode."""
    tally = Tally()
    archive = _read(corpus / "wxr/real-exports/everet.org-2012-12-23.xml", tally)
    assert not [p for p in tally.problems if p.code == "undecodable-serialized-meta"]
    history = [m for p in archive.posts for c in p.comments for m in c.meta if m.key == "akismet_as_submitted"]
    assert history and all(isinstance(m.value, dict) and m.raw for m in history)
