"""What event clustering takes of a loaded batch, and the rows of where each article went."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pipelines.stories import StoryAssignment
from pipelines.story_rows import (
    StoryPlacement,
    batch_inputs,
    link_row,
    prominent_entities,
    stored_input,
)
from tests.support import warehouse as fx
from warehouse.rows import MentionRow, StoryLinkRow

T0 = datetime(2025, 3, 3, 8, tzinfo=UTC)


def mention(aid: str, entity: str, count: int, title: bool, lead: bool, method: str = "ner"):
    return MentionRow(aid, entity, entity, count, title, lead, 0, None, None, method)


def test_prominent_entities_are_named_in_the_title_or_lead_or_twice_and_are_not_topics():
    found = prominent_entities(
        [
            mention("a", "org:acme", 1, True, False),
            mention("a", "gpe:ohio", 1, False, True, "watchlist"),
            mention("a", "person:jo", 2, False, False),
            mention("a", "gpe:nowhere", 1, False, False),
            mention("a", "topic:robots", 5, True, True, "topic"),
            mention("b", "gpe:nowhere", 1, False, False),
        ]
    )
    assert found == {"a": ("gpe:ohio", "org:acme", "person:jo")}


def test_a_batch_goes_in_published_order_with_its_lead():
    text = "word " * 200
    rows = [
        fx.article_row("b", published=T0 + timedelta(hours=1), title=None, text=text),
        fx.article_row("z", published=T0, duplicate_of="y"),
        fx.article_row("a", published=T0 + timedelta(hours=1)),
    ]
    inputs = batch_inputs(rows, [mention("b", "org:acme", 1, True, False)])
    assert [i.article_id for i in inputs] == ["z", "a", "b"]
    b = inputs[-1]
    assert (b.title, b.entity_ids, len(b.lead) <= 400, text.startswith(b.lead)) == (
        "", ("org:acme",), True, True,
    )  # fmt: skip
    assert inputs[0].duplicate_of == "y" and inputs[0].source_id == "s1"
    stored = stored_input(
        {"article_id": "b", "published_at": b.published_at, "title": "", "text_start": text[:1000],
         "entity_ids": ["org:acme"], "duplicate_of": None, "source_id": "s1", "language": "en"}
    )  # fmt: skip
    assert stored == b  # a rebuild reads the same input from the warehouse


def test_links_say_how_an_article_joined_and_placements_count_it():
    links = [
        link_row(StoryAssignment("a", "a", True, 0.12)),
        link_row(StoryAssignment("b", "a", False, 0.5)),
        link_row(StoryAssignment("c", "a", False, None)),
    ]
    assert links == [
        StoryLinkRow("a", "a", "start", 0.12),
        StoryLinkRow("b", "a", "similar", 0.5),
        StoryLinkRow("c", "a", "copy", None),
    ]
    assert StoryPlacement(tuple(links), (), 0.0123).counts() == {
        "stories_started": 1,
        "stories_joined": 1,
        "stories_joined_as_copy": 1,
        "stories_cpu_ms": 12,
    }
