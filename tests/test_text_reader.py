"""The text reader: pages saved as plain text (browser "save as text", lynx -dump, copy-paste)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

import importer
from importer.api import ConvertOptions
from importer.readers import detect_format
from importer.tally import Tally

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "fixtures" / "text"
SEED = ROOT.parent / "shared" / "seed"


@pytest.fixture
def seed() -> Path:
    """The shared seed folder; tests skip only when it is absent."""
    if not SEED.is_dir():
        pytest.skip(f"shared seed not found at {SEED}")
    return SEED


def load_one(path: Path, tally: Tally | None = None, source_format: str | None = None) -> importer.Post:
    archive = importer.load([str(path)], ConvertOptions(source_format=source_format), tally=tally)
    assert len(archive.posts) == 1
    return archive.posts[0]


def test_seed_page_gives_one_post_with_its_one_comment(seed: Path) -> None:
    path = seed / "000_9a786cbf2af0987b.txt"
    assert detect_format(str(path)) == "text"
    post = load_one(path)
    assert post.title == "Seeing ourselves as leaders"
    assert post.date == datetime(2010, 11, 19, 13, 2)
    assert [c.name for c in post.categories] == ["Uncategorized"]
    assert post.tags == []
    assert post.comment_count == 1
    assert len(post.comments) == 1
    comment = post.comments[0]
    assert comment.author == "Servane Mouazan"
    assert comment.date == datetime(2010, 11, 20, 7, 54)
    assert comment.content is not None
    assert comment.content.startswith("<p>A programme where you can find Local authority staff")
    assert "Wishing you all the best with your quest" in comment.content
    assert comment.content.endswith("Founder Ogunte and Women\u2019s Social Leadership Awards.</p>")
    assert comment.provenance[0].file == str(path)


def test_seed_body_has_the_post_text_and_no_chrome(seed: Path) -> None:
    post = load_one(seed / "000_9a786cbf2af0987b.txt")
    body = post.content or ""
    assert body.startswith("<p>Earlier this week, I attended the Clore Social Leadership Inquiry")
    assert body.endswith("that\u2019s something that actually excites me.</p>")
    assert body.count("<p>") == 4
    chrome = [
        "Entry filed under",
        "Schooling\u2019s Existential Crisis",  # previous/next post navigation
        "Add your own",
        "Servane",
        "Leave a Reply",
        "Fill in your details",
        "Connecting to",
        "Trackback this post",
        "Enter your email address",
        "Join 29 other followers",
        "Twitter Updates",
        "bloggers like this",
    ]
    for text in chrome:
        assert text not in body, text
    assert "Leave a Reply" not in (post.comments[0].content or "")
    assert "Trackback" not in (post.comments[0].content or "")
    assert post.provenance[0].rule == "text:wpcom-blix"


EXPECTED = {
    "kubrick-single.txt": {
        "rule": "text:kubrick",
        "title": "Notes on the harbour ferry timetable",
        "date": datetime(2009, 6, 2, 22, 41),
        "author": None,
        "categories": ["Harbour", "Local history"],
        "tags": ["ferries", "timetables"],
        "count": 3,
        "comments": [
            ("Morwenna", datetime(2009, 6, 3, 9, 12), "comment"),
            ("Eastpoint Gazette", datetime(2009, 6, 3, 14, 30), "pingback"),
            ("Tobias", datetime(2009, 6, 4, 18, 5), "comment"),
        ],
        "first_words": "The ferry from Eastpoint",
        "last_words": "another question.",
    },
    "twentyten-single.txt": {
        "rule": "text:twentyten",
        "title": "Blight on the tomatoes",
        "date": datetime(2011, 8, 14),
        "author": "Hester Quill",
        "categories": ["Garden", "Vegetables"],
        "tags": ["blight", "tomatoes"],
        "count": 2,
        "comments": [
            ("Ramesh Okafor", datetime(2011, 8, 14, 21, 3), "comment"),
            ("Hester Quill", datetime(2011, 8, 15, 7, 30), "comment"),
        ],
        "first_words": "It arrived the way",
        "last_words": "look fine so far.",
    },
    "lynx-blix.txt": {
        "rule": "text:wpcom-blix",
        "title": "Counting moths in the July heat",
        "date": datetime(2012, 7, 12, 23, 48),
        "author": None,
        "categories": ["Lepidoptera", "Night walks"],
        "tags": ["moth trap", "July"],
        "count": 2,
        "comments": [
            ("Ines Dalloway", datetime(2012, 7, 13, 7, 15), "comment"),
            ("Bartholomew", datetime(2012, 7, 14, 22, 2), "comment"),
        ],
        "first_words": "The trap went out at dusk",
        "last_words": "since 2009.",
    },
    "filed-under-copy.txt": {
        "rule": "text:filed-under",
        "title": "Why I still print my photographs",
        "date": datetime(2014, 3, 3),
        "author": "Alma Ferreira",
        "categories": ["Photography", "Habits"],
        "tags": ["darkroom", "prints", "backups"],
        "count": 2,
        "comments": [
            ("Jonas Weber", datetime(2014, 3, 4, 8, 0), "comment"),
            ("Alma Ferreira", datetime(2014, 3, 4, 9, 41), "comment"),
        ],
        "first_words": "A hard drive failed",
        "last_words": "send them to the lab.",
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layouts(name: str) -> None:
    want = EXPECTED[name]
    post = load_one(TEXT / name)
    assert post.provenance[0].rule == want["rule"]
    assert post.title == want["title"]
    assert post.date == want["date"]
    assert post.author == want["author"]
    assert [t.name for t in post.categories] == want["categories"]
    assert [t.name for t in post.tags] == want["tags"]
    assert post.comment_count == want["count"]
    assert [(c.author, c.date, c.type) for c in post.comments] == want["comments"]
    body = post.content or ""
    assert body.startswith("<p>" + str(want["first_words"]))
    assert body.endswith(str(want["last_words"]) + "</p>")
    for chrome in ("Leave a Reply", "Bookmark the permalink", "Responses to", "powered by", "Reply", "Tags:"):
        assert chrome not in body
        for comment in post.comments:
            assert chrome not in (comment.content or "")


def test_lynx_references_give_term_slugs_and_commenter_urls() -> None:
    post = load_one(TEXT / "lynx-blix.txt")
    assert [t.slug for t in post.categories] == ["lepidoptera", "night-walks"]
    assert [t.slug for t in post.tags] == ["moth-trap", "july"]
    assert post.comments[0].author_url == "http://inesdalloway.example.org/"
    assert post.comments[1].author_url is None
    # wrapped lines are joined back into one paragraph; no [n] markers remain
    assert "the new bulb and two egg boxes" in (post.content or "")
    assert "[" not in (post.content or "").replace("[…]", "")


def test_lists_and_multi_paragraph_comments_keep_their_structure() -> None:
    post = load_one(TEXT / "kubrick-single.txt")
    assert "<ul><li>6:50 instead of 7:40 on weekdays</li><li>no change at weekends</li></ul>" in (post.content or "")
    assert post.comments[0].content == (
        "<p>The 7:40 sailing was the one my grandfather took every morning for thirty years.</p>\n"
        "<p>He would have hated the change.</p>"
    )


def test_text_is_escaped_not_interpreted_as_html(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("A <b>bold</b> title\nPosted on May 1, 2012\n\nx < y & <script>alert(1)</script>\n")
    post = load_one(page)
    assert post.content == "<p>x &lt; y &amp; &lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_unknown_layout_still_gives_a_post_with_low_confidence(tmp_path: Path) -> None:
    page = tmp_path / "notes.txt"
    page.write_text("A note to myself\n\nBuy more string.\nAnd tape.\n")
    post = load_one(page, source_format="text")  # no sign of a blog page: read only when forced
    assert post.title == "A note to myself"
    assert post.content == "<p>Buy more string.<br />\nAnd tape.</p>"
    assert post.provenance[0].rule == "text:generic"
    assert post.provenance[0].confidence is not None and post.provenance[0].confidence < 1


def test_windows_1252_text_is_read_and_reported(tmp_path: Path) -> None:
    page = tmp_path / "old.txt"
    page.write_bytes("Caf\u00e9 notes\nPosted on May 1, 2005\n\nNa\u00efve \u201cquotes\u201d\n".encode("cp1252"))
    tally = Tally()
    post = load_one(page, tally)
    assert post.title == "Café notes"
    assert post.content == "<p>Naïve “quotes”</p>"
    assert [p.code for p in tally.problems] == ["text-not-utf8"]


def test_unreadable_comment_date_is_none_and_reported(tmp_path: Path) -> None:
    page = tmp_path / "bad-date.txt"
    page.write_text(
        "Title here\nNovember 19, 2010 at 1:02 pm 1 comment\n\nBody.\n\nEntry filed under: Misc.\n\n"
        "1 Comment Add your own\n\n  • 1. Ann  |  February 30, 2010 at 7:54 am\n\n    Hi.\n"
    )
    tally = Tally()
    post = load_one(page, tally)
    assert post.comments[0].author == "Ann"
    assert post.comments[0].date is None
    assert [p.code for p in tally.problems] == ["unreadable-date"]


@pytest.mark.parametrize(
    ("dateline", "comment_date", "posted", "commented"),
    [
        ("Posted on June 2nd, 2009", "June 3rd, 2009 at 12:05 am", datetime(2009, 6, 2), datetime(2009, 6, 3, 0, 5)),
        (
            "Posted on Dienstag, 2. Juni 2009",
            "3. Juni 2009 um 22:41 Uhr",
            datetime(2009, 6, 2),
            datetime(2009, 6, 3, 22, 41),
        ),
        ("Posted on le 1er mai 2009", "2 mai 2009 à 16h20", datetime(2009, 5, 1), datetime(2009, 5, 2, 16, 20)),
        (
            "Posted on 20 de enero de 2020",
            "21 de enero de 2020 a las 8:40",
            datetime(2020, 1, 20),
            datetime(2020, 1, 21, 8, 40),
        ),
        ("Posted on 3 giugno 2012", "4 giugno 2012 alle 9:15", datetime(2012, 6, 3), datetime(2012, 6, 4, 9, 15)),
        ("Posted on 12 maart 2011", "13 maart 2011 om 10:12", datetime(2011, 3, 12), datetime(2011, 3, 13, 10, 12)),
        ("Posted on 23.06.2016", "Sept. 9, 2016 @ 12:30 PM", datetime(2016, 6, 23), datetime(2016, 9, 9, 12, 30)),
    ],
)
def test_dates_are_read_in_the_languages_the_html_reader_reads(
    tmp_path: Path, dateline: str, comment_date: str, posted: datetime, commented: datetime
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        f"A title\n{dateline} by Ana\n\nBody.\n\n"
        f"This entry was posted in Misc. Bookmark the permalink.\n\n1 Response to A title\n\n"
        f"   1. Ben says:\n      {comment_date}\n      Hi.\n"
    )
    tally = Tally()
    post = load_one(page, tally)
    assert (post.date, post.author) == (posted, "Ana")
    assert [(c.author, c.date) for c in post.comments] == [("Ben", commented)]
    assert tally.problems == []


def test_a_time_that_cannot_be_is_an_unreadable_date(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("A title\nPosted on June 3, 2009 at 13:05 pm\n\nBody.\n")
    tally = Tally()
    post = load_one(page, tally)
    assert post.date is None
    assert [p.code for p in tally.problems] == ["unreadable-date"]
