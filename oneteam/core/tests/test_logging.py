"""Personal calendar-feed tokens never reach a log: not Django's, not uvicorn's access log."""

from __future__ import annotations

import io
import logging
import logging.config
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from oneteam.core.logging import REDACTED, RedactSecretPaths, redact, uvicorn_log_config

TOKEN = "Zq8-secret_token-4Xk"  # what secrets.token_urlsafe makes: letters, digits, - and _
FEED = f"/events/calendar/{TOKEN}.ics"


@contextmanager
def output_of(*loggers: logging.Logger):
    """What the configured handlers of these loggers write while the block runs.

    Only handlers that carry the redacting filter are read (pytest adds its
    own capturing handlers to the root logger); every logger must have one.
    """
    buffer = io.StringIO()
    handlers = set()
    for logger in loggers:
        redacting = [h for h in logger.handlers if any(isinstance(f, RedactSecretPaths) for f in h.filters)]
        assert redacting, f"no handler of {logger.name or 'the root logger'} redacts secret paths"
        handlers.update(redacting)
    previous = {handler: handler.setStream(buffer) for handler in handlers}
    try:
        yield buffer
    finally:
        for handler, stream in previous.items():
            handler.setStream(stream)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"GET {FEED} HTTP/1.1", f"GET /events/calendar/{REDACTED}.ics HTTP/1.1"),
        (f"{FEED}?x=1", f"/events/calendar/{REDACTED}.ics?x=1"),
        ("/events/calendar/e.ics", f"/events/calendar/{REDACTED}.ics"),
        (f"/events/calendar/{TOKEN}", f"/events/calendar/{REDACTED}"),
        ("/events/chapter/global.ics and /events/lean-coffee/", "/events/chapter/global.ics and /events/lean-coffee/"),
    ],
)
def test_redact_hides_the_token_and_keeps_the_rest(line, expected):
    assert redact(line) == expected


def test_djangos_request_and_server_records_are_redacted_as_configured():
    root, server = logging.getLogger(), logging.getLogger("django.server")
    with output_of(root, server) as out:
        logging.getLogger("django.request").warning("Not Found: %s", FEED)
        server.info('"%s" %s %s', f"GET {FEED} HTTP/1.1", "404", "179")
        logging.getLogger("oneteam").warning(f"fetched {FEED}")  # a message built without arguments
    text = out.getvalue()
    assert TOKEN not in text
    assert f"Not Found: /events/calendar/{REDACTED}.ics" in text
    assert f'"GET /events/calendar/{REDACTED}.ics HTTP/1.1" 404 179' in text
    assert f"fetched /events/calendar/{REDACTED}.ics" in text


def test_uvicorns_access_records_are_redacted_by_the_log_config_oneteam_run_passes():
    logging.config.dictConfig(uvicorn_log_config())
    access = logging.getLogger("uvicorn.access")
    with output_of(access) as out:
        # The call uvicorn's HTTP protocol makes for each response.
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:50000", "GET", FEED, "1.1", 200)
    text = out.getvalue()
    assert TOKEN not in text
    assert f'"GET /events/calendar/{REDACTED}.ics HTTP/1.1" 200' in text


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(600):  # up to a minute on a busy machine
        if server.poll() is not None:
            pytest.fail(f"oneteam run stopped: {server.communicate()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("oneteam run did not start listening")


def test_oneteam_run_keeps_the_token_out_of_its_access_log(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}}
    # ONETEAM_TESTING serves static files without `collectstatic`, which the 404 page needs.
    env.update(ONETEAM_TESTING="true", ONETEAM_VAR_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    oneteam = [sys.executable, "-m", "oneteam.cli"]
    subprocess.run([*oneteam, "migrate", "--noinput", "-v", "0"], env=env, check=True, timeout=300)
    port = free_port()
    server = subprocess.Popen(
        [*oneteam, "run", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_for(port, server)
        with pytest.raises(urllib.error.HTTPError) as answer:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{FEED}", timeout=30)
        assert answer.value.code == 404  # nobody holds this token
    finally:
        server.terminate()
        log, _ = server.communicate(timeout=60)
    assert TOKEN not in log
    assert f'"GET /events/calendar/{REDACTED}.ics HTTP/1.1" 404' in log  # the access log line itself
    assert f"Not Found: /events/calendar/{REDACTED}.ics" in log  # Django's own record of it
