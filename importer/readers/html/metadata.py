"""Page-level facts from the head and embedded metadata: canonical URL, shortlink, feeds,
language, site title, post id, OpenGraph and schema.org JSON-LD."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml import etree
from lxml.html import HtmlElement

from ...transforms.urls import join_url, split_url
from .css import select

try:  # the compiled walks (setup.py builds them; the Python code stands in without them)
    from . import _cindex
except ImportError:  # pragma: no cover - a build without a C compiler
    _cindex = None  # type: ignore[assignment]

_SHORTLINK_ID = re.compile(r"[?&]p=(\d+)")
_OEMBED_URL = re.compile(r"[?&]url=([^&]+)")
_MIRROR_INDEX = re.compile(r"(^|/)index\.html?(?=$|[?#])")
_POST_HEADINGS = (  # a heading linking to its post (rel=bookmark) or carrying a post title's class
    "//*[self::h1 or self::h2 or self::h3][.//a[contains(concat(' ', normalize-space(@rel), ' '), ' bookmark ')]"
    " or contains(concat(' ', normalize-space(@class), ' '), ' entry-title ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' post-title ')]"
)
_XML_SPACES = re.compile(r"[ \t\n\r]+")  # what XPath's normalize-space() takes for space
_TITLE_REST = re.compile(r"^\s+(?:[|\u2013\u2014\u00bb\u00ab\u00b7\u2022\u22c6~-]|::)\s+(\S.{0,150})$")
# a space run is taken from its start only ((?<!\s)): linear on long runs (bench/audit_regexes.py)
_TITLE_SEPARATORS = re.compile(r"(?:(?<!\s)\s+)?(?:[|\u2013\u2014\u00bb\u00ab]|::|\s[-\u00b7\u2022\u22c6~]\s)\s*")
_TITLE_SEPARATED = re.compile(r"\s[|\u00bb\u00ab\u2013\u2014\u00b7\u2022\u22c6~-]\s")
_SITE_TITLES = (
    ".site-title",
    ".wp-block-site-title",
    ".main-title",
    "#blog-title, #site-title, #logo, #blogtitle",
    "#header h1",
    "h1#header",
)
_MAX_SITE_NAME = 80
_ORIGIN = re.compile(r"^https?://[^/?#\s]+", re.I)
# "comment" in any case: no other character matches one of its letters under re.I, and only
# U+0130 lower-cases to more than one character (an "i" it does not hold): a test by lower()
_COMMENTISH = "comment"
_SITE_FILE = re.compile(r"^(?:\.\./)*wp-(?:content|includes)/|^(?:\.\./)*xmlrpc\.php")
_FEED_TYPE = re.compile(r"(rss|atom)", re.I)
_ARTICLE_TYPES = {"blogposting", "article", "newsarticle", "posting", "socialmediaposting", "webpage"}


@dataclass(slots=True)
class HeadFacts:
    canonical_url: str | None = None
    shortlink: str | None = None
    base_url: str | None = None  # what relative URLs resolve against
    language: str | None = None
    site_title: str | None = None
    title: str | None = None  # the <title> element's text
    generator: str | None = None
    feed_urls: list[str] = field(default_factory=list)
    body_classes: frozenset[str] = frozenset()
    post_id: int | None = None
    meta: dict[str, str] = field(default_factory=dict)  # OpenGraph / article:* / name=... values
    jsonld: dict[str, object] = field(default_factory=dict)  # the first article-like JSON-LD object
    mirrored: bool = False  # a wget/HTTrack copy: links name the mirror's files (index.html?p=N)
    site_names: tuple[str, ...] = ()  # every name the page gives the site: never a post's title
    site_names_plain: frozenset[str] = frozenset()  # the same, compared as plain_text() gives them
    link_hrefs: str = ""  # every <link>'s href as written ("" for none), joined by spaces (engine.detected)


def read_head(doc: HtmlElement, base_url: str | None) -> HeadFacts:
    facts = HeadFacts()
    metas: list[HtmlElement] = []
    links: list[HtmlElement] = []
    titles: list[HtmlElement] = []
    bases: list[HtmlElement] = []
    kinds = {"meta": metas, "link": links, "title": titles, "base": bases}
    for el in doc.iter("meta", "link", "title", "base"):  # one walk of the page for the four
        kinds[el.tag].append(el)
    for meta in metas:
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content is not None and key.lower() not in facts.meta:
            facts.meta[key.lower()] = content.strip()
    written: list[str] = []  # each link's address as written ("" for none)
    hrefs: list[str] = []  # the same, stripped
    for link in links:
        href = link.get("href") or ""
        written.append(href)
        href = href.strip()
        hrefs.append(href)
        if not href:
            continue
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and facts.canonical_url is None:
            facts.canonical_url = href
        elif "shortlink" in rel and facts.shortlink is None:
            facts.shortlink = href
        elif "alternate" in rel and _FEED_TYPE.search(link.get("type") or ""):
            facts.feed_urls.append(href)
    facts.link_hrefs = " ".join(written)
    base = next((b for b in bases if b.get("href") is not None and b is not doc), None)  # .//base[@href]
    facts.base_url = _absolute(base.get("href") if base is not None else None) or base_url
    facts.mirrored = bool(facts.canonical_url and not _absolute(facts.canonical_url))
    original = _absolute(facts.meta.get("og:url"))
    if facts.mirrored or not (original or facts.base_url or _absolute(facts.canonical_url)):
        original = original or _oembed_permalink(links)
    if facts.mirrored and original:
        facts.canonical_url = original  # a mirror rewrote it (index.html?p=137); WordPress's own copy stays
    facts.base_url = facts.base_url or _absolute(facts.canonical_url) or original
    if facts.base_url is None and (facts.mirrored or _SITE_FILE.match(_first_site_file(links))):
        facts.base_url = _mirror_root(doc, links)
        facts.mirrored = facts.mirrored or facts.base_url is not None
    if facts.base_url:
        facts.canonical_url = unmirror(_join(facts.base_url, facts.canonical_url))
        facts.shortlink = unmirror(_join(facts.base_url, facts.shortlink))
        facts.feed_urls = [join_url(facts.base_url, u) for u in facts.feed_urls]
    facts.language = _language(doc, facts.meta)
    facts.generator = facts.meta.get("generator")
    body = next(doc.iterchildren("body"), None)  # doc.find("body"), without ElementPath's Python
    facts.body_classes = frozenset((body.get("class") or "").split()) if body is not None else frozenset()
    facts.post_id = _post_id(facts)
    facts.jsonld = _jsonld_article(doc)
    title = next((t for t in titles if t is not doc), None)  # .//title
    facts.title = " ".join(text_of(title).split()) or None if title is not None else None
    home_names = _home_link_names(doc, _home_addresses(hrefs, facts))
    facts.site_title = (
        facts.meta.get("og:site_name")
        or _site_title_from_page(doc, facts.title or "")
        or _home_name_in_title(home_names, facts.title)
    )
    names = (facts.meta.get("og:site_name"), facts.site_title, *home_names)
    facts.site_names = tuple(dict.fromkeys(n for n in names if n))
    facts.site_names_plain = frozenset(plain_text(n) for n in facts.site_names)
    return facts


def plain_text(text: str) -> str:
    """Text as titles are compared: whitespace collapsed, case folded, an ellipsis as three dots."""
    return " ".join(text.replace("\u2026", "...").split()).casefold()


def text_of(el: HtmlElement) -> str:
    """``el.text_content()``; of an element with no children (a ``<title>``, most links), its
    text, without evaluating XPath's ``string()``: the same text nodes, all of them its own."""
    return (el.text or "") if len(el) == 0 else el.text_content()


