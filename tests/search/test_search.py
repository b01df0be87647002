"""The article index and search over a real warehouse file: ranking, the query syntax through
tantivy and the topic matcher, filters, snippets, keeping the index current, the CLI."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import main
from pipelines.topics import QuerySyntaxError
from search.articles import add_articles, rebuild, reindex, search_articles
from search.index import ArticleIndex, SearchDocument, index_dir
from tests.support.warehouse import article_row, setup_tables
from warehouse import db, loader

DAY = datetime(2025, 1, 10, 9, tzinfo=UTC)

# (article id, source, day of January, title, text)
ARTICLES = [
    ("chips-title", "s1", 10, "DeepSeek chips under export controls",
     "The company said little. Analysts were divided about the outlook."),
    ("chips-body", "s2", 11, "Markets today",
     "Shares moved. DeepSeek was mentioned once, next to chips and a new export rule."),
    ("stock", "s1", 12, "DeepSeek stock talk",
     "Investors bought DeepSeek stocks and chips stocks alike on Tuesday."),
    ("near", "s3", 13, "Nvidia story",
     "Washington said Nvidia would face a new ban on sales of its fastest accelerators."),
    ("far", "s3", 14, "Nvidia elsewhere",
     "Nvidia reported results on Wednesday, and much later in a long and unrelated paragraph "
     "about the weather and sports a ban was mentioned."),
    ("german", "s2", 15, "Neue Modelle aus China",
     "DeepSeek stellt neue Modelle vor. <script>alert(1)</script> Chips bleiben knapp."),
]  # fmt: skip


def _row(aid: str, source: str, day: int, title: str, text: str):
    return article_row(
        aid,
        source,
        DAY.replace(day=day),
        title=title,
        text=text,
        language="de" if aid == "german" else "en",
        word_count=len(text.split()),
    )


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with db.session(path) as con:
        db.migrate(con)
        setup_tables(con)
        loader.insert_articles(con, [_row(*a) for a in ARTICLES], [])
    return path


def ids(hits) -> list[str]:
    return [h.article_id for h in hits]


def test_the_first_search_builds_the_index_and_ranks_title_words_first(warehouse: Path) -> None:
    assert not index_dir(warehouse).exists()
    hits = search_articles(warehouse, "DeepSeek AND chip*")
    assert index_dir(warehouse).is_dir()
    assert ids(hits)[0] == "chips-title"  # title words count double
    assert set(ids(hits)) == {"chips-title", "chips-body", "stock", "german"}
    assert all(h.score > 0 for h in hits) and hits == sorted(hits, key=lambda h: -h.score)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("DeepSeek AND chip* NOT stock*", {"chips-title", "chips-body", "german"}),
        ('"export control*"', {"chips-title"}),
        ('"export rule" OR "export controls"', {"chips-body", "chips-title"}),
        ('"export control"', set()),  # a phrase is exact: no stemming
        ("Nvidia NEAR/5 ban", {"near"}),  # the other names both, 20 words apart
        ("ban ONEAR/5 Nvidia", set()),  # in order: ban never comes first
        ("Nvidia ONEAR/10 ban", {"near"}),
        ("title:DeepSeek", {"chips-title", "stock"}),
        ('source:"beta post" AND DeepSeek', {"chips-body", "german"}),
        ("lang:de", {"german"}),
        ("deepseek AND NOT (chip* OR stock*)", set()),
    ],
)
def test_queries_find_exactly_the_matching_articles(
    warehouse: Path, query: str, expected: set[str]
) -> None:
    assert set(ids(search_articles(warehouse, query))) == expected


def test_filters_by_date_and_source_name_in_any_case(warehouse: Path) -> None:
    since = DAY.replace(day=12)
    assert set(ids(search_articles(warehouse, "DeepSeek", since=since))) == {"stock", "german"}
    by_source = search_articles(warehouse, "DeepSeek", source="ALPHA NEWS")
    assert set(ids(by_source)) == {"chips-title", "stock"}
    assert search_articles(warehouse, "DeepSeek", source="Nobody") == []


def test_limit_and_snippets_mark_every_match_and_escape_the_text(warehouse: Path) -> None:
    assert len(search_articles(warehouse, "DeepSeek", limit=2)) == 2
    [hit] = search_articles(warehouse, "lang:de AND Chips")
    assert "<b>Chips</b>" in hit.snippet
    assert "&lt;script&gt;" in hit.snippet and "<script>" not in hit.snippet
    [plain] = search_articles(warehouse, "lang:de AND Chips", marks=("[", "]"), html=False)
    assert "[Chips]" in plain.snippet and "<script>" in plain.snippet


def test_a_bad_query_says_where(warehouse: Path) -> None:
    with pytest.raises(QuerySyntaxError) as error:
        search_articles(warehouse, "DeepSeek AND (chips")
    assert error.value.position is not None


def test_added_and_reindexed_articles_are_found_once(warehouse: Path) -> None:
    search_articles(warehouse, "DeepSeek")  # builds the index
    new = _row("late", "s1", 20, "Late news", "Moonshot released a model.")
    with db.session(warehouse) as con:
        loader.insert_articles(con, [new], [])
    add_articles(
        warehouse,
        [SearchDocument("late", new.title, new.text, "Alpha News", "en", new.published_at)],
    )
    assert ids(search_articles(warehouse, "Moonshot")) == ["late"]
    with db.session(warehouse) as con:
        con.execute("UPDATE articles SET text = 'Kimi released a model.' WHERE article_id = 'late'")
    reindex(warehouse, ["late"])
    assert ids(search_articles(warehouse, "Moonshot")) == []
    assert ids(search_articles(warehouse, "Kimi")) == ["late"]
    assert ArticleIndex(index_dir(warehouse)).count() == len(ARTICLES) + 1


def test_rebuild_indexes_every_stored_article_and_drops_deleted_ones(warehouse: Path) -> None:
    assert rebuild(warehouse) == len(ARTICLES)
    with db.session(warehouse) as con:
        con.execute("DELETE FROM articles WHERE article_id = 'stock'")
    assert "stock" not in ids(search_articles(warehouse, "DeepSeek"))  # read back, then dropped
    assert rebuild(warehouse) == len(ARTICLES) - 1
    assert ArticleIndex(index_dir(warehouse)).count() == len(ARTICLES) - 1


def test_cli_prints_ranked_hits_as_a_table_and_as_json(warehouse: Path) -> None:
    runner = CliRunner()
    table = runner.invoke(main, ["search", "DeepSeek NOT stock*", "--db", str(warehouse)])
    assert table.exit_code == 0, table.output
    assert "1. DeepSeek chips under export controls" in table.output
    assert "«DeepSeek»" in table.output and "Alpha News" in table.output
    out = runner.invoke(
        main, ["search", "Nvidia", "--db", str(warehouse), "--format", "json", "--limit", "1"]
    )
    assert out.exit_code == 0, out.output
    [hit] = json.loads(out.output)
    assert hit["article_id"] in {"near", "far"} and "<b>Nvidia</b>" in hit["snippet"]


def test_cli_rejects_a_bad_query_and_a_missing_warehouse(warehouse: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["search", "chips AND", "--db", str(warehouse)])
    assert bad.exit_code != 0 and "query error" in bad.output and "^" in bad.output
    missing = runner.invoke(main, ["search", "chips", "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code != 0 and "ingest" in missing.output


def test_cli_rebuild_reports_the_count(warehouse: Path) -> None:
    out = CliRunner().invoke(main, ["search", "--rebuild", "--db", str(warehouse)])
    assert out.exit_code == 0 and f"Indexed {len(ARTICLES)} articles." in out.output
