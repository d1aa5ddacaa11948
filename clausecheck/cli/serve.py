"""`clausecheck serve`: the web app on this machine, for people who do not use a terminal."""

from __future__ import annotations

import errno
import ipaddress
import os
import signal
import socket
import sys
import threading
from pathlib import Path
from typing import Any

import click

from clausecheck.cli.options import library_option
from clausecheck.errors import ClausecheckError
from clausecheck.signals import STOP_SIGNALS, Interrupted

EPILOG = """\b
Examples:
  clausecheck serve                      http://127.0.0.1:8765/?token=… (open it in a browser)
  clausecheck serve --open               and open the browser
  clausecheck serve --port 0             any free port
  curl -H "Authorization: Bearer TOKEN" -F file=@draft.docx http://127.0.0.1:8765/api/check

Every request needs the token printed at start (once in the address, then a cookie, or
'Authorization: Bearer TOKEN'). Contracts are checked on this machine and never sent
anywhere; uploads are kept in a private temporary folder, deleted when discarded, when
unused for 4 hours, or when the server stops (Ctrl-C).
"""


@click.command("serve", epilog=EPILOG)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="TCP port (0 = any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this machine's loopback address "
                   "lets other computers reach the app (a warning is printed).")
@click.option("--open", "open_browser", is_flag=True, help="Open the app in the browser.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes checking contracts  [default: 2, or 1 on one core]")
@click.option("--timeout", type=click.FloatRange(min=1), default=120.0, show_default=True,
              metavar="SECONDS", help="Give up on one file after this long.")
@click.option("--max-memory", type=click.IntRange(min=0), default=None, metavar="MB",
              help="Memory (address space) allowed to each worker process; a file that needs "
                   "more gets an error message and its worker is replaced  [default: 2048; "
                   "0 = no limit]")
@library_option
def command(port: int, host: str, open_browser: bool, jobs: int | None, timeout: float,
            max_memory: int | None, library_dir: Path | None) -> None:
    """Start a local web app: drop a contract, read the verdicts beside its clauses, download
    the redline and the reports; several files or a .zip give the portfolio matrix.

    Prints the address to open (with its access token) and runs until Ctrl-C (or SIGTERM),
    which stops it, deletes the uploaded files and exits with 130 (143).
    """
    import uvicorn

    from clausecheck.batch import DEFAULT_MEMORY_LIMIT_MB, default_jobs, parse_faults
    from clausecheck.serve import ServeConfig, create_app, state_of
    from clausecheck.serve.worker import FAULT_ENV

    sock = _bind(host, port)
    port = sock.getsockname()[1]
    if not _is_loopback(host):
        click.echo(f"clausecheck serve: warning: listening on {host}: other computers that can "
                   "reach this one may connect (the token is still required; the connection "
                   "is not encrypted)", err=True)
    config = ServeConfig(host=host, port=port, jobs=jobs or min(2, default_jobs()),
                         timeout=timeout, library_dir=str(library_dir) if library_dir else None,
                         memory_limit_mb=(DEFAULT_MEMORY_LIMIT_MB if max_memory is None
                                          else max_memory),
                         faults=parse_faults(os.environ.get(FAULT_ENV)))
    app = create_app(config)
    url = f"http://{_url_host(host)}:{port}/?token={config.token}"

    def close_pool() -> None:
        try:
            state_of(app).pool.close()
        except AttributeError:
            pass  # stopped before the app had started

    def announce() -> None:
        click.echo(f"clausecheck serve: {url}", err=False)
        click.echo("  open this address in a browser; Ctrl-C stops the server and deletes "
                   "the uploaded files", err=True)
        sys.stdout.flush()
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    server = _make_server(uvicorn.Config(app, log_level="warning", access_log=False,
                                         lifespan="on", server_header=False,
                                         timeout_graceful_shutdown=5),
                          announce, close_pool)
    stopped: list[int] = []

    def on_stop_signal(signum: int, frame: Any) -> None:
        # uvicorn handles SIGINT and SIGTERM itself while it runs, and raises the signal
        # again once it has shut down: that lands here, as does a SIGHUP (closed terminal)
        stopped.append(signum)
        if not server.should_exit:
            server.handle_exit(signum, frame)

    previous = {sig: signal.signal(sig, on_stop_signal) for sig in STOP_SIGNALS}
    try:
        server.run(sockets=[sock])
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        sock.close()
        try:
            state_of(app).close()  # the lifespan did it already unless the loop was cut short
        except AttributeError:
            pass
    if not server.started and not stopped:
        raise ClausecheckError("the server could not start")
    if stopped:
        # as every command: one line, exit 128 + the signal (the uploads are already gone)
        interrupted = Interrupted(stopped[0])
        interrupted.details.append("; the server stopped and its uploaded files were deleted")
        raise interrupted


def _make_server(config: Any, on_started: Any, on_exit: Any) -> Any:
    """uvicorn's server, telling us when it is up and when a stop was asked for."""
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                on_started()

        def handle_exit(self, sig: int, frame: Any) -> None:
            # fail waiting checks at once so that open requests end and shutdown is quick
            if not self.should_exit:
                threading.Thread(target=on_exit, daemon=True).start()
            super().handle_exit(sig, frame)

    return Server(config)


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a busy port is a one-line error."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ClausecheckError(f"--host {host}: {exc.strerror or exc}") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ClausecheckError(f"port {port} is already in use; choose another with "
                                   "--port N (or --port 0 for any free port)") from None
        raise ClausecheckError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") \
            from None
    sock.set_inheritable(True)
    return sock


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _url_host(host: str) -> str:
    if host in ("0.0.0.0", "::", ""):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
