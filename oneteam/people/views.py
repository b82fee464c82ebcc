"""Pages about people: your profile, public profiles, organisations and tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import ApiTokenForm, OrganisationFilterForm, OrganisationForm, ProfileForm
from .models import Organisation, User

NEW_TOKEN_SESSION_KEY = "people:new_api_token"


@login_required
def me(request):
    user = request.user
    return render(
        request,
        "people/me.html",
        {
            "person": user,
            "rows": selectors.own_profile_rows(user),
            "token_count": user.api_tokens.count(),
        },
    )


@login_required
def edit(request):
    # A fresh copy: a rejected form must not leave half-applied values on request.user.
    person = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("people:me")
    return render(request, "people/edit.html", {"form": form})


def profile(request, pk: int):
    person = get_object_or_404(User, pk=pk, is_active=True)
    is_you = request.user.is_authenticated and request.user.pk == person.pk
    if not (person.profile_public or is_you):
        raise Http404
    return render(
        request,
        "people/profile.html",
        {"person": person, "public": selectors.public_profile(person), "is_you": is_you},
    )


def organisations(request):
    form = OrganisationFilterForm(request.GET or None, country_codes=selectors.organisation_countries())
    kind = country = ""
    if form.is_bound and form.is_valid():
        kind, country = form.cleaned_data["kind"], form.cleaned_data["country"]
    return render(
        request,
        "people/organisations.html",
        {"form": form, "organisations": selectors.organisation_list(kind=kind, country=country), "filtered": bool(kind or country)},
    )


def organisation(request, slug: str):
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "people/organisation.html",
        {
            "organisation": organisation,
            "people": [selectors.public_profile(person) for person in selectors.organisation_people(organisation)],
        },
    )


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.create_organisation(**form.cleaned_data)
        except IntegrityError:
            form.add_error("name", _("This organisation was added a moment ago. Choose it on your profile instead."))
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": organisation.name})
            return redirect(organisation)
    return render(request, "people/organisation_form.html", {"form": form})


@login_required
def tokens(request):
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        token, raw = services.issue_api_token(by=request.user, name=form.cleaned_data["name"])
        # Shown once on the next page, then gone: never in a URL, never stored unhashed.
        request.session[NEW_TOKEN_SESSION_KEY] = {"id": token.pk, "name": token.name, "raw": raw}
        return redirect("people:tokens")
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None) if request.method == "GET" else None
    return render(
        request,
        "people/tokens.html",
        {"form": form, "tokens": request.user.api_tokens.all(), "new_token": new_token},
    )


@login_required
@require_POST
def revoke_token(request, pk: int):
    services.revoke_api_token(by=request.user, token_id=pk)
    messages.success(request, _("The token has been revoked. Anything using it can no longer reach the API."))
    return redirect("people:tokens")
