"""ASGI entry point, served by uvicorn (`oneteam run`).

``Handler`` is Django's ASGI handler with two changes, both measured with
``bench/live_board.py`` (docs/live.md, "Serving requests"):

- **The middleware runs synchronously, in one thread hop per request.**
  Django's handler runs every middleware in async mode; ours are synchronous
  underneath, so each costs two hops to a thread and back per request, and a
  hop is slow while the event loop is busy writing live updates.
- **Requests run on a fixed pool of threads** (``ONETEAM_THREADS``, default 1)
  instead of a new thread per request, so each thread keeps its database
  connection (settings: ``CONN_MAX_AGE``). A new SQLite connection per request
  cost more than the request itself: opening it, and on closing the last one,
  folding the write-ahead log back into the database. One thread also beat
  two or four at 50 votes a second: the threads of one process share one
  core, and SQLite lets one of them write at a time anyway.

Async views (the live channels) still run in the event loop: Django's
synchronous handler calls them through ``async_to_sync``, which hands them back
to this loop, and the streams they return are written from the loop.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import django
from asgiref.sync import SyncToAsync
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler
from django.db import close_old_connections
from django.http import FileResponse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "oneteam.settings")


class Handler(ASGIHandler):
    def __init__(self):
        BaseHandler.__init__(self)  # not ASGIHandler.__init__, which loads the middleware in async mode
        self.load_middleware(is_async=False)
        self.threads = ThreadPoolExecutor(max_workers=settings.REQUEST_THREADS, thread_name_prefix="request")
        self._respond = SyncToAsync(self._get_response_here, thread_sensitive=False, executor=self.threads)

    def _get_response_here(self, request):
        # Django sends request_started and request_finished from another thread, so the connection
        # checks they trigger (close a broken or expired connection) are made here, in the thread
        # that owns the connection, before and after each request.
        close_old_connections()
        try:
            return self.get_response(request)
        finally:
            close_old_connections()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"OneTeam serves HTTP only, not {scope['type']}.")
        await self.handle(scope, receive, send)  # Django's handler adds a new thread per request here

    async def send_response(self, response, send):
        if isinstance(response, LiveResponse):
            response.direct_send = send  # its frames go straight to the connection (oneteam/core/live.py)
        await super().send_response(response, send)

    async def run_get_response(self, request):
        response = await self._respond(request)
        response._handler_class = self.__class__
        if isinstance(response, FileResponse):
            response.block_size = self.chunk_size
        return response


django.setup(set_prefix=False)

from oneteam.core.live import LiveResponse  # noqa: E402  (needs the apps loaded)

application = Handler()

