"""Helpers for the health tests: a local fake webhook server, and a clock that checks every task it ran."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class FakeWebhook:
    """A local HTTP server standing in for Slack or Teams: it records each post and answers ``status``."""

    def __init__(self):
        self.posts: list[dict] = []
        self.status = 200
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length", 0))
                fake.posts.append(json.loads(self.rfile.read(length) or b"{}"))
                self.send_response(fake.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/services/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def texts(self) -> list[str]:
        return [post.get("text", "") for post in self.posts]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_webhook(settings):
    settings.ONETEAM_WEBHOOK_HOSTS = ("127.0.0.1",)
    server = FakeWebhook()
    yield server
    server.close()


@pytest.fixture
def task_failures():
    """Every task that raised while the test ran (the immediate backend only records it)."""
    from django_tasks.signals import task_finished

    failures = []

    def record(sender, task_result, **kwargs):
        if task_result.status == "FAILED":
            failures.append((task_result.task.name, task_result.errors[-1].traceback))

    task_finished.connect(record)
    yield failures
    task_finished.disconnect(record)
