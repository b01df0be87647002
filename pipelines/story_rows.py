"""Between the warehouse's rows and event clustering (pipelines.stories): what the clustering
takes of a loaded batch (ArticleRow, MentionRow), and the rows of where each article went
(StoryLinkRow) and of what the open stories remember (StoryVectorRow).

The ingest places each batch here after duplicate detection; a rebuild (`mediawatch reprocess`)
feeds every stored article through the same functions, read by warehouse/queries/story_inputs.sql,
which picks prominent entities by the same rule as `prominent_entities`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pipelines.stories import OpenStory, StoryAssignment, StoryIndex, StoryInput, lead_text
from warehouse.rows import ArticleRow, MentionRow, StoryLinkRow, StoryVectorRow

# Entities that say what an article is about: named in its title or lead, or at least twice
# (bench/stories.py: demo F1 0.921 with these, 0.919 with every NER span, 0.866 with none).
PROMINENT_COUNT = 2
# Mentions of topics are matches of an analyst's query, not names: two articles matching "export
# controls" need not report one event. (The clustering was measured without them.)
NOT_NAMES = frozenset({"topic"})


def prominent_entities(mentions: Iterable[MentionRow]) -> dict[str, tuple[str, ...]]:
    """Article id -> the sorted ids of the entities prominent in it."""
    found: dict[str, set[str]] = {}
    for m in mentions:
        if m.method in NOT_NAMES:
            continue
        if m.in_title or m.in_lead or m.mention_count >= PROMINENT_COUNT:
            found.setdefault(m.article_id, set()).add(m.entity_id)
    return {aid: tuple(sorted(ids)) for aid, ids in found.items()}


def batch_inputs(
    articles: Sequence[ArticleRow], mentions: Sequence[MentionRow]
) -> list[StoryInput]:
    """A loaded batch as the clustering takes it, in published order (ties by id)."""
    entities = prominent_entities(mentions)
    inputs = [
        StoryInput(
            a.article_id, a.published_at, a.title or "", lead_text(a.text),
            entities.get(a.article_id, ()), a.duplicate_of, a.source_id, a.language,
        )
        for a in articles
    ]  # fmt: skip
    return sorted(inputs, key=lambda i: (i.published_at, i.article_id))


def stored_input(row: Mapping[str, Any]) -> StoryInput:
    """A row of warehouse/queries/story_inputs.sql as the clustering takes it."""
    return StoryInput(
        row["article_id"], row["published_at"], row["title"], lead_text(row["text_start"]),
        tuple(row["entity_ids"]), row["duplicate_of"], row["source_id"], row["language"],
    )  # fmt: skip


def open_story(row: Mapping[str, Any]) -> OpenStory:
    """A row of warehouse/queries/open_stories.sql as the index resumes it."""
    return OpenStory(
        row["story_id"], row["first_seen"], row["last_seen"], row["article_count"],
        bytes(row["terms"]), tuple(row["entity_ids"]), tuple(row["entity_counts"]),
        tuple(row["article_ids"]),
    )  # fmt: skip


def link_row(placed: StoryAssignment) -> StoryLinkRow:
    """Where one article went: started a story, joined one by similarity, or as a copy."""
    if placed.started:
        return StoryLinkRow(placed.article_id, placed.story_id, "start", placed.similarity)
    joined = "copy" if placed.similarity is None else "similar"
    return StoryLinkRow(placed.article_id, placed.story_id, joined, placed.similarity)


def vector_row(story: OpenStory, now: datetime) -> StoryVectorRow:
    return StoryVectorRow(story.story_id, story.terms, story.entity_ids, story.entity_counts, now)


@dataclass(frozen=True, slots=True)
class StoryPlacement:
    """One batch placed in stories: its rows, and what it cost (CPU seconds of this thread)."""

    links: tuple[StoryLinkRow, ...]
    vectors: tuple[StoryVectorRow, ...]
    cpu_s: float

    def counts(self) -> dict[str, int]:
        """What the run summary counts of it."""
        joined = [link.joined for link in self.links]
        return {
            "stories_started": joined.count("start"),
            "stories_joined": joined.count("similar"),
            "stories_joined_as_copy": joined.count("copy"),
            "stories_cpu_ms": round(self.cpu_s * 1000),
        }


def place(
    index: StoryIndex,
    inputs: Sequence[StoryInput],
    stored: Mapping[str, str],
    now: datetime,
) -> StoryPlacement:
    """Assign the inputs (in published order) and take the rows of the stories they changed;
    `stored`: the stories of copies' originals that the index no longer holds."""
    started = time.thread_time()
    placed = index.assign(inputs, stored)
    vectors = tuple(vector_row(s, now) for s in index.rows(p.story_id for p in placed))
    links = tuple(link_row(p) for p in placed)
    return StoryPlacement(links, vectors, time.thread_time() - started)
