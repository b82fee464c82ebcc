"""The work register: projects, their similar projects, and registering or changing one.

Reading needs no authentication and shows public projects; a caller who is
signed in (a session, or a personal token in ``Authorization: Bearer``) also
sees what the website would show them: members-only projects and their own
team's private ones. The rules and the reads are the website's own
(``work.permissions``, ``work.selectors``).
"""


import datetime as dt
from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from oneteam.people.models import Organisation
from oneteam.work import permissions, selectors, services
from oneteam.work.models import Project

from . import links
from .auth import signed_in, token_auth
from .pagination import PageNumbers
from .schemas import ErrorOut, Input, SearchText, ValidationErrorOut

router = Router()

Phase = Literal["idea", "discovery", "alpha", "beta", "live", "retired"]
Visibility = Literal["public", "members", "team"]

class ProjectOut(Schema):
    slug: str
    title: str
    summary: str
    organisation: str = Field(..., description="The organisation's name.")
    organisation_slug: str
    country: str | None = Field(None, description="ISO 3166 code of the organisation's country.")
    team: str
    phase: str = Field(..., description="idea, discovery, alpha, beta, live or retired.")
    visibility: str = Field(..., description="public, members or team.")
    start_date: dt.date | None
    end_date: dt.date | None
    themes: list[str]
    url: str
    api_url: str


class ProjectDetailOut(ProjectOut):
    responsible: list[str] = Field(..., description="The names of the people responsible, as the page shows them.")


class SimilarOut(Schema):
    project: ProjectOut
    score: float = Field(..., description="How alike, from 0 to about 1.")


class ProjectIn(Input):
    title: str = Field(..., min_length=1, max_length=150)
    summary: str = Field(..., min_length=1, max_length=4000)
    organisation: str = Field(..., max_length=220, pattern=r"^[-a-zA-Z0-9_]+$", description="The organisation's slug.")
    team: str = Field("", max_length=150)
    phase: Phase = Field("idea", description="idea, discovery, alpha, beta, live or retired.")
    visibility: Visibility = Field("public", description="public, members or team (private to the team).")
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    themes: list[str] = Field(default_factory=list, max_length=8)
    role: str = Field("", max_length=120, description="Your role on the project (when registering).")


class ProjectPatch(Input):
    title: str | None = Field(None, min_length=1, max_length=150)
    summary: str | None = Field(None, min_length=1, max_length=4000)
    team: str | None = Field(None, max_length=150)
    phase: Phase | None = None
    visibility: Visibility | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    themes: list[str] | None = Field(None, max_length=8)


class ProjectFilters(Input):
    q: SearchText | None = Field(None, description="Words; finds projects described in other words too.")
    phase: Phase | None = None
    organisation: str | None = Field(None, max_length=220, description="An organisation's slug.")
    theme: str | None = Field(None, max_length=100, description="A theme's slug.")
    country: str | None = Field(None, max_length=2, description="ISO 3166 code, such as GB.")


class SimilarQuery(Input):
    k: int = Field(5, ge=1, le=20, description="How many similar projects.")


def reader(request: HttpRequest):
    """Who is reading: a token's owner, the signed-in session, or nobody."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return token_auth.authenticate(request, header[7:].strip())
    return request.user if request.user.is_authenticated else AnonymousUser()


def project_out(request: HttpRequest, project: Project) -> dict:
    return {
        "slug": project.slug, "title": project.title, "summary": project.summary,
        "organisation": project.organisation.name, "organisation_slug": project.organisation.slug,
        "country": project.organisation.country.code or None, "team": project.team, "phase": project.phase,
        "visibility": project.visibility, "start_date": project.start_date, "end_date": project.end_date,
        "themes": [theme.name for theme in project.themes.all()],
        "url": links.absolute(request, "work:detail", project.slug),
        "api_url": links.absolute(request, "api:project_detail", project.slug),
    }


class ProjectList:
    def __init__(self, request, found):
        self.request, self.found = request, found

    def all(self):
        return self

    def count(self) -> int:
        return self.found.count()

    def __getitem__(self, window: slice) -> list[dict]:
        return [project_out(self.request, project) for project in self.found[window]]


def _visible(request: HttpRequest, slug: str) -> Project:
    project = selectors.visible_project(slug, reader(request)) if links.is_slug(slug) else None
    if project is None:
        raise HttpError(404, _("There is no project at this address that you may see."))
    return project


@router.get("", response={200: list[ProjectOut], 401: ErrorOut, 422: ValidationErrorOut},
            url_name="project_list", summary="List or search projects",
            description="Projects you may see, most recently changed first; with `q`, the best matches first.")
@paginate(PageNumbers)
def list_projects(request: HttpRequest, filters: Query[ProjectFilters]):
    chosen = selectors.Filters(**{name: (getattr(filters, name) or "").strip() for name in
                                  ("q", "phase", "organisation", "theme", "country")})
    return ProjectList(request, selectors.project_list(reader(request), chosen))


@router.get("/{slug}", response={200: ProjectDetailOut, 401: ErrorOut, 404: ErrorOut}, url_name="project_detail",
            summary="One project",
            description="A project you may see, with the names of the people responsible for it.")
def project_detail(request: HttpRequest, slug: str):
    project = _visible(request, slug)
    people = selectors.project_people(project)
    return {**project_out(request, project),
            "responsible": [person.display_name for person in people if person.responsible]}


@router.get("/{slug}/similar", response={200: list[SimilarOut], 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut},
            url_name="project_similar", summary="Projects similar to one project",
            description="The most alike projects you may see, leaving out pairs already judged.")
def project_similar(request: HttpRequest, slug: str, params: Query[SimilarQuery]):
    project = _visible(request, slug)
    similar = selectors.similar_projects(project, reader(request), params.k)
    prefetch_related_objects([item.project for item in similar], "themes")  # one query, not one per project
    return [{"project": project_out(request, item.project), "score": round(item.score, 4)} for item in similar]


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first() if links.is_slug(slug) else None
    if organisation is None:
        raise HttpError(404, _("organisation: there is no organisation with the slug %(slug)s.") % {"slug": slug})
    return organisation


@router.post("", auth=signed_in, response={201: ProjectDetailOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                                          409: ErrorOut, 422: ValidationErrorOut},
             summary="Register a project",
             description="You become its responsible person. 404 when the organisation's slug is unknown; 409 when "
             "a rule refuses the project (an end date before the start, too many themes), with the reason.")
def register_project(request: HttpRequest, payload: ProjectIn):
    data = payload.dict()
    themes, role = data.pop("themes"), data.pop("role")
    data["organisation"] = _organisation(data["organisation"])
    try:
        project = services.register_project(by=request.auth, themes=themes, role=role, **data)
    except services.WorkError as exc:
        raise HttpError(409, exc.message) from None
    return Status(201, project_detail(request, project.slug))


@router.patch("/{slug}", auth=signed_in, response={200: ProjectDetailOut, 400: ErrorOut, 401: ErrorOut,
                                                   403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut},
              summary="Change a project", description="For the project's team. Only the fields sent change.")
def update_project(request: HttpRequest, slug: str, payload: ProjectPatch):
    project = selectors.visible_project(slug, request.auth) if links.is_slug(slug) else None
    if project is None:
        raise HttpError(404, _("There is no project at this address that you may see."))
    data = payload.dict(exclude_unset=True)
    themes = data.pop("themes", None)
    try:
        services.update_project(project=project, by=request.auth, themes=themes, **data)
    except services.WorkError as exc:
        raise HttpError(409, exc.message) from None
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or _("Only the project's team can do this.")) from None
    return project_detail(request, slug)