def _home_addresses(hrefs: list[str], facts: HeadFacts) -> set[str]:
    """The blog's home address(es), each ending in "/": the origin of the page's own addresses,
    and the folder WordPress serves from (before ``xmlrpc.php`` in the pingback and RSD links,
    before ``feed/`` in the feed links). ``hrefs``: the page's ``<link>`` addresses, stripped."""
    homes: set[str] = set()
    for url in (facts.canonical_url, facts.base_url, facts.meta.get("og:url"), facts.shortlink):
        origin = _ORIGIN.match(url) if url else None
        if origin:
            homes.add(origin.group(0) + "/")
    served: list[str] = []  # where xmlrpc.php is: exactly the blog's folder
    feeds: list[str] = []
    for href in hrefs:  # in the page's order
        if not href.startswith(("http://", "https://")):
            continue
        if "xmlrpc.php" in href:
            served.append(href.split("xmlrpc.php")[0].rstrip("/") + "/")
        if "feed/" in href:
            feeds.append(href.split("feed/")[0].rstrip("/") + "/")
        if "?feed=" in href:
            feeds.append(href.split("?feed=")[0].rstrip("/") + "/")
    feeds = [f for f in feeds if _ORIGIN.sub("", f).strip("/").count("/") == 0]  # not a post's comment feed
    if served or feeds:  # the blog's feed is the shortest: the comments' feed sits below it
        homes.add(served[0] if served else min(feeds, key=len))
    return homes


