"""warehouse/ is layered: each module imports only those below it and nothing from the stages,
and runs nothing it does not say; its SQL lives in .sql files; the report reads views, and says
which."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from pipelines.sentiment import NEUTRAL_BAND
from report.build import load_report_data
from report.weeks import IsoWeek
from tests.fixtures.report.warehouse import WEEK
from tests.support import warehouse as fx
from warehouse import db, materialize, schema
from warehouse.connection import connect
from warehouse.sqlfiles import PACKAGE_DIR, QUERIES_DIR

# Bottom first: a module may import only modules before it in this list.
LAYERS = ["connection", "sqlfiles", "schema", "materialize", "reads", "db"]
# Top-level packages the warehouse must not reach up into.
ABOVE = {"pipelines", "flows", "settings", "report", "cli", "demo"}
# Raw tables that have a staging view (warehouse/views/stg_*.sql): reports read the view.
STAGED = {"articles", "mentions", "entities", "sources"}
# Relations a section names in `reads` without its own query reading them: top_sources rows
# carry each feed's status, from the feed_health section's query.
EXTRA_READS = {"top_sources": {"feed_health"}}
_SQL_START = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|COPY)\b", re.I)
_COMMENT = re.compile(r"--[^\n]*")
_CTE = re.compile(r"(?:\bWITH|,)\s*([a-z_][a-z0-9_]*)\s+AS\s*\(", re.I)
_READ = re.compile(r"\b(?:FROM|JOIN)\s+([a-z_][a-z0-9_]*)\b(?!\s*\()", re.I)


def _module(name: str) -> ast.Module:
    return ast.parse((PACKAGE_DIR / f"{name}.py").read_text(encoding="utf-8"))


def _imports(tree: ast.AST) -> list[tuple[str, bool]]:
    """(imported module, at module level?) for every import in tree, warehouse names resolved
    to their module (`from warehouse import db` → warehouse.db)."""
    top = set(map(id, tree.body)) if isinstance(tree, ast.Module) else set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, id(node) in top) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
            if node.module == "warehouse":
                names = [f"warehouse.{alias.name}" for alias in node.names]
            found += [(name, id(node) in top) for name in names]
    return found


def _warehouse_modules() -> list[str]:
    return sorted(p.stem for p in PACKAGE_DIR.glob("*.py") if p.stem != "__init__")


def test_the_warehouse_imports_no_stage_and_no_module_inside_a_function():
    for name in _warehouse_modules():
        for imported, at_top in _imports(_module(name)):
            assert imported.split(".")[0] not in ABOVE, f"warehouse/{name}.py imports {imported}"
            if imported.startswith("warehouse"):
                assert at_top, f"warehouse/{name}.py imports {imported} inside a function"


def test_each_layer_imports_only_the_layers_below_it():
    for position, name in enumerate(LAYERS):
        below = {f"warehouse.{m}" for m in LAYERS[:position]}
        used = {m for m, _ in _imports(_module(name)) if m.startswith("warehouse")}
        assert used <= below, f"warehouse/{name}.py imports {sorted(used - below)}"


def test_the_warehouse_modules_import_each_other_without_a_cycle():
    graph = {
        name: {m.removeprefix("warehouse.") for m, _ in _imports(_module(name))}
        for name in _warehouse_modules()
    }
    done: list[str] = []
    while len(done) < len(graph):
        ready = [n for n in graph if n not in done and graph[n] & set(graph) <= set(done)]
        assert ready, f"import cycle among {sorted(set(graph) - set(done))}"
        done += ready


def test_no_statement_spans_lines_in_python():
    """Multi-line SQL lives in warehouse/sql/ (or queries/, views/); what stays in Python fits
    on one line."""
    for name in LAYERS:
        for node in ast.walk(_module(name)):
            if isinstance(node, ast.Expr):
                continue  # docstrings
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(node, ast.JoinedStr) and isinstance(node.values[0], ast.Constant):
                text = node.values[0].value
            if isinstance(text, str) and _SQL_START.match(text):
                assert node.lineno == node.end_lineno, f"warehouse/{name}.py:{node.lineno}"


def test_the_default_neutral_band_is_the_sentiment_stage_s():
    """Until every caller passes it, migrate's default must be the stage's band."""
    assert schema.DEFAULT_NEUTRAL_BAND == NEUTRAL_BAND


def test_migrate_stores_the_neutral_band_it_is_given(tmp_path: Path):
    with db.session(tmp_path / "w.duckdb") as con:
        db.migrate(con, neutral_band=0.25)
        assert con.execute("SELECT neutral_band(), sentiment_label(0.26)").fetchone() == (
            0.25,
            "positive",
        )
        db.migrate(con)  # a caller that names no band keeps the stored one
        assert con.execute("SELECT neutral_band()").fetchone()[0] == 0.25
        db.migrate(con, neutral_band=NEUTRAL_BAND)
        assert con.execute("SELECT neutral_band()").fetchone()[0] == NEUTRAL_BAND


def test_a_writer_session_never_refreshes_by_itself(tmp_path: Path):
    path = fx.build(tmp_path / "w.duckdb")

    def current() -> bool:
        con = connect(path, read_only=True)
        try:
            return materialize.is_current(con)
        finally:
            con.close()

    assert current()
    with db.session(path) as con:
        con.execute("DELETE FROM mentions WHERE article_id = 'a8'")
    assert not current()  # the writer that changes mentions refreshes, explicitly:
    with db.session(path) as con:
        assert materialize.refresh(con) == "incremental"
    assert current()


def _reads(sql: str) -> set[str]:
    """The tables and views a query reads: FROM and JOIN targets that are not its own CTEs."""
    sql = _COMMENT.sub("", sql)
    return {n.lower() for n in _READ.findall(sql)} - {n.lower() for n in _CTE.findall(sql)}


def test_report_queries_read_staged_tables_through_their_views():
    for path in sorted(QUERIES_DIR.glob("report_*.sql")):
        raw = _reads(path.read_text(encoding="utf-8")) & STAGED
        assert not raw, f"{path.name} reads {sorted(raw)}: read the stg_ views"


def test_every_report_section_names_what_its_query_reads(report_warehouse: Path):
    data = load_report_data(report_warehouse, IsoWeek.parse(WEEK), "UTC")
    with db.reader(report_warehouse) as con:
        relations = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        relations |= {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    for name, section in data.sections.items():
        read = _reads((QUERIES_DIR / f"{section.source}.sql").read_text(encoding="utf-8"))
        assert read <= relations, (name, read - relations)
        assert set(section.reads) == read | EXTRA_READS.get(name, set()), name
