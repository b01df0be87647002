"""Alerts: a failed run, spikes of watchlist entities. Always a log line; a webhook when set.

The payload is Slack-compatible (`text` plus Block Kit `blocks`); Mattermost, Rocket.Chat and
most chat webhooks read `text`. Sending never raises: an unreachable webhook is logged, and the
run that raised the alert is not affected.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import httpx

LOGGER = logging.getLogger("mediawatch.alerts")
TIMEOUT_S = 5.0
RETRIES = 1  # one more try after a timeout, a connection error, a 429 or a 5xx
RETRY_DELAY_S = 1.0
MAX_LINES = 10  # detail lines shown; the rest are counted
_SECTION_LIMIT = 2900  # Slack refuses section text over 3000 characters
_HEADER_LIMIT = 150
Logger = logging.Logger | logging.LoggerAdapter


@dataclass(frozen=True, slots=True)
class Alert:
    """What happened, in words: a title, detail lines and where to look."""

    kind: str  # run_failed, spikes
    title: str
    lines: tuple[str, ...] = ()
    context: str = ""  # e.g. the run's name and a link to it


@dataclass(frozen=True, slots=True)
class SpikeRow:
    """A spike of a watchlist entity (a row of warehouse/queries/spike_alerts.sql)."""

    day: date
    entity_id: str
    entity_name: str | None
    mentions: int
    baseline_mean: float | None
    z_score: float | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> SpikeRow:
        return cls(**{name: row[name] for name in cls.__slots__})


def run_failed_alert(
    flow_name: str, run_name: str, message: str | None, run_url: str | None = None
) -> Alert:
    """A flow run failed: its name and what Prefect said about it."""
    reason = (message or "no message").strip().splitlines()
    return Alert(
        kind="run_failed",
        title=f"mediawatch: {flow_name} run {run_name} failed",
        lines=tuple(reason[:MAX_LINES]),
        context=_context(run_name, run_url),
    )


def spike_alert(
    spikes: Sequence[SpikeRow], run_name: str, run_url: str | None = None
) -> Alert | None:
    """Watchlist entities covered far more than usual; None when there are none."""
    if not spikes:
        return None
    ordered = sorted(spikes, key=lambda s: (-(s.z_score or 0.0), s.day, s.entity_id))
    lines = [_spike_line(s) for s in ordered[:MAX_LINES]]
    if len(ordered) > MAX_LINES:
        lines.append(f"… and {len(ordered) - MAX_LINES} more")
    names = sorted({s.entity_name or s.entity_id for s in ordered})
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return Alert(
        kind="spikes",
        title=f"mediawatch: coverage spike for {shown}",
        lines=tuple(lines),
        context=_context(run_name, run_url),
    )


def _spike_line(spike: SpikeRow) -> str:
    usual = f"usually {spike.baseline_mean:.1f}/day" if spike.baseline_mean is not None else ""
    z = f"z {spike.z_score:.1f}" if spike.z_score is not None else ""
    extra = ", ".join(part for part in (usual, z) if part)
    return (
        f"{spike.entity_name or spike.entity_id}: {spike.mentions} articles on "
        f"{spike.day:%a %d %b %Y}" + (f" ({extra})" if extra else "")
    )


def _context(run_name: str, run_url: str | None) -> str:
    return f"run {run_name}" + (f": {run_url}" if run_url else "")


def log_line(alert: Alert) -> str:
    """The alert on one line, for the run's log."""
    details = "; ".join(alert.lines)
    return f"ALERT {alert.title}" + (f": {details}" if details else "")


def slack_payload(alert: Alert) -> dict[str, Any]:
    """{"text": ..., "blocks": [...]} for a Slack (or Slack-compatible) incoming webhook."""
    body = "\n".join(f"• {_escape(line)}" for line in alert.lines)
    blocks: list[dict[str, Any]] = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": _clip(alert.title, _HEADER_LIMIT)},
        }
    ]
    if body:
        blocks.append(
            {"type": "section", "text": {"type": "mrkdwn", "text": _clip(body, _SECTION_LIMIT)}}
        )
    if alert.context:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": _escape(alert.context)}]}
        )
    text = _escape(alert.title) + (f"\n{body}" if body else "")
    return {"text": _clip(text, _SECTION_LIMIT), "blocks": blocks}


def _escape(text: str) -> str:
    """Slack mrkdwn control characters, escaped as Slack asks."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def notify(
    alert: Alert,
    webhook_url: str | None,
    *,
    logger: Logger = LOGGER,
    timeout_s: float = TIMEOUT_S,
    retries: int = RETRIES,
    transport: httpx.BaseTransport | None = None,
) -> bool:
    """Log the alert; POST it to the webhook when one is set. True when the webhook took it.

    Never raises. The webhook URL is a secret on most chat services: only its host is logged.
    """
    logger.warning(log_line(alert))
    if not webhook_url:
        return False
    host = urlsplit(webhook_url).hostname or "webhook"
    payload = slack_payload(alert)
    problem = "not sent"
    try:
        with httpx.Client(timeout=timeout_s, transport=transport) as client:
            for attempt in range(retries + 1):
                if attempt:
                    time.sleep(RETRY_DELAY_S)
                try:
                    response = client.post(webhook_url, json=payload)
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                    continue
                if response.is_success:
                    logger.info("alert sent to the webhook at %s", host)
                    return True
                problem = f"HTTP {response.status_code}"
                if response.status_code != 429 and response.status_code < 500:
                    break  # the webhook refused it: another try would be refused too
    except Exception as exc:  # a broken alert must never break the run
        problem = f"{type(exc).__name__}: {exc}"
    logger.warning("could not send the alert to the webhook at %s: %s", host, problem)
    return False
