"""``linewatch serve``: the web app under waitress (a production-grade WSGI server).

One waitress process runs its threads under one interpreter lock, so it uses one core however
many threads it has. ``--workers N`` (N > 1) opens the listening socket once and forks N
waitress processes that accept on it; the parent only watches them: it restarts a worker
that dies and stops them all on SIGTERM or Ctrl+C.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time
from typing import Any

import click

from linewatch.cli.django_setup import check_database, check_migrated, setup_django

RESTART_PAUSE_SECONDS = 1.0


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256))
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Server processes sharing the socket (about one per core; each has --threads).",
)
def serve_command(host: str, port: int, threads: int, workers: int) -> None:
    """Serve the web app (run ``linewatch migrate`` first)."""
    setup_django()
    check_database()
    check_migrated()
    from linewatch.cli import db_statistics

    refreshed = db_statistics.refresh()
    if refreshed:
        click.echo(f"Refreshed the SQLite planner statistics (for {', '.join(refreshed)}).")
    serve(host, port, threads, workers)


def serve(host: str, port: int, threads: int = 8, workers: int = 1) -> None:
    import waitress

    from linewatch.web.wsgi import application

    _preload()
    if workers == 1:
        click.echo(f"Linewatch is serving at http://{host}:{port}/  (Ctrl+C to stop)")
        waitress.serve(application, host=host, port=port, threads=threads, ident="linewatch")
        return
    if not hasattr(os, "fork"):
        raise click.UsageError("--workers above 1 needs a system with fork (Linux, macOS).")
    listener = _listen(host, port)
    click.echo(
        f"Linewatch is serving at http://{host}:{port}/ with {workers} worker processes of "
        f"{threads} threads  (Ctrl+C to stop)"
    )
    _supervise(listener, workers, lambda: _work(application, listener, threads))


def _preload() -> None:
    """Import every view now (once, before any fork) rather than on the first request."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports the URLconf and every view module)


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        listener = socket.create_server((host, port), family=family, backlog=1024)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error}") from None
    listener.setblocking(False)
    return listener


def _work(application: Any, listener: socket.socket, threads: int) -> None:
    """One worker: waitress accepting on the shared socket until it is told to stop."""
    import waitress

    waitress.serve(application, sockets=[listener], threads=threads, ident="linewatch")


def _supervise(listener: socket.socket, workers: int, work: Any) -> None:
    """Fork ``workers`` children running ``work``; restart any that die; stop on a signal."""
    from django.db import connections

    connections.close_all()  # each worker opens its own database connections
    children: set[int] = set()
    stopping = False

    def stop(signum: int, _frame: Any) -> None:
        nonlocal stopping
        stopping = True
        for pid in list(children):
            _signal(pid, signal.SIGTERM)

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            code = 0
            try:
                work()
            except BaseException as error:  # report and leave; the parent restarts it
                print(f"linewatch serve: worker {os.getpid()} stopped: {error!r}", file=sys.stderr)
                code = 1
            os._exit(code)
        children.add(pid)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        for _ in range(workers):
            spawn()
        while children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            except InterruptedError:
                continue
            children.discard(pid)
            if not stopping:
                click.echo(
                    f"linewatch serve: worker {pid} exited ({_describe(status)}); restarting it",
                    err=True,
                )
                time.sleep(RESTART_PAUSE_SECONDS)
                spawn()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        listener.close()


def _signal(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signum)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"status {os.waitstatus_to_exitcode(status)}"
