"""`oneteam run`: serve the site through uvicorn (ASGI), with the worker beside it if asked."""

import subprocess
import sys

from django.core.management.base import BaseCommand, CommandError

from oneteam.core.logging import uvicorn_log_config


class Command(BaseCommand):
    help = "Serve OneTeam over ASGI with uvicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--reload", action="store_true", help="Restart when code changes (development).")
        parser.add_argument(
            "--with-worker", action="store_true",
            help="Also start `oneteam worker` (e-mail and other background work) and stop it on exit.",
        )

    def handle(self, *args, host, port, workers, reload, with_worker, **options):
        import uvicorn

        if not 0 < port < 65536:
            raise CommandError(f"--port {port} is not a TCP port (1–65535).")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        worker = None
        if with_worker:
            worker = subprocess.Popen([sys.executable, "-m", "oneteam.cli", "worker"])
            self.stdout.write(f"The worker is running beside the site (process {worker.pid}).")
        self.stdout.write(f"OneTeam is serving on http://{host}:{port} (Ctrl+C to stop)")
        try:
            self._serve(uvicorn, host, port, workers, reload)
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)

    def _serve(self, uvicorn, host, port, workers, reload):
        uvicorn.run(
            "oneteam.asgi:application",
            host=host,
            port=port,
            workers=None if reload else workers,
            reload=reload,
            log_level="info",
            log_config=uvicorn_log_config(),  # the access log hides calendar-feed tokens
            lifespan="off",
        )
