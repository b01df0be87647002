"""The schedule in prefect.yaml, read once: deployments to serve, and when each runs next.

prefect.yaml is the one place the schedule lives (cron times, time zone, parameters, one run at
a time). `prefect deploy --all` reads it for workers; this module reads the same file for
`mediawatch serve` (both flows in one long-running process, Prefect `serve`) and for
`mediawatch status`.
"""

from __future__ import annotations

import asyncio
import importlib
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from flows.prefect_server import prefect_api
from settings import ConfigError, ConfigIssue

if TYPE_CHECKING:
    from prefect import Flow
    from prefect.deployments.runner import RunnerDeployment

PREFECT_FILE = Path("prefect.yaml")
DEFAULT_SERVER_PORT = 4200
_STRATEGIES = ("ENQUEUE", "CANCEL_NEW")


class ServeError(Exception):
    """A deployment `mediawatch serve` was asked to serve belongs to a worker."""


@dataclass(frozen=True, slots=True)
class CronSpec:
    cron: str
    timezone: str

    def next_after(self, moment: datetime) -> datetime:
        """The first time on or after `moment` this schedule fires, in its own time zone."""
        from prefect.server.schemas.schedules import CronSchedule

        # The Prefect server's own engine: what the server will schedule, DST rules included.
        dates = asyncio.run(
            CronSchedule(cron=self.cron, timezone=self.timezone).get_dates(1, start=moment)
        )
        return datetime.fromisoformat(dates[0].isoformat()).astimezone(ZoneInfo(self.timezone))


@dataclass(frozen=True, slots=True)
class DeploymentSpec:
    """One deployment of prefect.yaml, anchors resolved."""

    name: str
    entrypoint: str  # flows/<file>.py:<flow function>
    schedules: tuple[CronSpec, ...]
    parameters: Mapping[str, Any] = field(default_factory=dict)
    concurrency_limit: int | None = None
    collision_strategy: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    work_pool: str | None = None

    def next_run(self, now: datetime | None = None) -> datetime | None:
        """When the earliest of its schedules fires next."""
        now = now or datetime.now(UTC)
        times = [s.next_after(now) for s in self.schedules]
        return min(times) if times else None


def read_deployments(path: Path | str = PREFECT_FILE) -> list[DeploymentSpec]:
    """The deployments of prefect.yaml, checked: a mistake is a ConfigError naming the key."""
    path = Path(path)
    origin = str(path)
    if not path.is_file():
        fix = "run from the project directory (where prefect.yaml is) or pass --prefect-file"
        raise ConfigError([ConfigIssue(origin, "", "no such file", fix)])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(
            [ConfigIssue(origin, "", f"not valid YAML ({exc})", "fix the syntax", line)]
        ) from None
    entries = data.get("deployments") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        fix = "list the deployments under `deployments:` (see the prefect.yaml in the repository)"
        raise ConfigError([ConfigIssue(origin, "deployments", "no deployments", fix)])
    issues: list[ConfigIssue] = []
    specs = [_deployment(origin, i, entry, issues) for i, entry in enumerate(entries)]
    if issues:
        raise ConfigError(issues)
    return [s for s in specs if s is not None]


def _deployment(
    origin: str, index: int, entry: Any, issues: list[ConfigIssue]
) -> DeploymentSpec | None:
    key = f"deployments[{index}]"

    def problem(sub: str, what: str, fix: str) -> None:
        issues.append(ConfigIssue(origin, f"{key}.{sub}" if sub else key, what, fix))

    if not isinstance(entry, dict):
        problem("", "not a mapping", "give each deployment name, entrypoint and schedules")
        return None
    name, entrypoint = entry.get("name"), entry.get("entrypoint")
    if not isinstance(name, str) or not name:
        problem("name", "missing", "name the deployment, e.g. daily-ingest")
    if not isinstance(entrypoint, str) or ":" not in entrypoint:
        problem("entrypoint", "missing or not path:flow", "e.g. flows/daily_ingest.py:daily_ingest")
    schedules = tuple(_schedules(entry.get("schedules"), f"{key}.schedules", origin, issues))
    parameters = entry.get("parameters") or {}
    if not isinstance(parameters, dict):
        problem("parameters", "not a mapping", "write parameter: value lines")
    limit, strategy = _concurrency(entry.get("concurrency_limit"), problem)
    pool = entry.get("work_pool") or {}
    if issues:
        return None
    return DeploymentSpec(
        name=name,
        entrypoint=entrypoint,
        schedules=schedules,
        parameters=dict(parameters),
        concurrency_limit=limit,
        collision_strategy=strategy,
        description=entry.get("description"),
        tags=tuple(entry.get("tags") or ()),
        work_pool=pool.get("name") if isinstance(pool, dict) else None,
    )


