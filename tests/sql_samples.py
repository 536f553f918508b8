"""Model records for the SQL tests: a small blog full of content that tries to break SQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from importer.model import Archive, Author, Comment, Meta, Post, Provenance, Site, Term, TermRef

HOSTILE = [
    "'; DROP TABLE posts; --",
    'Robert\'); DROP TABLE "comments";--',
    "back\\slash \\' \\\\ \\n \\0 and a final backslash\\",
    "percent %s %(name)s %% and $1 $$dollar$$ quoting",
    "line\nbreaks\r\nand\rreturns\n\n",
    "\\.\n\\i /etc/passwd\n\\! echo psql meta-commands",
    ".shell echo sqlite dot-command\n.quit\n",
    "delimiter //\nSELECT 1//\n/* comment */ -- comment\n# hash comment",
    "emoji 😀🎉 plane 2 𠀀𪛖 plane 15 \U000f0000 plane 16 \U0010fffd",
    "ctrl \x01\x02\x1a\x1b\x7f chars and tab\there",
    'quotes " ` \u00b4 \u2018 \u2019 \u201c \u201d and U+2028\u2028 U+FEFF\ufeff',
    "",
]
NUL_TEXT = "before\x00after\x00"
LONG_CONTENT = ("Several megabytes of post: ünïcödé ✓ 'quoted' \\ back.\n\n" * 60_000)[:3_000_000]


def hostile_archive() -> Archive:
    zone = timezone(timedelta(hours=2))
    site = Site(
        title="Hostile 'site' \\ 😀",
        link="https://example.org",
        description=HOSTILE[0],
        language="en-US",
        source_format="wxr",
        format_version="1.2",
        sources=["a'b.xml"],
    )
    authors = [
        Author(login="admin", id=1, email="admin@example.org", display_name="Ad'min", first_name="Ad"),
        Author(login="select", id=2, display_name=HOSTILE[1]),  # a reserved word as a key value
    ]
    terms = [
        Term("category", "news", "News", id=3),
        Term("category", "local-news", "Local 'news'", id=4, parent="news", description=HOSTILE[2]),
        Term("post_tag", "order", "ORDER", id=5, meta=[Meta("color", "red"), Meta("opts", {"a": [1, 2]}, "a:1:{...}")]),
        Term("series", "drop-table", HOSTILE[0], id=6),
    ]
    posts = [
        Post(
            id=10,
            title=HOSTILE[0],
            slug="drop-table",
            status="publish",
            author="admin",
            date=datetime(2010, 11, 19, 13, 2),
            date_gmt=datetime(2010, 11, 19, 12, 2, tzinfo=UTC),
            modified=datetime(2011, 1, 2, 3, 4, 5),
            modified_gmt=datetime(2011, 1, 2, 2, 4, 5, tzinfo=UTC),
            content="\n\n".join(HOSTILE),
            excerpt=HOSTILE[3],
            categories=[TermRef("local-news", "Local 'news'"), TermRef("undeclared", "Undeclared")],
            tags=[TermRef("order", "ORDER"), TermRef("order", "ORDER")],
            taxonomies={"series": [TermRef("drop-table")]},
            sticky=True,
            comment_status="open",
            meta=[Meta("_edit_last", "1"), Meta("views", 12, "i:12;"), Meta("_hostile", HOSTILE[4]), Meta("k", None)],
            comments=[
                # a reply listed before its parent, and one whose parent is not in the export
                Comment(id=102, parent=101, author=HOSTILE[1], content=HOSTILE[5], status="approved"),
                Comment(
                    id=101,
                    author="Ann",
                    author_email="ann@example.org",
                    author_ip="192.0.2.1",
                    content=HOSTILE[8] + NUL_TEXT,
                    date=datetime(2010, 11, 20, 8, 0),
                    date_gmt=datetime(2010, 11, 20, 7, 0, tzinfo=UTC),
                    status="approved",
                    meta=[Meta("akismet_result", "false")],
                ),
                Comment(id=103, parent=999, type="pingback", content=HOSTILE[6], status="spam"),
            ],
        ),
        Post(
            id=11,
            type="page",
            title="Long page",
            status="draft",
            author="ghost-writer",  # not declared: added to authors from the byline
            content=LONG_CONTENT,
            date=datetime(2012, 5, 6, 7, 8, 9, tzinfo=zone),  # aware local date, no date_gmt
            password="p'w",
            menu_order=3,
        ),
        Post(
            id=12,
            type="attachment",
            status="inherit",
            title="photo.jpg",
            parent=10,
            attachment_url="https://example.org/wp-content/uploads/photo.jpg",
            meta=[Meta("_wp_attached_file", "2010/11/photo.jpg")],
        ),
        Post(id=10, title="Duplicate id", content=NUL_TEXT),  # renumbered, not lost
        Post(
            title="No id (scraped)",
            content="<p>Already HTML</p>",
            content_is_excerpt=True,
            comment_count=4,
            provenance=[Provenance("page.html", "profile:twentyten", "#post-1", 0.9)],
            comments=[Comment(author="Anon", content=HOSTILE[7]), Comment(author="Anon2", content=HOSTILE[9])],
        ),
    ]
    return Archive(site=site, authors=authors, terms=terms, posts=posts)
