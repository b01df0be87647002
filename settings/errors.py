"""What a configuration mistake becomes: a `ConfigError` listing `ConfigIssue`s, each naming the
file or variable, the line, the key path, what is wrong and the fix."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ConfigIssue:
    """One problem: where (file or variable, line), which key, what is wrong, and the fix."""

    origin: str
    key: str
    problem: str
    fix: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.origin}:{self.line}" if self.line else self.origin
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.problem.rstrip('.')}. Fix: {self.fix}"


class ConfigError(Exception):
    """Invalid configuration; `issues` lists every problem found, the message shows them all."""

    def __init__(self, issues: Sequence[ConfigIssue]) -> None:
        self.issues = tuple(issues)
        first = self.issues[0]
        self.origin, self.key, self.line = first.origin, first.key, first.line
        if len(self.issues) == 1:
            message = str(first)
        else:
            lines = "\n".join(f"  - {issue}" for issue in self.issues)
            message = f"{len(self.issues)} configuration problems:\n{lines}"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[ConfigError], tuple[tuple[ConfigIssue, ...]]]:
        return (ConfigError, (self.issues,))  # picklable, e.g. across Prefect or Dask workers


class InvalidValue(ValueError):
    """Raised by validators: carries the problem and its fix separately."""

    def __init__(self, problem: str, fix: str) -> None:
        super().__init__(problem)
        self.problem, self.fix = problem, fix


def with_suggestion(word: str, choices: Sequence[str], rest: str) -> str:
    """`rest`, preceded by "did you mean …?" when one of `choices` is close to `word`."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? {rest[:1].upper()}{rest[1:]}" if close else rest
