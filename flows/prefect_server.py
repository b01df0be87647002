"""The Prefect API a `mediawatch` process talks to, and the private server it starts for it.

With PREFECT_API_URL set, that server is used. Without it, Prefect would start a temporary
server of its own, and that one has two faults here: on a machine where Prefect's database does
not exist yet, its migrations take longer than Prefect waits (the first run fails), and a killed
`mediawatch` process leaves it running. So the command starts the server itself: a child that
ends with it however it ends (`flows.lifeline`), and that it waits for as long as the first
start needs. One such server serves every flow of the process.

Run as `python -m flows.prefect_server OWNER_PID PORT [--ui]`: the server process itself.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager

import httpx

START_TIMEOUT_S = 300.0  # a first start creates and migrates Prefect's database
SLOW_START_NOTE_S = 8.0
STOP_TIMEOUT_S = 10.0


class PrefectServerError(Exception):
    """The Prefect server a command needs could not be reached or started."""


def healthy(api_url: str) -> bool:
    try:
        return httpx.get(f"{api_url}/health", timeout=2.0).status_code == 200
    except httpx.HTTPError:
        return False


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def prefect_api(
    port: int | None = None,
    *,
    ui: bool = False,
    echo: Callable[[str], None] | None = None,
) -> Iterator[str]:
    """The API URL for this process: the configured one, else one already answering on `port`,
    else this process's private server (started on `port`, or a free one, at first use)."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    configured = get_current_settings().api.url
    if configured:
        yield configured
        return
    if port is not None and healthy(url := f"http://127.0.0.1:{port}/api"):
        if echo:
            echo(f"Using the Prefect server already running at {url}")
    else:
        url = private_server(port, ui=ui, echo=echo)
    with temporary_settings({PREFECT_API_URL: url}):
        yield url


_SERVERS: dict[tuple[int | None, bool], tuple[subprocess.Popen[bytes], str]] = {}


def private_server(
    port: int | None = None, *, ui: bool = False, echo: Callable[[str], None] | None = None
) -> str:
    """The API URL of this process's Prefect server on 127.0.0.1 (on `port`, or a free one),
    started at the first call. It stops when this process exits, or ends with it when killed."""
    running = _SERVERS.get((port, ui))
    if running is not None and running[0].poll() is None:
        return running[1]
    chosen = port or free_port()
    url = f"http://127.0.0.1:{chosen}/api"
    if echo and ui:
        echo(f"No PREFECT_API_URL set: starting a Prefect server at {url} (UI on port {chosen})")
    command = [sys.executable, "-m", "flows.prefect_server", str(os.getpid()), str(chosen)]
    server = subprocess.Popen([*command, "--ui"] if ui else command)
    atexit.register(_stop, server)
    try:
        _wait_for(url, server, echo)
    except BaseException:
        _stop(server)
        raise
    _first_query(url)
    _SERVERS[(port, ui)] = (server, url)
    return url


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _wait_for(
    api_url: str, server: subprocess.Popen[bytes], echo: Callable[[str], None] | None
) -> None:
    started = time.monotonic()
    noted = False
    while time.monotonic() - started < START_TIMEOUT_S:
        if server.poll() is not None:
            raise PrefectServerError(
                f"the Prefect server stopped during start-up (exit {server.returncode}); is the "
                "port taken? Start one yourself (`prefect server start`) and set PREFECT_API_URL"
            )
        if healthy(api_url):
            return
        if echo and not noted and time.monotonic() - started > SLOW_START_NOTE_S:
            echo("Prefect is preparing its database (the first run on a machine takes a minute)")
            noted = True
        time.sleep(0.25)
    raise PrefectServerError(
        f"the Prefect server at {api_url} did not answer within {START_TIMEOUT_S:.0f} s"
    )


def _first_query(api_url: str) -> None:
    """One read of the database through the API. A new server's first query is slow (~0.4 s:
    its database session and queries are set up on first use); made here, while the fork server
    loads the models, it no longer delays the first flow run."""
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    try:
        with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as c:
            c.read_flow_runs(limit=1)
    except Exception:
        pass  # the run itself will say what is wrong


def _serve(owner_pid: int, port: int, ui: bool) -> None:
    """The server process: Prefect's API (and UI) under uvicorn, ended with its owner."""
    from flows.lifeline import hold

    hold(owner_pid)
    os.environ["PREFECT_UI_ENABLED"] = "1" if ui else "0"
    import uvicorn
    from prefect.server.api.server import create_app

    # ephemeral: the services a temporary server needs; a served schedule needs all of them
    app = create_app(final=True, ephemeral=not ui)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", lifespan="on")


if __name__ == "__main__":
    _serve(int(sys.argv[1]), int(sys.argv[2]), "--ui" in sys.argv[3:])
