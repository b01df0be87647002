"""Search the stored articles: ranked by relevance (BM25, title words counting double), each hit
checked against the query on the stored text and shown with a highlighted snippet.

tantivy ranks the candidates; where its translation of the query is only a superset (see
search.query), more candidates are taken and the topic matcher keeps those that really match.
The index is kept by the ingest (`add_articles`) and can be rebuilt from the warehouse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pipelines.topics import TopicDocument, parse_query, query_matches, snippet
from search.index import ArticleIndex, SearchDocument, index_dir, reset
from search.query import to_tantivy
from warehouse import db, reads
from warehouse.sqlfiles import query_sql

OVERFETCH = 5  # candidates per wanted hit when tantivy's answer is a superset
REBUILD_BATCH = 2_000


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: str
    score: float
    published_at: datetime
    source_name: str | None
    title: str | None
    url: str
    snippet: str  # the text around the first match, matches marked


def search_articles(
    db_path: Path,
    text: str,
    *,
    since: datetime | None = None,
    source: str | None = None,
    limit: int = 20,
    marks: tuple[str, str] = ("<b>", "</b>"),
    html: bool = True,
) -> list[SearchHit]:
    """The articles that match `text` (the topic syntax), best first. QuerySyntaxError on a bad
    query; a warehouse without an index gets one built first."""
    import tantivy

    query = parse_query(text)
    index = _index_for(db_path)
    searcher = index.searcher()
    found, exact = to_tantivy(query, index.schema, searcher)
    clauses = [(tantivy.Occur.Must, found)]
    if since is not None:
        field = tantivy.FieldType.Date
        clauses.append(
            (
                tantivy.Occur.Must,
                tantivy.Query.range_query(index.schema, "published", field, since, None),
            )
        )
    if source:
        term = tantivy.Query.term_query(index.schema, "source", source.casefold())
        clauses.append((tantivy.Occur.Must, term))
    wanted = limit if exact else limit * OVERFETCH
    result = searcher.search(tantivy.Query.boolean_query(clauses), wanted)
    ranked = [(searcher.doc(address)["article_id"][0], score) for score, address in result.hits]
    with db.reader(db_path) as con:
        stored = {r["article_id"]: r for r in _documents(con, [a for a, _ in ranked])}
    hits = []
    for article_id, score in ranked:
        row = stored.get(article_id)
        if row is None:
            continue  # in the index but no longer in the warehouse
        doc = TopicDocument(row["title"], row["text"], row["source_name"], row["language"])
        if not exact and not query_matches(query, doc):
            continue
        shown = snippet(query, doc, marks=marks, html=html)
        hits.append(
            SearchHit(
                article_id, round(float(score), 3), row["published_at"], row["source_name"],
                row["title"], row["url"], shown,
            )
        )  # fmt: skip
        if len(hits) == limit:
            break
    return hits


def add_articles(db_path: Path, documents: Sequence[SearchDocument]) -> None:
    """Index newly loaded articles (the ingest's loader calls this after each batch)."""
    if documents:
        ArticleIndex(index_dir(db_path)).add(documents)


def reindex(db_path: Path, article_ids: Sequence[str]) -> None:
    """Index these stored articles again (their text changed)."""
    if not article_ids:
        return
    with db.reader(db_path) as con:
        documents = [_document(r) for r in _documents(con, list(article_ids))]
    add_articles(db_path, documents)


def rebuild(db_path: Path) -> int:
    """Build the index again from every stored article, streamed in batches (the warehouse is
    held open meanwhile: an ingest waits); how many were indexed."""
    index = reset(index_dir(db_path))
    total = 0
    with db.reader(db_path) as con:
        cursor = con.execute(query_sql("search_documents"), {"ids": None})
        names = [d[0] for d in cursor.description]
        while batch := cursor.fetchmany(REBUILD_BATCH):
            index.add([_document(dict(zip(names, r, strict=True))) for r in batch])
            total += len(batch)
    return total


def _index_for(db_path: Path) -> ArticleIndex:
    path = index_dir(db_path)
    if not path.exists():
        rebuild(db_path)
    return ArticleIndex(path)


def _documents(con: Any, ids: list[str]) -> list[dict[str, Any]]:
    return reads.rows(con, "search_documents", ids=ids)


def _document(row: dict[str, Any]) -> SearchDocument:
    return SearchDocument(
        row["article_id"], row["title"], row["text"], row["source_name"], row["language"],
        row["published_at"],
    )  # fmt: skip
