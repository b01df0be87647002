"""Enrichment: who an article mentions, how prominently, and in what tone.

Runs in worker processes on batches: NER (English only) through `nlp.pipe`, watchlist matching
(every language), canonical entities, document and per-entity sentiment.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pipelines.entities import (
    ResolvedEntity,
    article_text,
    find_entities_batch,
    match_watchlist,
    resolve_entities,
)
from pipelines.records import Watchlist, describe_error
from pipelines.sentences import evidence_sentence
from pipelines.sentiment import document_sentiment, evidence_index, tiered_target_sentiments
from pipelines.topics import Topic, TopicDocument, TopicHit, TopicMatcher
from warehouse.rows import (
    AliasRow,
    EnrichmentUpdate,
    EntityRow,
    FailureStage,
    ItemFailure,
    MentionRow,
)

# Bump when enrichment output changes meaning, so `mediawatch reprocess` can find stale rows.
ENRICHMENT_VERSION = "2025.2"  # tone from the encoder; evidence carries the predicted tone
NLP_LANGUAGES = frozenset({"en"})
LEAD_CHARS = 300  # a mention this close to the start of the body counts as "in the lead"
MAX_SCORED_MENTIONS = 6  # per entity and article: tone rarely changes after the first few
# In the tiered mode, the encoder (a few ms per target) scores watchlist entities and
# discovered people and organisations mentioned at least this often in the article; the rest
# get the cheap linear model.
MODEL_MIN_MENTIONS = 2
MODEL_TYPES = frozenset({"PERSON", "ORG"})


class ToneMode(StrEnum):
    """Which targets the tone encoder scores; the others get the linear model (the `tone`
    setting; README: quality and cost of each)."""

    ENCODER = "encoder"  # every target
    TIERED = "tiered"  # watchlist entities, and people and organisations named twice or more
    WATCHLIST = "watchlist"  # watchlist entities only
    LINEAR = "linear"  # none: the linear model everywhere


@dataclass(frozen=True, slots=True)
class EnrichJob:
    article_id: str
    title: str | None
    text: str
    language: str | None
    source_name: str | None = None  # what a topic's `source:` field matches


@dataclass(frozen=True, slots=True)
class DiscoveredEntity:
    entity_id: str
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class Enrichment:
    article_id: str
    nlp_status: str  # done, skipped_language, failed
    doc_sentiment: float | None
    mentions: tuple[MentionRow, ...]
    discovered: tuple[DiscoveredEntity, ...]
    error: str | None = None  # when failed: "ExceptionClass: message"

    @classmethod
    def failed(cls, article_id: str, exc: BaseException) -> Enrichment:
        name, message = describe_error(exc)
        return cls(article_id, "failed", None, (), (), f"{name}: {message}")

    def update(self) -> EnrichmentUpdate:
        """The article columns this enrichment decides; a failed one has no version, so that
        `reprocess --stale-only` picks it up."""
        version = None if self.error else ENRICHMENT_VERSION
        return EnrichmentUpdate(
            self.article_id, self.doc_sentiment, self.nlp_status, version, self.error
        )

    def failure(
        self,
        url: str,
        source_id: str | None,
        failed_at: datetime,
        run_id: str | None,
        entry_hash: str | None = None,
    ) -> ItemFailure | None:
        """The failure record of a failed enrichment (retried by later runs), else None."""
        if self.error is None:
            return None
        error, _, message = self.error.partition(": ")
        return ItemFailure(
            self.article_id, url, source_id, FailureStage.ENRICH, error, message or None,
            entry_hash, retry=True, failed_at=failed_at, run_id=run_id,
        )  # fmt: skip


def nlp_supported(language: str | None) -> bool:
    """NER and sentiment run only where the model speaks the language (English for now)."""
    return (language or "en").split("-")[0].lower() in NLP_LANGUAGES


def _lead_end(title_len: int, body: str) -> int:
    """End offset (in the combined text) of the lead: the first paragraph, at most LEAD_CHARS."""
    first_break = body.find("\n")
    lead = LEAD_CHARS if first_break < 0 else min(max(first_break, 1), LEAD_CHARS)
    return title_len + lead


def _body_offset(title: str | None) -> int:
    return len(article_text(title, "")) if title else 0


def _watchlist_only(full: str, watchlist: Watchlist) -> list[ResolvedEntity]:
    return resolve_entities(full, [], watchlist, match_watchlist(full, watchlist))


def _wants_model(entity: ResolvedEntity, tone: ToneMode, min_mentions: int) -> bool:
    if tone is ToneMode.ENCODER or (tone is not ToneMode.LINEAR and entity.source == "watchlist"):
        return True
    if tone is not ToneMode.TIERED:
        return False
    return entity.type in MODEL_TYPES and len(entity.mentions) >= min_mentions


def enrich_batch(
    jobs: Sequence[EnrichJob],
    watchlist: Watchlist,
    tone: ToneMode = ToneMode.TIERED,
    *,
    topics: Sequence[Topic] = (),
    model_min_mentions: int = MODEL_MIN_MENTIONS,
) -> list[Enrichment]:
    """Enrich a batch of articles (what a worker process runs). One article's error touches no
    other: the batch is then enriched article by article, and an article that fails on its own
    comes back `failed`, with the error."""
    options = (ToneMode(tone), _matcher(tuple(topics)), model_min_mentions)
    try:
        return _enrich_together(jobs, watchlist, *options)
    except Exception as exc:  # the isolation boundary: recorded per article, never swallowed
        if len(jobs) == 1:
            return [Enrichment.failed(jobs[0].article_id, exc)]
        return [e for job in jobs for e in _enrich_alone(job, watchlist, *options)]


def _enrich_alone(
    job: EnrichJob,
    watchlist: Watchlist,
    tone: ToneMode,
    topics: TopicMatcher | None,
    model_min_mentions: int,
) -> list[Enrichment]:
    try:
        return _enrich_together([job], watchlist, tone, topics, model_min_mentions)
    except Exception as exc:
        return [Enrichment.failed(job.article_id, exc)]


@functools.lru_cache(maxsize=4)
def _matcher(topics: tuple[Topic, ...]) -> TopicMatcher | None:
    """The topics' matcher, built once per worker process for the same topics."""
    return TopicMatcher(topics) if topics else None


