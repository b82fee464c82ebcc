"""An ASGI server for browser tests: the live channel needs uvicorn, not the WSGI live_server."""

from __future__ import annotations

import socket
import threading
import time
from types import SimpleNamespace

import pytest


@pytest.fixture
def asgi_server(transactional_db):
    """The site served by uvicorn in a thread, on the test database; ``.url`` is its address."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config("oneteam.asgi:application", host="127.0.0.1", port=port, lifespan="off",
                            log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield SimpleNamespace(url=f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(timeout=10)
