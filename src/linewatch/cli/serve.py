"""``linewatch serve``: the web app under waitress (a production-grade WSGI server)."""

from __future__ import annotations

import click

from linewatch.cli.django_setup import check_database, check_migrated, setup_django


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256))
def serve_command(host: str, port: int, threads: int) -> None:
    """Serve the web app (run ``linewatch migrate`` first)."""
    setup_django()
    check_database()
    check_migrated()
    serve(host, port, threads)


def serve(host: str, port: int, threads: int = 8) -> None:
    import waitress

    from linewatch.web.wsgi import application

    click.echo(f"Linewatch is serving at http://{host}:{port}/  (Ctrl+C to stop)")
    waitress.serve(application, host=host, port=port, threads=threads, ident="linewatch")
