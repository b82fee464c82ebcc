"""Public profiles: only what each person chose to show."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.errors import HttpError

from oneteam.people.selectors import public_people, public_profile

from .schemas import ErrorOut, PersonOut, ValidationErrorOut

router = Router()

MAX_ID = 2**31 - 1


def person_out(request: HttpRequest, person) -> dict:
    """What the person chose to show; hidden or empty details are left out. Never the e-mail address."""
    profile = public_profile(person)
    data = {"id": person.pk, "name": profile["display_name"], "url": request.build_absolute_uri(profile["url"])}
    if profile["organisation"]:
        data["organisation"] = {
            "name": profile["organisation"],
            "slug": person.organisation.slug,
            "url": request.build_absolute_uri(profile["organisation_url"]),
        }
    if profile["profession"]:
        data["profession"] = profile["profession"]
    if profile["country"]:
        data["country"] = {"code": profile["country"], "name": str(profile["country_name"])}
    for key in ("languages", "skills"):
        if profile[key]:
            data[key] = profile[key]
    if profile["free_agent"]:
        data["free_agent"] = profile["free_agent"]
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
    person = public_people().filter(pk=id).first()
    if person is None:
        raise HttpError(404, _("There is no public profile at this address."))
    return person_out(request, person)
