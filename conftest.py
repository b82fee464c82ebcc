"""Settings every test run shares; the fixtures live in oneteam/conftest.py."""

import os

os.environ.setdefault("ONETEAM_TESTING", "true")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside live_server
