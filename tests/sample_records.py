"""A small invented blog as model records, for writer and inspect tests that need no reader."""

from __future__ import annotations

from datetime import UTC, datetime

from importer.model import Author, Comment, Meta, Post, Provenance, Record, Site, Term, TermRef


def sample_site() -> Site:
    return Site(
        title="Notes from the Orchard",
        link="https://orchard.example.org",
        description="Apples, pears and patience",
        language="en-GB",
        base_site_url="https://orchard.example.org",
        base_blog_url="https://orchard.example.org",
        generator="https://wordpress.org/?v=3.0.1",
        source_format="wxr",
        format_version="1.1",
        sources=["orchard.xml"],
    )


def sample_posts() -> list[Post]:
    welcome = Post(
        id=10,
        type="post",
        status="publish",
        title="Grafting, a first attempt — «ça pousse»",
        slug="grafting-first-attempt",
        url="https://orchard.example.org/2010/11/grafting/",
        guid="https://orchard.example.org/?p=10",
        author="maria",
        date=datetime(2010, 11, 19, 13, 2, 0),
        date_gmt=datetime(2010, 11, 19, 18, 2, 0, tzinfo=UTC),
        modified=datetime(2010, 11, 20, 9, 0, 0),
        modified_gmt=datetime(2010, 11, 20, 14, 0, 0, tzinfo=UTC),
        excerpt="",
        content="First line\n\nSecond paragraph with <em>markup</em> and a ]]> sequence.",
        categories=[TermRef("trees", "Trees")],
        tags=[TermRef("grafting", "grafting")],
        taxonomies={"season": [TermRef("autumn", "Autumn")]},
        menu_order=0,
        sticky=True,
        comment_status="open",
        ping_status="open",
        meta=[
            Meta("_edit_last", "1"),
            Meta("rootstock", {"name": "M26", "vigour": [1, 2]}, 'a:2:{s:4:"name";s:3:"M26";}'),
            Meta("rootstock", "MM106"),
        ],
        comments=[
            Comment(
                id=100,
                type="comment",
                status="approved",
                author="Jo",
                author_email="jo@example.net",
                author_ip="192.0.2.7",
                date=datetime(2010, 11, 19, 14, 0, 0),
                date_gmt=datetime(2010, 11, 19, 19, 0, 0, tzinfo=UTC),
                content="Lovely!",
            ),
            Comment(id=101, parent=100, type="comment", status="approved", author="Maria", content="Thanks, Jo."),
            Comment(id=102, type="pingback", status="approved", author="Other blog", content="[...] grafting [...]"),
            Comment(id=103, type="comment", status="spam", author="spammer", author_ip="198.51.100.1"),
        ],
        provenance=[Provenance("orchard.xml", rule="wxr", locator="line 120")],
    )
    draft = Post(id=11, type="post", status="draft", title="Pruning (unfinished)", author="maria")
    about = Post(
        id=2,
        type="page",
        status="publish",
        title="About",
        author="tom",
        date=datetime(2009, 3, 1, 8, 30, 0),
        date_gmt=None,
    )
    return [welcome, draft, about]


def sample_records() -> list[Record]:
    return [
        sample_site(),
        Author(login="maria", id=1, email="maria@example.org", display_name="Maria"),
        Author(login="tom", id=2, display_name="Tom"),
        Term("category", "trees", "Trees", id=3, description="All about trees"),
        Term("post_tag", "grafting", "grafting", id=4),
        Term("season", "autumn", "Autumn", id=5, meta=[Meta("colour", "amber")]),
        *sample_posts(),
    ]