def _home_link_names(doc: HtmlElement, homes: set[str]) -> list[str]:
    """The texts of links to the blog's home page (``rel="home"`` or the home address): the
    header's site name, and "Home" menu items, which are no post title either."""
    names: list[str] = []
    spellings = _home_spellings(homes)
    for anchor in _links_maybe_home(doc, spellings):
        href, rel = anchor.get("href"), anchor.get("rel")
        if not (href in spellings or (rel and "home" in rel.lower().split())):
            continue
        text = " ".join(text_of(anchor).split())
        if text and len(text) <= _MAX_SITE_NAME and text not in names and not _in_comment(anchor):
            names.append(text)  # a name found already is not looked for in a comment again
    return names


def _links_maybe_home(doc: HtmlElement, spellings: set[str]) -> list[HtmlElement]:
    """``doc.iter("a")``, or the compiled walk's superset of the links among them to one of
    ``spellings`` or with ``rel="home"`` (``_home_link_names`` tests each link again)."""
    if _cindex is not None:
        try:
            hrefs = tuple([s.encode("utf-8") for s in spellings])  # a list: no generator to run
        except UnicodeEncodeError:  # a lone surrogate: no libxml2 text holds one; the Python walk
            hrefs = None
        if hrefs is not None and b"\0" not in b"".join(hrefs):
            return _cindex.links_maybe_to(doc, hrefs, b"home")
    return list(doc.iter("a"))


def _home_spellings(homes: set[str]) -> set[str]:
    """The ways a link writes the home address: with or without the slash, ``index.php``."""
    return {h.rstrip("/") + tail for h in homes for tail in ("/", "", "/index.php", "/index.html")}


def _in_comment(el: HtmlElement) -> bool:
    """Inside a comment (a commenter's link to the blog is the commenter's name, not the blog's).
    A loop, not ``any()`` of a generator (twice its cost compiled), and no ``lower()`` of an
    absent attribute's "": broken markup nests a page's links dozens of elements deep."""
    for a in el.iterancestors():
        value = a.get("id")
        if value and _COMMENTISH in value.lower():
            return True
        value = a.get("class")
        if value and _COMMENTISH in value.lower():
            return True
    return False


def _home_name_in_title(names: list[str], title: str | None) -> str | None:
    """The home link's text that is one side of the page's ``<title>`` ("SITE » POST", "POST | SITE")."""
    if not title:
        return None
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title)]
    if len(parts) < 2:
        return None
    return next((n for n in names if n in (parts[0], parts[-1])), None)


