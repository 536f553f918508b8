"""parse_page: what a saved page gives beyond the posts, and how it behaves on awkward input."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import importer.readers.html as html_reader
from importer.errors import ParseError
from importer.readers.html import parse_page
from importer.readers.html.fields import byline_name, clean_name, is_navigation
from importer.tally import Tally

FIXTURES_HTML = Path(__file__).resolve().parent.parent / "fixtures" / "html"


def _page(name: str, tally: Tally | None = None):  # type: ignore[no-untyped-def]
    return parse_page((FIXTURES_HTML / name).read_bytes(), name, tally if tally is not None else Tally())


def test_page_facts_for_the_mirror_reader() -> None:
    page = _page("twentysixteen-single.html")
    assert page.shortlink == "http://twentysixteen-tidewatch.example.com/?p=117"
    assert page.post_id == 117
    assert page.feed_urls == ["http://twentysixteen-tidewatch.example.com/2016/06/02/a-quiet-week-at-the-point/feed/"]
    assert "http://twentysixteen-tidewatch.example.com/2015/05/01/neap/" in page.links
    assert page.posts[0].provenance[0].rule == "profile:twentysixteen"
    assert all(c.provenance[0].locator == f"#comment-{c.id}" for c in page.posts[0].comments)


def test_a_page_read_without_its_links_is_the_same_page_otherwise() -> None:
    data = (FIXTURES_HTML / "twentysixteen-single.html").read_bytes()
    full, bare = parse_page(data, "p.html", Tally()), parse_page(data, "p.html", Tally(), links=False)
    assert full.links and bare.links == []
    full.links = []
    assert bare == full


def test_recent_comments_widgets_are_never_read_as_comments() -> None:
    page = _page("twentyten-single.html")
    authors = [c.author for c in page.posts[0].comments]
    assert "Cheap Binoculars" not in authors
    assert len(authors) == 5


def test_relative_urls_in_the_body_are_made_absolute_against_base() -> None:
    html = b"""<html><head><base href="http://example.org/blog/2010/05/"></head><body class="single postid-9">
    <article id="post-9" class="post hentry"><h1 class="entry-title">Base</h1>
    <div class="entry-content"><p><a href="../other/">other</a> <img src="pic.jpg"></p></div></article></body></html>"""
    post = parse_page(html, "p.html", Tally()).posts[0]
    assert 'href="http://example.org/blog/2010/other/"' in (post.content or "")
    assert 'src="http://example.org/blog/2010/05/pic.jpg"' in (post.content or "")


def test_a_date_that_cannot_be_read_is_none_and_a_problem() -> None:
    html = b"""<html><body><div class="post" id="post-4"><h2>No year</h2><div class="date">31 Jan</div>
    <div class="entry"><p>Text.</p></div></div></body></html>"""
    tally = Tally()
    post = parse_page(html, "p.html", tally).posts[0]
    assert post.date is None
    assert [m.value for m in post.meta if m.key == "html:date_shown"] == ["31 Jan"]
    assert [p.code for p in tally.problems if p.severity != "info"] == ["unreadable-date"]
    assert [p.code for p in tally.problems if p.severity == "info"] == ["no-author"]  # none shown: said so


def test_an_unknown_theme_is_flagged_as_a_generic_guess() -> None:
    tally = Tally()
    page = _page("unknown-theme-broken-html.html", tally)
    assert page.profile == "generic-fallback"
    assert page.posts[0].provenance[0].confidence is not None and page.posts[0].provenance[0].confidence < 1
    assert "generic-extraction" in {p.code for p in tally.problems}


def test_broken_markup_still_gives_the_post() -> None:
    html = b"""<html><body></div></div><div class="post" id="post-5"><h2>Unclosed</h2>
    <div class="entry"><p>One<p>Two<ul><li>three</div></div></span></body>"""
    post = parse_page(html, "p.html", Tally()).posts[0]
    assert post.title == "Unclosed"
    assert "Two" in (post.content or "")


@pytest.mark.parametrize("data", [b"", b"   \n  "])
def test_an_empty_page_is_a_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError):
        parse_page(data, "empty.html", Tally())


@pytest.mark.parametrize(("tags", "refused"), [(40, False), (41, True)])
def test_a_page_with_more_tags_than_the_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch, tags: int, refused: bool
) -> None:
    monkeypatch.setattr(html_reader, "MAX_TAGS", 40)
    data = ("<p>" + "<br>" * (tags - 1) + "text " * 20).encode()  # longer than the limit either way
    if refused:
        with pytest.raises(ParseError, match="more than 40 tags"):
            parse_page(data, "tags.html", Tally())
    else:
        assert parse_page(data, "tags.html", Tally()).path == "tags.html"


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_a_page_leaves_the_cycle_collector_as_it_found_it(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        _page("twentysixteen-single.html")
        assert gc.isenabled() is enabled
        with pytest.raises(ParseError):
            parse_page(b"  ", "empty.html", Tally())
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_reading_a_page_leaves_no_cyclic_garbage() -> None:
    _page("twentysixteen-single.html")  # warm: caches filled once
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        _page("twentysixteen-single.html")
        _page("twentyten-single.html")
        assert gc.collect() == 0  # the collector pauses while a page is read: nothing may wait for it
    finally:
        (gc.enable if was else gc.disable)()


def test_schema_org_json_ld_fills_what_the_markup_lacks() -> None:
    html = b"""<html><head><script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
    {"@type": "BlogPosting", "headline": "From JSON-LD", "datePublished": "2019-04-08T01:30:15+02:00",
     "author": {"@type": "Person", "name": "Ada"}}]}</script></head>
    <body class="single postid-2"><article id="post-2" class="post">
    <div class="entry-content"><p>Body text here.</p></div></article></body></html>"""
    page = parse_page(html, "p.html", Tally())
    post = page.posts[0]
    assert (post.title, post.author) == ("From JSON-LD", "Ada")
    assert post.date is not None and post.date.isoformat() == "2019-04-08T01:30:15"
    assert {p.rule for p in post.provenance} >= {"jsonld"}


def test_control_characters_in_a_page_are_stripped_and_counted() -> None:
    # Pasted text in old pages holds control bytes; lxml refuses them in any string it is given
    # (attribute values, text), which once crashed the reader (found by fuzzing).
    data = (FIXTURES_HTML / "twentytwelve-single.html").read_bytes()
    title = data.index(b"</h1>")
    damaged = data[:title] + b"\x01\x1b" + data[title:]
    damaged = damaged.replace(b'class="entry-content"', b'class="entry-content" data-note="a\x0bb"', 1)
    tally = Tally()
    page = parse_page(damaged, "damaged.html", tally)
    clean = parse_page(data, "clean.html", Tally())
    assert page.posts[0].title == clean.posts[0].title
    assert page.posts[0].content == clean.posts[0].content
    assert tally.changed["control characters stripped"] == 3


def test_a_post_without_a_heading_takes_the_title_tag_minus_the_site_name() -> None:
    titles = ("Rain on the Fells | Fell Notes", "Fell Notes &raquo; Blog Archive &raquo; Rain on the Fells")
    yoast = ("&middot;", "&bull;", "&#8902;", "~")  # separators Yoast SEO offers besides dashes and pipes
    for title in (*titles, *(f"Rain on the Fells {sep} Fell Notes" for sep in yoast)):
        html = f"""<html><head><title>{title}</title></head><body class="single postid-3">
        <div id="header"><div class="site-title"><a href="/">Fell Notes</a></div></div>
        <div id="post-3" class="post"><div class="entry"><p>Wet, then wetter.</p></div></div></body></html>"""
        post = parse_page(html.encode(), "p.html", Tally()).posts[0]
        assert post.title == "Rain on the Fells"


@pytest.mark.parametrize(
    "heading",
    [
        '<h1 class="entry-title">Rain on the Fells</h1>',
        '<h2 class="post-title"><a href="/rain/">Rain on the Fells</a></h2>',
        '<h2><a href="/rain/" rel="bookmark">Rain on the Fells</a></h2>',
    ],
)
def test_a_title_tag_of_the_post_title_alone_is_not_the_site_name(heading: str) -> None:
    html = f"""<html><head><title>  Rain on the Fells</title></head><body class="single postid-3">
    <div id="post-3" class="post">{heading}<div class="entry"><p>Wet, then wetter.</p></div></div></body></html>"""
    page = parse_page(html.encode(), "p.html", Tally())
    assert (page.posts[0].title, page.site_title) == ("Rain on the Fells", None)


def test_the_site_name_is_never_the_post_title() -> None:
    html = b"""<html><head><title>Fell Notes</title></head><body class="single postid-3">
    <div id="post-3" class="post"><h2>Fell Notes</h2><h3>Rain on the Fells</h3>
    <div class="entry"><p>Wet, then wetter.</p></div></div></body></html>"""
    assert parse_page(html, "p.html", Tally()).posts[0].title == "Rain on the Fells"


def test_a_date_shown_as_text_in_posted_on_is_read() -> None:
    html = b"""<html><body class="single postid-8"><article id="post-8" class="post-8 post hentry">
    <h1 class="entry-title">Avocets</h1><span class="posted-on">July 3, 2020</span>
    <div class="entry-content"><p>Eleven on the scrape.</p></div></article></body></html>"""
    post = parse_page(html, "p.html", Tally()).posts[0]
    assert post.date is not None and post.date.date().isoformat() == "2020-07-03"


def test_a_comments_heading_or_a_link_home_is_never_the_post_title() -> None:
    html = """<html lang="ru"><head><title>Метеостанция | Заметки</title></head><body>
    <div class="logo"><a href="https://z.example.ru/" rel="home">Заметки</a></div>
    <div class="box"><div class="text"><p>Датчик, плата и корпус от роутера.</p></div>
    <h3>Комментарии (1)</h3><ul><li id="comment-4"><span class="name">Мария</span><p>Класс!</p></li></ul>
    </div></body></html>"""
    post = parse_page(html.encode(), "p.html", Tally()).posts[0]
    assert post.title == "Метеостанция"
    assert [c.author for c in post.comments] == ["Мария"]


def test_bylines_lose_their_prefix_and_a_date_is_never_an_author() -> None:
    assert clean_name("av Erik Lind") == "Erik Lind"
    assert clean_name("\u0410\u0432\u0442\u043e\u0440: \u0418\u0432\u0430\u043d") == "\u0418\u0432\u0430\u043d"
    for date_like in ("May 2007", "12.03.2009", "July 3rd, 2008 at 4:15 pm"):
        assert clean_name(date_like) is None
    assert clean_name("Agent 47") == "Agent 47"


def test_comment_authors_shown_only_in_text_are_read() -> None:
    html = b"""<html><body class="single postid-2"><div class="post" id="post-2"><h2>Hail</h2>
    <div class="entry"><p>Hail in June.</p></div></div><h3 id="comments">3 Responses</h3><ol>
    <li id="comment-1"><p>Paul said,</p><p>Here too.</p></li>
    <li id="comment-2"><p>by Anna on June 4, 2009</p><p>And here.</p></li>
    <li id="comment-3"><p>Claire a dit :</p><p>Ici aussi.</p></li></ol></body></html>"""
    comments = parse_page(html, "p.html", Tally()).posts[0].comments
    assert [c.author for c in comments] == ["Paul", "Anna", "Claire"]
    assert [c.content for c in comments] == ["<p>Here too.</p>", "<p>And here.</p>", "<p>Ici aussi.</p>"]


def test_a_comment_swallowed_by_an_unclosed_tag_is_no_reply_and_takes_nothing_after_it() -> None:
    html = b"""<html><body class="single postid-2"><div class="post" id="post-2"><h2>Hail</h2>
    <div class="entry"><p>Hail in June.</p></div></div><ol class="commentlist">
    <li id="comment-1"><cite>Paul</cite><div class="text"><p>Here too.</p></li>
    <li id="comment-2"><cite>Anna</cite><div class="text"><p>And here.</p></div></li></ol>
    <div id="menu"><p>Archives and links</p></div></body></html>"""
    comments = parse_page(html, "p.html", Tally()).posts[0].comments
    assert [(c.id, c.parent) for c in comments] == [(1, None), (2, None)]
    assert "Anna" not in (comments[0].content or "") and "Archives" not in (comments[0].content or "")


def test_comments_without_ids_in_a_comment_list_are_read() -> None:
    tally = Tally()
    page = parse_page(
        (Path(__file__).parent.parent / "fixtures/html/unknown-theme-2007-portuguese.html").read_bytes(), "p", tally
    )
    comments = page.posts[0].comments
    assert [(c.id, c.author) for c in comments] == [(None, "Marcos"), (None, "Cordas Soltas"), (None, "Rafael Souza")]
    assert page.posts[0].date is not None and page.posts[0].date.day == 8
    assert "guessed-date" not in {p.code for p in tally.problems}  # the date is shown ("Publicado em 8 de novembro")


def test_the_heading_linking_to_the_post_is_its_title_before_a_label_heading() -> None:
    html = b"""<html><body class="archive"><div class="post" id="post-3"><h3>Featured</h3>
    <h2><a href="/2009/06/hail/" rel="bookmark">Hail in June</a></h2><div class="entry"><p>Hail.</p></div></div>
    <div class="post" id="post-4"><h3>Featured</h3><h2><a href="/2009/06/sun/" rel="bookmark">Sun</a></h2>
    <div class="entry"><p>Sun.</p></div></div></body></html>"""
    assert [p.title for p in parse_page(html, "p.html", Tally()).posts] == ["Hail in June", "Sun"]


def test_a_page_without_a_byline_takes_the_author_its_head_names() -> None:
    card = b"""<meta name="twitter:label1" content="Verfasst von"><meta name="twitter:data1" content="Hanna Kehl">"""
    for head, expected in ((card, "Hanna Kehl"), (b'<meta name="author" content="Ruth Marsh">', "Ruth Marsh")):
        html = (
            b"<html><head>"
            + head
            + b"""</head><body class="single postid-3"><article id="post-3"
        class="post-3 post hentry"><h1 class="entry-title">Rye</h1><div class="entry-content"><p>Rye.</p></div>
        </article></body></html>"""
        )
        assert parse_page(html, "p.html", Tally()).posts[0].author == expected


def test_a_post_comment_feed_does_not_make_the_post_address_the_home_page() -> None:
    html = b"""<html><head><title>Fell Notes</title>
    <link rel="alternate" type="application/rss+xml" href="http://fell.example/2009/06/rain/feed/" /></head>
    <body><div id="header"><h1><a href="http://fell.example/">Fell Notes</a></h1></div>
    <div class="post" id="post-3">
    <h2><a href="http://fell.example/2009/06/rain/" rel="bookmark">Rain on the Fells</a></h2>
    <small><a href="http://fell.example/2009/06/rain/">June 2, 2009</a></small>
    <div class="entry"><p>Wet, then wetter.</p></div></div></body></html>"""
    page = parse_page(html, "p.html", Tally())
    assert page.posts[0].title == "Rain on the Fells" and page.site_title == "Fell Notes"


@pytest.mark.parametrize(
    ("heading", "archive"),
    [
        ("Category: Waders", True),
        ("Month: July 2020", True),
        ("Kategorie: Brot", True),
        ("Archive for July, 2008", True),
        ("Monthly Archives: July 2008", True),
        ("Archives", True),
        ("Day trips from Lyon", False),
        ("Category theory for cooks", False),
        ("Tag sale finds", False),
        ("Author interview: Ruth Marsh", False),
    ],
)
def test_an_archive_heading_is_a_label_not_a_title_starting_with_its_word(heading: str, archive: bool) -> None:
    html = f"""<html><head><title>Walks</title></head><body><div id="main"><h1 class="page-title">{heading}</h1>
    <div class="post hentry" id="post-3"><h2 class="entry-title"><a href="/x/" rel="bookmark">{heading}</a></h2>
    <div class="entry-content"><p>Text.</p></div></div></div></body></html>"""
    page = parse_page(html.encode(), "p.html", Tally())
    assert (page.page_type == "index") is archive


def test_a_section_heading_after_the_text_is_never_the_title() -> None:
    html = b"""<html><head><title>Rye | Crumbs</title><meta property="og:site_name" content="Crumbs"></head>
    <body class="single postid-3"><div class="post" id="post-3"><div class="entry"><p>Rye text.</p></div>
    <div class="rp4wp-related-posts"><h3>Related Posts</h3><ul><li><a href="/spelt/">Spelt</a></li></ul></div>
    </div></body></html>"""
    tally = Tally()
    post = parse_page(html, "p.html", tally).posts[0]
    assert post.title == "Rye"  # <title> minus the site's name, reported as a guess
    assert "guessed-title" in {p.code for p in tally.problems}


def test_pings_in_a_list_of_their_own_without_ids_are_read() -> None:
    html = b"""<html><body class="single postid-3"><div class="post" id="post-3"><h2>Rye</h2>
    <div class="entry"><p>Rye text.</p></div></div><div id="comments"><ol class="commentlist">
    <li class="comment" id="comment-7"><cite>Ann</cite> Says: <p>Nice.</p></li></ol></div>
    <h3>Trackbacks</h3><ol class="pinglist"><li>Pingback: <a href="http://b.example/rye/">Bread notes</a></li>
    <li><a href="http://c.example/x/">Crumbs &raquo; Rye week</a></li></ol></body></html>"""
    comments = parse_page(html, "p.html", Tally()).posts[0].comments
    assert [(c.id, c.type, c.author) for c in comments] == [
        (7, "comment", "Ann"),
        (None, "pingback", "Bread notes"),
        (None, "pingback", "Crumbs \u00bb Rye week"),
    ]


def test_comments_disqus_rendered_into_the_saved_page_are_read() -> None:
    def post(number: int, name: str, when: str, text: str, children: str = "") -> str:
        return f"""<li class="post" id="post-{number}"><div role="article"><div class="post-content">
        <div class="post-body"><header class="comment__header"><span class="post-byline"><span class="author
        publisher-anchor-color"><a href="https://disqus.com/by/x/" data-role="username">{name}</a></span></span>
        <span class="post-meta"><a href="https://a.example/rye/#comment-{number}" class="time-ago"
        title="{when}">6 years ago</a></span></header><div class="post-body-inner"><div class="post-message"
        data-role="message"><div><p>{text}</p></div></div></div></div></div></div>{children}</li>"""

    reply = '<ul class="children">' + post(902, "Bo", "Wednesday, October 25, 2017 9:00 AM", "Thanks") + "</ul>"
    thread = post(901, "Ann", "Tuesday, October 24, 2017 10:15 AM", "Nice", reply)
    html = f"""<html><body class="single postid-3"><article class="post hentry" id="post-3">
    <h1 class="entry-title">Rye</h1><div class="entry-content"><p>Rye text.</p></div></article>
    <div id="disqus_thread"><div id="posts"><ul id="post-list" class="post-list">{thread}</ul></div></div>
    </body></html>"""
    tally = Tally()
    page = parse_page(html.encode(), "p.html", tally)
    comments = page.posts[0].comments
    assert [(c.id, c.parent, c.author, str(c.date), c.content) for c in comments] == [
        (901, None, "Ann", "2017-10-24 10:15:00", "<div><p>Nice</p></div>"),
        (902, 901, "Bo", "2017-10-25 09:00:00", "<div><p>Thanks</p></div>"),
    ]
    assert page.comments_elsewhere is None and "comments-not-in-page" not in {p.code for p in tally.problems}


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("By: Jane Doe", "Jane Doe"),
        ("Written by: Jane Doe | March 3, 2010", "Jane Doe"),
        ("Author: Jane Doe", "Jane Doe"),
        ("Auteur : Jean Dupont", "Jean Dupont"),
        ("Autor: Jan Kowalski, 3 marca 2010", "Jan Kowalski"),
        ("By Jane Doe Published March 3, 2010", "Jane Doe"),
        ("Av Sven Svensson den 3 mars 2010", "Sven Svensson"),
        ("Posted by admin on March 3, 2010", "admin"),
        ("About the author", None),
        ("Nearby places", None),
        ("By Jane Doe under Gardening on 3. May 2006", "Jane Doe"),
        ("Posted by Jane Doe filed under Gardening", "Jane Doe"),
        ("Von Jana Oberholz unter Bahn", "Jana Oberholz"),
        ("Par Jean Dupont sous Voyages", "Jean Dupont"),
        ("By: Ruth June 15, 2012 Bakery", "Ruth"),
        ("By June Carter on 3 May 2010", "June Carter"),
        ("Автор: admin в Без рубрики", "admin"),  # "in CATEGORY" in Russian
        ("Автор: Олена \u0443 Новини", "Олена"),  # and in Ukrainian
    ],
)
def test_a_byline_names_its_author_after_by_or_a_label_with_its_colon(line: str, name: str | None) -> None:
    assert byline_name(line) == name


@pytest.mark.parametrize(
    ("text", "navigation"),
    [
        ("View Archive \u2192", True),
        ("View all posts", True),
        ("Alle Beitr\u00e4ge", True),
        ("Ver arquivo", True),
        ("Voir tous les articles", True),
        ("Jane Doe", False),
        ("Review Guy", False),
    ],
)
def test_a_navigation_phrase_is_never_a_name(text: str, navigation: bool) -> None:
    assert is_navigation(text) is navigation


_TEXT = "<p>" + "Birch bark peels in the cold and the light goes blue by four. " * 4 + "</p>"


@pytest.mark.parametrize(
    ("post", "author", "day"),
    [
        (  # the meta line under the post's wrapper
            f'<div class="post" id="post-5"><h2>Birch</h2><div class="entry">{_TEXT}</div></div>'
            '<p class="postmetadata">Posted by Jane Doe on March 3, 2010 in <a href="/category/a/" '
            'rel="category tag">A</a></p><div class="talk"><b>Ann</b> <span class="date">July 9, 2020</span></div>',
            "Jane Doe",
            "2010-03-03",
        ),
        (  # German word order: the verb after the name
            f'<article class="post" id="post-5"><h1 class="entry-title">Birch</h1><div class="entry-content">{_TEXT}'
            '</div><footer class="entry-footer">Dieser Beitrag wurde am 3. März 2010 von Hans Müller '
            "veröffentlicht.</footer></article>",
            "Hans Müller",
            "2010-03-03",
        ),
        (  # the heading and byline above the post box, on a page whose body class says right-sidebar
            '<div class="head"><h1>Birch</h1><p class="sub">By Jane Doe | March 3, 2010</p></div>'
            f'<article class="post" id="post-5"><div class="entry-content">{_TEXT}</div></article>',
            "Jane Doe",
            "2010-03-03",
        ),
    ],
)
def test_the_posts_own_byline_outside_its_text_gives_author_and_date(post: str, author: str, day: str) -> None:
    html = f"""<html lang="en"><head><title>Birch | Notes</title></head>
    <body class="single postid-5 right-sidebar"><div id="main">{post}</div></body></html>"""
    found = parse_page(html.encode(), "p.html", Tally()).posts[0]
    assert (found.author, found.date.date().isoformat() if found.date else None) == (author, day)


def test_the_date_shown_is_the_dates_own_text_in_a_header_line_holding_title_and_byline() -> None:
    html = """<html><body class="single postid-5"><article id="post-5" class="post">
    <header class="entry-header"><h1 class="entry-title">Kraniche über dem Moor</h1>
    <aside class="entry-details"><ul><li><a href="/kraniche/" class="entry-date">8. April 2019</a>|</li>
    <li class="blog"> Von <a href="/author/ute/">Ute Brandt</a></li>
    <li><a href="/kraniche/#comments" class="comments-link">3 Kommentare</a></li></ul></aside></header>
    <div class="entry-content"><p>Im Moor rasten die Kraniche, zu Hunderten, jeden Abend.</p></div>
    </article></body></html>"""
    post = parse_page(html.encode(), "p.html", Tally()).posts[0]
    assert str(post.date)[:10] == "2019-04-08"
    assert [m.value for m in post.meta if m.key == "html:date_shown"] == ["8. April 2019"]


def test_a_day_heading_before_the_post_takes_the_time_from_its_byline() -> None:
    html = b"""<html><body><div id="content"><h2 class="date-header">17.7.11</h2>
    <div class="post" id="post-70"><h3 class="storytitle"><a href="/p/" rel="bookmark">Post</a></h3>
    <div class="storycontent"><p>Text of the post, long enough to be its body.</p></div>
    <div class="meta">posted by Uwe at 12:53</div></div></div></body></html>"""
    post = parse_page(html, "p.html", Tally()).posts[0]
    assert str(post.date) == "2011-07-17 12:53:00"


def test_a_name_before_a_date_in_a_byline_place_is_the_author_and_a_term_before_a_count_is_not() -> None:
    def author(footer: str) -> str | None:
        html = f"""<html><body class="single postid-3"><div class="post hentry post-3" id="post-3">
        <h2 class="entry-title">Regen</h2><div class="entry-content"><p>Es regnet seit Tagen, und der Keller
        ist trotzdem trocken geblieben.</p></div><div class="entry-footer">{footer}</div></div></body></html>"""
        return parse_page(html.encode(), "p.html", Tally()).posts[0].author

    assert author("<span>Ida Lorenz </span> | 03.08.2006 um 09:12") == "Ida Lorenz"
    assert author("<span>Wetter</span> | 3 Kommentare") is None
