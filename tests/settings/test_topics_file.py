"""config/topics.yaml: loaded into parsed topics; every mistake named with its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from settings import load_topics
from settings.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "topics.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_topics_load() -> None:
    topics = load_topics(REPO / "config" / "topics.yaml", required=True)
    assert [t.id for t in topics] == ["deepseek-chips", "export-controls", "open-source-ai"]
    assert all(t.name and t.query for t in topics)


def test_a_missing_file_means_no_topics_unless_required(tmp_path: Path) -> None:
    assert load_topics(tmp_path / "none.yaml") == ()
    with pytest.raises(ConfigError, match="topics_path"):
        load_topics(tmp_path / "none.yaml", required=True)


def test_a_syntax_error_points_at_the_file_line_and_column(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "topics:\n  - id: good\n    name: Good\n    query: chips\n"
        "  - id: broken\n    name: Broken\n    query: (DeepSeek OR chips\n",
    )
    with pytest.raises(ConfigError) as error:
        load_topics(path)
    message = str(error.value)
    assert "topics.yaml" in message and ":7" in message and "'broken'" in message
    assert "(DeepSeek OR chips\n" in message and "^" in message


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ("  - id: Big Topic\n    name: B\n    query: chips\n", "not a slug"),
        ("  - id: t\n    name: T\n    query: NOT chips\n", "topic 't'"),  # matches no word
        ("  - id: t\n    query: chips\n", "name"),
        ("  - id: t\n    name: T\n    query: chips\n    colour: red\n", "colour"),
    ],
)
def test_bad_entries_are_refused_by_name(tmp_path: Path, entry: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        load_topics(write(tmp_path, "topics:\n" + entry))


def test_duplicate_ids_name_both_places(tmp_path: Path) -> None:
    twice = "  - id: t\n    name: T\n    query: chips\n"
    with pytest.raises(ConfigError, match="duplicate id 't'"):
        load_topics(write(tmp_path, "topics:\n" + twice + twice))
