"""--to markdown: files, front matter, privacy, comments, slugs, links, media, redirects, re-runs."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import importer
from importer.api import ConvertOptions
from importer.cli import main
from importer.errors import UsageError
from importer.model import Comment, Post, Site
from importer.tally import Tally
from importer.writers.markdown import MarkdownOptions, write_markdown
from importer.writers.markdown.frontmatter import read_front_matter, render_document

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "markdown" / "garden-blog.xml"
TITLE = 'Tomatoes: "the good, the bad" --- and the ugly 🍅'


def convert(tmp_path: Path, **options: object) -> tuple[Path, Tally]:
    out = tmp_path / "site"
    tally = importer.convert([str(FIXTURE)], "markdown", str(out), ConvertOptions(), MarkdownOptions(**options))  # type: ignore[arg-type]
    return out, tally


def document(path: Path) -> tuple[dict[str, object], str]:
    return read_front_matter(path.read_text(encoding="utf-8"))


def all_text(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file())


def test_hugo_post_front_matter_and_body(tmp_path: Path) -> None:
    out, _ = convert(tmp_path)
    meta, body = document(out / "content/posts/tomatoes.md")
    assert meta["title"] == TITLE
    assert meta["date"] == "2019-06-15T09:30:00+01:00"
    assert meta["lastmod"] == "2019-06-16T10:00:00+01:00"
    assert meta["url"] == "/2019/06/tomatoes/"
    assert meta["categories"] == ["Vegetables"] and meta["tags"] == ["Tomatoes"]
    assert meta["author"] == "Maud Fielding"
    assert meta["summary"] == "Early tomatoes, and a raised bed."
    assert meta["wordpress_id"] == 10
    assert "draft" not in meta
    assert body.startswith("This year the **tomatoes** came early.\\\nThree plants, one bed.\n\n<!--more-->\n")
    assert (
        "```python\ndef water(plants):\n    for plant in plants:\n\n        plant.litres += 2  # `every` day\n```"
        in body
    )
    assert "- Gardener's Delight\n- Sungold \\*the best\\*" in body
    assert "{{< youtube dQw4w9WgXcQ >}}" in body
    assert "[caption" not in body and "[gallery" not in body and "[sourcecode" not in body


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("draft-compost.md", "draft"),
        ("shed.md", "private"),
        ("members.md", "password-protected"),
        ("pending-review.md", "pending"),
        ("scheduled.md", "future"),
        ("binned-trashed.md", "trash"),
    ],
)
def test_unpublished_posts_are_drafts_in_hugo(tmp_path: Path, path: str, status: str) -> None:
    out, tally = convert(tmp_path)
    meta, _ = document(out / "content/posts" / path)
    assert meta["draft"] is True
    assert meta["wordpress_status"] == status
    assert "aliases" not in meta
    assert tally.changed[f"post kept unpublished ({status})"] == 1


def test_unpublished_posts_go_to_jekyll_drafts(tmp_path: Path) -> None:
    out, _ = convert(tmp_path, preset="jekyll")
    drafts = sorted(p.name for p in (out / "_drafts").iterdir())
    assert drafts == [
        "binned-trashed.md",
        "draft-compost.md",
        "members.md",
        "pending-review.md",
        "scheduled.md",
        "shed.md",
    ]
    assert all(document(out / "_drafts" / name)[0]["published"] is False for name in drafts)
    assert sorted(p.name for p in (out / "_posts").iterdir()) == [
        "2019-06-15-tomatoes.md",
        "2019-07-02-blight.md",
        "2019-08-01-été-au-jardin.md",
        "2019-08-02-etc-passwd.md",
        "2020-07-02-blight-13.md",
    ]
    meta, _ = document(out / "_posts/2019-06-15-tomatoes.md")
    assert meta["layout"] == "post" and meta["permalink"] == "/2019/06/tomatoes/"
    assert meta["excerpt_separator"] == "<!--more-->"


def test_password_is_never_written(tmp_path: Path) -> None:
    out, _ = convert(tmp_path)
    assert "rhubarb" not in all_text(out)


def test_comments_data_file_is_threaded_with_pingbacks_marked_and_no_private_data(tmp_path: Path) -> None:
    out, tally = convert(tmp_path)
    meta, _ = document(out / "content/posts/tomatoes.md")
    assert meta["comment_count"] == 3
    data = json.loads((out / f"data/comments/{meta['comments_data']}.json").read_text(encoding="utf-8"))
    thread = data["comments"]
    assert [(c["id"], c["type"]) for c in thread] == [(100, "comment"), (102, "pingback")]
    assert thread[0]["replies"][0]["author"] == "Maud Fielding"
    assert thread[0]["content"] == "Mine are still green!\n\nAny tips?"
    text = all_text(out)
    for private in ("bert@mail.example.com", "203.0.113.7", "198.51.100.2", "maud@allotment.example.org", "Buy now"):
        assert private not in text
    assert tally.written["comment"] == 3
    assert tally.skipped[("comment", "spam comment, not published")] == 1
    assert tally.skipped[("comment", "pending comment, not published")] == 1


def test_comments_inline(tmp_path: Path) -> None:
    out, _ = convert(tmp_path, comments="inline")
    _, body = document(out / "content/posts/tomatoes.md")
    section = body[body.index("## Comments") :]
    assert "**[Bert](<https://bert.example.net>)** · 2019-06-15T12:00:00+01:00" in section
    assert "> **Maud Fielding**" in section and "(Pingback)" in section
    assert not (out / "data").exists()


def test_comments_none_are_counted(tmp_path: Path) -> None:
    out, tally = convert(tmp_path, comments="none")
    assert not (out / "data").exists()
    assert tally.skipped[("comment", "comments='none'")] == 3
    assert "comment_count" not in document(out / "content/posts/tomatoes.md")[0]


def test_slugs_unicode_collisions_and_escape_attempts(tmp_path: Path) -> None:
    out, _ = convert(tmp_path)
    posts = out / "content/posts"
    assert (posts / "été-au-jardin.md").is_file()
    assert document(posts / "blight.md")[0]["url"] == "/2019/07/blight/"
    assert document(posts / "blight-13.md")[0]["url"] == "/2020/07/blight-13/"
    assert (posts / "etc-passwd.md").is_file()
    assert {p.resolve().is_relative_to(out.resolve()) for p in out.rglob("*")} == {True}


def test_internal_links_are_rewritten_including_forward_references(tmp_path: Path) -> None:
    out, _ = convert(tmp_path)
    _, body = document(out / "content/posts/tomatoes.md")
    assert "[how blight arrived](/2019/07/blight/)" in body
    assert "[the second part](/2019/07/blight/#second)" in body
    _, blight = document(out / "content/posts/blight.md")
    assert "[the tomatoes](/2019/06/tomatoes/)" in blight


def test_media_manifest_and_resized_variants(tmp_path: Path) -> None:
    out, _ = convert(tmp_path)
    rows = {r["local_path"]: r for r in json.loads((out / "_blogimport/media.json").read_text())}
    bed = rows["static/media/2019/06/bed.jpg"]
    assert bed["url"] == "https://allotment.example.org/wp-content/uploads/2019/06/bed.jpg"
    assert "https://allotment.example.org/wp-content/uploads/2019/06/bed-300x200.jpg" in bed["other_urls"]
    assert bed["public_url"] == "/media/2019/06/bed.jpg"
    assert "static/media/2019/06/sungold.png" in rows
    assert "bed.jpg" in (out / "_blogimport/media.csv").read_text()
    _, body = document(out / "content/posts/tomatoes.md")
    assert "wp-content/uploads" not in body
    assert '<img src="/media/2019/06/bed.jpg"' in body and '<img src="/media/2019/06/sungold.png"' in body


def test_redirects_in_the_presets_formats(tmp_path: Path) -> None:
    out, _ = convert(tmp_path)
    netlify = (out / "static/_redirects").read_text()
    assert "/?p=10  /2019/06/tomatoes/  301" in netlify
    assert "/?page_id=40  /about/  301" in netlify
    assert "/2019/06/tomatoes/bed/  /media/2019/06/bed.jpg  301" in netlify
    assert "?p=31" not in netlify  # a private post's address is not announced
    nginx = (out / "_blogimport/redirects.nginx.map").read_text()
    assert nginx.startswith("map $request_uri $blogimport_redirect {") and '"/?p=10" "/2019/06/tomatoes/";' in nginx
    meta, _ = document(out / "content/posts/blight-13.md")
    assert meta["aliases"] == ["/2020/07/blight/"]
    jekyll, _ = convert(tmp_path / "j", preset="jekyll")
    assert document(jekyll / "_posts/2020-07-02-blight-13.md")[0]["redirect_from"] == ["/2020/07/blight/"]


def test_rerun_rewrites_nothing_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    out, _ = convert(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    out, tally = convert(tmp_path)
    after = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    assert before == after
    assert tally.changed["files already up to date (not rewritten)"] == tally.written["post"] + tally.written["page"]
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]


def test_changed_post_is_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "site"
    post = Post(id=1, title="One", slug="one", status="publish", date=datetime(2020, 1, 1), content="v1")
    write_markdown([Site(), post], str(out), MarkdownOptions(), Tally())
    post.content = "v2"
    write_markdown([Site(), post], str(out), MarkdownOptions(), Tally())
    assert document(out / "content/posts/one.md")[1] == "v2\n"


def test_unknown_shortcodes_counted_or_stripped(tmp_path: Path) -> None:
    out, tally = convert(tmp_path)
    assert tally.changed["unknown shortcode [contact-form-7] kept as text"] == 1
    assert '\\[contact-form-7 id="44" title="Ask me"]' in document(out / "content/posts/tomatoes.md")[1]
    out, tally = convert(tmp_path / "s", strip_unknown_shortcodes=True)
    assert "contact-form-7" not in document(out / "content/posts/tomatoes.md")[1]
    assert tally.changed["unknown shortcode [contact-form-7] removed"] == 1


def test_liquid_in_text_is_printed_not_run_by_jekyll(tmp_path: Path) -> None:
    out, tally = convert(tmp_path, preset="jekyll")
    _, body = document(out / "_posts/2019-07-02-blight.md")
    assert '{{ "{{" }} not liquid }} and {{ "{%" }} raw %}' in body
    assert tally.changed["posts with jekyll template syntax escaped (printed, not run)"] == 1


@pytest.mark.parametrize(
    ("layout", "path"),
    [
        ("flat", "content/posts/tomatoes.md"),
        ("dated", "content/posts/2019/06/tomatoes.md"),
        ("bundle", "content/posts/tomatoes/index.md"),
    ],
)
def test_layouts(tmp_path: Path, layout: str, path: str) -> None:
    out, _ = convert(tmp_path, layout=layout)
    assert (out / path).is_file()


def test_bundle_keeps_media_beside_the_post(tmp_path: Path) -> None:
    out, _ = convert(tmp_path, layout="bundle")
    _, body = document(out / "content/posts/tomatoes/index.md")
    assert '<img src="bed.jpg"' in body
    assert "content/posts/tomatoes/bed.jpg" in (out / "_blogimport/media.csv").read_text()


def test_eleventy_and_plain_presets(tmp_path: Path) -> None:
    out, _ = convert(tmp_path, preset="eleventy")
    meta, _ = document(out / "posts/tomatoes.md")
    assert meta["permalink"] == "/2019/06/tomatoes/index.html" and meta["layout"] == "post"
    assert meta["templateEngineOverride"] == "md"  # no Liquid or Nunjucks runs on imported text
    draft, _ = document(out / "posts/shed.md")
    assert draft["permalink"] is False and draft["eleventyExcludeFromCollections"] is True
    assert (out / "_data/comments").is_dir()
    plain, _ = convert(tmp_path / "p", preset="plain")
    assert document(plain / "posts/shed.md")[0]["draft"] is True


def test_options_that_do_not_fit(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        convert(tmp_path, preset="jekyll", layout="bundle")
    with pytest.raises(UsageError):
        convert(tmp_path, preset="pelican")


def test_cli(tmp_path: Path) -> None:
    out = tmp_path / "cli"
    result = CliRunner().invoke(
        main,
        ["convert", str(FIXTURE), "--to", "markdown", "--preset", "jekyll", "--comments", "inline", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert (out / "_posts/2019-06-15-tomatoes.md").is_file()
    assert "kept unpublished (private)" in result.output
    bad = CliRunner().invoke(
        main, ["convert", str(FIXTURE), "--to", "markdown", "--preset", "jekyll", "--layout", "bundle", "-o", str(out)]
    )
    assert bad.exit_code == 2 and "page bundles" in bad.output


@pytest.mark.parametrize("slug", ["../../escape", "/etc/passwd", "a\x00b", "CON", "index", "..", ""])
def test_hostile_slugs_stay_inside(tmp_path: Path, slug: str) -> None:
    out = tmp_path / "site"
    post = Post(id=7, title="T", slug=slug, status="publish", date=datetime(2020, 1, 1), content="x")
    write_markdown([Site(), post], str(out), MarkdownOptions(), Tally())
    files = [p for p in out.rglob("*.md")]
    assert len(files) == 1 and files[0].parent == out / "content/posts"
    assert files[0].stem.lower() not in ("con", "index", "..", "")


def test_model_records_with_comments_without_ids(tmp_path: Path) -> None:
    post = Post(
        id=None,
        title="No ids",
        status="publish",
        date=datetime(2021, 5, 1, 12, 0),
        date_gmt=datetime(2021, 5, 1, 10, 0, tzinfo=UTC),
        content="<p>hi</p>",
        comments=[Comment(author="A", content="c1", status="approved", author_email="a@x.org", author_ip="10.0.0.1")],
    )
    out = tmp_path / "site"
    write_markdown([Site(), post], str(out), MarkdownOptions(), Tally())
    meta, _ = document(out / "content/posts/no-ids.md")
    assert meta["date"] == "2021-05-01T12:00:00+02:00"
    text = all_text(out)
    assert "c1" in text and "a@x.org" not in text and "10.0.0.1" not in text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.text(max_size=60), body=st.text(alphabet="ab -\n#*", max_size=40))
def test_any_title_survives_front_matter(title: str, body: str) -> None:
    text = render_document({"title": title, "draft": True}, body)
    meta, rest = read_front_matter(text)
    assert meta == {"title": title, "draft": True}
    assert rest == body.lstrip("\n")
    assert re.match(r"---\n(?:.*\n)*?---\n", text)


def test_comments_on_an_attachment_are_counted_as_skipped(tmp_path: Path) -> None:
    """An attachment goes to the media manifest, not to a page: its comments are counted, not lost."""
    photo = Post(
        id=7,
        type="attachment",
        status="inherit",
        title="Pruning shears",
        attachment_url="https://example.org/wp-content/uploads/2010/03/shears.jpg",
        comments=[Comment(id=1, status="approved", author="Ann", content="Sharp!")],
    )
    tally = Tally()
    write_markdown([Site(), photo], str(tmp_path / "site"), MarkdownOptions(), tally)
    assert tally.skipped[("comment", "on an attachment (no page for it)")] == 1
    assert tally.written["comment"] == 0


def test_records_read_once_give_galleries_and_links_to_posts_further_down(tmp_path: Path) -> None:
    """The writer takes the record stream once (a generator): a gallery whose attachments come
    later in the export and a link to a later post are resolved all the same, and posts are
    written in the export's order."""
    site = Site(link="https://plot.example.org")
    image = '<img src="https://plot.example.org/wp-content/uploads/2020/01/a.jpg">'
    links = '[gallery]\n\nSee <a href="https://plot.example.org/?p=2">the second</a>.\n\n'
    first, second = (
        Post(id=n, title=slug, slug=slug, status="publish", date=datetime(2020, n, 1), content=text + image)
        for n, slug, text in ((1, "first", links), (2, "second", ""))
    )
    photo = Post(
        id=3, type="attachment", parent=1, attachment_url="https://plot.example.org/wp-content/uploads/2020/01/a.jpg"
    )
    out = tmp_path / "site"
    write_markdown(iter([site, first, second, photo]), str(out), MarkdownOptions(), Tally())
    _, body = document(out / "content/posts/first.md")
    assert "[the second](/2020/02/second/)" in body
    assert "[gallery" not in body and body.count("/media/2020/01/a.jpg") == 2
    rows = json.loads((out / "_blogimport/media.json").read_text())
    assert [row["referenced_by"] for row in rows] == [[1, 2]]
