"""The article index: a tantivy index in a folder beside the warehouse file.

It holds each article's words (title and body, positions kept for phrases and proximity), its
source name, language and publication time, and its id; not the text itself: hits are read back
from the warehouse. The ingest adds each batch as it loads it (the flow process is the one
writer); `rebuild` makes it again from the warehouse. Analysis: words of letters and digits,
lower-cased, accents folded to ASCII, as the topic matcher reads them (it checks every hit).
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

WRITER_HEAP_BYTES = 64 * 2**20


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """What the index keeps of one article."""

    article_id: str
    title: str | None
    text: str
    source_name: str | None
    language: str | None
    published_at: datetime


def index_dir(db_path: Path) -> Path:
    """Where the index of a warehouse lives: beside it, `<file>.search/`."""
    return db_path.with_name(db_path.name + ".search")


class ArticleIndex:
    """The index in `path` (created when missing)."""

    def __init__(self, path: Path) -> None:
        import tantivy

        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.schema = _schema()
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        self.index.register_tokenizer("news", _analyzer())

    def add(self, documents: Sequence[SearchDocument]) -> None:
        """Add (or replace, by article id) documents, in one commit."""
        if not documents:
            return
        import tantivy

        writer = self.index.writer(WRITER_HEAP_BYTES, 1)
        for d in documents:
            writer.delete_documents("article_id", d.article_id)
            writer.add_document(
                tantivy.Document(
                    article_id=d.article_id,
                    title=d.title or "",
                    body=d.text,
                    source=(d.source_name or "").casefold(),
                    lang=_languages(d.language),
                    published=d.published_at,
                )
            )
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def count(self) -> int:
        self.index.reload()
        return int(self.index.searcher().num_docs)

    def searcher(self) -> Any:
        self.index.reload()
        return self.index.searcher()


def _languages(language: str | None) -> list[str]:
    """`de-AT` is found by lang:de-at and lang:de."""
    code = (language or "").casefold().replace("_", "-")
    return [code, code.split("-")[0]] if "-" in code else [code]


@functools.cache
def _schema() -> Any:
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("article_id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=False, tokenizer_name="news")
    builder.add_text_field("body", stored=False, tokenizer_name="news")
    builder.add_text_field("source", stored=False, tokenizer_name="raw")
    builder.add_text_field("lang", stored=False, tokenizer_name="raw")
    builder.add_date_field("published", stored=False, indexed=True, fast=True)
    return builder.build()


def _analyzer() -> Any:
    import tantivy

    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(64))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


def reset(path: Path) -> ArticleIndex:
    """An empty index in `path` (a folder made by an older schema is replaced)."""
    if path.exists():
        shutil.rmtree(path)
    return ArticleIndex(path)