def _schedules(raw: Any, key: str, origin: str, issues: list[ConfigIssue]) -> Iterator[CronSpec]:
    if raw is None:
        return
    if not isinstance(raw, list):
        issues.append(ConfigIssue(origin, key, "not a list", "write `- cron: ...` items"))
        return
    for i, item in enumerate(raw):
        cron = item.get("cron") if isinstance(item, dict) else None
        tz = (item.get("timezone") if isinstance(item, dict) else None) or "UTC"
        if not isinstance(cron, str) or len(cron.split()) not in (5, 6):
            fix = "mediawatch serves cron schedules, e.g. cron: '0 6 * * *'"
            issues.append(ConfigIssue(origin, f"{key}[{i}].cron", "missing or not cron", fix))
            continue
        try:
            ZoneInfo(tz)
        except (ZoneInfoNotFoundError, ValueError):
            fix = "use an IANA name such as UTC or Europe/Berlin"
            issues.append(ConfigIssue(origin, f"{key}[{i}].timezone", f"unknown zone {tz!r}", fix))
            continue
        yield CronSpec(cron, tz)


def _concurrency(
    raw: Any, problem: Callable[[str, str, str], None]
) -> tuple[int | None, str | None]:
    if raw is None or (isinstance(raw, int) and not isinstance(raw, bool)):
        return raw, None
    if isinstance(raw, dict) and isinstance(raw.get("limit"), int):
        strategy = raw.get("collision_strategy")
        if strategy is None or strategy in _STRATEGIES:
            return raw["limit"], strategy
        problem("concurrency_limit.collision_strategy", f"unknown {strategy!r}", "ENQUEUE")
        return None, None
    problem("concurrency_limit", "not a number or {limit, collision_strategy}", "limit: 1")
    return None, None


def load_flow(entrypoint: str) -> Flow[..., Any]:
    """The flow an entrypoint names (flows/daily_ingest.py:daily_ingest), imported as a module."""
    from prefect import Flow

    file_part, _, attribute = entrypoint.rpartition(":")
    module_name = ".".join(Path(file_part).with_suffix("").parts)
    try:
        found = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        fix = "point entrypoint at a flow, e.g. flows/daily_ingest.py:daily_ingest"
        raise ConfigError([ConfigIssue(str(PREFECT_FILE), "entrypoint", str(exc), fix)]) from None
    if not isinstance(found, Flow):
        problem = f"{entrypoint} is not a Prefect flow"
        raise ConfigError([ConfigIssue(str(PREFECT_FILE), "entrypoint", problem, "use a @flow")])
    return found


def to_runner_deployment(spec: DeploymentSpec) -> RunnerDeployment:
    """The deployment `serve` runs: same name, schedules, parameters and limit as the file."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
    from prefect.schedules import Cron

    limit = None
    if spec.concurrency_limit is not None:
        strategy = ConcurrencyLimitStrategy(spec.collision_strategy or "ENQUEUE")
        limit = ConcurrencyLimitConfig(limit=spec.concurrency_limit, collision_strategy=strategy)
    return load_flow(spec.entrypoint).to_deployment(
        name=spec.name,
        schedules=[Cron(s.cron, timezone=s.timezone) for s in spec.schedules],
        parameters=dict(spec.parameters),
        concurrency_limit=limit,
        description=spec.description,
        tags=list(spec.tags),
    )


def build_deployments(path: Path | str = PREFECT_FILE) -> list[RunnerDeployment]:
    """Every deployment of prefect.yaml, ready for `prefect.serve`."""
    return [to_runner_deployment(spec) for spec in read_deployments(path)]


def serve_schedule(
    path: Path | str = PREFECT_FILE,
    *,
    port: int = DEFAULT_SERVER_PORT,
    echo: Callable[[str], None] = print,
) -> None:
    """Serve every deployment of prefect.yaml on its schedule until interrupted.

    Runs start in the directory of prefect.yaml, as a worker's would (its `pull` step).
    """
    from prefect import serve

    project_dir = Path(path).resolve().parent
    specs = read_deployments(path)
    os.chdir(project_dir)
    with prefect_api(port, ui=True, echo=echo) as api_url:
        deployments = [to_runner_deployment(spec) for spec in specs]
        refuse_worker_deployments(deployments)
        echo(f"Serving {len(deployments)} deployments from {project_dir} against {api_url}")
        for spec in specs:
            echo(f"  {schedule_line(spec)}")
        serve(*deployments)


def refuse_worker_deployments(deployments: list[RunnerDeployment]) -> None:
    """Refuse to take over a deployment `prefect deploy` gave to a work pool: served, it would
    keep the pool (a worker could pick its runs up) and lose the pull step that finds the code."""
    from prefect import get_client
    from prefect.exceptions import ObjectNotFound

    with get_client(sync_client=True) as client:
        for deployment in deployments:
            full_name = f"{deployment.flow_name}/{deployment.name}"
            try:
                existing = client.read_deployment_by_name(full_name)
            except ObjectNotFound:
                continue
            if existing.work_pool_name:
                raise ServeError(
                    f"{full_name} is deployed to the work pool {existing.work_pool_name!r}, "
                    "for a worker. Run it with the worker, or delete it first to serve it "
                    f"here: prefect deployment delete {full_name}"
                )


def schedule_line(spec: DeploymentSpec, now: datetime | None = None) -> str:
    """'daily-ingest: 0 6 * * * (UTC), next Sun 29 Nov 2026 06:00 UTC'."""
    crons = ", ".join(f"{s.cron} ({s.timezone})" for s in spec.schedules) or "no schedule"
    upcoming = spec.next_run(now)
    when = f", next {upcoming:%a %d %b %Y %H:%M %Z}" if upcoming else ""
    return f"{spec.name}: {crons}{when}"
