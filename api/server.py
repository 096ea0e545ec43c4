"""``tradekg serve``: build the bundled store if there is none, then run the app under uvicorn."""

from __future__ import annotations

import logging
import signal
import threading
from pathlib import Path
from typing import Any

import uvicorn

from api.app import create_app
from api.fleet import Fleet, Publisher, default_http_workers
from api.protocol.transport import CorkedHTTPProtocol
from api.settings import Settings
from kg.build import ensure_built, is_built
from kg.store import LiveStore, SparqlStore, default_store_path, is_endpoint, open_live

__all__ = ["prepare_store", "serve"]


def prepare_store(settings: Settings) -> LiveStore | SparqlStore:
    """Open the store of ``settings``, building the bundled graph first unless ``no_bundled``.

    The store follows later builds on its own (kg.store.LiveStore; a SparqlStore follows
    the build marker on the server). Raises kg.errors.BuildError when a needed build
    fails, StoreError when the store cannot be opened (another process holds it) and
    StoreUnavailable when an endpoint does not answer.
    """
    if is_endpoint(settings.store):
        remote = SparqlStore(str(settings.store), update_url=settings.update_url)
        remote.check()
        if not settings.no_bundled and not remote.is_built():
            from kg.build import build_remote
            from rules.materialize import post_load

            build_remote(remote, post_load=post_load)
        return remote
    path = Path(settings.store) if settings.store is not None else default_store_path()
    if not settings.no_bundled and not is_built(path):
        # Imported only when a build runs: the reasoner is heavy and a built store needs none.
        from rules.materialize import post_load

        ensure_built(path, post_load=post_load)
    return open_live(path)


def serve(settings: Settings, store: LiveStore | SparqlStore | None = None) -> None:
    """Serve ``store`` (default: the store of ``settings``) until interrupted, on
    ``settings.host:settings.port``.

    With more than one HTTP process (:func:`api.fleet.default_http_workers`), this
    process owns the store and the others answer queries beside it (see api.fleet).
    """
    store = store if store is not None else prepare_store(settings)
    processes = default_http_workers(settings, store)
    if processes <= 1:
        app = _started(create_app(settings, store))
        uvicorn.run(
            app,
            host=settings.host,
            port=settings.port,
            log_level="info",
            access_log=settings.access_log,
            http=CorkedHTTPProtocol,
        )
        return
    # The port first: a taken port ends this process (exit 1, one line) before the app
    # starts any worker process that would be cut off mid-start.
    fleet = _open_fleet(settings, store, processes)
    try:
        app = _started(create_app(settings, store))
    except BaseException:
        fleet.close()
        raise
    if threading.current_thread() is not threading.main_thread():  # no signals here
        _serve_fleet(app, fleet, processes)
        return
    # uvicorn raises a SIGTERM again once it has shut down, which would end this process
    # before the readers are stopped: turn it into an exception until they are.
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        _serve_fleet(app, fleet, processes)
    except _Terminated:
        signal.signal(signal.SIGTERM, previous)
        signal.raise_signal(signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _started(app: Any) -> Any:
    """``app`` with its explanation workers starting in the background: a server's first
    questions find them with the store and the engine's tables loaded."""
    app.state.runner.warm_explainers(app.state.store, app.state.settings)
    return app


class _Terminated(BaseException):
    """SIGTERM, raised where the process was (a BaseException: nothing catches it by accident)."""


def _terminated(signum: int, frame: object) -> None:
    raise _Terminated


def _open_fleet(settings: Settings, store: Any, processes: int) -> Fleet:
    try:
        return Fleet(settings, store, processes - 1)
    except OSError as exc:  # as uvicorn says it: one line, exit 1
        logging.getLogger("tradekg.api").error(
            "cannot listen on %s:%d: %s", settings.host, settings.port, exc
        )
        raise SystemExit(1) from None


def _serve_fleet(app: Any, fleet: Fleet, processes: int) -> None:
    settings, store = fleet.settings, fleet.store
    with fleet:
        config = uvicorn.Config(
            Publisher(app, fleet.board, store),
            log_level="info",
            access_log=settings.access_log,
            http=CorkedHTTPProtocol,
        )
        logging.getLogger("tradekg.api").warning(
            "serving on http://%s:%d with %d HTTP processes (this one owns the store)",
            settings.host,
            fleet.port,
            processes,
        )
        uvicorn.Server(config).run(sockets=[fleet.tcp, fleet.unix])


if __name__ == "__main__":
    serve(Settings())
