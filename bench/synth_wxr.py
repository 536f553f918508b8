"""Write a large synthetic WXR 1.2 export for benchmarks (importable by every bench script).

    from synth_wxr import write_synthetic_wxr
    write_synthetic_wxr("big.xml", posts=10_000, comments_per_post=5)

or ``python bench/synth_wxr.py big.xml --posts 10000 --comments 5``.

The file looks like a real self-hosted export: a channel header, 5 authors, 20 categories
(some nested), 50 tags, then posts of about 2 KB of classic-editor content each (paragraphs
without <p>, a list, a link, non-ASCII text, a split CDATA ``]]>`` every 50th post), with
categories, tags, three postmeta (one PHP-serialized), and threaded comments (every third
comment answers the one before it). Every 20th post is a draft with a zero GMT date and every
10th item after the posts is an attachment. Output is deterministic: the same arguments give
the same bytes. Written in a stream, so its size is not limited by memory.
"""

from __future__ import annotations

import argparse
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="WordPress/6.4.3" created="2024-04-02 19:31" -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Synthetic Bench Blog</title>
	<link>https://bench.example.org</link>
	<description>Generated for benchmarks</description>
	<pubDate>Tue, 02 Apr 2024 19:31:07 +0000</pubDate>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://bench.example.org</wp:base_site_url>
	<wp:base_blog_url>https://bench.example.org</wp:base_blog_url>
