"""What the HTML reader could not find or had to guess is reported, never silent: comments a
script would load, a thread the page shows only part of, an empty index entry, missing fields.
The pages are fixtures in fixtures/html/ (their fields are checked in test_html_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from importer.cli import main
from importer.readers.html import parse_page
from importer.tally import Tally

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "html"


def read(name: str) -> tuple[list[str], Tally, int]:
    tally = Tally()
    page = parse_page((PAGES / name).read_bytes(), name, tally)
    return [p.code for p in tally.problems], tally, sum(len(p.comments) for p in page.posts)


def test_comments_loaded_by_disqus_are_reported_not_counted_as_none() -> None:
    codes, tally, held = read("unknown-theme-disqus.html")
    assert held == 0
    assert codes == ["comments-not-in-page"]
    assert "Disqus" in tally.problems[0].message


def test_one_page_of_a_paged_thread_is_reported_with_the_gap() -> None:
    _, tally, held = read("unknown-theme-2005-comments.html")
    assert held == 4
    gap = next(p for p in tally.problems if p.code == "comments-missing")
    assert "57 comments announced, 4 in the page" in gap.message and "paged thread" in gap.message


def test_an_empty_entry_on_an_index_page_is_skipped_and_reported() -> None:
    codes, tally, _ = read("unknown-theme-photo-index.html")
    assert codes == ["empty-content"]
    assert tally.skipped[("post", "no text or picture in its entry on an index page")] == 1


def test_missing_fields_are_problems() -> None:
    html = b"""<html><body class="single postid-5"><article id="post-5" class="post-5 post hentry">
    <div class="entry-content"><p>Text without a title, date or author.</p></div>
    <ol class="commentlist"><li id="comment-9" class="comment depth-1"><p>anonymous words</p></li></ol>
    </article></body></html>"""
    tally = Tally()
    parse_page(html, "p.html", tally)
    codes = {p.code for p in tally.problems}
    assert {"no-title", "unreadable-date", "no-author", "comment-without-date", "comment-without-author"} <= codes


def test_inspect_shows_the_reader_problems() -> None:
    result = CliRunner().invoke(main, ["inspect", str(PAGES / "unknown-theme-disqus.html")])
    assert result.exit_code == 0, result.output
    assert "comments-not-in-page" in result.output


def test_a_date_read_from_the_post_address_is_reported_as_a_guess() -> None:
    codes, tally, _ = read("unknown-theme-2016-dutch.html")
    assert "unreadable-date" not in codes
    guess = next(p for p in tally.problems if p.code == "guessed-date")
    assert "2016-05-12" in guess.message and "address" in guess.message


def test_a_page_without_a_byline_reports_no_author_and_takes_none_from_its_commenters() -> None:
    tally = Tally()
    page = parse_page((PAGES / "unknown-theme-2020-no-byline.html").read_bytes(), "p.html", tally)
    assert page.posts[0].author is None
    assert [c.author for c in page.posts[0].comments] == ["Harriet Cole", "Drystone Dave"]
    assert "no-author" in {p.code for p in tally.problems}


def test_comments_loaded_by_intensedebate_are_reported_with_the_count_the_page_shows() -> None:
    tally = Tally()
    page = parse_page((PAGES / "unknown-theme-2011-intensedebate.html").read_bytes(), "p.html", tally)
    assert page.posts[0].comments == [] and page.posts[0].comment_count == 12
    missing = next(p for p in tally.problems if p.code == "comments-not-in-page")
    assert "IntenseDebate" in missing.message
