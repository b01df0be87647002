"""Text from the web in a report: links only to http(s), Markdown escaped, SVG stripped to shapes.

Titles, names and sentences come from feeds and pages anyone can write. HTML output escapes them
(Jinja2 autoescape); this module covers what autoescape does not: URLs, Markdown, inline SVG.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlsplit

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
_MD_BLOCK_START = re.compile(r"^(\d{1,9})([.)])|^([-+=])")
_WHITESPACE = re.compile(r"\s+")
_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK_NS = "http://www.w3.org/1999/xlink"
# Everything matplotlib draws; scripts, foreign objects, links, images and styles are not in it.
_SVG_ELEMENTS = frozenset(
    {
        "svg",
        "g",
        "defs",
        "path",
        "rect",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "text",
        "tspan",
        "clipPath",
        "use",
        "linearGradient",
        "radialGradient",
        "stop",
        "title",
        "desc",
    }
)
_SAFE_HREF = re.compile(r"^#[A-Za-z0-9_.:-]+$")
_URL_REF = re.compile(r"url\(\s*([^)]*)\)")


def safe_url(value: object) -> str | None:
    """`value` when it is an absolute http(s) URL with a host, else None (e.g. javascript:)."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    # spaces, quotes and angle brackets percent-encoded; everything else kept as the feed gave it
    return quote(url, safe="/:?#[]@!$&'()*+,;=%~-._")


def md_text(value: object, limit: int = 400) -> str:
    """Feed text for Markdown (a table cell or a line): one line, no HTML, no Markdown syntax."""
    text = "" if value is None else str(value)
    text = _WHITESPACE.sub(" ", _CONTROL.sub(" ", text)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # a list marker or setext underline at the start would change the block it sits in
    return _MD_BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def md_link(text: object, url: object) -> str:
    """[text](url) for an http(s) URL, else the escaped text alone."""
    label = md_text(text) or "(untitled)"
    href = safe_url(url)
    if href is None:
        return label
    href = href.replace("(", "%28").replace(")", "%29")
    return f"[{label}]({href})"


def sanitize_svg(svg: str) -> str:
    """Only drawing elements and attributes survive; internal #references only; no comments."""
    root = ET.fromstring(svg)  # no DTD, no entities: matplotlib's output never needs them
    _clean(root)
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", _XLINK_NS)
    return ET.tostring(root, encoding="unicode")


def _clean(element: ET.Element) -> None:
    for child in list(element):
        if _local(child.tag) not in _SVG_ELEMENTS:
            element.remove(child)
        else:
            _clean(child)
    for name, value in list(element.attrib.items()):
        if not _safe_attribute(_local(name), value):
            del element.attrib[name]


def _safe_attribute(name: str, value: str) -> bool:
    """No event handlers; references (href, url(...)) only to ids inside the same SVG."""
    if name.lower().startswith("on"):
        return False
    if name == "href" and not _SAFE_HREF.match(value):
        return False
    return all(_SAFE_HREF.match(ref.strip("'\" ")) for ref in _URL_REF.findall(value))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
