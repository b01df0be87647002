"""Alerts: Slack-compatible payloads, a webhook receiver on 127.0.0.1, and the Prefect hooks on
real daily-ingest runs (a failure, a spike of a watchlist entity, an unreachable webhook)."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import UTC, date, datetime, timedelta

import pytest

from pipelines import alerts
from pipelines.alerts import (
    SpikeRow,
    log_line,
    notify,
    run_failed_alert,
    slack_payload,
    spike_alert,
)
from tests.support.feeds import Newsroom, newsroom_config
from tests.support.http import local_server, webhook_receiver


@pytest.fixture
def no_retry_delay(monkeypatch):
    monkeypatch.setattr(alerts, "RETRY_DELAY_S", 0.0)


def spike(entity: str, day: date, mentions: int, z: float) -> SpikeRow:
    return SpikeRow(day, entity.lower(), entity, mentions, 1.0, z)


# --- payloads ---


def test_failure_payload_is_slack_compatible_and_escaped():
    alert = run_failed_alert(
        "daily-ingest",
        "brave-otter",
        "Flow run encountered an exception: ConfigError: <sources.yaml> & co",
        "http://127.0.0.1:4200/runs/flow-run/1",
    )
    payload = slack_payload(alert)
    assert set(payload) == {"text", "blocks"}
    assert payload["text"].startswith("mediawatch: daily-ingest run brave-otter failed")
    header, section, context = payload["blocks"]
    assert header["type"] == "header" and header["text"]["type"] == "plain_text"
    assert section["text"]["type"] == "mrkdwn"
    assert "&lt;sources.yaml&gt; &amp; co" in section["text"]["text"]
    assert "<sources.yaml>" not in json.dumps(payload)
    assert "runs/flow-run/1" in context["elements"][0]["text"]
    json.dumps(payload)  # serialisable as is


def test_spike_alert_orders_by_strength_and_counts_the_rest():
    rows = [spike(f"Entity{i}", date(2025, 1, 28), 5 + i, float(i)) for i in range(14)]
    alert = spike_alert(rows, "run-1")
    assert alert is not None and alert.kind == "spikes"
    assert alert.lines[0].startswith("Entity13: 18 articles on Tue 28 Jan 2025")
    assert "usually 1.0/day, z 13.0" in alert.lines[0]
    assert len(alert.lines) == alerts.MAX_LINES + 1 and alert.lines[-1] == "… and 4 more"
    assert alert.title.startswith("mediawatch: coverage spike for Entity0, Entity1, Entity10")
    assert spike_alert([], "run-1") is None


def test_long_alerts_fit_slack_limits():
    alert = run_failed_alert("daily-ingest", "x" * 300, "boom " * 2000)
    payload = slack_payload(alert)
    assert len(payload["blocks"][0]["text"]["text"]) <= 150
    assert len(payload["blocks"][1]["text"]["text"]) <= 3000
    assert len(payload["text"]) <= 3000


def test_log_line_is_one_line():
    alert = spike_alert([spike("Nvidia", date(2025, 1, 28), 17, 6.7)], "run-1")
    line = log_line(alert)
    assert "\n" not in line and line.startswith("ALERT mediawatch: coverage spike for Nvidia")


# --- sending ---


def test_notify_without_webhook_only_logs(caplog):
    with caplog.at_level(logging.INFO, logger="mediawatch.alerts"):
        sent = notify(run_failed_alert("daily-ingest", "r", "boom"), None)
    assert sent is False
    assert any("ALERT mediawatch: daily-ingest run r failed" in m for m in caplog.messages)


def test_notify_posts_json_to_the_webhook_and_logs_only_its_host(caplog):
    with webhook_receiver() as hook, caplog.at_level(logging.INFO, logger="mediawatch.alerts"):
        sent = notify(run_failed_alert("daily-ingest", "r", "boom"), hook.url)
    assert sent is True
    (post,) = hook.received()
    assert post["text"].startswith("mediawatch: daily-ingest run r failed")
    assert [b["type"] for b in post["blocks"]] == ["header", "section", "context"]
    assert any("alert sent to the webhook at 127.0.0.1" in m for m in caplog.messages)
    assert not any("secret" in m for m in caplog.messages)


def test_notify_retries_a_server_error_once_and_never_raises(caplog, no_retry_delay):
    with webhook_receiver(status=500) as hook, caplog.at_level(logging.INFO):
        sent = notify(run_failed_alert("daily-ingest", "r", "boom"), hook.url)
    assert sent is False and len(hook.received()) == 2
    assert any("could not send the alert" in m and "HTTP 500" in m for m in caplog.messages)


def test_notify_does_not_retry_a_refusal(no_retry_delay):
    with webhook_receiver(status=404) as hook:
        assert notify(run_failed_alert("daily-ingest", "r", "boom"), hook.url) is False
    assert len(hook.received()) == 1


def test_notify_gives_up_quickly_on_a_slow_or_absent_webhook(no_retry_delay):
    with webhook_receiver(delay_s=2.0) as hook:
        started = time.monotonic()
        assert notify(run_failed_alert("f", "r", "m"), hook.url, timeout_s=0.3) is False
        assert time.monotonic() - started < 1.9
    with webhook_receiver() as hook:
        closed = hook.url  # the server is gone after the with block
    assert notify(run_failed_alert("f", "r", "m"), closed, timeout_s=0.3) is False


# --- the hooks on real daily-ingest runs ---

SPIKE_START = datetime(2025, 3, 3, 10, tzinfo=UTC)  # a Monday; eight quiet days, then a spike


@pytest.fixture
def alerting_ingest(no_retry_delay):
    """The daily ingest with the alert hooks, as flows/daily_ingest.py wires them."""
    from flows.alerts import on_ingest_completion, on_ingest_failure
    from flows.daily_ingest import daily_ingest

    return daily_ingest.with_options(
        on_failure=[on_ingest_failure], on_completion=[on_ingest_completion]
    )


@pytest.mark.slow
def test_a_failed_run_is_posted_to_the_webhook(prefect, alerting_ingest, tmp_path):
    with webhook_receiver() as hook:
        settings = newsroom_config(tmp_path, "http://127.0.0.1:9/feed.xml", hook.url)
        state = asyncio.run(
            alerting_ingest(
                settings_path=str(settings),
                sources_path=str(tmp_path / "missing.yaml"),
                return_state=True,
            )
        )
        assert state.is_failed()
        (text,) = hook.texts()
    assert text.startswith("mediawatch: daily-ingest run ") and " failed" in text
    assert "missing.yaml" in text


@pytest.mark.slow
def test_a_spike_of_a_watchlist_entity_is_posted_once(prefect, alerting_ingest, tmp_path):
    with local_server() as server, webhook_receiver() as hook:
        news = Newsroom(server)
        for day in range(8):  # one story a day: the baseline
            news.add(f"Acme Robotics update {day}", SPIKE_START + timedelta(days=day))
        settings = str(newsroom_config(tmp_path, f"{server.base_url}/feed.xml", hook.url))
        quiet = asyncio.run(
            alerting_ingest(settings_path=settings, as_of=SPIKE_START + timedelta(days=7, hours=12))
        )
        assert quiet["counts"]["articles_loaded"] == 8 and hook.received() == []

        spike_day = SPIKE_START + timedelta(days=8)
        for n in range(6):
            news.add(f"Acme Robotics story {n} of the day", spike_day + timedelta(minutes=n))
        as_of = spike_day + timedelta(hours=12)
        busy = asyncio.run(alerting_ingest(settings_path=settings, as_of=as_of))
        assert busy["counts"]["articles_loaded"] == 6
        (text,) = hook.texts()
        again = asyncio.run(alerting_ingest(settings_path=settings, as_of=as_of))
        assert again["counts"].get("articles_loaded", 0) == 0
        assert len(hook.received()) == 1  # a run that brought nothing new repeats no alert

    assert text.startswith("mediawatch: coverage spike for Acme Robotics")
    assert "Acme Robotics: 6 articles on Tue 11 Mar 2025 (usually 1.0/day, z 5.0)" in text


@pytest.mark.slow
def test_a_failing_webhook_never_fails_the_run(prefect, alerting_ingest, tmp_path):
    with local_server() as server, webhook_receiver(status=500) as hook:
        news = Newsroom(server)
        for day in range(8):
            news.add(f"Acme Robotics note {day}", SPIKE_START + timedelta(days=day))
        for n in range(6):
            news.add(f"Acme Robotics item {n}", SPIKE_START + timedelta(days=8, minutes=n))
        settings = str(newsroom_config(tmp_path, f"{server.base_url}/feed.xml", hook.url))
        # A first run over all of it: the spike is on its own day, so it alerts.
        state = asyncio.run(
            alerting_ingest(
                settings_path=settings,
                as_of=SPIKE_START + timedelta(days=8, hours=12),
                return_state=True,
            )
        )
        posts = hook.received()
    assert state.is_completed()
    summary = state.result()
    assert summary["counts"]["articles_loaded"] == 14
    assert len(posts) == 2  # tried, retried once, given up: the run is unaffected
