"""Text from the blog never runs as a site generator's template.

A post body, a title or a comment is data written by the author or by strangers. The generators
read Markdown files through a template language first, so text such as ``{% include x %}``
(Jekyll's and Eleventy's Liquid), ``{{ x }}``, ``{# #}`` (Nunjucks) or ``{{< readfile x >}}``
(Hugo's shortcodes) would run at build time. :func:`neutralise_templates` rewrites each such
delimiter into a form the generator prints as the same characters (a preset's
``template_language`` names its generator's language):

- **Liquid** (``jekyll``): every ``{{`` and ``{%`` becomes an output tag printing it,
  ``{{ "{%" }}``. This works in text and in code blocks alike (the template runs before
  Markdown), with any spacing or whitespace control (``{%-``, ``-%}``), and there is no
  ``{% raw %}`` block that content could close. (Jekyll 4's ``render_with_liquid: false`` would
  print the text unchanged, but Jekyll 3, which GitHub Pages runs, ignores it.)
- **Eleventy** needs no escape: the preset's front matter says ``templateEngineOverride: md``,
  so Eleventy renders the body as Markdown only, whatever the site sets as
  ``markdownTemplateEngine`` (Liquid, Nunjucks, or none, where an escape would be printed).
- **Hugo**: only ``{{<`` and ``{{%`` open a shortcode. ``{{< x >}}`` becomes Hugo's own
  escape ``{{</* x */>}}``, which it prints as ``{{< x >}}`` (Hugo puts the text back into the
  Markdown before rendering it, so a span that reaches into a code block or the next paragraph
  renders as it would have); an opener without a closer gets an invisible WORD JOINER after
  ``{{`` (Hugo would fail the build on it, and has no escape for it).

Shortcodes blogimport writes itself (``{{< youtube ID >}}``) reach Hugo unchanged: they arrive
between :data:`UPSTREAM_START` and :data:`UPSTREAM_END` (placed by the HTML converter around
``<x-markdown>`` elements made by the shortcode expander); content cannot forge those marks,
since rendering renames ``<x-markdown>`` elements written in content
(:func:`importer.transforms.html_to_markdown.disarm_upstream_markup`) and
the converter drops private-use characters from its input.

Front matter is not touched: no generator renders front matter values as templates (the
tests build titles, excerpts and tags holding template syntax with each generator). Comment
data files are escaped for Hugo only (:func:`neutralise_data`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ...transforms.html_to_markdown import UPSTREAM_END, UPSTREAM_START

# Liquid (Jekyll) opens a tag or an output with these.
_LIQUID_OPENERS = re.compile(r"\{[{%]")
# Hugo: a shortcode opener and, for each, the nearest closer.
_HUGO_OPENER = re.compile(r"\{\{([<%])")
_HUGO_CLOSER = {"<": ">}}", "%": "%}}"}
WORD_JOINER = "\u2060"
_UPSTREAM_SPAN = re.compile(f"{UPSTREAM_START}(.*?){UPSTREAM_END}", re.S)
_Escaper = Callable[[str], tuple[str, int]]


def neutralise_templates(text: str, language: str | None) -> tuple[str, int]:
    """``text`` with every delimiter of the template ``language`` (a preset's ``template_language``)
    made printable.

    Returns the new text and the number of delimiters rewritten. Spans between the upstream
    marks are kept as they are (their marks removed); no language (``plain``, ``eleventy``) only loses
    the marks.
    """
    escape = _ESCAPERS.get(language) if language else None
    if "{" not in text and UPSTREAM_START not in text:  # no delimiter, no mark: nothing to change
        return text, 0
    if escape is None:
        return _UPSTREAM_SPAN.sub(r"\1", text), 0
    count = 0
    pieces = []
    position = 0
    for match in _UPSTREAM_SPAN.finditer(text):
        escaped, n = escape(text[position : match.start()])
        pieces += [escaped, match.group(1)]
        count += n
        position = match.end()
    escaped, n = escape(text[position:])
    pieces.append(escaped)
    return "".join(pieces), count + n


def neutralise_data(text: str, language: str | None) -> str:
    """Markdown in a data file (a comment's content) as the preset's ``markdownify`` needs it.

    Hugo's ``markdownify`` runs shortcodes but ignores the ``{{</* */>}}`` escape, so each
    opener gets a WORD JOINER (invisible) instead; Liquid's ``markdownify`` runs no template.
    """
    if language != "hugo" or "{{" not in text or not _HUGO_OPENER.search(text):  # "{{": a C scan first
        return text
    return _HUGO_OPENER.sub(lambda m: "{{" + WORD_JOINER + m.group(1), text)


def _liquid(text: str) -> tuple[str, int]:
    """``{%`` -> ``{{ "{%" }}``, ``{{`` -> ``{{ "{{" }}``: Liquid prints each as written."""
    return _LIQUID_OPENERS.subn(lambda m: '{{ "' + m.group(0) + '" }}', text)


def _hugo(text: str) -> tuple[str, int]:
    """``{{< x >}}`` -> ``{{</* x */>}}`` (printed as written); a lone opener gets a word joiner."""
    pieces = []
    count = 0
    position = 0
    while (match := _HUGO_OPENER.search(text, position)) is not None:
        kind = match.group(1)
        closer = _HUGO_CLOSER[kind]
        end = text.find(closer, match.end())
        pieces.append(text[position : match.start()])
        if end < 0:
            pieces.append("{{" + WORD_JOINER + kind)
            position = match.end()
        else:
            # The inner text holds no closer, so it cannot hold "*/" + closer, Hugo's comment end.
            pieces.append("{{" + kind + "/*" + text[match.end() : end] + "*/" + closer)
            position = end + len(closer)
        count += 1
    pieces.append(text[position:])
    return "".join(pieces), count


_ESCAPERS: dict[str, _Escaper] = {
    "liquid": _liquid,
    "hugo": _hugo,
}