def _oembed_permalink(links: list[HtmlElement]) -> str | None:
    """The post's address as WordPress wrote it in the oEmbed discovery link (``?url=PERMALINK``),
    which mirrors leave alone because it is a query value (wget encodes it once more). ``links``:
    the page's ``link`` elements (``doc.iter("link")``)."""
    for link in links:
        if "oembed" not in (link.get("type") or ""):
            continue
        found = _OEMBED_URL.search(link.get("href") or "")
        value = found.group(1) if found else ""
        for _ in range(3):
            value = unquote(value)
        return _absolute(value)
    return None


def unmirror(url: str | None) -> str | None:
    """A mirror's file name back to the address it was saved from: ``/category/x/index.html`` ->
    ``/category/x/``, ``/index.html?p=137`` -> ``/?p=137``."""
    if not url or "index.htm" not in url:  # what _MIRROR_INDEX needs: no scan of the other URLs
        return url
    return _MIRROR_INDEX.sub(first_group, url)


def first_group(match: re.Match[str]) -> str:
    """What ``pattern.sub(r"\\1", ...)`` puts for a match whose first group always takes part,
    without ``re``'s Python-level template handling (``re._subx``) on every call (``unmirror``:
    the slash before the file name, if any; ``engine._unmirrored``: the link up to it)."""
    return match.group(1)


def _first_site_file(links: list[HtmlElement]) -> str:
    for link in links:
        href = link.get("href") or ""
        if "wp-content/" in href or "wp-includes/" in href:
            return href
    return ""


def _mirror_root(doc: HtmlElement, links: list[HtmlElement]) -> str | None:
    """A mirrored page saved at the site's root (its theme files linked as ``wp-content/...``, no
    ``../``): the site's address from WordPress's pingback or RSD link resolves its links."""
    relative_site_files = [h for h in doc.xpath("//link/@href|//script/@src") if _SITE_FILE.match(str(h))]
    if not relative_site_files or any(str(h).startswith("../") for h in relative_site_files):
        return None
    for link in links:
        rel = (link.get("rel") or "").lower()
        href = link.get("href") or ""
        if rel in ("pingback", "edituri") and _absolute(href) and "xmlrpc.php" in href:
            return href.split("xmlrpc.php")[0]
    return None


def _absolute(url: str | None) -> str | None:
    if url and split_url(url).scheme in ("http", "https"):
        return url
    return None


def _join(base: str, url: str | None) -> str | None:
    return join_url(base, url) if url else url


def _language(doc: HtmlElement, meta: dict[str, str]) -> str | None:
    lang = doc.get("lang") or doc.get("{http://www.w3.org/XML/1998/namespace}lang") or doc.get("xml:lang")
    lang = lang or meta.get("og:locale") or meta.get("content-language") or meta.get("language")
    return lang.replace("_", "-").strip() if lang else None


def _post_id(facts: HeadFacts) -> int | None:
    marked = [name for name in facts.body_classes if name.startswith("postid-") and name[7:].isdecimal()]
    if marked:  # what "(?:^|\s)postid-(\d+)(?:\s|$)" finds first in the sorted classes: the least
        return int(min(marked)[7:])
    for url in (facts.shortlink, facts.canonical_url):
        if url:
            found = _SHORTLINK_ID.search(url)
            if found:
                return int(found.group(1))
    return None


def doubled_title(title: str | None) -> str | None:
    """X when ``<title>`` is "X SEP X": a post named like its blog (SEP: ``|``, dashes, ``·``, ``»``)."""
    if not title:
        return None
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title)]
    return parts[0] if len(parts) == 2 and parts[0] and parts[0] == parts[1] else None


def site_name_beside(title: str | None, document_title: str | None) -> str | None:
    """The site's name from ``<title>``, which themes write as "POST TITLE SEP SITE NAME" or
    "SITE NAME SEP [Blog Archive SEP] POST TITLE" (SEP: ``|``, en or em dash, ``»``, ``::``, ``-``),
    once the post's own title is known."""
    if not title or not document_title:
        return None
    plain = " ".join(title.split())
    if document_title.startswith(plain):
        match = _TITLE_REST.match(document_title[len(plain) :])
        return match.group(1).strip() if match else None
    if document_title.endswith(plain):
        parts = _TITLE_SEPARATORS.split(document_title[: -len(plain)])
        if len(parts) > 1 and parts[-1] == "" and parts[0].strip():
            return parts[0].strip()
    return None


