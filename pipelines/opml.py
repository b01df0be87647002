"""OPML, the subscription list every feed reader imports and exports: feeds in and out.

Reading takes OPML 1.0 and 2.0 as feed readers write them: feeds are outlines with an xmlUrl
(any case), folders are outlines without one and become tags, as do `category` values. Parsing is
safe for files from anywhere: lxml with entities left unresolved, no DTD loading and no network,
and a document that declares entities is refused. Writing produces OPML 2.0 with properly escaped
attributes; `country` and `enabled` are our own attributes, which other readers ignore.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from urllib.parse import urlsplit

from lxml import etree

MAX_BYTES = 10 * 1024 * 1024
_TAG_SEPARATORS = re.compile(r"[^a-z0-9]+")
# XML 1.0 forbids these characters even escaped; they never belong in a title anyway
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


class OpmlError(ValueError):
    """The file is not OPML we can read (or not safe to read); the message says why."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed outline."""

    url: str
    title: str
    html_url: str | None = None
    tags: tuple[str, ...] = ()
    language: str | None = None
    country: str | None = None
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class OpmlDocument:
    title: str | None
    feeds: tuple[OpmlFeed, ...]
    skipped: tuple[str, ...] = ()  # outlines left out, with the reason


def parse_opml(content: bytes) -> OpmlDocument:
    """The feeds in an OPML document; OpmlError when it is not OPML or declares entities."""
    if len(content) > MAX_BYTES:
        raise OpmlError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        raise OpmlError(f"not well-formed XML: {exc}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise OpmlError("the document declares XML entities; OPML never needs them")
    if not isinstance(root.tag, str) or etree.QName(root).localname.lower() != "opml":
        raise OpmlError("the root element is not <opml>")
    head_title = root.findtext("head/title")
    body = root.find("body")
    if body is None:
        raise OpmlError("the document has no <body>")
    feeds: list[OpmlFeed] = []
    skipped: list[str] = []
    stack = [(child, ()) for child in reversed(_outlines(body))]
    while stack:
        outline, folders = stack.pop()
        attrs = {k.lower(): v for k, v in outline.attrib.items() if isinstance(k, str)}
        label = _text(attrs.get("title") or attrs.get("text"))
        url = (attrs.get("xmlurl") or "").strip()
        if url:
            feeds.append(_feed(attrs, url, label, folders))
        elif attrs.get("type", "").lower() == "include":
            skipped.append(f"{label or attrs.get('url', '')}: an included OPML file (not fetched)")
        children = _outlines(outline)
        if children:
            inner = folders if url else (*folders, *_tags_of(label))
            stack.extend((child, inner) for child in reversed(children))
        elif not url and attrs.get("type", "").lower() != "include" and label:
            skipped.append(f"{label}: no xmlUrl")
    title = _text(head_title)
    return OpmlDocument(title or None, tuple(feeds), tuple(skipped))


def _outlines(element: etree._Element) -> list[etree._Element]:
    return [c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == "outline"]


def _feed(attrs: dict[str, str], url: str, label: str, folders: tuple[str, ...]) -> OpmlFeed:
    tags = [*folders]
    for category in (attrs.get("category") or "").split(","):
        for part in category.split("/"):
            tags.extend(_tags_of(part))
    language = (attrs.get("language") or "").strip() or None
    return OpmlFeed(
        url=url,
        title=label,
        html_url=(attrs.get("htmlurl") or "").strip() or None,
        tags=tuple(dict.fromkeys(tags)),
        language=language,
        country=(attrs.get("country") or "").strip() or None,
        enabled=(attrs.get("enabled") or "").strip().lower() not in ("false", "0", "no"),
    )


def _text(value: str | None) -> str:
    return _SPACE.sub(" ", _XML_ILLEGAL.sub("", value or "")).strip()


def _tags_of(label: str) -> tuple[str, ...]:
    """A folder or category name as a tag: lower-case letters, digits and hyphens."""
    tag = _TAG_SEPARATORS.sub("-", label.lower()).strip("-")
    return (tag,) if tag else ()


def write_opml(feeds: Sequence[OpmlFeed], *, title: str, created: datetime) -> bytes:
    """An OPML 2.0 document listing feeds (flat; tags as `category`)."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _text(title)
    etree.SubElement(head, "dateCreated").text = format_datetime(created)
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(root, "body")
    for feed in feeds:
        label = _text(feed.title) or (urlsplit(feed.url).hostname or feed.url)
        attrs = {"type": "rss", "text": label, "title": label, "xmlUrl": _text(feed.url)}
        if feed.html_url:
            attrs["htmlUrl"] = _text(feed.html_url)
        if feed.tags:
            attrs["category"] = ",".join(f"/{tag}" for tag in feed.tags)
        if feed.language:
            attrs["language"] = feed.language
        if feed.country:
            attrs["country"] = feed.country
        if not feed.enabled:
            attrs["enabled"] = "false"
        etree.SubElement(body, "outline", attrs)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
