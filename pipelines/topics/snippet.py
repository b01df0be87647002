"""A highlighted snippet of an article for a query: the window around its first body match."""

from __future__ import annotations

from html import escape

from pipelines.topics.matcher import BODY, TITLE, DocumentIndex, TopicDocument, evidence
from pipelines.topics.query import Query

SNIPPET_CHARS = 200


def snippet(
    query: Query,
    doc: TopicDocument,
    width: int = SNIPPET_CHARS,
    *,
    marks: tuple[str, str] = ("<b>", "</b>"),
    html: bool = True,
) -> str:
    """The text around the first body occurrence, every occurrence inside between `marks`
    (HTML-escaped unless `html` is False); the opening of the text when the query matched the
    title (or metadata) only."""
    text = escape if html else str
    index = DocumentIndex(doc)
    leaves = evidence(query, index) or []
    body = sorted(
        {index.char_span(BODY, first, last) for zone, first, last in leaves if zone != TITLE}
    )
    if not body:
        return text(_cut(doc.text, 0, width))
    start = max(0, body[0][0] - width // 4)
    start = doc.text.rfind(" ", 0, start) + 1 if start else 0
    end = min(len(doc.text), start + width)
    out, at = [], start
    for first, last in body:
        if first < at or last > end:
            continue
        out += [text(doc.text[at:first]), marks[0], text(doc.text[first:last]), marks[1]]
        at = last
    out.append(text(doc.text[at:end]))
    return ("…" if start else "") + "".join(out) + ("…" if end < len(doc.text) else "")


def _cut(text: str, start: int, width: int) -> str:
    end = min(len(text), start + width)
    return text[start:end] + ("…" if end < len(text) else "")