def _enrich_together(
    jobs: Sequence[EnrichJob],
    watchlist: Watchlist,
    tone: ToneMode,
    topics: TopicMatcher | None,
    model_min_mentions: int,
) -> list[Enrichment]:
    fulls = [article_text(job.title, job.text) for job in jobs]
    english = [i for i, job in enumerate(jobs) if nlp_supported(job.language)]
    spans = dict(zip(english, find_entities_batch([fulls[i] for i in english]), strict=True))
    resolved: list[list[ResolvedEntity]] = []
    for i, full in enumerate(fulls):
        if i in spans:
            mentions = match_watchlist(full, watchlist)
            resolved.append(resolve_entities(full, spans[i], watchlist, mentions))
        else:
            resolved.append(_watchlist_only(full, watchlist))
    found = [_topics_in(job, full, topics) for job, full in zip(jobs, fulls, strict=True)]
    tones = _entity_tones(fulls, resolved, found, set(english), tone, model_min_mentions)
    return [
        _enrichment(job, full, entities, found[i], tones, i, i in spans)
        for i, (job, full, entities) in enumerate(zip(jobs, fulls, resolved, strict=True))
    ]


@dataclass(frozen=True, slots=True)
class _TopicFound:
    """A topic an article matches, with its first occurrence as a span of the full text."""

    entity_id: str  # topic:<id>
    hit: TopicHit
    span: tuple[int, int, str]


def _topics_in(job: EnrichJob, full: str, topics: TopicMatcher | None) -> list[_TopicFound]:
    if topics is None:
        return []
    document = TopicDocument(job.title, job.text, job.source_name, job.language)
    found = []
    for hit in topics.match(document):
        if hit.first_offset >= 0:
            start = _body_offset(job.title) + hit.first_offset
        else:  # in the title only
            start = max(full.find(hit.surface), 0)
        span = (start, start + len(hit.surface), hit.surface)
        found.append(_TopicFound(topic_entity_id(hit.topic_id), hit, span))
    return found


def topic_entity_id(topic_id: str) -> str:
    """A topic's id among the entities: its own namespace, never a watchlist slug."""
    return f"topic:{topic_id}"


