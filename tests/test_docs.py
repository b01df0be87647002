"""The README and the CLI stay in sync: every command is documented and has working help."""

from __future__ import annotations

import click
from click.testing import CliRunner

from cli.main import main
from tests.support import paths

README = paths.README.read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        if isinstance(command, click.Group):
            found += _commands(command, path)
        else:
            found.append(path)
    return found


def test_every_command_is_in_the_readme_and_has_help():
    runner = CliRunner()
    commands = _commands(main)
    assert len(commands) >= 5
    for path in commands:
        assert f"mediawatch {' '.join(path)}" in README, f"README does not mention {path}"
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0 and "Usage:" in result.output, path


def test_readme_shows_the_two_commands_first():
    quickstart = README.index("## Quickstart")
    assert README.index("make demo") > quickstart and README.index("make test") > quickstart
    assert README.index("make demo") < README.index("## Configuration")


def test_no_bench_script_is_shadowed_by_a_package_of_the_project():
    """bench/ scripts put both bench/ and the repository root on sys.path: a bench module named
    like a top-level package (bench/search.py beside search/) imports the wrong one."""
    root = paths.REPO_ROOT
    packages = {p.parent.name for p in root.glob("*/__init__.py")}
    bench_modules = {p.stem for p in (root / "bench").glob("*.py")}
    assert bench_modules and packages
    assert not bench_modules & packages
