"""The NinjaAPI instance: routers, security and one shape for every error."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from . import chapters, events, goals, health, leancoffee, people, stories, unconf, work

DESCRIPTION = """
OneTeam's open data: chapters, published events and public profiles, and
signing up for events.

**Reading** needs no authentication. **Signing up** needs either a personal API
token in `Authorization: Bearer <token>` (create one from your account page) or
the session of a person signed in to the website, with the `csrftoken` cookie's
value in an `X-CSRFToken` header.

Every error answers with `{"detail": "…"}`, a sentence saying what went wrong;
a refused value (422) also lists each problem in `errors`. Times are ISO 8601
with the offset of the event's own time zone, which is given alongside.
"""

api = NinjaAPI(
    title="OneTeam API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
)

api.add_router("/chapters", chapters.router, tags=["Chapters"])
api.add_router("/events", events.router, tags=["Events"])
api.add_router("/lean-coffee", leancoffee.router, tags=["Lean coffee"])
api.add_router("/people", people.router, tags=["People"])
api.add_router("/health", health.router, tags=["Chapter health"])
api.add_router("", goals.router, tags=["Goals and microactions"])
api.add_router("/stories", stories.router, tags=["Stories"])
api.add_router("/unconferences", unconf.router, tags=["Unconferences"])
api.add_router("/projects", work.router, tags=["Work register"])


def _location(loc) -> list:
    """Where a refused value was, without the view's own argument name for the body."""
    loc = list(loc)
    if len(loc) > 2 and loc[0] == "body":
        del loc[1]
    return loc


def _describe(error: dict) -> str:
    """``accessibility_needs: must not contain control characters``: the field, then the problem."""
    location = [str(part) for part in error["loc"]]
    where = (".".join(location[1:]) or location[0]) if location else _("request")
    return f"{where}: {error['msg'].removeprefix('Value error, ')}"


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"loc": _location(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", "invalid"))}
        for e in exc.errors
    ]
    detail = _("Some values were refused: %(problems)s.") % {"problems": "; ".join(_describe(e) for e in errors)}
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    detail = exc.message if exc.message != "Unauthorized" else _(
        "Sign in to the website, or send a personal API token in an Authorization: Bearer header."
    )
    response = api.create_response(request, {"detail": detail}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="OneTeam API"'
    return response


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Nothing was found at this address.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = str(exc.message)
    if exc.status_code == 400 and detail.startswith("Cannot parse request body"):
        detail = _("The request body is not valid JSON.")
    return api.create_response(request, {"detail": detail}, status=exc.status_code)
