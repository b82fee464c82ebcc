"""Who is calling: a signed-in browser session, or a personal API token.

A token travels in ``Authorization: Bearer <token>``; only its SHA-256 is
stored (``ApiToken.token_hash``). A session needs Django's CSRF token on
every change (send the ``csrftoken`` cookie's value in ``X-CSRFToken``), as
the web pages do; a token does not, since a browser never sends one by itself.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from oneteam.people.models import ApiToken


class TokenAuth(HttpBearer):
    """A personal API token, issued from the person's account page."""

    openapi_description = "A personal API token: `Authorization: Bearer ot_…`."

    def authenticate(self, request: HttpRequest, token: str):
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=ApiToken.hash(token), user__is_active=True)
            .first()
        )
        if api_token is None:
            raise AuthenticationError(message=_("This API token is not recognised: it may have been revoked."))
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The browser session of a signed-in person, with Django's CSRF check.

    Unlike ninja's ``django_auth``, a request without a signed-in session is
    simply not authenticated (401), rather than failing the CSRF check (403).
    """

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "The session cookie of a person signed in to the website; changes need `X-CSRFToken`."

    def __init__(self) -> None:
        super().__init__(csrf=False)

    def _get_key(self, request: HttpRequest) -> str | None:
        if request.user.is_authenticated and check_csrf(request) is not None:
            raise HttpError(
                403,
                _("The CSRF check failed: send the csrftoken cookie's value in an X-CSRFToken header, "
                  "or use a personal API token instead."),
            )
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None):
        return request.user if request.user.is_authenticated else None


token_auth = TokenAuth()
session_auth = SessionAuth()
signed_in = [token_auth, session_auth]
