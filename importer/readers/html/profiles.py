"""Theme knowledge as data: one table of theme profiles, read by one engine (``engine.py``).

A profile names the theme family and lists, per field, CSS selectors tried in order (the first
that yields a usable value wins). A field a profile leaves empty falls back to ``DEFAULTS``: the
markup WordPress core and hAtom themes print. Profiles are tried in ``PROFILES`` order; the first
whose ``detect`` selector (or ``detect_text`` phrase) matches the page is used. Adding a theme is
a new entry here plus a fixture page, not new code.

Sources: /work/shared/research/wordpress-theme-markup.md (templates of each theme) and the
themes' own template files.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from .css import AUTHOR_ARCHIVE_LINK, BOOKMARKED_HEADING, NUMBERED_POST_BOX

Selectors = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    detect: Selectors = ()  # any match identifies the theme
    detect_text: Selectors = ()  # ...or any of these phrases in the page text
    container: Selectors = ()  # one post
    title: Selectors = ()
    permalink: Selectors = ()  # a[href] to the post itself
    date: Selectors = ()  # time[datetime], abbr[title], or visible text
    date_heading: Selectors = ()  # a date printed once above several posts (Classic's h2)
    updated: Selectors = ()
    author: Selectors = ()  # element holding the byline name (a link gives the profile URL)
    author_in_text: tuple[tuple[str, str], ...] = ()  # (selector, regex): the name is group 1 of its text
    categories: Selectors = ()
    tags: Selectors = ()
    body: Selectors = ()
    body_between: tuple[str, str] | None = None  # body = children after the first, before the second
    body_strip: Selectors = ()  # removed from the body (theme extras inside the content)
    excerpt: Selectors = ()  # index pages: a summary instead of the content
    comment_count: Selectors = ()  # "4 Comments", "Comments (4)"
    comment_area: Selectors = ()  # the page's own comment list(s)
    comment_author: Selectors = ()
    comment_date: Selectors = ()
    comment_body: Selectors = ()
    comment_strip: Selectors = ()  # removed from a comment's body (reply links, likes)

    def merged_with(self, base: Profile) -> Profile:
        """This profile with every empty field taken from ``base``; own selectors come first."""
        values = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(base, f.name)
            if f.name in ("name", "detect", "detect_text", "body_between", "date_heading", "author_in_text"):
                values[f.name] = mine
            elif f.name in ("body_strip", "comment_strip"):
                values[f.name] = tuple(dict.fromkeys(mine + theirs))
            else:
                values[f.name] = tuple(dict.fromkeys(mine + theirs)) if mine else theirs
        return Profile(**values)


# What WordPress core, hAtom and schema.org microdata put on most themes' markup.
DEFAULTS = Profile(
    name="defaults",
    container=(
        "article.post",
        "div.post.hentry",
        ".hentry:not(.comment)",
        "article[id^='post-']",
        "div[id^='post-'].post",
        "div.post",
        NUMBERED_POST_BOX,  # a box with the post's id and no post_class() (Thesis, 2005-era themes)
        "[itemtype*='schema.org/BlogPosting']",
        "[itemtype*='schema.org/Article']",
        "[itemtype*='schema.org/NewsArticle']",
        "article",
        "main",  # block themes: no element carries the post's post_class() on a single page
    ),
    title=(
        ".entry-title",
        ".wp-block-post-title",
        "[itemprop='headline']",
        ".post-title",
        ".postitle",
        ".posttitle",
        ".storytitle",
        BOOKMARKED_HEADING,  # the heading linking to the post itself
        "h1, h2, h3",  # the first heading of the post box, whatever its level
    ),
    permalink=(
        ".entry-title a[rel~='bookmark']",
        ".entry-title a",
        "h1 a[rel~='bookmark']",
        "h2 a[rel~='bookmark']",
        "h3 a[rel~='bookmark']",
        "a[rel~='bookmark']",
    ),
    date=(
        ".wp-block-post-date time",
        "time.published",
        "time.entry-date",
        "abbr.published",
        "[itemprop='datePublished']",
        ".published",
        "time[datetime]",
        "time",
        ".entry-date",
        ".posted-on",
        ".post-date",
        ".postdate",
        ".date",
        ".entry-meta",
        ".postmetadata",
        ".post-meta",
        ".post-info",
        ".meta",
        ".byline",
        ".post-footer",
        ".entry-footer",
        ".meta-date",
        "[class*='date']",
    ),
    updated=(
        "time.updated:not(.published)",
        "abbr.updated:not(.published)",
        "[itemprop='dateModified']",
    ),
    author=(
        ".author.vcard .fn",
        ".vcard .fn",
        ".author.vcard",  # Thesis: span.author.vcard.fn
        ".fn.vcard",
        "a[rel~='author']",
        "[itemprop='author'] [itemprop='name']",
        "[itemprop='author']",
        ".byline .author",
        AUTHOR_ARCHIVE_LINK,  # the author's archive
        ".author a",
        ".post-author-name",
        ".meta-author a",
        ".post-author",
        ".entry-author",
        ".wp-block-post-author-name",
        ".wp-block-post-author__name",
    ),
    categories=("a[rel~='category']", ".taxonomy-category a[rel~='tag']"),
    tags=(".taxonomy-post_tag a[rel~='tag']", "a[rel='tag']", ".tag-links a", ".tags-links a"),
    body=(
        ".wp-block-post-content",
        ".entry-content",
        "[itemprop='articleBody']",
        ".entrytext",
        ".entry",
        ".storycontent",
        ".post-content",
        ".post-entry",
        ".post-body",
        ".entry-summary",
        ".content",
    ),
    body_strip=(
        ".sharedaddy",
        "#jp-post-flair",
        ".jp-relatedposts",
        "[id^='pd_rating_holder']",
        ".wpcnt",
        ".wp-block-jetpack-subscriptions",
        "script",
        "style",
        "noscript",
        "form",
        ".screen-reader-text",
        ".author-info",
        "#entry-author-info",
        ".comments-link",
    ),
    excerpt=(".entry-summary",),
    comment_count=(
        ".comments-title",
        ".wp-block-comments-title",
        "#comments-title",
        "h3#comments",
        "h2#comments",
        "#comments > h2",
        "#comments > h3",
        ".comments-link a",
        ".comments-link",
        ".comment-count",
        "a[href$='#comments']",
        "a[href$='#respond']",
        "a[href$='#disqus_thread']",
    ),
    comment_area=(
        "ol.wp-block-comment-template",
        "ol.commentlist",
        "ol.comment-list",
        "ul.commentlist",
        "ul.comment-list",
        "ol#commentlist",
        "#comments-list",
        "#trackbacks-list",
        "#dsq-comments",  # the Disqus plugin's copy of the comments, printed for search engines
        "#disqus_thread #post-list",  # comments Disqus rendered, in a page saved after they loaded
        "#trackback_list",  # Thesis 1.x: the pings in a list of their own, after the comments
        "#pings, .pinglist, .pings, #trackbacks, .trackbacks",
        "#comments",
        ".comments-area",
        ".comments",
    ),
    comment_author=(
        ".wp-block-comment-author-name",
        ".comment-author .fn",
        ".fn",
        ".comment-author-name",
        ".commenter-name",
        ".author-name",
        ".epoch-author-link",
        ".comment-author strong",
        ".comment-author b",
        ".comment-author cite",
        ".comment-author",
        ".media-heading",  # Bootstrap media objects (Hestia and other Bootstrap themes)
        "cite",
        ".commentauthor",
        "a.url",
        "[id^='commentauthor']",  # iNove and its kin: span#commentauthor-N when the commenter left no site
        ".comment-name",
        ".comment_author",
        ".commenter",
        ".name",
        ".author",
        ".comment-meta strong",
        "strong",
        "b",
    ),
    comment_date=(
        "time[datetime]",
        "abbr[title]",
        ".comment-metadata a",
        ".comment-meta a",
        ".commentmetadata a",
        ".comment-metadata",
        ".comment-meta",
        ".commentmetadata",
        ".commentmeta",
        ".comment-date",
        ".comment_date",
        ".media-heading small",
        ".cmtinfo",
        ".date",
        "a.time-ago[title]",  # Disqus: "6 years ago", the date in its title
    ),
    comment_body=(
        "[id^='commentbody']",  # iNove and its kin: div#commentbody-N
        ".wp-block-comment-content",
        ".comment-content",
        ".comment-text",
        ".commenttext",
        ".comment-entry",
        ".contenttext",
        ".comment-body",
        ".dsq-comment-message",
        ".post-message",  # Disqus
    ),
    comment_strip=(
        ".reply",
        ".comment-reply-link",
        ".comment-likes",
        ".comment-edit-link",
        ".edit-link",
        ".comment-meta",
        ".comment-metadata",
        ".commentmetadata",
        ".comment-author",
        "script",
        "form",
    ),
)

# Ordered: specific themes first, then the markup families, then plain WordPress.
PROFILES: tuple[Profile, ...] = (
    Profile(
        name="blix",  # WordPress.com pub/blix (the seed page): "Entry filed under", "Add your own"
        detect=("p#filedunder", "#subcontent"),
        detect_text=("Add your own", "Trackback this post"),
        container=("#content div.entry", "div.entry.post"),
        title=("h2",),
        permalink=("p.info em.date a", "h2 a"),
        date=("p.info em.date", "p.info .date"),
        author=("p.info em.author a", "p.info .author"),
        categories=("#filedunder a[rel~='category']",),
        tags=("#filedunder a[rel='tag']",),
        body=(),
        body_between=("p.info", "#filedunder"),
        comment_count=("#comments > h2", "em.comments-popup a", ".comments-popup"),
        comment_area=("#comments ul.commentlist", "#comments ol.commentlist", "ul.commentlist"),
        comment_author=("p.header .fn", ".comment-author .fn"),
        comment_date=("p.header",),
        comment_strip=("p.header", "span.reply"),
    ),
    Profile(
        name="kubrick",  # WordPress "default" theme 1.5-2.9 and its WordPress.com variant
        detect=(
            "#content.widecolumn",
            "#content.narrowcolumn",
            "link[href*='/themes/default/']",
            "link[href*='/themes/pub/default/']",
        ),
        container=("#content div.post", "div.post"),
        title=("h2", "h1", "h3"),
        date=("small", "p.postmetadata small", "p.postmetadata"),
        author=("small.single-by .fn", ".by-author .fn"),
        author_in_text=(("small", r"^[\d.,:/ ]+\b(?:von|by|par|por|door)\s+([^\d,|]{1,40}?)$"),),
        categories=("p.postmetadata a[rel~='category']", "a[rel~='category']"),
        body=(".entry",),
        body_strip=("p.postmetadata", "xpath:.//p[a[@rel='tag'] and starts-with(normalize-space(.), 'Tags:')]"),
        comment_count=("h3#comments", ".postmetadata a[href$='#comments']", ".postmetadata a[href$='#respond']"),
        comment_author=("cite .fn", "cite"),
        comment_date=(".commentmetadata a", "small.commentmetadata"),
    ),
    Profile(
        name="classic",  # WordPress Classic 1.5-2.9 and WordPress.com pub/classic
        detect=(".storytitle", ".storycontent"),
        container=("#content div.post", "div.post"),
        title=(".storytitle",),
        date=("div.meta",),
        date_heading=("h2",),
        author=("div.meta .author", "div.meta a[href*='/author/']"),
        author_in_text=(("div.meta", r"(?:posted by|\u2014)\s*([^\u2014@]+?)\s*(?:@|\bat\b)"),),
        categories=("div.meta a[rel~='category']",),
        tags=("div.meta a[rel='tag']",),
        body=(".storycontent",),
        comment_count=("h2#comments", ".feedback a"),
        comment_area=("ol#commentlist", "ol.commentlist"),
        comment_author=("cite .fn", "cite a.url", "cite"),
        comment_date=("cite",),
    ),
    Profile(
        name="twentyten",
        detect=("link[href*='/themes/twentyten/']", "#wrapper.hfeed #access[role='navigation']"),
        container=("#content div[id^='post-']", "div.post"),
        title=(".entry-title",),
        date=(".entry-meta .entry-date", ".entry-meta"),
        author=(".entry-meta .author .fn", ".entry-meta .author a"),
        categories=(".entry-utility a[rel~='category']", ".cat-links a", "a[rel~='category']"),
        tags=(".entry-utility a[rel='tag']", ".tag-links a"),
        body=(".entry-content", ".entry-summary"),
        comment_count=("#comments-title", ".comments-link a"),
        comment_author=(".comment-author .fn", "cite"),
        comment_date=(".comment-meta a", ".commentmetadata a"),
        comment_body=(".comment-body",),
    ),
    Profile(
        name="twentyeleven",
        detect=("link[href*='/themes/twentyeleven/']", "#branding #access"),
        container=("#content article.post", "article[id^='post-']"),
        date=(".entry-meta time.entry-date", ".entry-meta .entry-date"),
        author=(".entry-meta .author .fn", ".by-author .fn"),
        comment_count=("#comments-title", ".comments-link a"),
        comment_author=(".comment-author .fn",),
        comment_date=(".comment-author time", ".comment-meta time", ".comment-meta a"),
        comment_body=(".comment-content",),
    ),
    Profile(
        name="twentytwelve",
        detect=("link[href*='/themes/twentytwelve/']", "#page.hfeed.site #masthead.site-header hgroup"),
        comment_count=(".comments-title", ".comments-link a"),
        comment_author=("b.fn", "cite .fn"),
        comment_date=(".comment-meta time", ".comment-meta a"),
        comment_body=(".comment-content",),
        comment_strip=("p.edit-link",),
    ),
    Profile(
        name="twentythirteen",
        detect=("link[href*='/themes/twentythirteen/']",),
        categories=(".categories-links a",),
        tags=(".tags-links a",),
    ),
    Profile(
        name="twentyfourteen",
        detect=("link[href*='/themes/twentyfourteen/']",),
        categories=(".cat-links a",),
        tags=(".tag-links a",),
    ),
    Profile(
        name="twentyfifteen",
        detect=("link[href*='/themes/twentyfifteen/']",),
        date=(".posted-on time.published", ".posted-on time.entry-date"),
        categories=(".cat-links a",),
        tags=(".tags-links a",),
    ),
    Profile(
        name="twentysixteen",
        detect=("link[href*='/themes/twentysixteen/']",),
        date=(".posted-on time.published", ".posted-on time.entry-date"),
        categories=(".cat-links a",),
        tags=(".tags-links a",),
    ),
    Profile(
        name="mistylook",  # WordPress.com pub/mistylook: comments inside the post div
        detect=("#content-main div.posttitle", "link[href*='/themes/mistylook/']", "link[href*='/pub/mistylook/']"),
        container=("#content-main div.post",),
        title=(".posttitle h2", ".posttitle"),
        date=("p.post-info", "p.postmetadata"),
        author=("p.post-info a[title^='Posts by']", "p.postmetadata a[title^='Posts by']"),
        body=(".entry",),
        comment_author=(".cmtinfo cite",),
        comment_date=(".cmtinfo em a", ".cmtinfo"),
        comment_strip=(".cmtinfo",),
    ),
    Profile(
        name="andreas09",  # WordPress.com pub/andreas09: sidebars before the content
        detect=("#wrap #leftside", "link[href*='/andreas09/']"),
        container=("#content div.post",),
        title=("h2",),
        date=("p.postmetadata", "p.date"),
        author=("p.date a", "p.date"),
        body=(".entrytext", ".entry"),
        comment_author=("cite.fn", "cite"),
        comment_date=("small.commentmetadata a",),
    ),
    Profile(
        name="sandbox",  # Sandbox 1.6 / Thematic: hAtom with body classes y2009 m01
        detect=("#comments-list.comments", "link[href*='/themes/sandbox/']", "link[href*='/themes/thematic/']"),
        date=("abbr.published", ".entry-date abbr", ".entry-meta"),
        comment_count=("#comments-list h3",),
        comment_area=("#comments-list ol", "#trackbacks-list ol", "#comments-list", "#trackbacks-list"),
        comment_author=(".comment-author .fn", ".comment-author"),
        comment_date=(".comment-meta", ".comment-author"),  # pings: "By AUTHOR on DATE at TIME"
    ),
    Profile(
        name="hybrid",  # Hybrid and its children: categories and tags both rel="tag"
        detect=("link[href*='/themes/hybrid/']", "body.wordpress.singular-post span.category"),
        categories=("span.category a", ".entry-terms.category a"),
        tags=("span.post_tag a", ".entry-terms.post_tag a"),
        date=("abbr.published", "time.published", ".published"),
    ),
    Profile(
        name="stargazer",  # Stargazer (Hybrid Core 3): entry-terms spans
        detect=("link[href*='/themes/stargazer/']",),
        categories=(".entry-terms.category a",),
        tags=(".entry-terms.post_tag a",),
    ),
    Profile(
        name="avada",  # ThemeFusion Avada: visible date in a plain span beside hidden rich snippets
        detect=(".fusion-meta-info-wrapper", "link[href*='/themes/Avada/']"),
        date=(".fusion-meta-info-wrapper > span:not(.vcard):not(.updated):not(.fusion-inline-sep)",),
        comment_author=(".comment-author strong",),
        comment_date=(".comment-author",),
        comment_body=(".comment-text",),
    ),
    Profile(
        name="wpcom-classic-blog",  # WordPress.com en.blog theme (h4 titles, cite.comment-author)
        detect=("body.wpcomblog",),
        comment_author=("cite.comment-author a", "cite.comment-author"),
        comment_date=("small.commentmetadata a",),
        comment_body=(".contenttext",),
    ),
    Profile(
        name="simple-paper",  # "simple paper" theme (pullmonkey wget mirror): no body wrapper in div.post
        detect=("link[href*='/themes/simple paper/']", "link[href*='/themes/simple%20paper/']"),
        container=("div.post",),
        title=("h2",),
        date=("div.date",),
        categories=("div.meta a[rel~='category']",),
        tags=("div.meta a[rel='tag']",),
        body=(),
        body_between=("h2", "div.meta"),
        body_strip=("br[clear]",),
    ),
    Profile(
        name="schema-microdata",
        detect=("[itemtype*='schema.org/BlogPosting']", "[itemtype*='schema.org/Article']"),
        container=(
            "[itemtype*='schema.org/BlogPosting']",
            "[itemtype*='schema.org/Article']",
            "[itemtype*='schema.org/NewsArticle']",
        ),
        title=("[itemprop='headline']", ".entry-title"),
        date=("[itemprop='datePublished']",),
        updated=("[itemprop='dateModified']",),
        author=("[itemprop='author'] [itemprop='name']", "[itemprop='author']"),
        body=("[itemprop='articleBody']", ".entry-content"),
    ),
    Profile(
        name="elementor",  # Elementor Pro theme-builder templates: widgets instead of theme markup
        detect=(".elementor-location-single", ".elementor-widget-theme-post-content"),
        title=(".elementor-widget-theme-post-title .elementor-heading-title",),
        date=(".elementor-post-info__item--type-date",),
        author=(".elementor-post-info__item--type-author",),
        body=(".elementor-widget-theme-post-content > .elementor-widget-container",),
    ),
    Profile(name="hatom", detect=(".hentry",)),
    Profile(
        name="wordpress",  # any other WordPress theme built on post_class(), core blocks and comment markup
        detect=(
            "article[id^='post-']",
            "div[id^='post-']",
            "div.post",
            "article.post",
            "article",
            ".wp-block-post-content",
            ".wp-block-post-title",
        ),
    ),
)

# Where themes print a byline as text ("By NAME | DATE", "Posted on DATE by NAME").
BYLINE_PLACES: Selectors = (
    ".byline",
    ".posted-by",
    ".entry-meta",
    ".post-meta",
    ".postmeta",
    ".post-info",
    ".postinfo",
    ".meta",
    ".postmetadata",
    ".entry-footer",
    ".post-details",
    ".post-byline",
    ".author",
    ".date",
)
# Where a byline naming the author may stand: the byline places, and a meta line marked by its id
# only (div#meta-bottom, div#postmeta), which is not read for a date (it may hold terms alone).
AUTHOR_PLACES: Selectors = (*BYLINE_PLACES, "[id*='meta']")

# Elements that hold nothing but the author's name on some themes (``<span class="author">NAME</span>``):
# read when no byline names the author, and only when the whole text is a name.
NAME_PLACES: Selectors = (
    ".author",
    ".byline",
    ".vcard",
    ".post-author",
    ".entry-author",
    ".meta-author",
    ".author-name",
)

# The class or id of what holds another post's facts or the page's extras, not the post's own
# (related or recent posts, widgets, sidebars, navigation, sharing, comments): a date or a name
# inside one is never the post's.
FOREIGN_MARKS = (
    r"(?:^|\s)(?:widget|side\b|recent|popular|latest|archive|menu|nav\b|breadcrumb|similar)"  # a class's start
    r"|related|yarpp|crp_|sidebar|navigation|comment|respond|shar(?:e|ing)"  # anywhere in it
)

# Content wrappers WordPress themes print around the post's text: chrome never contains the one
# holding the most text.
POST_SIGNALS: Selectors = (
    ".entry-content",
    ".wp-block-post-content",
    "[itemprop='articleBody']",
    ".post-content",
    ".entrytext",
    ".storycontent",
    ".entry",
    ".hentry",
)

# An archive's own heading ("Month: July 2020", "Category: Waders", "Archive for July, 2008"):
# never a post's title, and a page showing one marks an index page even without body classes.
ARCHIVE_HEADINGS: Selectors = (
    ".page-title",
    ".archive-title",
    ".archive-header h1",
    ".page-header h1",
    ".pagetitle",
    "h1.archive",
    "h2.search",
)
# get_the_archive_title() labels ("Category: X", "Month: July 2020", "Kategorie: X") need their colon:
# a post may be called "Day trips from Lyon"; the older themes' phrases ("Archive for July, 2008",
# "Posts Tagged 'x'", "Monthly Archives: ...") are archive headings as they stand.
ARCHIVE_WORDS = (
    r"^\W*(?:(?:archives?|month|year|day|category|categories|tag|tags|tagged|author|"
    r"archiv|kategorie|schlagwort|monat|jahr|autor|archivo|archivos|categor\u00eda|etiqueta|cat\u00e9gorie|"
    r"\u00e9tiquette|mois|ann\u00e9e|jour|auteur|archivio|categoria|categorie|maand|arquivo|arquivos|"
    r"kategori|arkiv|etikett|archiwum|kategoria|tag)\s*:"
    r"|archive for\b|archives? (?:of|for)\b|(?:monthly|daily|yearly) archives?\b|posts tagged\b|posts by\b|"
    r"browsing (?:category|tag|archives?)\b|search results\b|archives?\s*$|archiv f\u00fcr\b|"
    r"archivo de\b|archives? de\b|archivio (?:per|di)\b|archief (?:van|voor)\b)"
)

# Headings of a page's other sections, never a post's title: related posts, sharing, the reply
# form, the author box (in the languages of the date table).
SECTION_LABELS = (
    r"^\W*(?:related(?: posts| articles| stories| entries)?|you (?:may|might) also like|similar posts|more posts|"
    r"recent posts|popular posts|read (?:more|next)|share this(?: post| article)?|like this|leave a (?:reply|comment)|"
    r"about the author|post navigation|tags|categories|"
    r"\u00e4hnliche beitr\u00e4ge|verwandte (?:beitr\u00e4ge|artikel)|das k\u00f6nnte dich auch interessieren|"
    r"articles (?:similaires|li\u00e9s|connexes)|vous aimerez aussi|"
    r"art\u00edculos relacionados|entradas relacionadas|posts relacionados|artigos relacionados|"
    r"articoli correlati|post correlati|gerelateerde (?:berichten|artikelen)|relaterade inl\u00e4gg|"
    r"podobne wpisy|\u043f\u043e\u0445\u043e\u0436\u0438\u0435 \u0437\u0430\u043f\u0438\u0441\u0438)\W*$"
)

# Chrome on single pages only: query loops list other posts ("More posts", related posts).
SINGLE_CHROME: Selectors = (".wp-block-query", ".wp-block-latest-posts", "#related-posts", ".entry-related")

# Page chrome: never a post, never a comment (sidebars, widgets, navigation, forms, footers,
# WordPress.com extras, the Wayback Machine toolbar).
CHROME: Selectors = (
    "#sidebar",
    ".sidebar",
    "#subcontent",
    ".widget",
    ".widget-area",
    ".widget-container",
    "aside.widget",
    "#recentcomments",
    ".recentcomments",
    ".widget_recent_comments",
    ".widget_recent_entries",
    "#leftside",
    "#rightside",
    "#footer",
    ".site-footer",
    "#colophon",
    "#respond",
    "#commentform",
    ".comment-respond",
    ".navigation",
    ".post-navigation",
    ".nav-single",
    "#nav-above",
    "#nav-below",
    ".jp-relatedposts",
    ".related-posts",
    ".yarpp-related",
    "#wm-ipp-base",
    "#wm-ipp",
    "#wpadminbar",
    "#actionbar",
    "#bit",
)
