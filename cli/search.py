"""`mediawatch search`: the stored articles that match a query, best first."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from cli.common import EXIT_CONFIG, _expected_errors, _settings, path_options


@click.command()
@click.argument("query", required=False)
@path_options("config", "db")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only articles published since.")
@click.option("--source", help="Only articles of this source (its name, any case).")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.option("--rebuild", is_flag=True, help="Build the index again from the warehouse first.")
@_expected_errors
def search(
    query: str | None,
    config_path: str | None,
    db_path: str | None,
    since: datetime | None,
    source: str | None,
    limit: int,
    fmt: str,
    rebuild: bool,
) -> None:
    """Search the stored articles; QUERY uses the topics' syntax.

    \b
        mediawatch search '(DeepSeek OR "High-Flyer") AND chip* NOT stock*'
        mediawatch search 'Nvidia NEAR/5 ban' --since 2025-01-01
        mediawatch search 'title:DeepSeek' --source "Evening Courier" --format json

    Hits are ranked by relevance (BM25; title words count double), each with the text around
    its first match. The index sits beside the warehouse file (<db>.search/) and every ingest
    adds to it; --rebuild makes it again from the warehouse.
    """
    from cli.output import print_rows
    from pipelines.topics import QuerySyntaxError
    from search.articles import rebuild as rebuild_index
    from search.articles import search_articles
    from warehouse.connection import WarehouseError

    settings = _settings(config_path, db_path=db_path)
    if not settings.db_path.exists():
        raise WarehouseError(f"no warehouse at {settings.db_path}: run `mediawatch ingest` first")
    if rebuild:
        indexed = rebuild_index(settings.db_path)
        click.echo(f"Indexed {indexed} articles.", err=True)
    if not query:
        if rebuild:
            return
        raise click.UsageError("give a QUERY (or --rebuild)")
    html = fmt == "json"
    try:
        hits = search_articles(
            settings.db_path,
            query,
            since=since.replace(tzinfo=UTC) if since else None,
            source=source,
            limit=limit,
            marks=("<b>", "</b>") if html else ("«", "»"),
            html=html,
        )
    except QuerySyntaxError as exc:
        click.echo(f"query error: {exc}", err=True)
        sys.exit(EXIT_CONFIG)
    rows = [
        {
            "score": h.score,
            "published": h.published_at.strftime("%Y-%m-%d %H:%M"),
            "source": h.source_name,
            "title": h.title,
            "snippet": h.snippet,
            "url": h.url,
            "article_id": h.article_id,
        }
        for h in hits
    ]
    if fmt == "table":
        _print_hits(rows)
    else:
        print_rows(rows, fmt)


def _print_hits(rows: list[dict]) -> None:
    if not rows:
        click.echo("No article matches.")
    for n, row in enumerate(rows, start=1):
        click.echo(f"{n:>3}. {row['title'] or '(untitled)'}")
        click.echo(f"     {row['published']} · {row['source'] or '?'} · score {row['score']}")
        click.echo(f"     {row['snippet']}")
        click.echo(f"     {row['url']}")
