"""Prefect state hooks that raise alerts: a failed run, spikes of watchlist entities.

    @flow(..., on_failure=[on_ingest_failure], on_completion=[on_ingest_completion])

Each hook logs the alert in the run's log and posts it to `webhook_url` when the settings name
one (pipelines.alerts). A hook never raises: a failure to notify never fails a run.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pipelines.alerts import SpikeRow, notify, run_failed_alert, spike_alert
from settings import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from prefect import Flow
    from prefect.client.schemas.objects import FlowRun, State

_SETTING_PARAMETERS = ("settings_path", "sources_path", "watchlist_path", "db_path")


def on_ingest_failure(flow: Flow[..., Any], flow_run: FlowRun, state: State[Any]) -> None:
    """on_failure (or on_crashed) hook for any mediawatch flow: alert that the run failed."""
    logger = _logger(flow, flow_run)
    try:
        settings = settings_for_run(flow_run.parameters, logger)
        alert = run_failed_alert(flow.name, flow_run.name, state.message, run_url(flow_run))
        notify(alert, settings.webhook_url if settings else None, logger=logger)
    except Exception:  # a broken alert must never turn into a broken run
        logger.exception("could not raise the failure alert")


def on_ingest_completion(flow: Flow[..., Any], flow_run: FlowRun, state: State[Any]) -> None:
    """on_completion hook for the daily ingest: alert on the watchlist spikes the run brought."""
    logger = _logger(flow, flow_run)
    try:
        settings = settings_for_run(flow_run.parameters, logger)
        if settings is None:
            return
        spikes = run_spikes(settings, str(flow_run.id))
        alert = spike_alert(spikes, flow_run.name, run_url(flow_run))
        if alert is not None:
            notify(alert, settings.webhook_url, logger=logger)
    except Exception:  # a broken alert must never turn into a broken run
        logger.exception("could not check the run for spikes")


def run_spikes(settings: Settings, run_id: str) -> list[SpikeRow]:
    """Spikes of watchlist entities the run brought (warehouse/queries/spike_alerts.sql)."""
    from warehouse import db
    from warehouse.reads import rows

    if not settings.db_path.exists():
        return []
    with db.reader(settings.db_path, reporting_timezone=settings.reporting_timezone) as con:
        found = rows(con, "spike_alerts", run_id=run_id)
    return [SpikeRow.from_row(r) for r in found]


def settings_for_run(parameters: Mapping[str, Any], logger: Any) -> Settings | None:
    """The settings the run used (its path parameters and overrides), else the default ones
    (a run that failed over its own settings still alerts through the usual webhook)."""
    paths = {k: parameters.get(k) for k in _SETTING_PARAMETERS}
    overrides = dict(parameters.get("settings_overrides") or {})
    for name in ("sources_path", "watchlist_path", "db_path"):
        if paths[name]:
            overrides[name] = paths[name]
    try:
        return load_settings(paths["settings_path"], **overrides)
    except ConfigError as exc:
        logger.warning("the run's settings do not load (%s); using the defaults", exc)
    try:
        return load_settings()
    except ConfigError as exc:
        logger.warning("no settings to send the alert with: %s", exc)
        return None


def run_url(flow_run: FlowRun) -> str | None:
    """The run's page in the Prefect UI, when a UI address is configured."""
    from prefect.settings import get_current_settings

    ui = get_current_settings().ui_url
    return f"{ui.rstrip('/')}/runs/flow-run/{flow_run.id}" if ui else None


def _logger(flow: Flow[..., Any], flow_run: FlowRun) -> logging.Logger | logging.LoggerAdapter:
    """The run's own logger (lines show in its Prefect log), else a plain one."""
    try:
        from prefect.logging.loggers import flow_run_logger

        return flow_run_logger(flow_run, flow)
    except Exception:  # logging must not be what stops an alert
        return logging.getLogger("mediawatch.alerts")