def _site_title_from_page(doc: HtmlElement, title: str) -> str | None:
    """The blog's name from the header markup themes print; a <title> only when it has no separator
    (on a post page it holds the post title too, in a theme-dependent order). ``title``: the
    page's ``<title>``, whitespace collapsed ("" for none)."""
    for selector in _SITE_TITLES:
        for el in select(doc, selector):
            anchor = next((a for a in el.iter("a") if text_of(a).strip()), None)  # not the tagline beside it
            text = " ".join(text_of(anchor if anchor is not None else el).split())
            if text:
                return text
    if title and not _TITLE_SEPARATED.search(title) and not _post_heading_says(doc, title):
        return title
    return None


def _post_heading_says(doc: HtmlElement, text: str) -> bool:
    """Whether a post's heading (linking to the post, ``rel=bookmark``, or ``.entry-title``) reads ``text``: a
    ``<title>`` of ``wp_title()`` alone names the post, not the site."""
    for heading in doc.getroottree().iter("h1", "h2", "h3"):  # _POST_HEADINGS, without XPath over every element
        classes = _XML_SPACES.split(heading.get("class") or "")
        if ("entry-title" in classes or "post-title" in classes or _bookmarked(heading)) and (
            " ".join(text_of(heading).split()) == text
        ):
            return True
    return False


def _bookmarked(heading: HtmlElement) -> bool:
    """Whether a link inside ``heading`` has the ``rel`` token ``bookmark``."""
    return any("bookmark" in _XML_SPACES.split(a.get("rel") or "") for a in heading.iterdescendants("a"))


# //script[@type='application/ld+json'] with the attribute axis: the predicate tests the scripts'
# type attributes only, not every script element (same nodes; tests/test_html_fastpaths.py)
_JSONLD_SCRIPTS = etree.XPath("//script/@type[.='application/ld+json']/..")
_JSONLD_TYPE = "application/ld+json"
_JSONLD_SELECTOR = f"script[type='{_JSONLD_TYPE}']"  # the same, from the page's index when it has one


def _jsonld_article(doc: HtmlElement) -> dict[str, object]:
    if not _may_hold_jsonld(doc):
        return {}
    found = select(doc, _JSONLD_SELECTOR) if doc.getparent() is None else _JSONLD_SCRIPTS(doc)
    for script in found if isinstance(found, list) else []:
        if not isinstance(script, HtmlElement):
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, TypeError, RecursionError):  # RecursionError: nested past the parser's depth
            continue
        for item in _jsonld_items(data):
            kinds = item.get("@type")
            names = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in names) and (
                "headline" in item or "datePublished" in item
            ):
                return item
    return {}


def _may_hold_jsonld(doc: HtmlElement) -> bool:
    """Whether a script of ``doc``'s page may be typed ``application/ld+json``: False only when the
    compiled walk read every script's type (no proxy per script, no index bucket of scripts) and
    none is; most pages have no JSON-LD."""
    if _cindex is None or doc.getparent() is not None:
        return True
    types = _cindex.attribute_values(doc, b"script", b"type")
    return types is None or _JSONLD_TYPE in types


def _jsonld_items(data: object) -> list[dict[str, object]]:
    if isinstance(data, list):
        return [item for entry in data for item in _jsonld_items(entry)]
    if isinstance(data, dict):
        graph = data.get("@graph")
        return [data, *(_jsonld_items(graph) if graph else [])]
    return []


def jsonld_author(item: dict[str, object]) -> tuple[str | None, str | None]:
    """(name, url) of a JSON-LD article's author."""
    author = item.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, dict):
        name, url = author.get("name"), author.get("url")
        return (name if isinstance(name, str) else None, url if isinstance(url, str) else None)
    return (author if isinstance(author, str) else None, None)