def _entity_tones(
    fulls: Sequence[str],
    resolved: Sequence[Sequence[ResolvedEntity]],
    topics: Sequence[Sequence[_TopicFound]],
    english: set[int],
    tone: ToneMode,
    model_min_mentions: int,
) -> dict[tuple[int, str], tuple[float, str]]:
    """(article index, entity id) → (mean tone toward it, the sentence with the strongest tone).
    A topic's tone is the linear model's at its first occurrence."""
    keys, targets, use_model = [], [], []
    for i in sorted(english):
        scored = [
            (
                e.entity_id,
                e.mentions[:MAX_SCORED_MENTIONS],
                _wants_model(e, tone, model_min_mentions),
            )
            for e in resolved[i]
        ]
        scored += [(t.entity_id, (t.span,), False) for t in topics[i]]
        for entity_id, spans, wanted in scored:
            for start, end, _ in spans:
                keys.append((i, entity_id, start, end))
                targets.append((fulls[i], start, end))
                use_model.append(wanted)
    splits: dict[str, list[tuple[int, int]]] = {}  # each article's sentences, split once
    scores = tiered_target_sentiments(targets, use_model, splits=splits)
    by_entity: dict[tuple[int, str], list[tuple[float, int, int]]] = {}
    for (i, entity_id, start, end), score in zip(keys, scores, strict=True):
        by_entity.setdefault((i, entity_id), []).append((score, start, end))
    tones = {}
    for (i, entity_id), scored in by_entity.items():
        mean = sum(s for s, _, _ in scored) / len(scored)
        _, start, end = scored[evidence_index([s for s, _, _ in scored])]
        tones[(i, entity_id)] = (mean, evidence_sentence(fulls[i], start, end, splits[fulls[i]]))
    return tones


def _enrichment(
    job: EnrichJob,
    full: str,
    entities: Sequence[ResolvedEntity],
    topics: Sequence[_TopicFound],
    tones: dict[tuple[int, str], tuple[float, str]],
    index: int,
    nlp_done: bool,
) -> Enrichment:
    body_start = _body_offset(job.title)
    lead_end = _lead_end(body_start, job.text)
    rows, discovered = [], []
    for entity in entities:
        starts = [start for start, _, _ in entity.mentions]
        body_starts = [s for s in starts if s >= body_start]
        tone = tones.get((index, entity.entity_id))
        rows.append(
            MentionRow(
                article_id=job.article_id,
                entity_id=entity.entity_id,
                surface=entity.mentions[0][2],
                mention_count=len(entity.mentions),
                in_title=any(s < body_start for s in starts),
                in_lead=any(body_start <= s < lead_end for s in starts),
                first_offset=min(body_starts) - body_start if body_starts else -1,
                target_sentiment=round(tone[0], 4) if tone else None,
                evidence=tone[1] if tone else None,
                method="watchlist" if entity.source == "watchlist" else "ner",
            )
        )
        if entity.source == "discovered":
            discovered.append(DiscoveredEntity(entity.entity_id, entity.name, entity.type))
    for topic in topics:
        tone = tones.get((index, topic.entity_id))
        hit = topic.hit
        rows.append(
            MentionRow(
                article_id=job.article_id,
                entity_id=topic.entity_id,
                surface=hit.surface,
                mention_count=max(hit.count, 1),
                in_title=hit.in_title,
                in_lead=body_start <= topic.span[0] < lead_end,
                first_offset=hit.first_offset,
                target_sentiment=round(tone[0], 4) if tone else None,
                evidence=tone[1] if tone else None,
                method="topic",
            )
        )
    sentiment = round(document_sentiment(job.text), 4) if nlp_done else None
    return Enrichment(
        article_id=job.article_id,
        nlp_status="done" if nlp_done else "skipped_language",
        doc_sentiment=sentiment,
        mentions=tuple(rows),
        discovered=tuple(discovered),
    )


def warehouse_rows(
    enrichments: Sequence[Enrichment], first_seen: datetime
) -> tuple[list[EnrichmentUpdate], list[MentionRow], list[EntityRow]]:
    """(article column updates, mention rows, discovered entity rows) for the loader."""
    updates, mentions, entities = [], [], {}
    for e in enrichments:
        updates.append(e.update())
        mentions.extend(e.mentions)
        for d in e.discovered:
            entities.setdefault(
                d.entity_id, EntityRow(d.entity_id, d.name, d.type, "discovered", first_seen)
            )
    return updates, mentions, list(entities.values())


def topic_rows(topics: Sequence[Topic], now: datetime) -> list[EntityRow]:
    """The entity rows that mirror the topics file in the warehouse (type TOPIC)."""
    return [EntityRow(topic_entity_id(t.id), t.name, "TOPIC", "topic", now) for t in topics]


def watchlist_rows(watchlist: Watchlist, now: datetime) -> tuple[list[EntityRow], list[AliasRow]]:
    """(entity rows, alias rows) that mirror the watchlist file in the warehouse."""
    entities = [EntityRow(e.id, e.name, e.type, "watchlist", now) for e in watchlist.entities]
    aliases = {
        (e.id, a.text): AliasRow(e.id, a.text, a.case_sensitive)
        for e in watchlist.entities
        for a in e.aliases
    }
    return entities, list(aliases.values())
