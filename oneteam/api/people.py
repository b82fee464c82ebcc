"""Public profiles: only what each person chose to show."""

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.errors import HttpError

from . import links
from .schemas import ErrorOut, PersonOut, ValidationErrorOut

router = Router()

MAX_ID = 2**31 - 1


def public_person(pk: int):
    """The person if their profile is public; None otherwise (move to ``people.selectors``)."""
    return (
        get_user_model()
        .objects.select_related("organisation")
        .filter(pk=pk, is_active=True, profile_public=True)
        .first()
    )


def person_out(request: HttpRequest, person) -> dict:
    """The fields the person chose to show; the others are left out. Never the e-mail address."""
    data = {
        "id": person.pk,
        "name": person.display_name or _("OneTeam member %(id)s") % {"id": person.pk},
        "url": links.absolute(request, "people:profile", person.pk),
    }
    if person.show_organisation and person.organisation:
        organisation = person.organisation
        data["organisation"] = {
            "name": organisation.name,
            "slug": organisation.slug,
            "url": links.absolute(request, "people:organisation", organisation.slug),
        }
    if person.show_profession and person.profession:
        data["profession"] = person.profession
    if person.show_country and person.country:
        data["country"] = links.country(person.country)
    if person.show_skills:
        data["languages"] = person.languages or None
        data["skills"] = person.skills or None
    if person.show_free_agent and person.is_free_agent:
        data["free_agent"] = {"skills": person.free_agent_skills, "days_per_month": person.free_agent_days_per_month}
    return data


@router.get(
    "/{id}",
    response={200: PersonOut, 404: ErrorOut, 422: ValidationErrorOut},
    exclude_none=True,
    url_name="person_detail",
    summary="A public profile",
    description="A person who chose to have a public profile, with only the details they chose to show; "
    "hidden details are left out. 404 for anyone whose profile is private.",
)
def person_detail(request: HttpRequest, id: int = Path(..., ge=1, le=MAX_ID)):
    person = public_person(id)
    if person is None:
        raise HttpError(404, _("There is no public profile at this address."))
    return person_out(request, person)
