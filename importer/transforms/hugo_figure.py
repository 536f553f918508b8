"""A captioned image as Hugo's own ``{{< figure >}}`` shortcode, which needs no raw HTML.

Hugo's default renderer drops raw HTML, and a ``<figure>`` (WordPress's ``[caption]``, the
block editor's image block) has no Markdown form. Hugo's built-in ``figure`` shortcode (offline,
in every Hugo since 0.17) writes the same ``<figure><a><img></a><figcaption>`` and renders
the caption as Markdown. Only a figure of one image (maybe inside a link) and an optional
caption becomes one; anything else (galleries, figures with text or tables) stays HTML.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

_PARAMETER_ORDER = ("src", "link", "alt", "caption", "class")


def hugo_figure(figure: etree._Element, caption_markdown: Callable[[str], str]) -> str | None:
    """The ``{{< figure … >}}`` shortcode for ``figure``, or None when Hugo's figure cannot say it."""
    if (figure.text or "").strip():
        return None
    children = [c for c in figure if isinstance(c.tag, str)]
    if any((c.tail or "").strip() for c in figure) or not children or len(children) > 2:
        return None
    image, link = _image_and_link(children[0])
    if image is None or not image.get("src"):
        return None
    caption = ""
    if len(children) == 2:
        if children[1].tag != "figcaption":
            return None
        caption = " ".join(caption_markdown(_inner_html(children[1])).split())
    values = {
        "src": image.get("src", ""),
        "link": link or "",
        "alt": image.get("alt", ""),
        "caption": caption,
        "class": " ".join((figure.get("class") or "").split()),
    }
    parameters = [_parameter(name, values[name]) for name in _PARAMETER_ORDER if values[name]]
    if any(p is None for p in parameters):
        return None
    return "{{< figure " + " ".join(p for p in parameters if p) + " >}}"


def _image_and_link(element: etree._Element) -> tuple[etree._Element | None, str | None]:
    if element.tag == "img":
        return element, None
    if element.tag == "a" and not (element.text or "").strip():
        inner = [c for c in element if isinstance(c.tag, str)]
        if len(inner) == 1 and inner[0].tag == "img" and not (inner[0].tail or "").strip():
            return inner[0], element.get("href")
    return None, None


def _inner_html(element: etree._Element) -> str:
    text = element.text or ""
    return text + "".join(etree.tostring(c, encoding="unicode", method="html") for c in element)


def _parameter(name: str, value: str) -> str | None:
    """``name="value"`` as Hugo's shortcode lexer reads it; None when no quoting can carry it."""
    if "{{" in value or "}}" in value or "\n" in value:
        return None
    if '"' not in value and "\\" not in value:
        return f'{name}="{value}"'
    if "`" not in value:
        return f"{name}=`{value}`"  # a raw string: quotes inside stay as they are
    return None