"""

FOOTER = "</channel>\n</rss>\n"

PARAGRAPHS = [
    "Early start today: the light over the estuary was <em>extraordinary</em>, all pinks and greys.",
    "We walked the long way round, past the old lime kilns, and counted forty-two curlews.",
    "Café stop at Zoë's — the crème brûlée is still the best on the coast. Prices up again, naturally.",
    "A reader asked about the tide tables; the harbour office prints them for free, <a "
    'href="https://example.org/tides">see here</a>.',
    "Notes for next time: bring the long lens, leave the tripod, check the wind before setting out.",
]
LIST = "<ul>\n\t<li>binoculars</li>\n\t<li>flask</li>\n\t<li>notebook &amp; pencil</li>\n</ul>"
COMMENT = "Lovely walk, thanks for writing it up. Were the curlews on the mud or the marsh?"
START = datetime(2005, 1, 1, 9, 0, 0)


def write_synthetic_wxr(path: str | Path, posts: int, comments_per_post: int) -> Path:
    """Write the export to ``path`` and return it as a Path."""
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER)
        _write_authors_and_terms(out)
        for number in range(1, posts + 1):
            _write_post(out, number, comments_per_post)
            if number % 10 == 0:
                _write_attachment(out, number)
        out.write(FOOTER)
    return path


def _write_authors_and_terms(out: TextIO) -> None:
    for i in range(1, 6):
        out.write(
            f"\t<wp:author><wp:author_id>{i}</wp:author_id><wp:author_login><![CDATA[author{i}]]></wp:author_login>"
            f"<wp:author_email><![CDATA[author{i}@example.org]]></wp:author_email><wp:author_display_name>"
            f"<![CDATA[Author Number {i}]]></wp:author_display_name><wp:author_first_name><![CDATA[]]>"
            f"</wp:author_first_name><wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>\n"
        )
    for i in range(1, 21):
        parent = f"cat-{i - 10}" if i > 10 else ""
        out.write(
            f"\t<wp:category><wp:term_id>{i}</wp:term_id><wp:category_nicename><![CDATA[cat-{i}]]>"
            f"</wp:category_nicename><wp:category_parent><![CDATA[{parent}]]></wp:category_parent>"
            f"<wp:cat_name><![CDATA[Category {i}]]></wp:cat_name></wp:category>\n"
        )
    for i in range(1, 51):
        out.write(
            f"\t<wp:tag><wp:term_id>{100 + i}</wp:term_id><wp:tag_slug><![CDATA[tag-{i}]]></wp:tag_slug>"
            f"<wp:tag_name><![CDATA[Tag {i}]]></wp:tag_name></wp:tag>\n"
        )


def _wp_date(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M:%S")


def _content(number: int) -> str:
    parts = [PARAGRAPHS[(number + k) % len(PARAGRAPHS)] for k in range(4)]
    parts.insert(2, LIST)
    if number % 50 == 0:
        parts.append("<pre>if (a[b[0]]]]><![CDATA[> 1) { return; }</pre>")
    return "\n\n".join(parts)


def _write_post(out: TextIO, number: int, comments: int) -> None:
    date = START + timedelta(hours=7 * number)
    draft = number % 20 == 0
    status = "draft" if draft else "publish"
    gmt = "0000-00-00 00:00:00" if draft else _wp_date(date - timedelta(hours=1))
    category, tag1, tag2 = 1 + number % 20, 1 + number % 50, 1 + (number * 7) % 50
    serialized = f'a:2:{{s:5:"views";i:{number * 3};s:6:"source";s:9:"synthetic";}}'
    out.write(
        f"""	<item>
		<title><![CDATA[Walk number {number}: curlews and kilns]]></title>
		<link>https://bench.example.org/{date:%Y/%m/%d}/walk-{number}/</link>
		<pubDate>{date:%a, %d %b %Y %H:%M:%S} +0000</pubDate>
		<dc:creator><![CDATA[author{1 + number % 5}]]></dc:creator>
		<guid isPermaLink="false">https://bench.example.org/?p={number}</guid>
		<description></description>
		<content:encoded><![CDATA[{_content(number)}]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>{number}</wp:post_id>
		<wp:post_date><![CDATA[{_wp_date(date)}]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>
		<wp:post_modified><![CDATA[{_wp_date(date)}]]></wp:post_modified>
		<wp:post_modified_gmt><![CDATA[{gmt}]]></wp:post_modified_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:ping_status><![CDATA[open]]></wp:ping_status>
		<wp:post_name><![CDATA[walk-{number}]]></wp:post_name>
		<wp:status><![CDATA[{status}]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		<category domain="category" nicename="cat-{category}"><![CDATA[Category {category}]]></category>
		<category domain="post_tag" nicename="tag-{tag1}"><![CDATA[Tag {tag1}]]></category>
		<category domain="post_tag" nicename="tag-{tag2}"><![CDATA[Tag {tag2}]]></category>
		<wp:postmeta>
			<wp:meta_key><![CDATA[_edit_last]]></wp:meta_key>
			<wp:meta_value><![CDATA[1]]></wp:meta_value>
		</wp:postmeta>
		<wp:postmeta>
			<wp:meta_key><![CDATA[_stats]]></wp:meta_key>
			<wp:meta_value><![CDATA[{serialized}]]></wp:meta_value>
		</wp:postmeta>
		<wp:postmeta>
			<wp:meta_key><![CDATA[weather]]></wp:meta_key>
			<wp:meta_value><![CDATA[drizzle, 11°C]]></wp:meta_value>
		</wp:postmeta>
"""
    )
    for index in range(comments):
        _write_comment(out, number, index, date)
    out.write("\t</item>\n")


def _write_comment(out: TextIO, number: int, index: int, post_date: datetime) -> None:
    comment_id = number * 100 + index
    parent = comment_id - 1 if index % 3 == 2 else 0
    date = post_date + timedelta(minutes=37 * (index + 1))
    out.write(
        f"""		<wp:comment>
			<wp:comment_id>{comment_id}</wp:comment_id>
			<wp:comment_author><![CDATA[Reader {index}]]></wp:comment_author>
			<wp:comment_author_email><![CDATA[reader{index}@example.net]]></wp:comment_author_email>
			<wp:comment_author_url>https://reader{index}.example.net/</wp:comment_author_url>
			<wp:comment_author_IP><![CDATA[192.0.2.{index % 250}]]></wp:comment_author_IP>
			<wp:comment_date><![CDATA[{_wp_date(date)}]]></wp:comment_date>
			<wp:comment_date_gmt><![CDATA[{_wp_date(date - timedelta(hours=1))}]]></wp:comment_date_gmt>
			<wp:comment_content><![CDATA[{COMMENT} ({index})]]></wp:comment_content>
			<wp:comment_approved><![CDATA[{1 if index % 7 else 0}]]></wp:comment_approved>
			<wp:comment_type><![CDATA[comment]]></wp:comment_type>
			<wp:comment_parent>{parent}</wp:comment_parent>
			<wp:comment_user_id>0</wp:comment_user_id>
		</wp:comment>
"""
    )


def _write_attachment(out: TextIO, number: int) -> None:
    attachment_id = 10_000_000 + number
    out.write(
        f"""	<item>
		<title><![CDATA[photo-{number}]]></title>
		<link>https://bench.example.org/?attachment_id={attachment_id}</link>
		<dc:creator><![CDATA[author1]]></dc:creator>
		<guid isPermaLink="false">https://bench.example.org/wp-content/uploads/photo-{number}.jpg</guid>
		<content:encoded><![CDATA[]]></content:encoded>
		<wp:post_id>{attachment_id}</wp:post_id>
		<wp:post_date><![CDATA[2024-01-01 10:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2024-01-01 10:00:00]]></wp:post_date_gmt>
		<wp:post_name><![CDATA[photo-{number}]]></wp:post_name>
		<wp:status><![CDATA[inherit]]></wp:status>
		<wp:post_parent>{number}</wp:post_parent>
		<wp:post_type><![CDATA[attachment]]></wp:post_type>
		<wp:attachment_url><![CDATA[https://bench.example.org/wp-content/uploads/photo-{number}.jpg]]></wp:attachment_url>
	</item>
"""
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("output")
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=5, help="comments per post")
    args = parser.parse_args()
    path = write_synthetic_wxr(args.output, args.posts, args.comments)
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
