"""Keep secrets that travel in a URL's path out of the logs.

A personal calendar feed lives at ``/events/calendar/<token>.ics``: whoever
reads the token reads that person's calendar, so it must never reach an
access log. ``RedactSecretPaths`` rewrites the token in every log record's
message and arguments, and is attached to Django's log handler (settings.py)
and to uvicorn's handlers (``oneteam run``, through ``uvicorn_log_config``).
"""

from __future__ import annotations

import copy
import logging
import re

REDACTED = "[redacted]"

# Every address whose path carries a secret, one pattern each, with the secret
# in a group named "secret". A new /…/<secret> address is added here, and only here.
SECRET_PATHS: tuple[re.Pattern[str], ...] = (
    re.compile(r"/events/calendar/(?P<secret>[^/?#\s\"']+?)(?=\.ics|[/?#\s\"']|$)"),
)

FILTER_NAME = "redact_secret_paths"
FILTER_CONFIG = {"()": "oneteam.core.logging.RedactSecretPaths"}


def _hide(match: re.Match[str]) -> str:
    start, end = match.span("secret")
    return match.string[match.start() : start] + REDACTED + match.string[end : match.end()]


def redact(text: str) -> str:
    """The text with every secret in a listed path replaced by ``[redacted]``."""
    for pattern in SECRET_PATHS:
        text = pattern.sub(_hide, text)
    return text


class RedactSecretPaths(logging.Filter):
    """A logging filter that redacts secret path segments and lets every record through.

    uvicorn's access records carry the path in ``record.args`` (client, method,
    path, HTTP version, status); Django's ``django.request`` records carry it
    as an argument and ``django.server`` records inside the request line.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: redact(arg) if isinstance(arg, str) else arg for key, arg in record.args.items()}
        return True


def uvicorn_log_config() -> dict:
    """uvicorn's own logging configuration, with the redacting filter on each of its handlers."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})[FILTER_NAME] = FILTER_CONFIG
    for handler in config["handlers"].values():
        handler["filters"] = [*handler.get("filters", []), FILTER_NAME]
    return config
