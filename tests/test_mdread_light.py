"""The Markdown reading worker's light records, made the short way, are what the general way made:
the planned fields by keyword against the dict of them (every field, no container shared between
two light posts, pickled and loaded alike), an attachment's old addresses against the whole
``prepared``, the public-comment flag against ``any``; and planning every record of the generated
and fixture exports from its light record plans as from the whole record."""

from __future__ import annotations

import pickle
from dataclasses import fields
from datetime import UTC, datetime
from operator import attrgetter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importer.model import Comment, Post
from importer.readers import ReadOptions
from importer.readers.wxr.reader import read_wxr
from importer.tally import Tally
from importer.wordpress import PUBLIC_COMMENT_STATUSES
from importer.writers.markdown import parts as md_parts
from importer.writers.markdown.links import prepared
from importer.writers.markdown.writer import MarkdownOptions, MarkdownRun, prepared_folder
from importer.writers.scratch import Scratch
from importer.writers.spool import RecordSpool

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://tides.example.org"


def _general_planned_fields(post: Post) -> Post:
    """The light post as it was made before (a dict of the planned fields)."""
    return Post(**dict(zip(md_parts._PLANNED, attrgetter(*md_parts._PLANNED)(post), strict=True)))  # type: ignore[arg-type]


_TEXT = st.none() | st.text(max_size=20)
_DATE = st.none() | st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2030, 1, 1))
_STATUS = st.none() | st.sampled_from(["approved", "hold", "spam", "trash", "1", "0", "pending", "odd"])


@st.composite
def _posts(draw: st.DrawFn) -> Post:
    kind = draw(st.sampled_from(["post", "page", "attachment", "wp_block", "product"]))
    url = draw(
        st.none() | st.sampled_from([f"{SITE}/low-tide/", "/a/b", f"{SITE}/?p=3", "mailto:x@y", f"{SITE}/x.jpg"])
    )
    return Post(
        id=draw(st.none() | st.integers(-5, 10**6)),
        type=kind,
        status=draw(_TEXT),
        title=draw(_TEXT),
        slug=draw(_TEXT),
        url=url,
        guid=draw(st.none() | st.sampled_from([f"{SITE}/?p=3", f"{SITE}/?attachment_id=9", "urn:x"])),
        date=draw(_DATE),
        date_gmt=draw(_DATE.map(lambda d: d and d.replace(tzinfo=UTC))),
        content=draw(_TEXT),
        parent=draw(st.none() | st.integers(1, 99)),
        password=draw(_TEXT),
        attachment_url=draw(st.none() | st.sampled_from([f"{SITE}/wp-content/uploads/a.jpg", "ftp://x/y.png", ""])),
        comments=[Comment(id=n, status=status) for n, status in enumerate(draw(st.lists(_STATUS, max_size=4)))],
    )


@settings(max_examples=300, deadline=None)
@given(_posts())
def test_a_light_record_is_what_the_general_way_made(post: Post) -> None:
    light, public, ready = md_parts._light(post)
    if post.type == "wp_block":
        return  # the whole post without its comments (tests/test_markdown_parts.py)
    general = _general_planned_fields(post)
    assert light == general
    for field in fields(Post):  # the same objects, the same defaults
        assert getattr(light, field.name) is getattr(general, field.name) or getattr(light, field.name) == getattr(
            general, field.name
        )
        assert type(getattr(light, field.name)) is type(getattr(general, field.name))
    assert pickle.loads(pickle.dumps(light)) == general
    if post.type == "attachment":
        assert public is None
        assert ready[2] == prepared(post)[2]
    else:
        assert public is any(c.status in PUBLIC_COMMENT_STATUSES for c in post.comments)
        assert ready == prepared(post)


def test_two_light_posts_share_no_container() -> None:
    post = Post(id=1, title="Low tide")
    first, second = md_parts._planned_fields(post), md_parts._planned_fields(post)
    for name in ("categories", "tags", "taxonomies", "meta", "comments", "provenance"):
        assert getattr(first, name) is not getattr(second, name)
        assert getattr(first, name) is not getattr(post, name)


def _plans(source: Path, tmp: Path, light: bool) -> list[object]:
    """Each record of ``source`` planned (from its light record spooled and replayed, or whole),
    then the link index's redirects and the media files."""
    root, preset = prepared_folder(str(tmp / f"site-{light}"), MarkdownOptions())
    plans: list[object] = []
    with Scratch() as scratch:
        run = MarkdownRun(root, preset, MarkdownOptions(), Tally(), scratch, background=False)
        index = run.index_pass()
        records = read_wxr(str(source), ReadOptions(), Tally())
        if light:
            with RecordSpool[md_parts._Light]([md_parts.Plan]) as spool:
                for record in records:
                    spool.add(md_parts._light(record))
                plans.extend(index(*entry) for entry in spool.replay())
        else:
            plans.extend(index(record) for record in records)
        plans.append(sorted(run.index.redirects.items()))
        plans.append(sorted(run.index.refused_redirects.items()))
        plans.append([(f.local_path, f.sources) for f in run.media.files()])
    return plans


EXPORTS = sorted((ROOT / "fixtures").rglob("*.xml"))


@pytest.mark.parametrize("source", EXPORTS[:40], ids=lambda p: p.name)
def test_planning_light_records_plans_as_whole_ones(source: Path, tmp_path: Path) -> None:
    try:
        whole = _plans(source, tmp_path, light=False)
    except Exception as exc:  # an export the reader refuses is refused both ways
        with pytest.raises(type(exc)):
            _plans(source, tmp_path, light=True)
        return
    assert _plans(source, tmp_path, light=True) == whole


def test_planning_the_generated_export_from_light_records(tmp_path: Path) -> None:
    """A generated export with attachments (their old addresses from the light records only)."""
    import subprocess
    import sys

    source = tmp_path / "gen.xml"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "synth_wxr.py"), "--posts", "120", str(source)],
        check=True,
        cwd=ROOT,
    )
    whole = _plans(source, tmp_path, light=False)
    assert _plans(source, tmp_path, light=True) == whole
    assert len(whole) > 120
