"""Property: any text WordPress can export comes back from the reader as it was stored.

The export is written the way WordPress's exporter does it (``wxr_cdata``: a CDATA section
with each ``]]>`` split as ``]]]]><![CDATA[>``). What XML itself changes is expected: line ends
become ``\\n``, and the control characters XML 1.0 forbids are stripped (and counted).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import importer
from importer.tally import Tally

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff"), max_size=80)


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def as_read(text: str) -> str:
    """What an XML parser hands back for ``text`` stored in CDATA (after our stripping)."""
    return _FORBIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def export(title: str, content: str, comment: str, meta: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Round trip</title><wp:wxr_version>1.2</wp:wxr_version>
<item><title>{cdata(title)}</title><wp:post_id>5</wp:post_id><wp:post_type>post</wp:post_type>
<content:encoded>{cdata(content)}</content:encoded>
<wp:postmeta><wp:meta_key>note</wp:meta_key><wp:meta_value>{cdata(meta)}</wp:meta_value></wp:postmeta>
<wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_content>{cdata(comment)}</wp:comment_content></wp:comment>
</item></channel></rss>
"""


@settings(max_examples=120, deadline=None)
@given(title=texts, content=texts, comment=texts, meta=texts)
def test_exported_text_reads_back(title: str, content: str, comment: str, meta: str) -> None:
    meta = "v:" + meta  # never PHP-serialized-looking: compared raw
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xml"
        path.write_text(export(title, content, comment, meta), encoding="utf-8")
        tally = Tally()
        (post,) = importer.load([str(path)], tally=tally).posts
    assert post.title == as_read(title).strip()
    assert post.content == as_read(content)
    assert post.comments[0].content == as_read(comment)
    assert [(m.key, m.value) for m in post.meta] == [("note", as_read(meta))]
    stripped = sum(len(_FORBIDDEN.findall(t)) for t in (title, content, comment, meta))
    assert tally.changed["invalid XML characters stripped"] == stripped
