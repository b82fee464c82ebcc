"""people.toml: organisations, then people.

Organisations go through ``people.services.create_organisation``. People have
no service of their own (allauth signs them up), so they are created with the
user manager and a confirmed, primary allauth address, exactly what a person
has after confirming their sign-up e-mail.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from oneteam.people import services
from oneteam.people.models import Organisation, User

from ..constants import DOCUMENTED_SIGN_INS, PERSON_PASSWORD
from ..context import Checker, Context, pin_slug, where, where_in

FILE = "people.toml"

ORGANISATION_FIELDS = {"name": str, "kind": str}
ORGANISATION_OPTIONAL = {"country": str, "website": str}
# What a person's entry may say; anything not given takes the model's default,
# except profile_public, which is on for the demo's people unless they say otherwise.
PERSON_FIELDS = {
    "display_name": str, "organisation": str, "profession": str, "country": str, "languages": str,
    "skills": str, "contact_preference": str, "contact_notes": str, "digest_frequency": str, "timezone": str,
    "is_free_agent": bool, "free_agent_skills": str, "free_agent_days_per_month": int,
    "profile_public": bool, "show_organisation": bool, "show_profession": bool, "show_country": bool,
    "show_skills": bool, "show_free_agent": bool,
}


def check(data: dict, checker: Checker) -> None:
    checker.table(data, FILE, optional={"organisations": dict, "people": list})
    organisations = data.get("organisations", {})
    for slug, spec in organisations.items() if isinstance(organisations, dict) else ():
        place = where(FILE, "organisations", slug)
        checker.define("organisation", slug, place, FILE)
        if checker.table(spec, place, required=ORGANISATION_FIELDS, optional=ORGANISATION_OPTIONAL):
            checker.choice(spec["kind"], Organisation.Kind.values, where_in(place, "kind"))

    people = data.get("people", [])
    for index, spec in enumerate(people if isinstance(people, list) else ()):
        place = where(FILE, "people", index)
        if not checker.table(spec, place, required={"email": str}, optional=PERSON_FIELDS):
            continue
        checker.define("person", spec["email"], place, FILE)
        if "organisation" in spec:
            checker.refer("organisation", spec["organisation"], where_in(place, "organisation"))
        for name, choices in (("contact_preference", User.Contact.values), ("digest_frequency", User.Digest.values)):
            if name in spec:
                checker.choice(spec[name], choices, where_in(place, name))

    for email in DOCUMENTED_SIGN_INS:
        if not checker.is_defined("person", email):
            checker.problem(where(FILE, "people"), f"the README's sign-in {email} must be one of the people")


def load(data: dict, ctx: Context) -> None:
    for slug, spec in data.get("organisations", {}).items():
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            organisation = services.create_organisation(
                name=spec["name"], kind=spec["kind"], country=spec.get("country", ""),
                website=spec.get("website", ""),
            )
            pin_slug(organisation, slug)
            ctx.count()
        ctx.keep("organisation", slug, organisation)

    for spec in data.get("people", []):
        ctx.keep("person", spec["email"], _person(dict(spec), ctx))


def _person(fields: dict, ctx: Context):
    User = get_user_model()
    email = fields.pop("email")
    if "organisation" in fields:
        fields["organisation"] = ctx.get("organisation", fields["organisation"])
    fields.setdefault("profile_public", True)
    documented = DOCUMENTED_SIGN_INS.get(email)

    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=documented or PERSON_PASSWORD, **fields)
        ctx.count()
    elif documented and not user.check_password(documented):
        # The README promises these two sign-ins work after `oneteam demo`.
        user.set_password(documented)
        user.save(update_fields=["password"])

    address, created = EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    ctx.count(created)
    if documented and not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])
    return user
