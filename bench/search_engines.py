"""Search-engine candidates for `mediawatch search`, measured on synthetic news at scale.

    .venv/bin/python bench/search_engines.py corpus  --articles 1000000 --dir /tmp/mwsearch
    .venv/bin/python bench/search_engines.py tantivy --articles 100000  --dir /tmp/mwsearch
    .venv/bin/python bench/search_engines.py duckdb  --articles 100000  --dir /tmp/mwsearch

`corpus` writes N seeded articles (400-700 words: the news grammar of bench/corpus.py mixed
half and half with Zipf-distributed filler from an 80k-word vocabulary, so that the index has a
realistic long tail) into a DuckDB table, as the warehouse would hold them. Each engine command
builds its index from the first `--articles` rows of that table (the "rebuild from the
warehouse" path), then runs QUERIES (the topic syntax, parsed by pipelines.topics and translated)
with top-10 ranking, a hit count and a highlighted snippet per hit, and prints one JSON line:
wall and CPU seconds, articles/s, index bytes, peak RSS, p50/p95 latency. Run each engine in its
own process so that peak RSS is its own. Candidates:

- tantivy (tantivy-py): BM25 over title+body, `to_tantivy` below; snippets by its generator.
- DuckDB alone (no fts extension offline): postings(term_id, doc_id, tf) sorted by term, a term
  dictionary whose ids follow term order (a prefix is an id range), BM25 in SQL, boolean logic
  as INTERSECT/UNION/EXCEPT. No positions: phrases and NEAR are verified by the TopicMatcher on
  the ranked candidates' texts.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import resource
import statistics
import sys
import time
from bisect import bisect_left
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import Cast, Prose  # noqa: E402  (bench/ is on sys.path, as for its scripts)

from pipelines.topics import parse_query  # noqa: E402
from pipelines.topics.matcher import TopicDocument, query_matches  # noqa: E402
from pipelines.topics.query import (  # noqa: E402
    And,
    AnyOf,
    InTitle,
    Meta,
    Near,
    Not,
    Or,
    Phrase,
    Query,
    Word,
)
from pipelines.topics.snippet import snippet  # noqa: E402
from search.query import MAX_EXPANSIONS, to_tantivy  # noqa: E402

SEED = 18
BATCH = 20_000
START = datetime(2024, 1, 1, tzinfo=UTC)
RECENT = START + timedelta(days=700)  # the archive spans 730 days: `--since` its last 30
SOURCES = ["Evening Courier", "Morning Ledger", "The Daily Signal", "Wire Service"] + [
    f"The Bench {kind} {i}" for kind in ("Herald", "Review", "Post") for i in range(60)
]
LANGUAGES = [("en", 80), ("en-GB", 6), ("de", 6), ("de-AT", 2), ("fr", 4), ("es", 2)]
COMMON = """the of and to in a is that for on said with as was at by it from be has have are
an its will but not this which were after been more their would who they had about also than
year new up one market company government people percent billion million two first over
last into other could can some most such ban stock stocks shares chip chips export exports
control controls trade sanctions rules court price prices investors data model models cloud
officials ministry security deal talks plan growth demand supply factory energy bank rate
report reports week month analysts according since while under between during before""".split()  # noqa: SIM905
QUERIES = [
    "DeepSeek",
    '"export controls"',
    '(DeepSeek OR "High-Flyer") AND (chip* OR "export control*") NOT stock*',
    "Nvidia NEAR/5 ban",
    "Nvidia ONEAR/3 shares",
    "title:DeepSeek",
    'source:"Evening Courier" AND Nvidia',
    "lang:de AND Huawei",
    '"Jensen Huang" NEAR/10 (chip* OR export*)',
    "(OpenAI OR ChatGPT) AND NOT (Microsoft OR SoftBank)",
    "title:(Nvidia OR TSMC) AND sanctions",
    'Alibaba AND (cloud OR "Qwen2.5-Max")',
    '"percent last year"',
    "ASML AND (Intel OR Samsung) AND price*",
    "Anthropic NEAR/3 (Google OR Amazon)",
]


# --- the corpus ------------------------------------------------------------------------------
def _vocabulary(r: random.Random, size: int = 80_000) -> tuple[list[str], list[float]]:
    """Real common words first, then pseudo-words, with Zipf cumulative weights (s = 1.07)."""
    syllables = [c + v for c in "bcdfghklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]
    seen, pseudo = set(COMMON), []
    while len(pseudo) < size - len(COMMON):
        word = "".join(r.choice(syllables) for _ in range(r.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            pseudo.append(word)
    words = COMMON + pseudo
    total, cumulative = 0.0, []
    for rank in range(len(words)):
        total += 1.0 / (rank + 2.7) ** 1.07
        cumulative.append(total)
    return words, cumulative


def articles(
    first: int, count: int, seed: int = SEED, words: tuple[int, int] = (400, 700)
) -> Iterator[pa.Table]:
    """Articles first..first+count-1 in Arrow batches; article i depends on (seed, i) only."""
    vocab, cumulative = _vocabulary(random.Random(seed))
    languages, weights = zip(*LANGUAGES, strict=True)
    for lo in range(first, first + count, BATCH):
        rows: dict[str, list] = {k: [] for k in ("id", "title", "text", "source", "language")}
        rows["published"] = []
        for i in range(lo, min(first + count, lo + BATCH)):
            r = random.Random(seed * 1_000_003 + i)
            prose = Prose(r, Cast.draw(r))
            target, n, sentences = r.randint(*words), 0, []
            while n < target:
                if r.random() < 0.5:
                    sentence = prose.sentence()
                else:
                    filler = r.choices(vocab, cum_weights=cumulative, k=r.randint(8, 22))
                    sentence = " ".join(filler).capitalize() + "."
                sentences.append(sentence)
                n += sentence.count(" ") + 1
            paragraphs = [" ".join(sentences[k : k + 4]) for k in range(0, len(sentences), 4)]
            rows["id"].append(i)
            rows["title"].append(prose.headline())
            rows["text"].append("\n\n".join(paragraphs))
            rows["source"].append(SOURCES[int(r.random() ** 1.5 * len(SOURCES))])
            rows["language"].append(r.choices(languages, weights)[0])
            rows["published"].append(START + timedelta(seconds=r.randrange(730 * 86_400)))
        yield pa.table(rows)


def build_corpus(db: Path, count: int) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    with duckdb.connect(str(db)) as con:
        con.execute("SET disabled_compression_methods='dict_fsst'")  # see DESIGN.md
        con.execute(
            "CREATE TABLE IF NOT EXISTS articles (id INTEGER PRIMARY KEY, title VARCHAR, "
            "text VARCHAR, source VARCHAR, language VARCHAR, published TIMESTAMPTZ)"
        )
        have = con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
        for batch in articles(have, max(0, count - have)):
            con.from_arrow(batch).insert_into("articles")
        words = con.execute("SELECT avg(len(string_split(text, ' '))) FROM articles").fetchall()[0]
    return {"articles": count, "avg_words": round(words[0]), **_costs(started, cpu)}


def _rows(db: Path, count: int) -> Iterator[list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        for lo in range(0, count, BATCH):
            sql = "SELECT * FROM articles WHERE id >= ? AND id < ? ORDER BY id"
            yield con.execute(sql, [lo, min(count, lo + BATCH)]).fetchall()


# --- tantivy -----------------------------------------------------------------------------------
def tantivy_index(directory: Path, db: Path, count: int, threads: int) -> dict:
    import tantivy

    directory.mkdir(parents=True, exist_ok=True)
    index, _ = _tantivy_open(directory)
    started, cpu = time.perf_counter(), time.process_time()
    writer = index.writer(heap_size=256_000_000 * threads, num_threads=threads)
    for rows in _rows(db, count):
        for doc_id, title, text, source, language, published in rows:
            lang = language.lower()
            writer.add_document(
                tantivy.Document(
                    id=doc_id, title=title, body=text, source=source.lower(), published=published,
                    lang=[lang, lang.split("-")[0]] if "-" in lang else [lang],
                )
            )  # fmt: skip
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    segments = index.searcher().num_segments
    stored = sum(p.stat().st_size for p in directory.glob("*.store"))  # title+body copies
    return {"segments": segments, **_costs(started, cpu), "index_bytes": _size(directory),
            "docstore_bytes": stored}  # fmt: skip


def _tantivy_open(directory: Path):  # -> (tantivy.Index, tantivy.Schema)
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_text_field("title", stored=True, tokenizer_name="news")
    builder.add_text_field("body", stored=True, tokenizer_name="news")
    builder.add_text_field("source", stored=True, tokenizer_name="raw")
    builder.add_text_field("lang", stored=True, tokenizer_name="raw")
    builder.add_date_field("published", stored=True, indexed=True, fast=True)
    schema = builder.build()
    index = tantivy.Index(schema, path=str(directory), reuse=True)
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(64))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )
    index.register_tokenizer("news", analyzer)
    return index, schema


def tantivy_search(directory: Path, count: int, rounds: int) -> dict:
    import tantivy

    index, schema = _tantivy_open(directory)
    searcher = index.searcher()

    def run(text: str, since: datetime | None) -> tuple[int, list[str], bool]:
        parsed = parse_query(text)
        query, exact = to_tantivy(parsed, schema, searcher)
        generator = tantivy.SnippetGenerator.create(searcher, query, schema, "body")
        if since is not None:
            recent = tantivy.Query.range_query(
                schema, "published", tantivy.FieldType.Date, since, None
            )
            query = tantivy.Query.boolean_query(
                [(tantivy.Occur.Must, query), (tantivy.Occur.Must, recent)]
            )
        want, hits = 10 if exact else 20, []
        while True:
            result = searcher.search(query, want, count=True)
            hits = [searcher.doc(address) for _, address in result.hits]
            if not exact:
                hits = [d for d in hits if query_matches(parsed, _topic_doc(d))]
            if exact or len(hits) >= 10 or len(result.hits) < want or want >= 2000:
                break
            want *= 4
        snippets = [generator.snippet_from_doc(d).to_html() for d in hits[:10]]
        return result.count, snippets, exact

    return {"articles": count, **_latencies(run, rounds)}


def tantivy_check(directory: Path, db: Path, first: int) -> dict:
    """Per query: does tantivy (exact translations) return exactly the articles among the first
    `first` that the TopicMatcher matches? Non-exact ones must at least miss none."""
    import tantivy

    index, schema = _tantivy_open(directory)
    searcher = index.searcher()
    docs = [TopicDocument(r[1], r[2], r[3], r[4]) for rows in _rows(db, first) for r in rows]
    head = tantivy.Query.range_query(schema, "id", tantivy.FieldType.Integer, 0, first - 1)
    disagreements = {}
    for text in QUERIES:
        parsed = parse_query(text)
        query, exact = to_tantivy(parsed, schema, searcher)
        both = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), (tantivy.Occur.Must, head)]
        )
        got = {searcher.doc(a)["id"][0] for _, a in searcher.search(both, first).hits}
        truth = {i for i, d in enumerate(docs) if query_matches(parsed, d)}
        if truth - got or (exact and got - truth):
            disagreements[text] = {"missing": len(truth - got), "extra": len(got - truth)}
    return {"articles": first, "disagreements": disagreements}


def _topic_doc(doc) -> TopicDocument:
    return TopicDocument(doc["title"][0], doc["body"][0], doc["source"][0], doc["lang"][0])


# --- DuckDB alone --------------------------------------------------------------------------------
TOKENS = r"[^\p{L}\p{N}_]+"
K1, B = 1.2, 0.75


def duckdb_index(path: Path, db: Path, count: int) -> dict:
    started, cpu = time.perf_counter(), time.process_time()
    with duckdb.connect(str(path)) as con:
        con.execute("SET preserve_insertion_order=false")
        con.execute("ATTACH ? AS corpus (READ_ONLY)", [str(db)])
        con.execute(
            "CREATE TABLE raw (doc_id INTEGER, term VARCHAR, tf USMALLINT, in_title BOOLEAN)"
        )
        for lo in range(0, count, BATCH * 5):
            con.execute(_TOKENISE, [lo, min(count, lo + BATCH * 5)])
        con.execute(
            "CREATE TABLE terms AS SELECT row_number() OVER (ORDER BY term)::INTEGER AS term_id,"
            " term, count(*) AS df FROM raw GROUP BY term"
        )
        for table, where in (("postings", "true"), ("title_postings", "r.in_title")):
            con.execute(
                f"CREATE TABLE {table} AS SELECT t.term_id, r.doc_id, r.tf FROM raw r "
                f"JOIN terms t USING (term) WHERE {where} ORDER BY t.term_id, r.doc_id"
            )
        con.execute(
            "CREATE TABLE docs AS SELECT a.id AS doc_id, lower(a.source) AS source, "
            "lower(a.language) AS language, a.published, coalesce(l.len, 0)::INTEGER AS len "
            "FROM corpus.articles a LEFT JOIN (SELECT doc_id, sum(tf) AS len FROM raw "
            "GROUP BY doc_id) l ON l.doc_id = a.id WHERE a.id < ? ORDER BY a.id",
            [count],
        )
        con.execute("DROP TABLE raw")
        con.execute("CHECKPOINT")
        rows = con.execute("SELECT count(*) FROM postings").fetchall()[0][0]
    return {"postings": rows, **_costs(started, cpu), "index_bytes": _size(path)}


# One BM25 field (title + body words) in `postings`; title words also in `title_postings`.
_TOKENISE = f"""
INSERT INTO raw
WITH words AS (
    SELECT id AS doc_id, unnest(regexp_split_to_array(lower(strip_accents(text)), '{TOKENS}'))
        AS term, false AS in_title
    FROM corpus.articles WHERE id >= $1 AND id < $2
    UNION ALL
    SELECT id, unnest(regexp_split_to_array(lower(strip_accents(title)), '{TOKENS}')), true
    FROM corpus.articles WHERE id >= $1 AND id < $2
)
SELECT doc_id, term, count(*), bool_or(in_title)
FROM words WHERE term <> '' GROUP BY doc_id, term
"""


class DuckSearch:
    """Boolean retrieval and BM25 over the postings tables, texts from the corpus table."""

    def __init__(self, path: Path, db: Path) -> None:
        self.con = duckdb.connect(str(path), read_only=True)
        self.con.execute("ATTACH ? AS corpus (READ_ONLY)", [str(db)])
        rows = self.con.execute("SELECT term, term_id, df FROM terms ORDER BY term_id").fetchall()
        self.terms = [term for term, _, _ in rows]  # term ids follow this order: prefix = range
        self.df = [df for _, _, df in rows]
        self.docs, self.avgdl = self.con.execute("SELECT count(*), avg(len) FROM docs").fetchall()[
            0
        ]

    def id_range(self, w: Word) -> tuple[int, int] | None:
        lo = bisect_left(self.terms, w.text)
        if not w.prefix:
            return (lo + 1, lo + 1) if lo < len(self.terms) and self.terms[lo] == w.text else None
        hi = bisect_left(self.terms, w.text + "\U0010ffff")
        return (lo + 1, hi) if hi > lo else None

    def docset(self, node: Query, title: bool = False) -> tuple[str, list, bool]:
        """(SELECT doc_id …, parameters, exact) for the documents a query can match."""
        match node:
            case Word():
                found = self.id_range(node)
                if found is None:
                    return "SELECT doc_id FROM docs WHERE false", [], True
                table = "title_postings" if title else "postings"
                return f"SELECT doc_id FROM {table} WHERE term_id BETWEEN ? AND ?", [*found], True
            case Phrase(items):
                return self._combine([self.docset(w, title) for w in items], "INTERSECT", False)
            case Near(left, right):
                parts = [self.docset(left, title), self.docset(right, title)]
                return self._combine(parts, "INTERSECT", False)
            case AnyOf(items) | Or(items):
                return self._combine([self.docset(i, title) for i in items], "UNION", True)
            case And(items):
                keep = [self.docset(i, title) for i in items if not isinstance(i, Not)]
                drop = [self.docset(i.item, title) for i in items if isinstance(i, Not)]
                if not keep:
                    keep = [("SELECT doc_id FROM docs", [], True)]
                sql, params, exact = self._combine(keep, "INTERSECT", True)
                for d_sql, d_params, d_exact in drop:
                    sql, params = f"({sql}) EXCEPT ({d_sql})", params + d_params
                    exact = exact and d_exact
                return sql, params, exact
            case Not(item):
                sql, params, exact = self.docset(item, title)
                return f"SELECT doc_id FROM docs EXCEPT ({sql})", params, exact
            case InTitle(item):
                return self.docset(item, True)
            case Meta("source", value, prefix):
                test = "starts_with(source, ?)" if prefix else "source = ?"
                return f"SELECT doc_id FROM docs WHERE {test}", [value], True
            case Meta("lang", value, _):
                test = "language = ? OR starts_with(language, ? || '-')"
                return f"SELECT doc_id FROM docs WHERE {test}", [value, value], True
        raise TypeError(node)

    @staticmethod
    def _combine(
        parts: list[tuple[str, list, bool]], op: str, exact: bool
    ) -> tuple[str, list, bool]:
        sql = f" {op} ".join(f"({s})" for s, _, _ in parts)
        params = [p for _, ps, _ in parts for p in ps]
        return sql, params, exact and all(e for _, _, e in parts)

    def scoring_terms(self, node: Query) -> tuple[list[int], list[float]]:
        """Term ids and idf of the positive words (a prefix: its most frequent completions)."""
        ids: set[int] = set()
        for w in _positive_words(node):
            found = self.id_range(w)
            if found:
                span = range(found[0], found[1] + 1)
                ids.update(sorted(span, key=lambda i: -self.df[i - 1])[:MAX_EXPANSIONS])
        idf = [_idf(self.docs, self.df[i - 1]) for i in sorted(ids)]
        return sorted(ids), idf

    def search(
        self, parsed: Query, since: datetime | None = None, limit: int = 10
    ) -> tuple[int, list[str], bool]:
        sql, params, exact = self.docset(parsed)
        if since is not None:
            sql = f"({sql}) INTERSECT (SELECT doc_id FROM docs WHERE published >= ?)"
            params = [*params, since]
        ids, idf = self.scoring_terms(parsed)
        want = limit if exact else limit * 2
        while True:
            rows = self.con.execute(
                _RANKED.format(hits=sql), [*params, ids, idf, self.avgdl, want]
            ).fetchall()
            docs = self._texts([r[0] for r in rows])
            if not exact:
                docs = [d for d in docs if query_matches(parsed, d)]
            total = rows[0][2] if rows else 0
            if exact or len(docs) >= limit or len(rows) < want or want >= 2000:
                break
            want *= 4
        return total, [snippet(parsed, d) for d in docs[:limit]], exact

    def _texts(self, ids: list[int]) -> list[TopicDocument]:
        rows = self.con.execute(
            "SELECT id, title, text, source, language FROM corpus.articles "
            "WHERE id IN (SELECT unnest(?::INTEGER[]))",
            [ids],
        ).fetchall()
        by_id = {r[0]: TopicDocument(r[1], r[2], r[3], r[4]) for r in rows}
        return [by_id[i] for i in ids]


_RANKED = f"""
WITH hits AS MATERIALIZED ({{hits}}),
q AS (SELECT unnest(?::INTEGER[]) AS term_id, unnest(?::DOUBLE[]) AS idf),
scored AS (
    SELECT p.doc_id,
           sum(q.idf * p.tf * {K1 + 1} / (p.tf + {K1} * (1 - {B} + {B} * d.len / ?))) AS score
    FROM postings p JOIN q USING (term_id) JOIN docs d USING (doc_id)
    WHERE p.doc_id IN (SELECT doc_id FROM hits)
    GROUP BY p.doc_id
)
SELECT h.doc_id, coalesce(s.score, 0) AS score, count(*) OVER () AS total
FROM hits h LEFT JOIN scored s USING (doc_id)
ORDER BY score DESC, h.doc_id LIMIT ?
"""


def _idf(docs: int, df: int) -> float:
    return math.log(1 + (docs - df + 0.5) / (df + 0.5))


def _positive_words(node: Query) -> Iterator[Word]:
    match node:
        case Word():
            yield node
        case Phrase(items):
            yield from items
        case Near(left, right):
            yield from _positive_words(left)
            yield from _positive_words(right)
        case AnyOf(items) | Or(items) | And(items):
            for item in items:
                yield from _positive_words(item)
        case InTitle(item):
            yield from _positive_words(item)


def duckdb_search(path: Path, db: Path, count: int, rounds: int) -> dict:
    engine = DuckSearch(path, db)
    return {
        "articles": count,
        **_latencies(lambda text, since: engine.search(parse_query(text), since), rounds),
    }


# --- measuring ---------------------------------------------------------------------------------
def _latencies(run: Callable[[str, datetime | None], tuple], rounds: int) -> dict:
    """Each query `rounds` times over the whole archive and over its last 30 days (`--since`);
    wall and CPU milliseconds; the first round is reported apart (cold caches)."""
    out: dict = {}
    for label, since in (("all", None), ("last_30_days", RECENT)):
        wall: dict[str, list[float]] = {text: [] for text in QUERIES}
        cpu: list[float] = []
        details = {}
        for _ in range(rounds):
            for text in QUERIES:
                started, cpu_started = time.perf_counter(), time.process_time()
                total, snippets, exact = run(text, since)
                wall[text].append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                details[text] = {"hits": total, "snippets": len(snippets), "exact": exact}
        for text, times in wall.items():
            details[text]["median_ms"] = round(statistics.median(times), 1)
        first = [times[0] for times in wall.values()]
        warm = [t for times in wall.values() for t in times[1:]] or first
        out[label] = {
            "first_round_p50_ms": round(statistics.median(first), 1),
            "first_round_max_ms": round(max(first), 1),
            **_percentiles("", warm),
            **_percentiles("cpu_", cpu[len(QUERIES) :] or cpu),
            "queries": details,
        }
    return {**out, "peak_rss_mb": _peak_rss_mb()}


def _percentiles(prefix: str, values: list[float]) -> dict:
    ranked = sorted(values)
    p95 = ranked[min(len(ranked) - 1, int(0.95 * len(ranked)))]
    return {
        f"{prefix}p50_ms": round(statistics.median(ranked), 1),
        f"{prefix}p95_ms": round(p95, 1),
        f"{prefix}max_ms": round(ranked[-1], 1),
    }


def _costs(started: float, cpu: float) -> dict:
    """Wall and CPU seconds since (started, cpu): CPU counts every thread of this process."""
    return {
        "wall_s": round(time.perf_counter() - started, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
        "peak_rss_mb": _peak_rss_mb(),
    }


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size + sum(
            p.stat().st_size for p in path.parent.glob(path.name + ".wal")
        )
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["corpus", "tantivy", "duckdb"])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/mwsearch"))
    parser.add_argument("--threads", type=int, default=2, help="tantivy indexing threads")
    parser.add_argument("--rounds", type=int, default=6, help="runs of the query set")
    parser.add_argument("--search-only", action="store_true", help="reuse the built index")
    parser.add_argument("--check", type=int, default=2000, help="articles to cross-check")
    parser.add_argument("--out", type=Path, help="append the JSON result to this file")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    db, n = args.dir / "corpus.duckdb", args.articles
    result: dict = {"command": args.command, "articles": n}
    if args.command == "corpus":
        result |= build_corpus(db, n)
    elif args.command == "tantivy":
        where = args.dir / f"tantivy-{n}"
        if not args.search_only:
            result["index"] = tantivy_index(where, db, n, args.threads)
        result["search"] = tantivy_search(where, n, args.rounds)
        result["check"] = tantivy_check(where, db, min(n, args.check))
    else:
        where = args.dir / f"fts-{n}.duckdb"
        if not args.search_only:
            where.unlink(missing_ok=True)
            result["index"] = duckdb_index(where, db, n)
        result["search"] = duckdb_search(where, db, n, args.rounds)
    if "index" in result:
        result["index"]["articles_per_s"] = round(n / max(result["index"]["wall_s"], 1e-9))
        result["index"]["bytes_per_article"] = round(result["index"]["index_bytes"] / n)
    line = json.dumps(result)
    print(line)
    if args.out:
        with args.out.open("a") as out:
            out.write(line + "\n")


if __name__ == "__main__":
    main()
