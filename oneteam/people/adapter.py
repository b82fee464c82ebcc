"""allauth's account adapter with one change: a request that came through fewer
proxies than ``TRUSTED_PROXY_COUNT`` says is refused as a bad request, not a
server error (allauth raises ImproperlyConfigured for it)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            raise SuspiciousOperation(
                "X-Forwarded-For lists fewer addresses than TRUSTED_PROXY_COUNT: "
                "the request did not come through the configured proxies."
            ) from None
